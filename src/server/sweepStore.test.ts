import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SweepStore } from './sweepStore.js';
import type { SweepPlan, SweepTopRow } from './sweepSchemas.js';

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
});
