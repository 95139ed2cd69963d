/**
 * File access for the option-chain samples shipped in the package's `data/` folder. Parsing is pure
 * (text in, rows out); only this module touches the file system.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { err, ok, type Result } from '../../lib/result.js';
import type { ChainParseError } from './csvTable.js';
import { parseSpxOptionsCsv, parseZeroRatesCsv } from './spxChain.js';
import { parseSpxwOptionsCsv } from './spxwChain.js';
import type { SpxOptionQuote, SpxwOptionQuote, VixOptionQuote, ZeroRatePoint } from './types.js';
import { parseVixOptionsCsv } from './vixChain.js';

export const BUNDLED_CHAIN_FILES = {
  spx20201201: 'spx_options_20201201.csv',
  zeroRates20201201: 'zero_rates_20201201.csv',
  spxw2018JanFeb: 'spxw_options_2018jan_feb.csv.gz',
  vix20160601: 'vix_options_20160601.csv',
} as const;

export interface ChainFileUnreadableError {
  readonly kind: 'chain-file-unreadable';
  readonly file: string;
  readonly message: string;
}

export type ChainLoadError = ChainParseError | ChainFileUnreadableError;

/**
 * The package's `data/` folder: the nearest ancestor of this module holding the bundled SPX sample.
 * Found by walking up because the module runs both from the sources and from the compiled output.
 */
export function bundledDataDir(): Result<string, ChainFileUnreadableError> {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'data');
    if (existsSync(join(candidate, BUNDLED_CHAIN_FILES.spx20201201))) return ok(candidate);
    const parent = dirname(dir);
    if (parent === dir) {
      return err({
        kind: 'chain-file-unreadable',
        file: BUNDLED_CHAIN_FILES.spx20201201,
        message: 'no data/ folder with the bundled option chains above the installed package',
      });
    }
    dir = parent;
  }
}

/** Reads a chain file as text, gunzipping `.gz` files. */
export function readChainText(path: string): Result<string, ChainFileUnreadableError> {
  try {
    const bytes = readFileSync(path);
    return ok((path.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8'));
  } catch (caught) {
    return err({ kind: 'chain-file-unreadable', file: path, message: (caught as Error).message });
  }
}

function loadWith<T>(
  path: string,
  parse: (text: string, file: string) => Result<T, ChainParseError>,
): Result<T, ChainLoadError> {
  const text = readChainText(path);
  if (!text.ok) return text;
  return parse(text.value, path);
}

export function loadSpxOptionsFile(path: string): Result<SpxOptionQuote[], ChainLoadError> {
  return loadWith(path, parseSpxOptionsCsv);
}

export function loadZeroRatesFile(path: string): Result<ZeroRatePoint[], ChainLoadError> {
  return loadWith(path, parseZeroRatesCsv);
}

export function loadSpxwOptionsFile(path: string): Result<SpxwOptionQuote[], ChainLoadError> {
  return loadWith(path, parseSpxwOptionsCsv);
}

export function loadVixOptionsFile(path: string): Result<VixOptionQuote[], ChainLoadError> {
  return loadWith(path, parseVixOptionsCsv);
}

/** All bundled chain samples, parsed. */
export interface BundledChains {
  readonly spx20201201: readonly SpxOptionQuote[];
  readonly zeroRates20201201: readonly ZeroRatePoint[];
  readonly spxw2018JanFeb: readonly SpxwOptionQuote[];
  readonly vix20160601: readonly VixOptionQuote[];
}

export function loadBundledChains(dataDir?: string): Result<BundledChains, ChainLoadError> {
  let dir = dataDir;
  if (dir === undefined) {
    const found = bundledDataDir();
    if (!found.ok) return found;
    dir = found.value;
  }
  const spx = loadSpxOptionsFile(join(dir, BUNDLED_CHAIN_FILES.spx20201201));
  if (!spx.ok) return spx;
  const zero = loadZeroRatesFile(join(dir, BUNDLED_CHAIN_FILES.zeroRates20201201));
  if (!zero.ok) return zero;
  const spxw = loadSpxwOptionsFile(join(dir, BUNDLED_CHAIN_FILES.spxw2018JanFeb));
  if (!spxw.ok) return spxw;
  const vix = loadVixOptionsFile(join(dir, BUNDLED_CHAIN_FILES.vix20160601));
  if (!vix.ok) return vix;
  return ok({ spx20201201: spx.value, zeroRates20201201: zero.value, spxw2018JanFeb: spxw.value, vix20160601: vix.value });
}

export function formatChainLoadError(error: ChainLoadError): string {
  if (error.kind === 'chain-file-unreadable') return `${error.file}: ${error.message}`;
  return `${error.file}:${error.line}: field '${error.field}': ${error.message}`;
}
