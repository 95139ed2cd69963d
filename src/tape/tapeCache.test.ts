/**
 * The tape's disk cache: a cold and a warm cache give the same backtest, byte for byte; a corrupted,
 * truncated or foreign file is detected and rebuilt, never used; a crash between writing and renaming
 * leaves no file under the key; the key follows the data and the settings.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { realHistory } from '../../test/fixtures/realMarket.js';
import { modelPresetsDir } from '../data/modelConfigFile.js';
import { dayFromIso } from '../time/day.js';
import { calibrateTapeDays, createMarketTape } from './marketTape.js';
import { decodeTapeFile, encodeTapeFile, MAX_KEPT_TAPE_FILES, openMarketTape, pruneTapeDir, readTapeFile, tapeCodeFingerprint, tapeFilePath, writeTapeFile } from './tapeCache.js';
import { DEFAULT_TAPE_SETTINGS, runShortBacktest, SIGNAL_DEPS } from './testing.js';

const freshDir = () => mkdtempSync(join(tmpdir(), 'alvh-tape-'));

async function openIn(cacheDir: string | undefined) {
  return openMarketTape({ history: await realHistory(), settings: DEFAULT_TAPE_SETTINGS, signalDeps: SIGNAL_DEPS, cacheDir });
}

let monthFile: { name: string; bytes: Buffer } | undefined;

/** A small real tape (one month calibrated) stored in `dir`, built once per file: for the tests that damage files. */
async function storedMonth(dir: string) {
  if (monthFile === undefined) {
    const source = freshDir();
    const opened = await openIn(source);
    calibrateTapeDays(opened.tape, await realHistory(), dayFromIso('2022-06-01'), dayFromIso('2022-06-30'));
    expect(opened.save()).toBe(true);
    if (opened.status.kind === 'off') throw new Error('cache is on');
    monthFile = { name: basename(opened.status.path), bytes: readFileSync(opened.status.path) };
  }
  const path = join(dir, monthFile.name);
  writeFileSync(path, monthFile.bytes);
  return { path };
}

describe('tape cache', () => {
  it('gives byte-identical backtests with the cache off, cold and warm, and a warm run calibrates nothing', async () => {
    const dir = freshDir();
    const off = await openIn(undefined);
    expect(off.status.kind).toBe('off');
    const withoutCache = await runShortBacktest(off.tape);
    const cold = await openIn(dir);
    expect(cold.status.kind).toBe('cold');
    const coldRun = await runShortBacktest(cold.tape);
    expect(cold.save()).toBe(true);
    // Nothing new: nothing to write.
    expect(cold.save()).toBe(false);
    const warm = await openIn(dir);
    expect(warm.status.kind).toBe('warm');
    const warmRun = await runShortBacktest(warm.tape);
    expect(warm.tape.addedDays).toBe(0);
    expect(warm.save()).toBe(false);
    expect(coldRun).toBe(withoutCache);
    expect(warmRun).toBe(withoutCache);
  }, 60_000);

  it('reads the stored days one by one as they are used, and a save after more days keeps the unread ones', async () => {
    const dir = freshDir();
    const { path } = await storedMonth(dir);
    const history = await realHistory();
    const read = readTapeFile(dir, basename(path, '.tape'));
    if (read.kind !== 'found') throw new Error(read.kind);
    // Not a decoded list: rows decoded on demand, each equal to what was calibrated and stored.
    expect(Array.isArray(read.content.days)).toBe(false);
    const june = history.tradingDays.filter((d) => d >= dayFromIso('2022-06-01') && d <= dayFromIso('2022-06-30'));
    const index = (day: number) => history.tradingDays.indexOf(day);
    const original = createMarketTape(history, DEFAULT_TAPE_SETTINGS, SIGNAL_DEPS);
    calibrateTapeDays(original, history, dayFromIso('2022-06-01'), dayFromIso('2022-06-30'));
    const calibrated = original.content().days;
    for (const day of june) expect(JSON.stringify(read.content.days.at(index(day)))).toBe(JSON.stringify(calibrated[index(day)]));

    // Warm, one June day read, July calibrated and saved: the file holds all of June (read or not) and July.
    const warm = await openIn(dir);
    expect(warm.status.kind).toBe('warm');
    warm.tape.marketOn(june[0] as number);
    calibrateTapeDays(warm.tape, history, dayFromIso('2022-07-01'), dayFromIso('2022-07-29'));
    expect(warm.tape.addedDays).toBe(20);
    expect(warm.save()).toBe(true);
    const again = await openIn(dir);
    expect(again.status.kind).toBe('warm');
    expect(again.tape.calibratedDays).toBe(june.length + 20);
    const days = again.tape.content().days;
    for (const day of june) expect(JSON.stringify(days[index(day)])).toBe(JSON.stringify(calibrated[index(day)]));
  }, 60_000);

  it('detects a corrupted payload, rebuilds the tape and replaces the file', async () => {
    const dir = freshDir();
    const { path } = await storedMonth(dir);
    const bytes = readFileSync(path);
    // One flipped bit near the end of the payload.
    bytes[bytes.length - 10] = (bytes[bytes.length - 10] as number) ^ 0x01;
    writeFileSync(path, bytes);
    const reopened = await openIn(dir);
    expect(reopened.status).toEqual({ kind: 'rebuilt', path, reason: 'checksum mismatch' });
    expect(reopened.tape.calibratedDays).toBe(0);
    // The bad file is replaced even though the run calibrated nothing.
    expect(reopened.save()).toBe(true);
    expect((await openIn(dir)).status.kind).toBe('warm');
  });

  it('detects a truncated file and a file of another key', async () => {
    const dir = freshDir();
    const { path } = await storedMonth(dir);
    const bytes = readFileSync(path);
    writeFileSync(path, bytes.subarray(0, bytes.length - 1000));
    const truncated = await openIn(dir);
    expect(truncated.status.kind).toBe('rebuilt');
    expect(truncated.status.kind === 'rebuilt' && truncated.status.reason).toMatch(/truncated/);
    const key = path.slice(path.lastIndexOf('/') + 1).replace('.tape', '');
    expect(decodeTapeFile(bytes, 'another-key')).toEqual({ kind: 'corrupt', reason: 'the file holds another key' });
    expect(decodeTapeFile(Buffer.from('not a tape'), key).kind).toBe('corrupt');
    expect(decodeTapeFile(bytes.subarray(0, 30), key).kind).toBe('corrupt');
    expect(decodeTapeFile(bytes, key).kind).toBe('found');
  });

  it('leaves no usable partial file when the process dies between writing and renaming', async () => {
    const dir = freshDir();
    const history = await realHistory();
    const tape = createMarketTape(history, DEFAULT_TAPE_SETTINGS, SIGNAL_DEPS);
    calibrateTapeDays(tape, history, dayFromIso('2023-01-03'), dayFromIso('2023-01-10'));
    // The file layer does not look inside: a few signal rows keep the writes quick.
    const small = () => ({ ...tape.content(), signals: tape.content().signals.slice(0, 5) });
    const crash = () => {
      throw new Error('killed');
    };
    expect(() => writeTapeFile(dir, 'k1', small(), { beforeRename: crash })).toThrow('killed');
    expect(existsSync(tapeFilePath(dir, 'k1'))).toBe(false);
    expect(readTapeFile(dir, 'k1')).toEqual({ kind: 'missing' });
    expect(readdirSync(dir)).toEqual([]);
    // A crash while replacing a good file leaves the good file.
    writeTapeFile(dir, 'k1', small());
    const good = readFileSync(tapeFilePath(dir, 'k1'));
    calibrateTapeDays(tape, history, dayFromIso('2023-01-11'), dayFromIso('2023-01-20'));
    expect(() => writeTapeFile(dir, 'k1', small(), { beforeRename: crash })).toThrow('killed');
    expect(readFileSync(tapeFilePath(dir, 'k1')).equals(good)).toBe(true);
    expect(readdirSync(dir)).toEqual(['k1.tape']);
    // A file cut anywhere is refused: every prefix of a real file fails the length or checksum check.
    const bytes = encodeTapeFile('k2', small());
    for (const cut of [0, 1, 17, 60, 200, bytes.length >> 1, bytes.length - 1]) expect(decodeTapeFile(bytes.subarray(0, cut), 'k2').kind).toBe('corrupt');
  });

  it('keeps the most recently used tapes of a folder and removes stale temporary files', () => {
    const dir = freshDir();
    const now = Date.now();
    const names = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'];
    names.forEach((name, i) => {
      writeFileSync(tapeFilePath(dir, name), 'x');
      // a is the oldest, f the newest.
      utimesSync(tapeFilePath(dir, name), (now - (10 - i) * 60_000) / 1000, (now - (10 - i) * 60_000) / 1000);
    });
    writeFileSync(join(dir, '.z.1.stale.tmp'), 'x');
    utimesSync(join(dir, '.z.1.stale.tmp'), (now - 2 * 3600_000) / 1000, (now - 2 * 3600_000) / 1000);
    writeFileSync(join(dir, '.z.2.fresh.tmp'), 'x');
    // The tape just written (here a, the oldest by time) stays, with the seven newest others.
    expect(MAX_KEPT_TAPE_FILES).toBe(8);
    pruneTapeDir(dir, tapeFilePath(dir, 'a'), now);
    expect(readdirSync(dir).sort()).toEqual(['.z.2.fresh.tmp', 'a.tape', 'd.tape', 'e.tape', 'f.tape', 'g.tape', 'h.tape', 'i.tape', 'j.tape']);
  });

  it('marks a tape it reads as just used, so the pruning keeps the tapes in use, not merely the last written', async () => {
    const dir = freshDir();
    const { path } = await storedMonth(dir);
    const dayAgoSeconds = (Date.now() - 86_400_000) / 1000;
    utimesSync(path, dayAgoSeconds, dayAgoSeconds);
    const before = statSync(path).mtimeMs;
    const warm = await openIn(dir);
    expect(warm.status.kind).toBe('warm');
    expect(statSync(path).mtimeMs).toBeGreaterThan(before + 3_600_000);
  });

  it('keeps at least one tape for the default model and each bundled model config, which --across-models reads in one run', () => {
    const bundled = readdirSync(modelPresetsDir()).filter((name) => name.endsWith('.json'));
    expect(bundled.length).toBeGreaterThanOrEqual(6);
    expect(MAX_KEPT_TAPE_FILES).toBeGreaterThanOrEqual(bundled.length + 1);
  });

  it('keys the file by data version and settings: other settings open a cold tape beside the first', async () => {
    const dir = freshDir();
    const { path } = await storedMonth(dir);
    const history = await realHistory();
    const other = { ...DEFAULT_TAPE_SETTINGS, modelConfig: { ...DEFAULT_TAPE_SETTINGS.modelConfig, spx: { ...DEFAULT_TAPE_SETTINGS.modelConfig.spx, skewLevelMax: 9 } } };
    const opened = openMarketTape({ history, settings: other, signalDeps: SIGNAL_DEPS, cacheDir: dir });
    expect(opened.status.kind).toBe('cold');
    expect(opened.status.kind === 'cold' && opened.status.path).not.toBe(path);
    expect(tapeCodeFingerprint()).toMatch(/^[0-9a-f]{64}$/);
  });
});
