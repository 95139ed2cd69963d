/**
 * The computed VX settlement day against the `expiry` column of every contract in
 * data/vx_futures_daily.csv.gz (Cboe CFE history, 2004-2026; see the data provenance notes).
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { isoFromDay } from '../time/day.js';
import { parseVixContractCode, vixContractCode, vixExpiry } from './vixExpiries.js';

type ContractRow = { contract: string; contractMonth: string; expiryIso: string };

function contractsInFile(): ContractRow[] {
  const text = gunzipSync(readFileSync(new URL('../../data/vx_futures_daily.csv.gz', import.meta.url))).toString('utf8');
  const [header, ...lines] = text.split('\n').filter((line) => line.length > 0);
  const columns = (header ?? '').split(',');
  const contractColumn = columns.indexOf('contract');
  const monthColumn = columns.indexOf('contract_month');
  const expiryColumn = columns.indexOf('expiry');
  const byContract = new Map<string, ContractRow>();
  for (const [index, line] of lines.entries()) {
    const fields = line.split(',');
    const row = { contract: fields[contractColumn] ?? '', contractMonth: fields[monthColumn] ?? '', expiryIso: fields[expiryColumn] ?? '' };
    const seen = byContract.get(row.contract);
    // One expiry per contract across all its daily rows; a second value would be a file error.
    if (seen && seen.expiryIso !== row.expiryIso) throw new Error(`line ${index + 2}: ${row.contract} has two expiries`);
    byContract.set(row.contract, row);
  }
  return [...byContract.values()];
}

/**
 * Contracts in the file, VXK04 (May 2004) .. VXX26 (November 2026). CFE did not list every month at
 * first: VXZ04, VXJ05, VXN05 and VXU05 are absent. Every expiry matches, including the two first-year
 * contracts (VXN04, VXV04) that settled under the original rule (see vixExpiries.ts).
 */
const CONTRACTS_IN_FILE = 267;

describe('vixExpiry against data/vx_futures_daily.csv.gz', () => {
  const contracts = contractsInFile();

  it(`covers all ${CONTRACTS_IN_FILE} contracts`, () => {
    expect(contracts).toHaveLength(CONTRACTS_IN_FILE);
  });

  it('matches the published expiry of every contract', () => {
    const mismatches: string[] = [];
    for (const row of contracts) {
      const parsed = parseVixContractCode(row.contract);
      if (!parsed.ok) throw new Error(`${row.contract}: ${parsed.error.reason}`);
      const { year, month } = parsed.value;
      expect(`${year}-${String(month).padStart(2, '0')}`, row.contract).toBe(row.contractMonth);
      expect(vixContractCode(year, month)).toBe(row.contract);
      const computedIso = isoFromDay(vixExpiry(year, month));
      if (computedIso !== row.expiryIso) mismatches.push(`${row.contract}: file ${row.expiryIso}, computed ${computedIso}`);
    }
    expect(mismatches).toEqual([]);
  });
});
