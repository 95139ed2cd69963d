/**
 * Issue 13, "Concurrent writers lose data": separate `alvh` processes started together on one book
 * or one data store. Each case failed before writers were serialised (the accept built on the state
 * before the import and dropped its hedge; two accepts of one day both stored their fills; two
 * imports each rewrote the overlay from what they had read, losing the other's rows).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { ensureBuilt, REPO_ROOT, runCli, runTogether } from '../../../test/support/builtCli.js';

const CONDOR_CSV = join(REPO_ROOT, 'test', 'fixtures', 'book', 'condor-2018-01-19.csv');
/** A VIX call hedge bought on the day the accept runs (2018-01-22); Feb 2018 VIX options expired on the 14th. */
const HEDGE_CSV = `day,group,role,leg,underlying,type,strike,expiry,settlement,quantity,price,fees_usd
2018-01-22,hedge-x,hedge,longCall,VIX,call,20,2018-02-14,AM,25,0.60,15
`;
/** How many times each race is run: the lost updates showed in 3 to 6 runs of 8. */
const ROUNDS = 2;

const dirs: string[] = [];
function tempHome(): string {
  const dir = mkdtempSync(join(tmpdir(), 'alvh-writers-'));
  dirs.push(dir);
  return dir;
}

beforeAll(() => ensureBuilt(), 180_000);
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

interface FillDb {
  position_id: string;
  source: string;
  state_id: number;
}

function readBook(path: string): { fills: FillDb[]; states: Array<{ id: number; day: string; kind: string; snapshot_json: string }> } {
  const db = new Database(path, { readonly: true });
  try {
    return {
      fills: db.prepare('SELECT position_id, source, state_id FROM fills ORDER BY id').all() as FillDb[],
      states: db.prepare('SELECT id, day, kind, snapshot_json FROM engine_states ORDER BY id').all() as Array<{ id: number; day: string; kind: string; snapshot_json: string }>,
    };
  } finally {
    db.close();
  }
}

async function bookWithCondor(): Promise<{ home: string; env: Record<string, string> }> {
  const home = tempHome();
  const env = { ALVH_HOME: home };
  const seeded = await runCli(['book', 'import', CONDOR_CSV], env);
  expect(seeded.code, seeded.stderr).toBe(0);
  return { home, env };
}

describe('two writers of one book (real processes started together)', () => {
  it('book accept and book import at once: both changes are in the final book, position ids never repeat', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const { home, env } = await bookWithCondor();
      const hedge = join(home, 'b.csv');
      writeFileSync(hedge, HEDGE_CSV);
      const [accept, imported] = await runTogether([
        { args: ['book', 'accept', '--date', '2018-01-22'], env },
        { args: ['book', 'import', hedge], env },
      ]);
      expect(accept?.code, accept?.stderr).toBe(0);
      expect(imported?.code, imported?.stderr).toBe(0);
      const { fills, states } = readBook(join(home, 'book.sqlite'));
      const last = JSON.parse(states[states.length - 1]?.snapshot_json ?? '{}') as { book: { positions: Array<{ id: string; group: string }> } };
      // The imported hedge survives whichever process wrote last.
      expect(last.book.positions.some((p) => p.group === 'hedge-x')).toBe(true);
      // The accept's trades (4 on this day) are stored once.
      expect(fills.filter((f) => f.source === 'accept')).toHaveLength(4);
      const opened = fills.filter((f) => f.source !== 'accept' || !fills.some((g) => g.position_id === f.position_id && g.state_id < f.state_id));
      const openIds = opened.map((f) => f.position_id);
      expect(new Set(openIds).size).toBe(openIds.length);
    }
  }, 120_000);

  it('two book accept of one day at once: one succeeds, the other says the day is already accepted; 4 fills, not 8', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const { home, env } = await bookWithCondor();
      const runs = await runTogether([
        { args: ['book', 'accept', '--date', '2018-01-22'], env },
        { args: ['book', 'accept', '--date', '2018-01-22'], env },
      ]);
      expect(runs.map((r) => r.code).sort()).toEqual([0, 1]);
      expect(runs.find((r) => r.code === 1)?.stderr).toMatch(/^alvh: 2018-01-22 is already accepted\n$/);
      const { fills, states } = readBook(join(home, 'book.sqlite'));
      expect(states.filter((s) => s.kind === 'accept' && s.day === '2018-01-22')).toHaveLength(1);
      expect(fills.filter((f) => f.source === 'accept')).toHaveLength(4);
    }
  }, 120_000);
});

/** A Cboe VIX history file of the given rows (days after the bundled data, which ends 2026-08-21). */
function vixFile(dir: string, name: string, rows: string[]): string {
  const path = join(dir, name);
  writeFileSync(path, ['DATE,OPEN,HIGH,LOW,CLOSE', ...rows].join('\n') + '\n');
  return path;
}

describe('two writers of one data store (real processes started together)', () => {
  it('two data import of VIX files with different days: every row of both files is stored', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const home = tempHome();
      const env = { ALVH_HOME: home };
      const a = vixFile(home, 'VIX_History.csv', ['08/24/2026,15.10,15.90,14.80,15.20', '08/25/2026,15.20,16.00,15.00,15.70']);
      const b = vixFile(home, 'VIX_b.csv', ['08/26/2026,15.70,16.40,15.50,16.10', '08/27/2026,16.10,16.50,15.60,15.80']);
      const runs = await runTogether([
        { args: ['data', 'import', a], env },
        { args: ['data', 'import', b, '--series', 'vix'], env },
      ]);
      for (const r of runs) expect(r.code, r.stderr).toBe(0);
      const overlay = readFileSync(join(home, 'overlay', 'index-vix.csv'), 'utf8');
      for (const day of ['2026-08-24', '2026-08-25', '2026-08-26', '2026-08-27']) expect(overlay).toContain(day);
    }
  }, 120_000);

  it('two data import that disagree on a day, without --replace: one is stored, the other is refused as a conflict', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const home = tempHome();
      const env = { ALVH_HOME: home };
      const a = vixFile(home, 'VIX_History.csv', ['08/24/2026,15.10,15.90,14.80,15.20']);
      const b = vixFile(home, 'VIX_b.csv', ['08/24/2026,15.10,15.90,14.80,15.60']);
      const runs = await runTogether([
        { args: ['data', 'import', a], env },
        { args: ['data', 'import', b, '--series', 'vix'], env },
      ]);
      expect(runs.map((r) => r.code).sort()).toEqual([0, 1]);
      expect(runs.find((r) => r.code === 1)?.stderr).toMatch(/2026-08-24: close 15\.\d+ differs from the stored close 15\.\d+ \(use --replace to overwrite\)/);
    }
  }, 120_000);
});
