/**
 * Reads a vendor chain file (plain, gzip or zip, told by the first bytes, not the name) row by row
 * (quoted cells through csv-parse, see csvLines.ts), recognises its layout from the header, and hands every checked quote to a
 * sink. A row that cannot be read stops the read with the file, line and field; a quote that fails the
 * checks is counted under its reason. Nothing here writes anywhere: the store decides what to keep.
 */
import { createReadStream } from 'node:fs';
import { open as openFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import yauzl from 'yauzl';
import { err, ok, type Result } from '../lib/result.js';
import { checkQuote } from './checks.js';
import { CsvLineError, csvLineBatches } from './csvLines.js';
import type { ChainImportConfig } from './config.js';
import { FieldReader, normaliseColumnName } from './fields.js';
import { CHAIN_FORMATS, detectFormat, type ChainFormat, type ChainFormatId } from './formats/index.js';
import { ChainRowFailure, type CanonicalQuote, type ChainRowError } from './types.js';

export interface ChainReadOptions {
  readonly format: ChainFormatId | 'auto';
  /** SPX or VIX for layouts without an underlying column; by default from the file name. */
  readonly underlying: string | undefined;
  readonly config: ChainImportConfig;
}

/** What one file (or one zip entry) held. */
export interface ChainFileSummary {
  readonly file: string;
  readonly format: ChainFormatId;
  /** Data rows of the file (not counting the header). */
  readonly rowsRead: number;
  readonly quotesAccepted: number;
  readonly rejectedByReason: Readonly<Record<string, number>>;
}

export interface ChainFileError {
  readonly kind: 'chain-file';
  readonly file: string;
  readonly message: string;
}

export type ChainReadError = ChainRowError | ChainFileError;

export function formatChainReadError(error: ChainReadError): string {
  return error.kind === 'chain-file' ? `${error.file}: ${error.message}` : `${error.file}:${error.line}: field '${error.field}': ${error.message}`;
}

/** Receives each accepted quote with the file and line it came from. */
export type QuoteSink = (quote: CanonicalQuote, file: string, line: number) => void;

const GZIP_MAGIC = [0x1f, 0x8b];
const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

async function leadingBytes(path: string): Promise<Buffer> {
  const handle = await openFile(path, 'r');
  try {
    const buffer = Buffer.alloc(4);
    const { bytesRead } = await handle.read(buffer, 0, 4, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

const startsWith = (bytes: Buffer, magic: readonly number[]) => magic.every((b, i) => bytes[i] === b);

function underlyingFromName(name: string): string | undefined {
  const lower = basename(name).toLowerCase();
  if (lower.startsWith('spx')) return 'SPX';
  if (lower.startsWith('vix')) return 'VIX';
  return undefined;
}

class FileFailure extends Error {
  constructor(readonly failure: ChainReadError) {
    super(formatChainReadError(failure));
  }
}

function rowError(file: string, line: number, field: string, message: string): ChainRowError {
  return { kind: 'chain-row', file, line, field, message };
}

/** Parses one CSV stream; throws FileFailure on the first unreadable row. */
async function readStream(stream: Readable, label: string, nameForHint: string, options: ChainReadOptions, sink: QuoteSink): Promise<ChainFileSummary> {
  let format: ChainFormat | undefined;
  let reader: FieldReader | undefined;
  let columnCount = 0;
  let firstBlankLine: number | undefined;
  // Errors name a column as the file spells it (`[C_BID]`, `cBidPx`), not by its normalised name.
  let spelling = new Map<string, string>();
  let rowsRead = 0;
  let quotesAccepted = 0;
  const rejected: Record<string, number> = {};
  const underlyingHint = options.underlying ?? underlyingFromName(nameForHint);
  const context = { config: options.config, underlyingHint };
  try {
    for await (const batch of csvLineBatches(stream)) {
      for (const { line, cells } of batch) {
        if (format === undefined || reader === undefined) {
          const columns = cells.map(normaliseColumnName);
          if (columns.length === 1 && columns[0] === '') throw new FileFailure(rowError(label, line, '(header)', 'file is empty: expected a header row'));
          if (options.format === 'auto') {
            const detected = detectFormat(columns);
            if (!detected.ok) throw new FileFailure(rowError(label, line, '(header)', detected.message));
            format = detected.format;
          } else {
            format = CHAIN_FORMATS[options.format];
            const missing = format.requiredColumns.find((c) => !columns.includes(c));
            if (missing !== undefined) throw new FileFailure(rowError(label, line, missing, `missing column for the ${format.id} layout; header is: ${cells.join(',')}`));
          }
          reader = new FieldReader(new Map(columns.map((name, index) => [name, index])));
          spelling = new Map(columns.map((name, index) => [name, (cells[index] ?? name).trim()]));
          columnCount = cells.length;
          continue;
        }
        if (cells.length === 1 && cells[0] === '') {
          // Blank lines at the very end are harmless; one followed by more data is an error.
          firstBlankLine ??= line;
          continue;
        }
        if (firstBlankLine !== undefined) throw new FileFailure(rowError(label, firstBlankLine, '(record)', 'blank line inside the data'));
        rowsRead++;
        if (cells.length !== columnCount) throw new FileFailure(rowError(label, line, '(record)', `expected ${columnCount} cells like the header, got ${cells.length}`));
        let raws;
        try {
          raws = format.readRow(reader.reset(cells), context);
        } catch (caught) {
          if (caught instanceof ChainRowFailure) throw new FileFailure(rowError(label, line, spelling.get(caught.field) ?? caught.field, caught.reason));
          throw caught;
        }
        for (const raw of raws) {
          const checked = checkQuote(raw, options.config);
          if (checked.ok) {
            quotesAccepted++;
            sink(checked.quote, label, line);
          } else {
            rejected[checked.reason] = (rejected[checked.reason] ?? 0) + 1;
          }
        }
      }
    }
  } catch (caught) {
    if (caught instanceof FileFailure) throw caught;
    if (caught instanceof CsvLineError) throw new FileFailure(rowError(label, caught.line, '(record)', caught.message));
    throw new FileFailure({ kind: 'chain-file', file: label, message: (caught as Error).message });
  }
  if (format === undefined) throw new FileFailure(rowError(label, 1, '(header)', 'file is empty: expected a header row'));
  return { file: label, format: format.id, rowsRead, quotesAccepted, rejectedByReason: rejected };
}

interface ZipEntries {
  readonly entries: { name: string; open: () => Promise<Readable> }[];
  readonly close: () => void;
}

function zipEntries(path: string): Promise<ZipEntries> {
  return new Promise((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true, autoClose: false }, (openError, zip) => {
      if (openError || zip === undefined) return reject(openError ?? new Error('cannot open zip'));
      const entries: { name: string; open: () => Promise<Readable> }[] = [];
      zip.on('entry', (entry: yauzl.Entry) => {
        const name = entry.fileName;
        if (!name.endsWith('/') && !name.startsWith('__MACOSX/') && !basename(name).startsWith('.')) {
          entries.push({
            name,
            open: () =>
              new Promise((res, rej) => zip.openReadStream(entry, (e, s) => (e || s === undefined ? rej(e ?? new Error('cannot read zip entry')) : res(s)))),
          });
        }
        zip.readEntry();
      });
      zip.on('end', () => resolve({ entries, close: () => zip.close() }));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

/**
 * Reads every quote of `path` into `sink`. A zip's entries are read in name order, each with its own
 * header; the summaries say what each held.
 */
export async function readChainFile(path: string, options: ChainReadOptions, sink: QuoteSink): Promise<Result<ChainFileSummary[], ChainReadError>> {
  try {
    let magic: Buffer;
    try {
      magic = await leadingBytes(path);
    } catch (caught) {
      return err({ kind: 'chain-file', file: path, message: `cannot read the file: ${(caught as Error).message}` });
    }
    if (startsWith(magic, ZIP_MAGIC)) {
      let zip: ZipEntries;
      try {
        zip = await zipEntries(path);
      } catch (caught) {
        return err({ kind: 'chain-file', file: path, message: `not a readable zip archive: ${(caught as Error).message}` });
      }
      try {
        const entries = [...zip.entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
        if (entries.length === 0) return err({ kind: 'chain-file', file: path, message: 'the zip archive holds no files' });
        const summaries: ChainFileSummary[] = [];
        for (const entry of entries) {
          const label = `${path}:${entry.name}`;
          const nameForHint = underlyingFromName(entry.name) === undefined ? path : entry.name;
          summaries.push(await readStream(await entry.open(), label, nameForHint, options, sink));
        }
        return ok(summaries);
      } finally {
        zip.close();
      }
    }
    const raw = createReadStream(path);
    const stream = startsWith(magic, GZIP_MAGIC) ? raw.pipe(createGunzip()) : raw;
    if (stream !== raw) raw.on('error', (e) => stream.destroy(e));
    return ok([await readStream(stream, path, path, options, sink)]);
  } catch (caught) {
    if (caught instanceof FileFailure) return err(caught.failure);
    return err({ kind: 'chain-file', file: path, message: (caught as Error).message });
  }
}
