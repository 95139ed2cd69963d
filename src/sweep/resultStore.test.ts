import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { blobValue, DuckDBInstance, type DuckDBValue } from '@duckdb/node-api';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeFloat64, decodeInt32, encodeFloat64, encodeInt32, ResultStore, type StoredVariant } from './resultStore.js';
import { METRIC_COLUMNS, type VariantMetrics } from './runVariant.js';

const dir = mkdtempSync(join(tmpdir(), 'alvh-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function result(key: string, sharpe: number | null): StoredVariant {
  const metrics = Object.fromEntries(METRIC_COLUMNS.map((c, i) => [c, i / 7])) as VariantMetrics;
  return {
    key,
    dataVersion: 'sha256:x',
    codeVersion: 'code:x',
    periodFrom: '2020-01-01',
    periodTo: '2020-02-01',
    configJson: '{"a":1}',
    metrics: { ...metrics, sharpeRatio: sharpe },
    days: Int32Array.from([18262, 18263, 18264]),
    equityUsd: Float64Array.from([1e6, 1_000_123.456789, 0.1 + 0.2]),
  };
}

describe('result store', () => {
  it('encodes curves losslessly, little-endian', () => {
    const eq = Float64Array.from([Math.PI, -0, 1e-300, 123456789.123]);
    expect(Array.from(decodeFloat64(encodeFloat64(eq)))).toEqual(Array.from(eq));
    expect(Array.from(encodeInt32(Int32Array.from([1])))).toEqual([1, 0, 0, 0]);
    expect(Array.from(decodeInt32(encodeInt32(Int32Array.from([-5, 20000]))))).toEqual([-5, 20000]);
  });

  it('decodes a blob wherever its bytes sit: a pooled Node Buffer, an odd offset; refuses a partial value', () => {
    // DuckDB hands blobs as Node Buffers, small ones views into a shared 8 KB pool at any offset.
    const eq = Float64Array.from([1e6, -2.5, Number.MIN_VALUE]);
    const pooled = Buffer.from(encodeFloat64(eq));
    expect(pooled.buffer.byteLength).toBeGreaterThan(pooled.byteLength);
    expect(Array.from(decodeFloat64(pooled))).toEqual(Array.from(eq));
    const odd = new Uint8Array(1 + 12);
    odd.set(encodeInt32(Int32Array.from([7, -8, 20000])), 1);
    expect(Array.from(decodeInt32(odd.subarray(1)))).toEqual([7, -8, 20000]);
    expect(() => decodeFloat64(new Uint8Array(12))).toThrow(/12 bytes is not a whole number of 8-byte values/);
  });

  it('stores once per key, reads back what it stored, and survives a reopen', async () => {
    const path = join(dir, 'a', 'sweeps.duckdb');
    let store = await ResultStore.open(path);
    await store.defineSweep('s', '{}', [
      { key: 'k1', index: 0, isBaseline: true, valuesJson: '{}' },
      { key: 'k2', index: 1, isBaseline: false, valuesJson: '{"x":1}' },
    ]);
    expect(await store.put(result('k1', 0.5))).toBe(true);
    expect(await store.put(result('k1', 0.9))).toBe(false);
    expect([...(await store.doneKeys(['k1', 'k2']))]).toEqual(['k1']);
    store.close();
    store = await ResultStore.open(path);
    const { rows, missing } = await store.sweepRows('s');
    expect(missing.map((m) => m.key)).toEqual(['k2']);
    expect(rows[0]?.result).toEqual(result('k1', 0.5));
    await store.put(result('k2', null));
    expect((await store.sweepRows('s')).rows[1]?.result.metrics.sharpeRatio).toBeNull();
    // Without the curves: the same metrics, empty curves.
    const light = (await store.sweepRows('s', { curves: false })).rows[0]?.result;
    expect(light).toEqual({ ...result('k1', 0.5), days: new Int32Array(0), equityUsd: new Float64Array(0) });
    await store.exportSweep('s', join(dir, 'out', 's.csv'), 'csv');
    await store.exportSweep('s', join(dir, 'out', 's.parquet'), 'parquet');
    store.close();
    const csv = readFileSync(join(dir, 'out', 's.csv'), 'utf8').trim().split('\n');
    expect(csv).toHaveLength(3);
    expect(csv[0]).toMatch(/^variant_index,key,is_baseline,values_json,data_version,code_version,/);
    expect(csv[1]).toContain(',sha256:x,code:x,');
    expect(readFileSync(join(dir, 'out', 's.parquet')).subarray(0, 4).toString()).toBe('PAR1');
  });

  it('stores a batch in one write: the first result of a key repeated in it, none over a stored one', async () => {
    const store = await ResultStore.open(join(dir, 'many', 'sweeps.duckdb'));
    await store.defineSweep('s', '{}', ['a', 'b', 'c'].map((key, index) => ({ key, index, isBaseline: index === 0, valuesJson: `{"i":${index}}` })));
    expect(await store.put(result('a', 0.1))).toBe(true);
    // a is stored, b comes twice (the first counts), c once: two new rows.
    expect(await store.putMany([result('a', 0.9), result('b', 0.2), result('b', 0.8), { ...result('c', null), codeVersion: null }])).toBe(2);
    expect(await store.putMany([])).toBe(0);
    const { rows, missing } = await store.sweepRows('s');
    expect(missing).toHaveLength(0);
    expect(rows.map((r) => r.result.metrics.sharpeRatio)).toEqual([0.1, 0.2, null]);
    expect(rows[1]?.result).toEqual(result('b', 0.2));
    expect(rows[2]?.result.codeVersion).toBeNull();
    store.close();
  });

  it('reads a sweep in expansion order whatever order its results were stored in, one day list shared', async () => {
    const store = await ResultStore.open(join(dir, 'order', 'sweeps.duckdb'));
    const keys = ['v0', 'v1', 'v2', 'v3', 'v4'];
    await store.defineSweep('s', '{}', keys.map((key, index) => ({ key, index, isBaseline: index === 0, valuesJson: `{"i":${index}}` })));
    // Another sweep's result is in the table too, and is not read.
    await store.put(result('other', 9));
    // Stored last to first, v2 missing, v3 over other days.
    await store.putMany([result('v4', 0.4), { ...result('v3', 0.3), days: Int32Array.from([18262, 18263, 18265]) }]);
    await store.putMany([result('v1', 0.1), result('v0', 0)]);
    const { rows, missing } = await store.sweepRows('s');
    expect(rows.map((r) => [r.index, r.key, r.result.metrics.sharpeRatio])).toEqual([
      [0, 'v0', 0],
      [1, 'v1', 0.1],
      [3, 'v3', 0.3],
      [4, 'v4', 0.4],
    ]);
    expect(missing.map((m) => m.key)).toEqual(['v2']);
    // The same days are one array; v3's own days are another, with its own values.
    const days = rows.map((r) => r.result.days);
    expect(days[0]).toBe(days[1]);
    expect(days[0]).toBe(days[3]);
    expect(Array.from(days[2] as Int32Array)).toEqual([18262, 18263, 18265]);
    expect(Array.from(days[3] as Int32Array)).toEqual([18262, 18263, 18264]);
    store.close();
  });

  it('reads a sweep larger than one read, a range of stored rows at a time: every result once, in expansion order', async () => {
    const store = await ResultStore.open(join(dir, 'large', 'sweeps.duckdb'));
    // 1,300 members (more than two reads of 512 rows), stored in a scrambled order, each batch with a
    // result of another sweep between them, and the member at index 700 never run.
    const count = 1300;
    const key = (i: number) => `m${i}`;
    await store.defineSweep('big', '{}', Array.from({ length: count }, (_, index) => ({ key: key(index), index, isBaseline: index === 0, valuesJson: `{"i":${index}}` })));
    const order = Array.from({ length: count }, (_, i) => (i * 7919) % count).filter((i) => i !== 700);
    const own = (i: number): StoredVariant => ({ ...result(key(i), i / 1000), equityUsd: Float64Array.from([1e6, 1e6 + i, 1e6 - i]) });
    for (let start = 0; start < order.length; start += 100) {
      await store.putMany([...order.slice(start, start + 100).map(own), result(`other${start}`, 9)]);
    }
    const { rows, missing } = await store.sweepRows('big');
    expect(missing.map((m) => m.key)).toEqual(['m700']);
    expect(rows.map((r) => r.index)).toEqual(Array.from({ length: count }, (_, i) => i).filter((i) => i !== 700));
    for (const r of rows) {
      expect(r.result.metrics.sharpeRatio).toBe(r.index / 1000);
      expect(Array.from(r.result.equityUsd)).toEqual([1e6, 1e6 + r.index, 1e6 - r.index]);
    }
    expect(new Set(rows.map((r) => r.result.days)).size).toBe(1);
    store.close();
  });

  it('caps DuckDB\'s buffer pool for a database file, and exports Parquet within it, in expansion order', async () => {
    const store = await ResultStore.open(join(dir, 'cap', 'sweeps.duckdb'));
    // 512 MB, which DuckDB reports in MiB.
    expect(await store.memoryLimit()).toBe('488.2 MiB');
    store.close();
    const inMemory = await ResultStore.open(':memory:');
    expect(await inMemory.memoryLimit()).not.toBe('488.2 MiB');
    inMemory.close();
    // 8,000 curves of 1,000 days (96 MB with their day lists), stored in a scrambled order at the usual
    // cap. Under a 96 MB cap one query cannot sort them all into a Parquet file (measured: DuckDB runs
    // out of memory with 96 or 128 MB and succeeds with 192); the export, a range of 512 variants at a
    // time, can (measured: it needs 41-48 MB, for 2,000 curves as for 8,000).
    const path = join(dir, 'cap', 'small.duckdb');
    const writer = await ResultStore.open(path);
    const members = Array.from({ length: 8000 }, (_, index) => ({ key: `k${index}`, index, isBaseline: index === 0, valuesJson: `{"i":${index}}` }));
    await writer.defineSweep('s', '{}', members);
    const days = Int32Array.from({ length: 1000 }, (_, i) => 10000 + i);
    const scrambled = members.map((_, i) => members[(i * 7919) % 8000] as (typeof members)[number]);
    for (let start = 0; start < scrambled.length; start += 500) {
      await writer.putMany(scrambled.slice(start, start + 500).map((m) => ({ ...result(m.key, m.index), days, equityUsd: Float64Array.from(days, (d) => d * (m.index + 1)) })));
    }
    writer.close();
    const capped = await ResultStore.open(path, { bufferPoolLimit: '96MB' });
    const file = join(dir, 'cap', 's.parquet');
    await capped.exportSweep('s', file, 'parquet');
    capped.close();
    const readerInstance = await DuckDBInstance.create(':memory:');
    const reader = await readerInstance.connect();
    const rows = (await reader.runAndReadAll(`SELECT variant_index, key, equity_usd FROM read_parquet('${file}')`)).getRows();
    reader.closeSync();
    readerInstance.closeSync();
    expect(rows.map((r) => Number(r[0]))).toEqual(members.map((m) => m.index));
    expect(rows.map((r) => r[1])).toEqual(members.map((m) => m.key));
    expect(Array.from(decodeFloat64((rows[1234]?.[2] as { bytes: Uint8Array }).bytes).subarray(0, 2))).toEqual([10000 * 1235, 10001 * 1235]);
    // The part files are gone.
    expect(readdirSync(join(dir, 'cap')).filter((f) => f.startsWith('.export-parts-'))).toEqual([]);
  });

  it('opens a database from before the code version was recorded: its results read back with none', async () => {
    // The variants table as earlier builds created it (no code_version column), one result in it.
    const path = join(dir, 'old', 'sweeps.duckdb');
    mkdirSync(dirname(path), { recursive: true });
    const instance = await DuckDBInstance.create(path);
    const connection = await instance.connect();
    const metricColumns = METRIC_COLUMNS.map((c) => `${c} DOUBLE`).join(', ');
    await connection.run(`CREATE TABLE variants (key VARCHAR PRIMARY KEY, data_version VARCHAR NOT NULL, period_from VARCHAR NOT NULL, period_to VARCHAR NOT NULL,
      config_json VARCHAR NOT NULL, ${metricColumns}, days BLOB NOT NULL, equity_usd BLOB NOT NULL)`);
    const old = result('old', 0.3);
    const values: DuckDBValue[] = [old.key, old.dataVersion, old.periodFrom, old.periodTo, old.configJson, ...METRIC_COLUMNS.map((c) => old.metrics[c]), blobValue(encodeInt32(old.days)), blobValue(encodeFloat64(old.equityUsd))];
    await connection.run(`INSERT INTO variants VALUES (${values.map((_, i) => `$${i + 1}`).join(', ')})`, values);
    connection.closeSync();
    instance.closeSync();
    const store = await ResultStore.open(path);
    await store.defineSweep('s', '{}', [
      { key: 'old', index: 0, isBaseline: true, valuesJson: '{}' },
      { key: 'new', index: 1, isBaseline: false, valuesJson: '{"x":1}' },
    ]);
    expect(await store.put(result('new', 0.4))).toBe(true);
    const { rows } = await store.sweepRows('s');
    expect(rows.map((r) => r.result.codeVersion)).toEqual([null, 'code:x']);
    expect(rows[0]?.result).toEqual({ ...old, codeVersion: null });
    store.close();
  });
});
