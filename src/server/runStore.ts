/**
 * Backtest runs kept in a SQLite file beside the user's data, so a run's permalink still answers after
 * the server restarts. A run is written when it starts and again when it ends (its digest with it);
 * a run the server was still computing when it stopped is marked as such on the next start.
 */
import Database from 'better-sqlite3';
import type { BacktestDigest } from './backtestDigest.js';
import type { BacktestStatus } from './schemas.js';

export interface StoredRun {
  readonly id: string;
  readonly presets: readonly string[];
  readonly fromIso: string;
  readonly toIso: string | null;
  readonly createdAt: string;
  readonly status: BacktestStatus;
  readonly message: string | null;
  readonly digest: BacktestDigest | null;
}

export type RunListing = Omit<StoredRun, 'digest'>;

/** Wait this long for another process holding the file, milliseconds. */
const RUN_STORE_BUSY_TIMEOUT_MS = 5000;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS backtest_runs (
  id TEXT PRIMARY KEY,
  presets TEXT NOT NULL,
  from_iso TEXT NOT NULL,
  to_iso TEXT,
  created_at TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('running', 'done', 'error', 'cancelled')),
  message TEXT,
  digest TEXT
);
CREATE INDEX IF NOT EXISTS backtest_runs_created ON backtest_runs (created_at);
`;

interface Row {
  id: string;
  presets: string;
  from_iso: string;
  to_iso: string | null;
  created_at: string;
  status: BacktestStatus;
  message: string | null;
  digest: string | null;
}

export class RunStore {
  private readonly db: Database.Database;

  constructor(path: string) {
    this.db = new Database(path, { timeout: RUN_STORE_BUSY_TIMEOUT_MS });
    this.db.pragma('journal_mode = WAL');
    this.db.exec(SCHEMA);
    // Runs left 'running' by a server that stopped have no thread any more.
    this.db.prepare(`UPDATE backtest_runs SET status = 'error', message = 'the server stopped while this run was computed' WHERE status = 'running'`).run();
  }

  started(run: Omit<StoredRun, 'status' | 'message' | 'digest'>): void {
    this.db
      .prepare(`INSERT INTO backtest_runs (id, presets, from_iso, to_iso, created_at, status) VALUES (?, ?, ?, ?, ?, 'running')`)
      .run(run.id, JSON.stringify(run.presets), run.fromIso, run.toIso, run.createdAt);
  }

  finished(id: string, status: Exclude<BacktestStatus, 'running'>, message: string | null, digest: BacktestDigest | null): void {
    this.db.prepare(`UPDATE backtest_runs SET status = ?, message = ?, digest = ? WHERE id = ?`).run(status, message, digest === null ? null : JSON.stringify(digest), id);
  }

  get(id: string): StoredRun | undefined {
    const row = this.db.prepare(`SELECT * FROM backtest_runs WHERE id = ?`).get(id) as Row | undefined;
    return row === undefined ? undefined : { ...listing(row), digest: row.digest === null ? null : (JSON.parse(row.digest) as BacktestDigest) };
  }

  /** The newest runs first, without their digests. */
  list(limit: number): RunListing[] {
    const rows = this.db.prepare(`SELECT id, presets, from_iso, to_iso, created_at, status, message FROM backtest_runs ORDER BY created_at DESC, id LIMIT ?`).all(limit) as Row[];
    return rows.map(listing);
  }

  /** Drops the oldest finished runs beyond `keep`. */
  prune(keep: number): void {
    this.db.prepare(`DELETE FROM backtest_runs WHERE status != 'running' AND id NOT IN (SELECT id FROM backtest_runs ORDER BY created_at DESC, id LIMIT ?)`).run(keep);
  }

  close(): void {
    this.db.close();
  }
}

function listing(row: Row): RunListing {
  return { id: row.id, presets: JSON.parse(row.presets) as string[], fromIso: row.from_iso, toIso: row.to_iso, createdAt: row.created_at, status: row.status, message: row.message };
}
