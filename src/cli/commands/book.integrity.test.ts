/**
 * Issue 13 for `alvh book`: wrong input is refused naming the file, line and field; a refused
 * command changes nothing; bad --book paths are a one-line error, never a stack trace or a spin.
 * Real market data (the bundled history), in-process CLI.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../testing.js';
import { MAX_ERROR_LINE_CHARS } from '../../lib/capText.js';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'alvh-book-integrity-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const HEADER = 'day,group,role,leg,underlying,type,strike,expiry,settlement,quantity,price';
/** The fixture condor (test/fixtures/book/condor-2018-01-19.csv): a sound one, changed one field at a time below. */
const CONDOR = [
  '2018-01-19,c,condor,shortPut,SPX,put,2700,2018-03-16,AM,-10,14.5',
  '2018-01-19,c,condor,longPut,SPX,put,2650,2018-03-16,AM,10,9.8',
  '2018-01-19,c,condor,shortCall,SPX,call,2880,2018-03-16,AM,-10,6.2',
  '2018-01-19,c,condor,longCall,SPX,call,2930,2018-03-16,AM,10,2.1',
];

/** Imports `rows` into a new book; returns the run and whether the book holds any state. */
async function importRows(rows: string[]): Promise<{ code: number; stderr: string; file: string; states: number }> {
  const dir = tempDir();
  const file = join(dir, 'positions.csv');
  const book = join(dir, 'book.sqlite');
  writeFileSync(file, [HEADER, ...rows].join('\n') + '\n');
  const r = await runCli(['book', 'import', file, '--book', book]);
  let states = 0;
  if (existsSync(book)) {
    const db = new Database(book, { readonly: true });
    states = (db.prepare('SELECT COUNT(*) AS n FROM engine_states').get() as { n: number }).n;
    db.close();
  }
  return { code: r.code, stderr: r.stderr, file, states };
}

/** The condor with row `index` (0-based) replaced. */
function withRow(index: number, row: string): string[] {
  return CONDOR.map((r, i) => (i === index ? row : r));
}

describe('book import refuses a fill that is not a real trade, naming file, line and field (issue 13 "Book")', () => {
  it('the sound condor imports (the baseline the cases below change)', async () => {
    const r = await importRows(CONDOR);
    expect(r.stderr).toBe('');
    expect(r.states).toBe(1);
  });

  const cases: Array<{ name: string; rows: string[]; line: number; message: RegExp }> = [
    { name: 'a fill on a Saturday', rows: CONDOR.map((r) => r.replace('2018-01-19', '2018-01-20')), line: 2, message: /field 'day': 2018-01-20 is a Saturday/ },
    { name: 'a fill on an exchange holiday', rows: CONDOR.map((r) => r.replace('2018-01-19', '2018-01-15')), line: 2, message: /field 'day': 2018-01-15 is not a trading day \(Martin Luther King/ },
    { name: 'a fill after the last day with data', rows: CONDOR.map((r) => r.replace('2018-01-19', '2029-01-19').replace('2018-03-16', '2029-03-16')), line: 2, message: /field 'day': 2029-01-19 is after the last day with market data/ },
    { name: 'an SPX strike off the 5-point grid', rows: withRow(0, '2018-01-19,c,condor,shortPut,SPX,put,2702,2018-03-16,AM,-10,14.5'), line: 2, message: /field 'strike': 2702 is not a listed SPX strike/ },
    { name: 'a crossed condor (long put above the short put)', rows: withRow(1, '2018-01-19,c,condor,longPut,SPX,put,2750,2018-03-16,AM,10,9.8'), line: 3, message: /field 'strike': a crossed condor: longPut 2750 against shortPut 2700/ },
    { name: 'an unbalanced condor', rows: withRow(1, '2018-01-19,c,condor,longPut,SPX,put,2650,2018-03-16,AM,5,9.8'), line: 3, message: /field 'quantity': an unbalanced condor: 5 contracts against 10 on shortPut/ },
    { name: 'a Wednesday AM SPX expiry (not listed)', rows: CONDOR.map((r) => r.replace('2018-03-16', '2018-03-14')), line: 2, message: /field 'expiry': 2018-03-14 AM is not a listed SPX expiry/ },
    { name: 'a VIX expiry on the wrong day', rows: [...CONDOR, '2018-01-19,h,hedge,longCall,VIX,call,20,2018-02-16,AM,10,0.6'], line: 6, message: /field 'expiry': 2018-02-16 is not a VIX expiry: the 2018-02 VIX options expire on 2018-02-14/ },
    { name: 'a VIX strike off the grid', rows: [...CONDOR, '2018-01-19,h,hedge,longCall,VIX,call,20.3,2018-02-14,AM,10,0.6'], line: 6, message: /field 'strike': 20.3 is not a listed VIX strike/ },
    { name: '5.5 contracts', rows: [...CONDOR, '2018-01-19,h,hedge,longCall,VIX,call,20,2018-02-14,AM,5.5,0.6'], line: 6, message: /quantity 5.5 must be a non-zero whole number of contracts/ },
    { name: '1e300 contracts', rows: [...CONDOR, '2018-01-19,h,hedge,longCall,VIX,call,20,2018-02-14,AM,1e300,0.6'], line: 6, message: /quantity 1e\+300 must be a non-zero whole number of contracts, at most 1,000,000/ },
    { name: 'a hex quantity', rows: [...CONDOR, '2018-01-19,h,hedge,longCall,VIX,call,20,2018-02-14,AM,0x10,0.6'], line: 6, message: /field 'quantity': '0x10' is not a finite number/ },
    { name: 'a group name with a NUL byte', rows: [...CONDOR, '2018-01-19,h\u0000x,hedge,longCall,VIX,call,20,2018-02-14,AM,10,0.6'], line: 6, message: /group 'h\\u0000x' may hold only letters, digits/ },
  ];
  for (const c of cases) {
    it(`${c.name}: refused at line ${c.line}, the book unchanged`, async () => {
      const r = await importRows(c.rows);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`${r.file}:${c.line}: `);
      expect(r.stderr).toMatch(c.message);
      expect(r.stderr.split('\n').filter((l) => l !== '')).toHaveLength(1);
      expect(r.states).toBe(0);
    });
  }

  it('a 1 MB group name: refused with a message of bounded length (issue 13 "error messages capped")', async () => {
    const r = await importRows([...CONDOR, `2018-01-19,${'g'.repeat(1_000_000)},hedge,longCall,VIX,call,20,2018-02-14,AM,10,0.6`]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/is 1000000 characters long; at most 64/);
    expect(r.stderr.length).toBeLessThan(MAX_ERROR_LINE_CHARS + 200);
  });
});

describe('book add and accept: refused commands change nothing (issue 13)', () => {
  it("--quantity 0x10 is not read as 16", async () => {
    const book = join(tempDir(), 'book.sqlite');
    const r = await runCli(['book', 'add', '--book', book, '--group', 'h', '--role', 'hedge', '--leg', 'longCall', '--type', 'call', '--strike', '20', '--expiry', '2018-02-14', '--quantity', '0x10', '--price', '0.6', '--date', '2018-01-19']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("alvh: --quantity '0x10': must be a non-zero whole number\n");
    expect(existsSync(book)).toBe(false);
  });

  it('--date on a day without trading says why: a weekend, a holiday by name, before the data', async () => {
    const book = join(tempDir(), 'book.sqlite');
    const signal = async (date: string) => (await runCli(['signal', '--date', date, '--book', book])).stderr;
    expect(await signal('2019-01-05')).toBe('alvh: --date 2019-01-05 is a Saturday; the trading day before is 2019-01-04\n');
    expect(await signal('2018-01-15')).toBe('alvh: --date 2018-01-15 is not a trading day (Martin Luther King Jr. Day); the trading day before is 2018-01-12\n');
    // 1985 traded, but the data starts in 1990: the reason is the data, not the calendar.
    expect(await signal('1985-01-02')).toBe('alvh: --date 1985-01-02 is before the market data starts (1990-01-02)\n');
    expect(existsSync(book)).toBe(false);
  });

  it('--equity -5 with a new --book does not create the file', async () => {
    const book = join(tempDir(), 'new.sqlite');
    const r = await runCli(['book', 'accept', '--date', '2018-01-22', '--equity', '-5', '--book', book]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/--equity '-5': must be a positive amount in USD/);
    expect(existsSync(book)).toBe(false);
    expect(existsSync(`${book}-wal`)).toBe(false);
  });

  it('accept --fills naming an unknown position: refused with file and line, and no journal row is written', async () => {
    const dir = tempDir();
    const book = join(dir, 'book.sqlite');
    expect((await runCli(['book', 'import', 'test/fixtures/book/condor-2018-01-19.csv', '--book', book])).code).toBe(0);
    const fills = join(dir, 'fills.csv');
    writeFileSync(fills, 'position_id,price\nnobody.longCall.99,1.5\n');
    const r = await runCli(['book', 'accept', '--date', '2018-01-22', '--fills', fills, '--book', book]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${fills}:2: field 'position_id': nobody.longCall.99: not one of the day's recommended trades`);
    const db = new Database(book, { readonly: true });
    expect((db.prepare('SELECT COUNT(*) AS n FROM signal_journal').get() as { n: number }).n).toBe(0);
    expect((db.prepare('SELECT COUNT(*) AS n FROM engine_states').get() as { n: number }).n).toBe(1);
    db.close();
  });

  it('close after the option expired is refused', async () => {
    const dir = tempDir();
    const book = join(dir, 'book.sqlite');
    expect((await runCli(['book', 'import', 'test/fixtures/book/condor-2018-01-19.csv', '--book', book])).code).toBe(0);
    const r = await runCli(['book', 'close', 'condor-a.shortPut.1', '--price', '1', '--date', '2018-03-19', '--book', book]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/condor-a\.shortPut\.1: --date 2018-03-19 is on or after the position's expiry 2018-03-16/);
  });

  it('a killed accept --from resumes when run again as typed', async () => {
    const book = join(tempDir(), 'book.sqlite');
    // The first run "dies" after 2018-01-23: the same as a run killed after committing that day.
    expect((await runCli(['book', 'accept', '--from', '2018-01-22', '--date', '2018-01-23', '--book', book])).code).toBe(0);
    const again = await runCli(['book', 'accept', '--from', '2018-01-22', '--date', '2018-01-25', '--book', book]);
    expect(again.stderr).toBe('');
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/^resuming at 2018-01-24/);
    expect(again.stdout).toMatch(/^2018-01-25: accepted/m);
    const done = await runCli(['book', 'accept', '--from', '2018-01-22', '--date', '2018-01-25', '--book', book]);
    expect(done.stdout).toBe('every trading day from 2018-01-22 to 2018-01-25 is already accepted\n');
  });
});

describe('--book paths that cannot hold a book: one line, non-zero exit, no stack trace or spin (issue 13)', () => {
  async function refused(book: string): Promise<string> {
    const started = Date.now();
    const r = await runCli(['book', 'list', '--book', book]);
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n').filter((l) => l !== '')).toHaveLength(1);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    // Loading the history takes a few seconds; a spin would never end.
    expect(Date.now() - started).toBeLessThan(30_000);
    return r.stderr;
  }

  it('a file that is not an SQLite database', async () => {
    const file = join(tempDir(), 'notes.txt');
    writeFileSync(file, 'these are my notes, not a book\n');
    expect(await refused(file)).toMatch(/notes\.txt is not an alvh book \(not an SQLite database\)/);
  });

  it('a path under a regular file', async () => {
    const file = join(tempDir(), 'plain');
    writeFileSync(file, 'x');
    expect(await refused(join(file, 'book.sqlite'))).toMatch(/plain is a file, not a folder/);
  });

  it('/dev/full (a device)', async () => {
    expect(await refused('/dev/full')).toMatch(/\/dev\/full is not a regular file/);
  });

  it('a folder under /proc', async () => {
    expect(await refused('/proc/alvh/book.sqlite')).toMatch(/cannot create the folder \/proc\/alvh/);
  });
});
