/**
 * The user's book on disk: one SQLite file (WAL, so a CLI and a server can read and write it at once)
 * holding the fills the user made, the engine state after each change, and the journal of every
 * signal issued. Every multi-row write is one transaction, so a process killed mid-write leaves
 * either the whole change or none of it.
 *
 * This module imports nothing from the project on purpose: tests run it in a child process that is
 * killed mid-write, compiled on its own.
 */
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** How long a writer waits for another process's lock before giving up, milliseconds. */
export const BOOK_BUSY_TIMEOUT_MS = 10_000;

export type FillRole = 'condor' | 'hedge';
export type FillUnderlying = 'SPX' | 'VIX';
export type FillInstrument = 'call' | 'put' | 'future';
export type FillSettlement = 'AM' | 'PM';
/** Where a fill came from: typed by the user, a CSV import, an accepted signal, or a close. */
export type FillSource = 'add' | 'import' | 'accept' | 'close';
/** An edit changes the book by hand; an accept takes a day's recommendations. */
export type StateKind = 'edit' | 'accept';

export interface FillRow {
  /** The engine's position id the fill opened or closed. */
  readonly positionId: string;
  readonly group: string;
  readonly role: FillRole;
  readonly leg: string;
  readonly underlying: FillUnderlying;
  readonly type: FillInstrument;
  /** Option strike, index points; 0 for a future. */
  readonly strike: number;
  readonly expiryIso: string;
  readonly settlement: FillSettlement;
  /** Signed contracts traded: positive bought, negative sold. */
  readonly quantity: number;
  /** Fill price per unit, index points. */
  readonly pricePoints: number;
  readonly feesUsd: number;
  readonly dayIso: string;
  readonly source: FillSource;
}

export interface StoredFill extends FillRow {
  readonly id: number;
  readonly stateId: number;
}

export interface EngineStateRow {
  readonly id: number;
  readonly dayIso: string;
  readonly kind: StateKind;
  readonly preset: string;
  /** The engine's state snapshot as JSON text (kept as text so it round-trips byte for byte). */
  readonly snapshotJson: string;
  readonly dataVersion: string;
  readonly configHash: string;
  readonly note: string;
}

export interface JournalRow {
  readonly dayIso: string;
  readonly dataVersion: string;
  readonly configHash: string;
  /** The engine state the signal started from; 0 when the book was empty. */
  readonly baseStateId: number;
  readonly alvhVersion: string;
  /** The fingerprint of the code that computed the signal (wholeCodeFingerprint); '' for entries from before it was recorded. */
  readonly codeVersion: string;
  readonly signalJson: string;
}

/** Migrations in order; `PRAGMA user_version` counts how many have run. */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE engine_states (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     day TEXT NOT NULL,
     kind TEXT NOT NULL CHECK (kind IN ('edit', 'accept')),
     preset TEXT NOT NULL,
     snapshot_json TEXT NOT NULL,
     data_version TEXT NOT NULL,
     config_hash TEXT NOT NULL,
     note TEXT NOT NULL
   );
   CREATE INDEX engine_states_by_day ON engine_states (day, id);
   CREATE TABLE fills (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     state_id INTEGER NOT NULL REFERENCES engine_states (id),
     position_id TEXT NOT NULL,
     grp TEXT NOT NULL,
     role TEXT NOT NULL CHECK (role IN ('condor', 'hedge')),
     leg TEXT NOT NULL,
     underlying TEXT NOT NULL CHECK (underlying IN ('SPX', 'VIX')),
     type TEXT NOT NULL CHECK (type IN ('call', 'put', 'future')),
     strike REAL NOT NULL,
     expiry TEXT NOT NULL,
     settlement TEXT NOT NULL CHECK (settlement IN ('AM', 'PM')),
     quantity REAL NOT NULL CHECK (quantity <> 0),
     price REAL NOT NULL,
     fees_usd REAL NOT NULL,
     day TEXT NOT NULL,
     source TEXT NOT NULL CHECK (source IN ('add', 'import', 'accept', 'close'))
   );
   CREATE INDEX fills_by_position ON fills (position_id);
   CREATE TABLE signal_journal (
     day TEXT NOT NULL,
     data_version TEXT NOT NULL,
     config_hash TEXT NOT NULL,
     base_state_id INTEGER NOT NULL,
     alvh_version TEXT NOT NULL,
     signal_json TEXT NOT NULL,
     PRIMARY KEY (day, data_version, config_hash, base_state_id)
   );`,
  // A journalled signal is keyed by the code that computed it too, so that a signal recomputed by
  // another build (a changed rule or model) is stored beside the earlier one and reported as changed,
  // instead of being refused as irreproducible. Entries from before carry code '' (not recorded).
  `CREATE TABLE signal_journal_by_code (
     day TEXT NOT NULL,
     data_version TEXT NOT NULL,
     config_hash TEXT NOT NULL,
     base_state_id INTEGER NOT NULL,
     alvh_version TEXT NOT NULL,
     code_version TEXT NOT NULL,
     signal_json TEXT NOT NULL,
     PRIMARY KEY (day, data_version, config_hash, base_state_id, code_version)
   );
   INSERT INTO signal_journal_by_code (day, data_version, config_hash, base_state_id, alvh_version, code_version, signal_json)
     SELECT day, data_version, config_hash, base_state_id, alvh_version, '', signal_json FROM signal_journal;
   DROP TABLE signal_journal;
   ALTER TABLE signal_journal_by_code RENAME TO signal_journal;`,
  // The strategy config each state was made under, by its hash: a book that follows a config file (a
  // sweep variant's) keeps the rules it runs, so a later command needs no --config. A state from
  // before has no row here, and its strategy must be named again.
  `CREATE TABLE strategy_configs (
     config_hash TEXT PRIMARY KEY,
     name TEXT NOT NULL,
     config_json TEXT NOT NULL
   );`,
];

export class BookStoreError extends Error {
  override name = 'BookStoreError';
}

/** SQLite result codes that mean the disk (or the file system under the book) cannot take the write. */
const DISK_FULL_CODES = new Set(['SQLITE_FULL', 'SQLITE_IOERR_WRITE', 'SQLITE_IOERR_FSYNC', 'SQLITE_IOERR_SHMSIZE', 'SQLITE_IOERR_TRUNCATE']);

/**
 * SQLite's own errors as one line naming the book and what to do: a busy book (another writer held
 * it past the wait), a full disk, a file that is not a book. Other errors pass through unchanged.
 */
export function explainSqliteError(path: string, error: unknown): unknown {
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'string' || !code.startsWith('SQLITE_')) return error;
  const message = (error as Error).message;
  if (code === 'SQLITE_BUSY' || code.startsWith('SQLITE_BUSY_') || code === 'SQLITE_LOCKED') {
    return new BookStoreError(`${path}: another alvh process is writing the book and held it longer than ${BOOK_BUSY_TIMEOUT_MS / 1000} s; nothing was changed, run the command again when it is done`);
  }
  if (DISK_FULL_CODES.has(code) || code.startsWith('SQLITE_IOERR')) {
    return new BookStoreError(`${path}: the disk cannot take the write (${code}: ${message}); nothing was changed, free some space and run the command again`);
  }
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') return new BookStoreError(`${path} is not an alvh book (${message}): pass --book a new or existing book file`);
  if (code === 'SQLITE_CANTOPEN' || code === 'SQLITE_READONLY' || code.startsWith('SQLITE_READONLY_') || code.startsWith('SQLITE_CANTOPEN_')) {
    return new BookStoreError(`${path}: cannot write the book (${code}: ${message}): pass --book a file in a writable folder`);
  }
  return new BookStoreError(`${path}: ${code}: ${message}`);
}

interface StateDbRow {
  id: number;
  day: string;
  kind: StateKind;
  preset: string;
  snapshot_json: string;
  data_version: string;
  config_hash: string;
  note: string;
}

/** The 16 bytes every SQLite database file starts with. */
const SQLITE_HEADER = 'SQLite format 3\0';

function errnoText(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  if (e.code === 'ENOTDIR') return 'a part of the path is a file, not a folder';
  if (e.code === 'EACCES' || e.code === 'EPERM') return 'permission denied';
  if (e.code === 'EROFS') return 'the file system is read-only';
  if (e.code === 'ENOSPC') return 'the disk is full';
  if (e.code === 'ENOENT') return 'the folder cannot be created here (a virtual file system such as /proc?)';
  return e.code ?? e.message;
}

/**
 * Refuses, before SQLite sees it, a path that cannot hold a book: a device or folder, a file that is
 * not an SQLite database, a folder that cannot be created. Missing parent folders are created one
 * level at a time: Node's recursive mkdir spins forever under /proc. (This module stays free of
 * project imports, so the loop is here rather than in lib/directories.)
 */
function checkBookPath(path: string): void {
  const levels: string[] = [];
  for (let dir = dirname(resolve(path)); ; dir = dirname(dir)) {
    levels.unshift(dir);
    if (dirname(dir) === dir) break;
  }
  for (const dir of levels) {
    let isDirectory: boolean | undefined;
    try {
      isDirectory = statSync(dir).isDirectory();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new BookStoreError(`${path}: cannot use the folder ${dir} (${errnoText(error)}): pass --book a file in a writable folder`);
    }
    if (isDirectory === false) throw new BookStoreError(`${path}: ${dir} is a file, not a folder: pass --book a file in a folder`);
    if (isDirectory === undefined) {
      try {
        mkdirSync(dir);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw new BookStoreError(`${path}: cannot create the folder ${dir} (${errnoText(error)}): pass --book a file in a writable folder`);
      }
    }
  }
  let size: number;
  try {
    const st = statSync(path);
    if (!st.isFile()) throw new BookStoreError(`${path} is not a regular file (a folder or a device): pass --book a new or existing book file`);
    size = st.size;
  } catch (error) {
    if (error instanceof BookStoreError) throw error;
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw new BookStoreError(`${path}: cannot read the book (${errnoText(error)})`);
  }
  if (size === 0) return;
  const header = Buffer.alloc(SQLITE_HEADER.length);
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    readSync(fd, header, 0, header.length, 0);
  } catch (error) {
    throw new BookStoreError(`${path}: cannot read the book (${errnoText(error)})`);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  if (header.toString('latin1') !== SQLITE_HEADER) throw new BookStoreError(`${path} is not an alvh book (not an SQLite database): pass --book a new or existing book file`);
}

function stateFromDb(r: StateDbRow): EngineStateRow {
  return { id: r.id, dayIso: r.day, kind: r.kind, preset: r.preset, snapshotJson: r.snapshot_json, dataVersion: r.data_version, configHash: r.config_hash, note: r.note };
}

export class BookStore {
  private constructor(
    private readonly db: Database.Database,
    /** The file the book lives in, for messages. */
    readonly path: string,
  ) {}

  /** Opens (creating when missing) the book at `path` and brings its schema up to date. */
  static open(path: string): BookStore {
    if (path !== ':memory:') checkBookPath(path);
    let db: Database.Database;
    try {
      db = new Database(path, { timeout: BOOK_BUSY_TIMEOUT_MS });
    } catch (error) {
      throw new BookStoreError(`${path}: cannot open the book (${(error as Error).message})`);
    }
    try {
      db.pragma('journal_mode = WAL');
      // FULL: a commit survives power loss, not just a killed process; the book is small and written rarely.
      db.pragma('synchronous = FULL');
      db.pragma('foreign_keys = ON');
      const store = new BookStore(db, path);
      store.migrate(path);
      return store;
    } catch (error) {
      db.close();
      throw error instanceof BookStoreError ? error : explainSqliteError(path, error);
    }
  }

  /**
   * Runs `body` as one write transaction that holds the book's write lock from its first statement
   * (BEGIN IMMEDIATE): a read of the latest state inside `body` is the state the write builds on,
   * since no other process can commit in between. A second writer waits up to
   * BOOK_BUSY_TIMEOUT_MS for the lock, then gets a BookStoreError saying so. A throw rolls back
   * everything `body` wrote, journal entries included.
   */
  write<T>(body: () => T): T {
    try {
      return this.db.transaction(body).immediate();
    } catch (error) {
      throw explainSqliteError(this.path, error);
    }
  }

  private migrate(path: string): void {
    const version = this.db.pragma('user_version', { simple: true }) as number;
    if (version > MIGRATIONS.length) throw new BookStoreError(`${path}: the book has schema version ${version}, newer than this alvh (${MIGRATIONS.length}); upgrade alvh`);
    for (let v = version; v < MIGRATIONS.length; v++) {
      // BEGIN IMMEDIATE: two processes opening a new book at once must not both run a migration.
      this.db.transaction(() => {
        const now = this.db.pragma('user_version', { simple: true }) as number;
        if (now !== v) return;
        this.db.exec(MIGRATIONS[v] as string);
        this.db.pragma(`user_version = ${v + 1}`);
      }).immediate();
    }
  }

  close(): void {
    this.db.close();
  }

  schemaVersion(): number {
    return this.db.pragma('user_version', { simple: true }) as number;
  }

  /** `ok` when SQLite finds the file sound, else its list of problems. */
  integrityCheck(): string {
    const rows = this.db.pragma('integrity_check') as Array<{ integrity_check: string }>;
    return rows.map((r) => r.integrity_check).join('\n');
  }

  /**
   * Stores a new engine state and the fills that led to it, in one transaction. Returns the state id.
   * `strategy`: the config the state was made under, as the JSON text whose SHA-256 is the state's
   * `configHash` (a mismatch is refused); kept once per hash, so a later command can follow it.
   */
  appendState(state: Omit<EngineStateRow, 'id'>, fills: readonly FillRow[], strategy?: { readonly configJson: string }): number {
    if (strategy !== undefined && createHash('sha256').update(strategy.configJson).digest('hex') !== state.configHash) {
      throw new BookStoreError(`${this.path}: the strategy config given with the state is not the one its hash ${state.configHash.slice(0, 12)} names; nothing was written`);
    }
    // The text given matches its hash, so it replaces whatever is stored under it: the same text, or a
    // row edited by hand, which a command that names its strategy repairs this way.
    const insertConfig = this.db.prepare(
      'INSERT INTO strategy_configs (config_hash, name, config_json) VALUES (?, ?, ?) ON CONFLICT (config_hash) DO UPDATE SET name = excluded.name, config_json = excluded.config_json',
    );
    const insertState = this.db.prepare(
      'INSERT INTO engine_states (day, kind, preset, snapshot_json, data_version, config_hash, note) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    const insertFill = this.db.prepare(
      `INSERT INTO fills (state_id, position_id, grp, role, leg, underlying, type, strike, expiry, settlement, quantity, price, fees_usd, day, source)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    return this.write(() => {
        const info = insertState.run(state.dayIso, state.kind, state.preset, state.snapshotJson, state.dataVersion, state.configHash, state.note);
        if (strategy !== undefined) insertConfig.run(state.configHash, state.preset, strategy.configJson);
        const id = Number(info.lastInsertRowid);
        for (const f of fills) {
          insertFill.run(id, f.positionId, f.group, f.role, f.leg, f.underlying, f.type, f.strike, f.expiryIso, f.settlement, f.quantity, f.pricePoints, f.feesUsd, f.dayIso, f.source);
        }
        return id;
      });
  }

  /**
   * The strategy config stored under `configHash` (JSON text whose SHA-256 is that hash), or undefined
   * when the book has none: a state written before configs were kept. A stored text that no longer
   * matches its hash is refused: the file was edited by hand or damaged.
   */
  strategyConfigJson(configHash: string): string | undefined {
    const row = this.db.prepare('SELECT config_json FROM strategy_configs WHERE config_hash = ?').get(configHash) as { config_json: string } | undefined;
    if (row === undefined) return undefined;
    if (createHash('sha256').update(row.config_json).digest('hex') !== configHash) {
      throw new BookStoreError(`${this.path}: the stored strategy config ${configHash.slice(0, 12)} does not match its hash (edited by hand or damaged): pass the strategy with --config FILE or --preset NAME`);
    }
    return row.config_json;
  }

  /**
   * The latest state on or before `dayIso` (ties: the last written). `excludeAcceptOnIso` leaves out
   * that day's accept and every state written on that day after it (an edit or a strategy switch made
   * on the accepted state): what is left is the state the day's signal was issued from.
   */
  latestState(options: { onOrBeforeIso?: string; beforeIso?: string; excludeAcceptOnIso?: string } = {}): EngineStateRow | undefined {
    const where: string[] = [];
    const args: string[] = [];
    if (options.onOrBeforeIso !== undefined) {
      where.push('day <= ?');
      args.push(options.onOrBeforeIso);
    }
    if (options.beforeIso !== undefined) {
      where.push('day < ?');
      args.push(options.beforeIso);
    }
    if (options.excludeAcceptOnIso !== undefined) {
      where.push("NOT (day = ? AND id >= COALESCE((SELECT MIN(id) FROM engine_states WHERE day = ? AND kind = 'accept'), id + 1))");
      args.push(options.excludeAcceptOnIso, options.excludeAcceptOnIso);
    }
    const sql = `SELECT * FROM engine_states ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY day DESC, id DESC LIMIT 1`;
    const row = this.db.prepare(sql).get(...args) as StateDbRow | undefined;
    return row ? stateFromDb(row) : undefined;
  }

  /** The accept stored for `dayIso`, if the day was accepted (a day is accepted once). */
  acceptOn(dayIso: string): EngineStateRow | undefined {
    const row = this.db.prepare("SELECT * FROM engine_states WHERE day = ? AND kind = 'accept' ORDER BY id LIMIT 1").get(dayIso) as StateDbRow | undefined;
    return row ? stateFromDb(row) : undefined;
  }

  stateById(id: number): EngineStateRow | undefined {
    const row = this.db.prepare('SELECT * FROM engine_states WHERE id = ?').get(id) as StateDbRow | undefined;
    return row ? stateFromDb(row) : undefined;
  }

  stateCount(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM engine_states').get() as { n: number }).n;
  }

  /** Every fill, oldest first. */
  fills(): StoredFill[] {
    const rows = this.db.prepare('SELECT * FROM fills ORDER BY id').all() as Array<Record<string, string | number>>;
    return rows.map((r) => ({
      id: Number(r.id),
      stateId: Number(r.state_id),
      positionId: String(r.position_id),
      group: String(r.grp),
      role: r.role as FillRole,
      leg: String(r.leg),
      underlying: r.underlying as FillUnderlying,
      type: r.type as FillInstrument,
      strike: Number(r.strike),
      expiryIso: String(r.expiry),
      settlement: r.settlement as FillSettlement,
      quantity: Number(r.quantity),
      pricePoints: Number(r.price),
      feesUsd: Number(r.fees_usd),
      dayIso: String(r.day),
      source: r.source as FillSource,
    }));
  }

  /**
   * Journals a signal; a second identical entry from the same code is ignored, a different one is
   * refused (the same code, data, config and book state must give the same signal).
   */
  journalSignal(entry: JournalRow): void {
    this.write(() => {
      const existing = this.journalEntry(entry.dayIso, entry.dataVersion, entry.configHash, entry.baseStateId, entry.codeVersion);
      if (existing) {
        if (existing.signalJson !== entry.signalJson) {
          throw new BookStoreError(`the journal already holds a different signal for ${entry.dayIso} with the same data, config, book state and code`);
        }
        return;
      }
      this.db
        .prepare('INSERT INTO signal_journal (day, data_version, config_hash, base_state_id, alvh_version, code_version, signal_json) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(entry.dayIso, entry.dataVersion, entry.configHash, entry.baseStateId, entry.alvhVersion, entry.codeVersion, entry.signalJson);
    });
  }

  /** The signal journalled for the key by the given code, if any. */
  journalEntry(dayIso: string, dataVersion: string, configHash: string, baseStateId: number, codeVersion: string): JournalRow | undefined {
    const row = this.db
      .prepare('SELECT * FROM signal_journal WHERE day = ? AND data_version = ? AND config_hash = ? AND base_state_id = ? AND code_version = ?')
      .get(dayIso, dataVersion, configHash, baseStateId, codeVersion) as Record<string, string | number> | undefined;
    return row ? journalRowOf(row) : undefined;
  }

  /** The latest signal journalled for the key by any code (the one an earlier build issued), if any. */
  latestJournalEntry(dayIso: string, dataVersion: string, configHash: string, baseStateId: number): JournalRow | undefined {
    const row = this.db
      .prepare('SELECT * FROM signal_journal WHERE day = ? AND data_version = ? AND config_hash = ? AND base_state_id = ? ORDER BY rowid DESC LIMIT 1')
      .get(dayIso, dataVersion, configHash, baseStateId) as Record<string, string | number> | undefined;
    return row ? journalRowOf(row) : undefined;
  }

  journalDays(): string[] {
    return (this.db.prepare('SELECT DISTINCT day FROM signal_journal ORDER BY day').all() as Array<{ day: string }>).map((r) => r.day);
  }
}

function journalRowOf(row: Record<string, string | number>): JournalRow {
  return {
    dayIso: String(row.day),
    dataVersion: String(row.data_version),
    configHash: String(row.config_hash),
    baseStateId: Number(row.base_state_id),
    alvhVersion: String(row.alvh_version),
    codeVersion: String(row.code_version),
    signalJson: String(row.signal_json),
  };
}
