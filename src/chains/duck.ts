/** A short-lived DuckDB connection for one store operation, closed whatever happens. */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';

/** Two worker threads: imports and reads are I/O-bound, and the machine is usually shared. */
export const DUCKDB_THREADS = 2;

export async function withDuck<T>(tempDirectory: string | undefined, use: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
  const options: Record<string, string> = { threads: String(DUCKDB_THREADS) };
  if (tempDirectory !== undefined) options['temp_directory'] = tempDirectory;
  const instance = await DuckDBInstance.create(':memory:', options);
  const connection = await instance.connect();
  try {
    return await use(connection);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** A single-quoted SQL string literal. */
export function sqlString(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/** Rows of a query as plain JS objects (DATE columns must be selected as day numbers by the caller). */
export async function queryRows(connection: DuckDBConnection, sql: string): Promise<Record<string, unknown>[]> {
  const reader = await connection.runAndReadAll(sql);
  return reader.getRowObjectsJS() as Record<string, unknown>[];
}
