import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { BacktestDigest } from './backtestDigest.js';
import { RunStore } from './runStore.js';

const dir = mkdtempSync(join(tmpdir(), 'alvh-runstore-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const digest: BacktestDigest = {
  period: { from: '2018-01-02', to: '2018-01-05', endReason: 'the requested end' },
  summaries: [],
  claims: [],
  equity: { a: [['2018-01-02', 1_000_000, 0], ['2018-01-05', 990_000, -0.01]] },
  hedgeByLayer: { a: {} },
  windows: { a: [] },
  decisions: { a: [{ date: '2018-01-02', action: 'enter-condor', rule: 'entry', reason: 'why', group: null, figures: { x: 1 } }] },
  benchmarks: { SPX: [['2018-01-02', 1_000_000]] },
};
const run = (id: string, createdAt: string) => ({ id, presets: ['alvh-ladder'], fromIso: '2018-01-02', toIso: null, createdAt });

describe('RunStore', () => {
  it('keeps a run from start to its digest, and gives it back byte for byte after the file is reopened', () => {
    const path = join(dir, 'a.sqlite');
    const store = new RunStore(path);
    store.started(run('r1', '2026-11-20T08:00:00.000Z'));
    expect(store.get('r1')).toMatchObject({ status: 'running', digest: null, toIso: null });
    store.finished('r1', 'done', null, digest);
    store.close();
    const reopened = new RunStore(path);
    expect(reopened.get('r1')).toEqual({ ...run('r1', '2026-11-20T08:00:00.000Z'), status: 'done', message: null, digest });
    expect(reopened.get('nope')).toBeUndefined();
    reopened.close();
  });

  it('marks a run still running when the server stopped as failed on the next start', () => {
    const path = join(dir, 'b.sqlite');
    const store = new RunStore(path);
    store.started(run('r1', '2026-11-20T08:00:00.000Z'));
    store.close();
    const reopened = new RunStore(path);
    expect(reopened.get('r1')).toMatchObject({ status: 'error', message: 'the server stopped while this run was computed' });
    reopened.close();
  });

  it('lists the newest first without digests and prunes the oldest finished runs', () => {
    const store = new RunStore(join(dir, 'c.sqlite'));
    for (const [i, at] of ['08:00', '09:00', '10:00'].entries()) {
      store.started(run(`r${i}`, `2026-11-20T${at}:00.000Z`));
      store.finished(`r${i}`, 'done', null, digest);
    }
    store.started(run('live', '2026-11-20T07:00:00.000Z'));
    expect(store.list(10).map((r) => r.id)).toEqual(['r2', 'r1', 'r0', 'live']);
    expect(store.list(10)[0]).not.toHaveProperty('digest');
    store.prune(2);
    // The two newest are kept, and a running run is never pruned.
    expect(store.list(10).map((r) => r.id)).toEqual(['r2', 'r1', 'live']);
    store.close();
  });
});
