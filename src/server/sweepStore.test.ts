import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { SweepStore } from './sweepStore.js';
import type { SweepPlan, SweepTopRow, SweepVerdict } from './sweepSchemas.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('the dashboard\'s record of its sweeps', () => {
  it('reads best-variant rows stored before they named repeated results as repeating nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'alvh-sweep-store-'));
    dirs.push(dir);
    const store = new SweepStore(join(dir, 'dashboard.sqlite'));
    try {
      store.started({ id: 'old', bundled: null, specJson: '{}', plan: {} as SweepPlan, createdAt: '2026-01-02T00:00:00.000Z' });
      const now: SweepTopRow = { rank: 2, key: 'k2', isBaseline: false, values: { x: 1 }, metrics: { sharpeRatio: 0.5 }, sameResultAsRank: 1 };
      // The shape an earlier build wrote: no sameResultAsRank.
      const { sameResultAsRank: _dropped, ...before } = { ...now, rank: 1, key: 'k1' };
      store.progress('old', { total: 2, done: 2, skipped: 0, ran: 2, elapsedMs: 10, etaMs: 0 }, [before as SweepTopRow, now]);
      expect(store.get('old')?.top.map((t) => [t.key, t.sameResultAsRank])).toEqual([
        ['k1', null],
        ['k2', 1],
      ]);
    } finally {
      store.close();
    }
  });

  it('keeps a finished sweep\'s verdict, drops it on a resume, and opens a record from before verdicts were kept', () => {
    const dir = mkdtempSync(join(tmpdir(), 'alvh-sweep-store-'));
    dirs.push(dir);
    const path = join(dir, 'dashboard.sqlite');
    // The table as an earlier build created it: no verdict column.
    const old = new Database(path);
    old.exec(`CREATE TABLE sweep_runs (id TEXT PRIMARY KEY, bundled TEXT, spec_json TEXT NOT NULL, plan_json TEXT NOT NULL, created_at TEXT NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('running', 'done', 'error', 'cancelled', 'interrupted')), message TEXT, finished_at TEXT, progress_json TEXT,
      top_json TEXT NOT NULL DEFAULT '[]')`);
    old.prepare(`INSERT INTO sweep_runs (id, spec_json, plan_json, created_at, status) VALUES ('before', '{}', '{}', '2026-01-01T00:00:00.000Z', 'done')`).run();
    old.close();
    // Two stores open the file: the column is added once.
    const store = new SweepStore(path);
    const second = new SweepStore(path);
    second.close();
    try {
      expect(store.get('before')?.verdict).toBeNull();
      const verdict: SweepVerdict = {
        verdict: 'After deflating for 3 trials the best variant\'s Sharpe ratio is not convincing.',
        variants: 3,
        distinctResults: 2,
        bestKey: 'k1',
        deflatedSharpeRatio: 0.4,
        distinctDeflatedSharpeRatio: 0.45,
        probabilityOfOverfitting: null,
        probabilityOfOosLoss: null,
        walkForwardWindows: 0,
        walkForwardOosReturnFraction: null,
      };
      store.started({ id: 'now', bundled: null, specJson: '{}', plan: {} as SweepPlan, createdAt: '2026-01-02T00:00:00.000Z' });
      store.verdict('now', verdict);
      store.finished('now', 'cancelled', null, '2026-01-02T00:01:00.000Z');
      expect(store.get('now')?.verdict).toEqual(verdict);
      store.resumed('now');
      expect(store.get('now')?.verdict).toBeNull();
    } finally {
      store.close();
    }
  });
});
