/**
 * The dashboard's sweep runs kept in its SQLite file (beside the backtest runs), so a sweep's page
 * still answers after a restart: its spec, its plan, its status, its latest progress and best
 * variants. The variants' results themselves live in the sweep results database (DuckDB); this is
 * the dashboard's record of who asked for what. A sweep the server was running when it stopped is
 * marked interrupted on the next start, and can be resumed from its stored spec.
 */
import Database from 'better-sqlite3';
import type { SweepPlan, SweepProgress, SweepStatus, SweepTopRow, SweepVerdict } from './sweepSchemas.js';

export interface StoredSweep {
  readonly id: string;
  readonly bundled: string | null;
  /** The spec as sent (before defaults), JSON. */
  readonly specJson: string;
  readonly plan: SweepPlan;
  readonly createdAt: string;
  readonly status: SweepStatus;
  readonly message: string | null;
  readonly finishedAt: string | null;
  readonly progress: SweepProgress | null;
  readonly top: readonly SweepTopRow[];
  /** The finished sweep's verdict; null before it is done (and in a record from before verdicts were kept). */
  readonly verdict: SweepVerdict | null;
}

/** Wait this long for another process holding the file, milliseconds. */
const SWEEP_STORE_BUSY_TIMEOUT_MS = 5000;

export const INTERRUPTED_MESSAGE = 'the server stopped while this sweep ran; resume it to run the variants still missing';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS sweep_runs (
  id TEXT PRIMARY KEY,
  bundled TEXT,
  spec_json TEXT NOT NULL,
  plan_json TEXT NOT NULL,
  created_at TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('running', 'done', 'error', 'cancelled', 'interrupted')),
  message TEXT,
  finished_at TEXT,
  progress_json TEXT,
  top_json TEXT NOT NULL DEFAULT '[]',
  verdict_json TEXT
);
CREATE INDEX IF NOT EXISTS sweep_runs_created ON sweep_runs (created_at);
`;

interface Row {
  id: string;
  bundled: string | null;
  spec_json: string;
  plan_json: string;
  created_at: string;
  status: SweepStatus;
  message: string | null;
  finished_at: string | null;
  progress_json: string | null;
  top_json: string;
  verdict_json: string | null;
}

export class SweepStore {
  private readonly db: Database.Database;

  constructor(path: string) {
    this.db = new Database(path, { timeout: SWEEP_STORE_BUSY_TIMEOUT_MS });
    this.db.pragma('journal_mode = WAL');
    this.db.exec(SCHEMA);
    // A record from before verdicts were kept gains the column (its sweeps: no verdict). Checked and
    // added in one write transaction, so a second server opening the file at once does not add it twice.
    this.db
      .transaction(() => {
        const columns = this.db.prepare(`SELECT name FROM pragma_table_info('sweep_runs')`).all() as Array<{ name: string }>;
        if (!columns.some((c) => c.name === 'verdict_json')) this.db.exec(`ALTER TABLE sweep_runs ADD COLUMN verdict_json TEXT`);
      })
      .immediate();
    // Sweeps left 'running' by a server that stopped have no worker any more.
    this.db.prepare(`UPDATE sweep_runs SET status = 'interrupted', message = ? WHERE status = 'running'`).run(INTERRUPTED_MESSAGE);
  }

  started(run: { id: string; bundled: string | null; specJson: string; plan: SweepPlan; createdAt: string }): void {
    this.db
      .prepare(`INSERT INTO sweep_runs (id, bundled, spec_json, plan_json, created_at, status) VALUES (?, ?, ?, ?, ?, 'running')`)
      .run(run.id, run.bundled, run.specJson, JSON.stringify(run.plan), run.createdAt);
  }

  /** A stopped sweep running again (resumed): its progress starts over, its best variants stay until the new run's arrive, its verdict goes. */
  resumed(id: string): void {
    this.db.prepare(`UPDATE sweep_runs SET status = 'running', message = NULL, finished_at = NULL, verdict_json = NULL WHERE id = ?`).run(id);
  }

  progress(id: string, progress: SweepProgress, top: readonly SweepTopRow[]): void {
    this.db.prepare(`UPDATE sweep_runs SET progress_json = ?, top_json = ? WHERE id = ?`).run(JSON.stringify(progress), JSON.stringify(top), id);
  }

  verdict(id: string, verdict: SweepVerdict): void {
    this.db.prepare(`UPDATE sweep_runs SET verdict_json = ? WHERE id = ?`).run(JSON.stringify(verdict), id);
  }

  finished(id: string, status: Exclude<SweepStatus, 'running'>, message: string | null, finishedAt: string): void {
    this.db.prepare(`UPDATE sweep_runs SET status = ?, message = ?, finished_at = ? WHERE id = ?`).run(status, message, finishedAt, id);
  }

  get(id: string): StoredSweep | undefined {
    const row = this.db.prepare(`SELECT * FROM sweep_runs WHERE id = ?`).get(id) as Row | undefined;
    return row === undefined ? undefined : stored(row);
  }

  /** The newest sweeps first. */
  list(limit: number): StoredSweep[] {
    return (this.db.prepare(`SELECT * FROM sweep_runs ORDER BY created_at DESC, id LIMIT ?`).all(limit) as Row[]).map(stored);
  }

  /** Drops the oldest stopped sweeps beyond `keep`; returns their ids (their report folders can go too). */
  prune(keep: number): string[] {
    const gone = this.db
      .prepare(`SELECT id FROM sweep_runs WHERE status != 'running' AND id NOT IN (SELECT id FROM sweep_runs ORDER BY created_at DESC, id LIMIT ?)`)
      .all(keep) as Array<{ id: string }>;
    const remove = this.db.prepare(`DELETE FROM sweep_runs WHERE id = ?`);
    for (const { id } of gone) remove.run(id);
    return gone.map((g) => g.id);
  }

  close(): void {
    this.db.close();
  }
}

function stored(row: Row): StoredSweep {
  return {
    id: row.id,
    bundled: row.bundled,
    specJson: row.spec_json,
    plan: JSON.parse(row.plan_json) as SweepPlan,
    createdAt: row.created_at,
    status: row.status,
    message: row.message,
    finishedAt: row.finished_at,
    progress: row.progress_json === null ? null : (JSON.parse(row.progress_json) as SweepProgress),
    // A row stored before the table said which variants repeat another's result says nothing of it.
    top: (JSON.parse(row.top_json) as (Omit<SweepTopRow, 'sameResultAsRank'> & { sameResultAsRank?: number | null })[]).map((t) => ({ ...t, sameResultAsRank: t.sameResultAsRank ?? null })),
    verdict: row.verdict_json === null ? null : (JSON.parse(row.verdict_json) as SweepVerdict),
  };
}
