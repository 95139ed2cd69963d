/**
 * Where the chain store keeps what (the layout store.ts describes), read with the file system alone:
 * which version is live, its partitions, and which of them can hold a filter's quotes. Kept apart
 * from store.ts, which reads and writes the Parquet files through DuckDB, so that a command can learn
 * that the store is empty (the usual case: most users never import a chain) without loading DuckDB's
 * native module, a fifth of a second of every `alvh signal`.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isoFromDay } from '../time/day.js';
import type { ChainUnderlying } from './types.js';

export const CURRENT_FILE = 'CURRENT';
export const PARTITION_FILE = 'data.parquet';

/** The name of the live version, from CURRENT; undefined for an empty store. */
export function currentVersionName(storeDir: string): string | undefined {
  const path = join(storeDir, CURRENT_FILE);
  if (!existsSync(path)) return undefined;
  const name = readFileSync(path, 'utf8').trim();
  return name === '' ? undefined : name;
}

/** The live version's folder, or undefined for an empty store. */
export function currentVersionDir(storeDir: string): string | undefined {
  const name = currentVersionName(storeDir);
  return name === undefined ? undefined : join(storeDir, 'versions', name);
}

export interface PartitionRef {
  readonly underlying: string;
  readonly month: string;
}

export const partitionKey = (p: PartitionRef) => `${p.underlying}/${p.month}`;
export const partitionDir = (versionDir: string, p: PartitionRef) => join(versionDir, 'quotes', `underlying=${p.underlying}`, `month=${p.month}`);

/** The partitions of a version, in order. */
export function listPartitions(versionDir: string): PartitionRef[] {
  const quotes = join(versionDir, 'quotes');
  if (!existsSync(quotes)) return [];
  const found: PartitionRef[] = [];
  for (const u of readdirSync(quotes).sort()) {
    const underlying = /^underlying=(.+)$/.exec(u)?.[1];
    if (underlying === undefined) continue;
    for (const m of readdirSync(join(quotes, u)).sort()) {
      const month = /^month=(\d{4}-\d{2})$/.exec(m)?.[1];
      if (month !== undefined && existsSync(join(quotes, u, m, PARTITION_FILE))) found.push({ underlying, month });
    }
  }
  return found;
}

export interface ChainQuoteFilter {
  readonly underlying?: ChainUnderlying;
  readonly fromDay?: number;
  readonly toDay?: number;
}

/**
 * The Parquet files of the live version that can hold the filter's quotes (by underlying and quote
 * month), in partition order; none for an empty store. Only these are opened: one day's read touches
 * one file.
 */
export function partitionFilesHolding(storeDir: string, filter: ChainQuoteFilter = {}): string[] {
  const dir = currentVersionDir(storeDir);
  if (dir === undefined) return [];
  const fromMonth = filter.fromDay === undefined ? undefined : isoFromDay(filter.fromDay).slice(0, 7);
  const toMonth = filter.toDay === undefined ? undefined : isoFromDay(filter.toDay).slice(0, 7);
  return listPartitions(dir)
    .filter((p) => (filter.underlying === undefined || p.underlying === filter.underlying) && (fromMonth === undefined || p.month >= fromMonth) && (toMonth === undefined || p.month <= toMonth))
    .map((p) => join(partitionDir(dir, p), PARTITION_FILE));
}
