/**
 * The one interface through which alvh reads and changes its market data: the bundled snapshot (read
 * only, in memory) plus a user overlay directory that imports and updates write to.
 *
 * Overlap policy: a day (for VIX futures a day and contract, for events a day and kind) that the
 * store does not have yet is appended; one it has with the same values is accepted unchanged; one it
 * has with a different value is an error unless `replace` is set, in which case the new value wins
 * (updates may instead keep the stored value, see `keepStoredOnConflict`).
 * Writes are all or nothing: every dataset is validated first, then each overlay file is written to a
 * temporary file and renamed over the old one, so a failure leaves the store byte-for-byte as it was.
 */
import type { DataFileIssue } from '../csv/csvText.js';
import type { BreadthRow, Dataset, EventRecord, IndexRecord, RateQuoteName, RateRecord, VxRecord } from '../records.js';
import type { IndexSeriesName } from '../../history/types.js';
import type { EventCoverage, MonthlyDividendYield } from '../../history/memoryHistory.js';
import type { Result } from '../../lib/result.js';

export interface StoreContents {
  readonly index: ReadonlyMap<IndexSeriesName, readonly IndexRecord[]>;
  readonly vxFutures: readonly VxRecord[];
  readonly rates: ReadonlyMap<RateQuoteName, readonly RateRecord[]>;
  readonly events: readonly EventRecord[];
  readonly eventCoverage: readonly EventCoverage[];
  readonly breadth: readonly BreadthRow[];
  readonly dividendYield: MonthlyDividendYield;
  /** Rows the bundled loader dropped under a documented policy (outliers, high < low). */
  readonly warnings: readonly string[];
  /** sha256 over the bytes of every bundled and overlay file read. */
  readonly dataVersion: string;
  /** Keys of the datasets that have a user overlay (see `datasetKey`). */
  readonly overlayKeys: readonly string[];
}

export interface ApplyOptions {
  /** Let a new value replace a different existing value for the same day. */
  readonly replace: boolean;
  /**
   * Without `replace`: keep the stored value instead of refusing the whole dataset (used by updates,
   * whose sources revise and round differently). Such rows are counted in `keptStored`.
   */
  readonly keepStoredOnConflict?: boolean;
}

export interface DatasetChange {
  readonly key: string;
  readonly added: number;
  readonly replaced: number;
  readonly unchanged: number;
  /** Rows whose differing stored value was kept (only with `keepStoredOnConflict`). */
  readonly keptStored: number;
}

/** Same-day values that differ from the stored ones (without `replace`). */
export interface ApplyError {
  readonly kind: 'conflict';
  readonly key: string;
  readonly issues: readonly DataFileIssue[];
}

export interface MarketDataStore {
  /** Folder of the persisted user overlay. */
  readonly userDir: string;
  contents(): StoreContents;
  /**
   * Merges `datasets` into the overlay: all of them or none. `file` names the input in conflict
   * messages. On success the in-memory contents are reloaded.
   */
  apply(datasets: readonly Dataset[], file: string, options: ApplyOptions): Promise<Result<readonly DatasetChange[], ApplyError>>;
}
