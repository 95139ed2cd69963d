import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { BookStore, BookStoreError, explainSqliteError, type FillRow } from './store.js';

const dirs: string[] = [];
function tempBook(): string {
  const dir = mkdtempSync(join(tmpdir(), 'alvh-book-'));
  dirs.push(dir);
  return join(dir, 'book.sqlite');
}
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function fill(i: number, positionId = `hedge-1.longCall.${i}`): FillRow {
  return { positionId, group: 'hedge-1', role: 'hedge', leg: 'longCall', underlying: 'VIX', type: 'call', strike: 20 + i, expiryIso: '2020-04-15', settlement: 'AM', quantity: 3, pricePoints: 1.25, feesUsd: 1.8, dayIso: '2020-03-16', source: 'add' };
}

const state = (day: string, note = '') => ({ dayIso: day, kind: 'edit' as const, preset: 'alvh-ladder', snapshotJson: `{"day":"${day}"}`, dataVersion: 'dv1', configHash: 'c1', note });

describe('BookStore', () => {
  it('creates the schema once, in WAL mode, and reopens at the same version', () => {
    const path = tempBook();
    const a = BookStore.open(path);
    expect(a.schemaVersion()).toBe(3);
    a.close();
    const b = BookStore.open(path);
    expect(b.schemaVersion()).toBe(3);
    expect(b.integrityCheck()).toBe('ok');
    b.close();
  });

  it('stores a state with its fills and finds the latest state before a day', () => {
    const s = BookStore.open(tempBook());
    const first = s.appendState(state('2020-03-13'), [fill(1), fill(2)]);
    const second = s.appendState({ ...state('2020-03-16'), kind: 'accept' }, [fill(3)]);
    expect(s.fills().map((f) => f.stateId)).toEqual([first, first, second]);
    expect(s.fills()[0]).toMatchObject(fill(1));
    expect(s.latestState()?.id).toBe(second);
    expect(s.latestState({ beforeIso: '2020-03-16' })?.id).toBe(first);
    expect(s.latestState({ onOrBeforeIso: '2020-03-16', excludeAcceptOnIso: '2020-03-16' })?.id).toBe(first);
    expect(s.latestState({ beforeIso: '2020-03-13' })).toBeUndefined();
    // An edit stored on the accepted state is left out with the accept: the day's signal came before both.
    const edit = s.appendState(state('2020-03-16'), []);
    expect(s.latestState()?.id).toBe(edit);
    expect(s.latestState({ onOrBeforeIso: '2020-03-16', excludeAcceptOnIso: '2020-03-16' })?.id).toBe(first);
    expect(s.acceptOn('2020-03-16')?.id).toBe(second);
    expect(s.acceptOn('2020-03-13')).toBeUndefined();
    s.close();
  });

  it("keeps an edit made before the day's accept in the day's base", () => {
    const s = BookStore.open(tempBook());
    s.appendState(state('2020-03-13'), []);
    const before = s.appendState(state('2020-03-16'), []);
    s.appendState({ ...state('2020-03-16'), kind: 'accept' }, []);
    expect(s.latestState({ onOrBeforeIso: '2020-03-16', excludeAcceptOnIso: '2020-03-16' })?.id).toBe(before);
    s.close();
  });

  it("keeps each state's strategy config once per hash, and refuses a config its hash does not name", () => {
    const s = BookStore.open(tempBook());
    const configJson = '{"name":"my-ladder","hedge":{"maxLayers":3}}';
    // A hash of other text than that one.
    const hash = 'fbc0c8c3a1f3c9c0e34f2b3cf5c1e4d6f0c6d5a4b3a2918171605f4e3d2c1b0a';
    expect(() => s.appendState({ ...state('2020-03-13'), preset: 'my-ladder', configHash: hash }, [fill(1)], { configJson })).toThrow(/is not the one its hash fbc0c8c3a1f3 names; nothing was written/);
    expect(s.stateCount()).toBe(0);
    const real = createHash('sha256').update(configJson).digest('hex');
    s.appendState({ ...state('2020-03-13'), preset: 'my-ladder', configHash: real }, [fill(1)], { configJson });
    s.appendState({ ...state('2020-03-16'), preset: 'my-ladder', configHash: real }, [], { configJson });
    expect(s.strategyConfigJson(real)).toBe(configJson);
    // A state stored without its config (as before configs were kept) has none to give.
    expect(s.strategyConfigJson('c1')).toBeUndefined();
    s.close();
  });

  it('refuses a stored strategy config whose text no longer matches its hash', () => {
    const path = tempBook();
    const s = BookStore.open(path);
    const configJson = '{"name":"my-ladder"}';
    const hash = createHash('sha256').update(configJson).digest('hex');
    s.appendState({ ...state('2020-03-13'), preset: 'my-ladder', configHash: hash }, [], { configJson });
    s.close();
    const raw = new Database(path);
    raw.prepare('UPDATE strategy_configs SET config_json = ?').run('{"name":"my-ladder","hedge":{"maxLayers":9}}');
    raw.close();
    const again = BookStore.open(path);
    expect(() => again.strategyConfigJson(hash)).toThrow(/does not match its hash \(edited by hand or damaged\): pass the strategy with --config FILE or --preset NAME/);
    // The next state written under that config (a command that names it) puts the sound text back.
    again.appendState({ ...state('2020-03-16'), preset: 'my-ladder', configHash: hash }, [], { configJson });
    expect(again.strategyConfigJson(hash)).toBe(configJson);
    again.close();
  });

  it('a failing fill rolls back the whole write', () => {
    const s = BookStore.open(tempBook());
    expect(() => s.appendState(state('2020-03-16'), [fill(1), { ...fill(2), quantity: 0 }])).toThrow();
    expect(s.stateCount()).toBe(0);
    expect(s.fills()).toEqual([]);
    s.close();
  });

  it('journals a signal once and refuses a different one under the same key and code', () => {
    const s = BookStore.open(tempBook());
    const entry = { dayIso: '2020-03-16', dataVersion: 'dv1', configHash: 'c1', baseStateId: 0, alvhVersion: '0.1.0', codeVersion: 'code-a', signalJson: '{"a":1}' };
    s.journalSignal(entry);
    s.journalSignal(entry);
    expect(s.journalEntry('2020-03-16', 'dv1', 'c1', 0, 'code-a')).toEqual(entry);
    expect(() => s.journalSignal({ ...entry, signalJson: '{"a":2}' })).toThrow(BookStoreError);
    // Another build's signal for the same key is kept beside the first, and is the latest.
    const later = { ...entry, codeVersion: 'code-b', signalJson: '{"a":2}' };
    s.journalSignal(later);
    expect(s.journalEntry('2020-03-16', 'dv1', 'c1', 0, 'code-a')).toEqual(entry);
    expect(s.latestJournalEntry('2020-03-16', 'dv1', 'c1', 0)).toEqual(later);
    expect(s.journalDays()).toEqual(['2020-03-16']);
    s.close();
  });

  it('migrates a book of schema 1: its journal entries kept, with the code not recorded', () => {
    const path = tempBook();
    // The schema-1 journal, as the first alvh books were written.
    const raw = new Database(path);
    raw.exec(`CREATE TABLE engine_states (id INTEGER PRIMARY KEY AUTOINCREMENT, day TEXT NOT NULL, kind TEXT NOT NULL CHECK (kind IN ('edit', 'accept')), preset TEXT NOT NULL, snapshot_json TEXT NOT NULL, data_version TEXT NOT NULL, config_hash TEXT NOT NULL, note TEXT NOT NULL);
      CREATE INDEX engine_states_by_day ON engine_states (day, id);
      CREATE TABLE fills (id INTEGER PRIMARY KEY AUTOINCREMENT, state_id INTEGER NOT NULL REFERENCES engine_states (id), position_id TEXT NOT NULL, grp TEXT NOT NULL, role TEXT NOT NULL, leg TEXT NOT NULL, underlying TEXT NOT NULL, type TEXT NOT NULL, strike REAL NOT NULL, expiry TEXT NOT NULL, settlement TEXT NOT NULL, quantity REAL NOT NULL, price REAL NOT NULL, fees_usd REAL NOT NULL, day TEXT NOT NULL, source TEXT NOT NULL);
      CREATE INDEX fills_by_position ON fills (position_id);
      CREATE TABLE signal_journal (day TEXT NOT NULL, data_version TEXT NOT NULL, config_hash TEXT NOT NULL, base_state_id INTEGER NOT NULL, alvh_version TEXT NOT NULL, signal_json TEXT NOT NULL, PRIMARY KEY (day, data_version, config_hash, base_state_id));
      INSERT INTO signal_journal VALUES ('2020-03-16', 'dv1', 'c1', 0, '0.1.0', '{"a":1}');`);
    raw.pragma('user_version = 1');
    raw.close();
    const s = BookStore.open(path);
    expect(s.schemaVersion()).toBe(3);
    expect(s.latestJournalEntry('2020-03-16', 'dv1', 'c1', 0)).toEqual({ dayIso: '2020-03-16', dataVersion: 'dv1', configHash: 'c1', baseStateId: 0, alvhVersion: '0.1.0', codeVersion: '', signalJson: '{"a":1}' });
    s.close();
  });

  it('refuses a book written by a newer alvh', () => {
    const path = tempBook();
    BookStore.open(path).close();
    // Bump the version the way a future migration would.
    const raw = new Database(path);
    raw.pragma('user_version = 99');
    raw.close();
    expect(() => BookStore.open(path)).toThrow(/schema version 99/);
  });
});

/**
 * The store compiled on its own into a folder inside the package (so `better-sqlite3` resolves), for
 * child processes: the test runner's TypeScript loader is not available to a plain `node` child.
 */
function compiledStore(): string {
  const root = fileURLToPath(new URL('../../', import.meta.url));
  const out = join(root, 'node_modules', '.cache', 'alvh-book-test');
  mkdirSync(out, { recursive: true });
  const source = readFileSync(fileURLToPath(new URL('./store.ts', import.meta.url)), 'utf8');
  const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ES2022, target: ts.ScriptTarget.ES2022 } }).outputText;
  writeFileSync(join(out, 'store.mjs'), js);
  return out;
}

/** A writer that appends states of `FILLS_PER_STATE` fills in a loop and prints each committed id. */
const FILLS_PER_STATE = 25;
const WRITER = `
import { BookStore } from './store.mjs';
const store = BookStore.open(process.argv[2]);
for (let i = 0; ; i++) {
  const fills = Array.from({ length: ${FILLS_PER_STATE} }, (_, k) => ({ positionId: 'p' + i + '.' + k, group: 'hedge-' + i, role: 'hedge', leg: 'longCall', underlying: 'VIX', type: 'call', strike: 20, expiryIso: '2020-04-15', settlement: 'AM', quantity: 1, pricePoints: 1, feesUsd: 0, dayIso: '2020-03-16', source: 'add' }));
  const id = store.appendState({ dayIso: '2020-03-16', kind: 'edit', preset: 'p', snapshotJson: JSON.stringify({ i, pad: 'x'.repeat(2000) }), dataVersion: 'd', configHash: 'c', note: String(i) }, fills);
  process.stdout.write(id + '\\n');
}
`;

function startWriter(dir: string, book: string): { child: ReturnType<typeof spawn>; committed: () => number } {
  writeFileSync(join(dir, 'writer.mjs'), WRITER);
  const child = spawn(process.execPath, [join(dir, 'writer.mjs'), book], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  return { child, committed: () => out.split('\n').filter((l) => l !== '').length };
}

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('BookStore across processes', () => {
  it('survives a writer killed with SIGKILL mid-write: the file is sound and every state has all its fills', async () => {
    const dir = compiledStore();
    const book = tempBook();
    BookStore.open(book).close();
    const { child, committed } = startWriter(dir, book);
    await waitFor(() => committed() >= 20, 30_000);
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
    const store = BookStore.open(book);
    expect(store.integrityCheck()).toBe('ok');
    const states = store.stateCount();
    // Every id the writer saw committed is there; a write in flight is whole or absent.
    expect(states).toBeGreaterThanOrEqual(committed());
    const fills = store.fills();
    expect(fills.length).toBe(states * FILLS_PER_STATE);
    const perState = new Map<number, number>();
    for (const f of fills) perState.set(f.stateId, (perState.get(f.stateId) ?? 0) + 1);
    expect([...perState.values()].every((n) => n === FILLS_PER_STATE)).toBe(true);
    store.close();
  });

  it('another process writes while this one reads and writes (WAL and the busy timeout)', async () => {
    const dir = compiledStore();
    const book = tempBook();
    const mine = BookStore.open(book);
    const { child, committed } = startWriter(dir, book);
    try {
      await waitFor(() => committed() >= 5, 30_000);
      for (let i = 0; i < 20; i++) {
        mine.appendState(state('2020-03-17', `mine ${i}`), [fill(i, `mine.${i}`)]);
        expect(mine.latestState()?.dayIso).toBe('2020-03-17');
      }
      await waitFor(() => committed() >= 40, 30_000);
    } finally {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await exited;
    }
    expect(mine.fills().filter((f) => f.positionId.startsWith('mine.')).length).toBe(20);
    expect(mine.integrityCheck()).toBe('ok');
    mine.close();
  });
});

describe('SQLite failures as one-line book errors (issue 13: full disk, busy book, not a book)', () => {
  it('SQLITE_FULL from a real write becomes "the disk cannot take the write", naming the book', () => {
    const path = tempBook();
    const raw = new Database(path);
    raw.exec('CREATE TABLE t (x BLOB)');
    // A page limit makes SQLite answer exactly as on a full disk.
    raw.pragma('max_page_count = 3');
    let caught: unknown;
    try {
      raw.prepare('INSERT INTO t VALUES (?)').run(Buffer.alloc(64 * 1024));
    } catch (error) {
      caught = error;
    }
    raw.close();
    expect((caught as { code?: string }).code).toBe('SQLITE_FULL');
    const explained = explainSqliteError(path, caught);
    expect(explained).toBeInstanceOf(BookStoreError);
    expect((explained as Error).message).toMatch(new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: the disk cannot take the write \\(SQLITE_FULL: .*\\); nothing was changed, free some space`));
  });

  it('a busy book past the wait says another process is writing it', () => {
    const busy = Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
    expect((explainSqliteError('/b/book.sqlite', busy) as Error).message).toBe('/b/book.sqlite: another alvh process is writing the book and held it longer than 10 s; nothing was changed, run the command again when it is done');
    const other = new TypeError('not sqlite');
    expect(explainSqliteError('/b/book.sqlite', other)).toBe(other);
  });

  it('a write waits for another connection holding the write lock, then fails with the busy message rather than a stack', () => {
    const path = tempBook();
    BookStore.open(path).close();
    const holder = new Database(path, { timeout: 0 });
    holder.exec('BEGIN IMMEDIATE');
    // A store with a short wait, so the test does not sit out the default 10 s.
    const store = BookStore.open(path);
    (store as unknown as { db: Database.Database }).db.pragma('busy_timeout = 50');
    expect(() => store.appendState(state('2020-03-16'), [fill(1)])).toThrow(/another alvh process is writing the book/);
    holder.exec('ROLLBACK');
    holder.close();
    expect(store.appendState(state('2020-03-16'), [fill(1)])).toBeGreaterThan(0);
    store.close();
  });
});
