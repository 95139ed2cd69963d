/**
 * From a broker's trades to the book's fills, reconciled against the book before anything is written.
 *
 * - Opening trades of the same instrument, side and day (partial fills) are one leg: contracts summed,
 *   the price their contract-weighted mean, the fees summed.
 * - SPX legs opened on one day for one expiry must be an iron condor: a short put above a long put,
 *   below a short call under a long call, all of one size. They become a condor group.
 * - VIX options and futures opened on one day are one hedge layer.
 * - Each group is then looked for in the book's open positions (same underlying, type, strike, expiry
 *   and signed size): found whole, it is already booked and skipped; not found, it is new; found in
 *   part, the file and the book disagree and nothing is imported. Open positions the file does not
 *   have are listed as missing from it (the file may cover only some days). Closing trades are listed,
 *   not applied: a close is booked with its own fill (Close on the Book page, `alvh book close`).
 */
import type { OptionPosition } from '../../engine/book.js';
import { isoFromDay, type DayNumber } from '../../time/day.js';
import type { UserOpenFill } from '../bookState.js';
import { BrokerImportError, parseBrokerFile, type BrokerFormat, type BrokerTrade } from './parsers.js';

export interface PlannedGroup {
  readonly group: string;
  readonly role: 'condor' | 'hedge';
  readonly lines: readonly number[];
  /** `new`: to be written; `in-book`: every leg already open in the book. */
  readonly status: 'new' | 'in-book';
  readonly legs: ReadonlyArray<UserOpenFill & { origin: string }>;
}

export interface BrokerImportPlan {
  readonly file: string;
  readonly groups: readonly PlannedGroup[];
  /** The book's open positions no line of the file opened. */
  readonly missingFromFile: ReadonlyArray<{ readonly positionId: string; readonly group: string; readonly description: string }>;
  readonly closingTrades: ReadonlyArray<{ readonly line: number; readonly description: string }>;
  /** The new groups' legs, in file order: what an import writes. */
  readonly fills: ReadonlyArray<UserOpenFill & { origin: string }>;
}

export interface BookForImport {
  /** Positions open in the book now. */
  readonly openPositions: readonly OptionPosition[];
  /** Group names the book has used, with their role (new groups get other names). */
  readonly roleOfGroup: Readonly<Record<string, string>>;
}

type FeePerContractUsd = (underlying: 'SPX' | 'VIX', type: 'call' | 'put' | 'future') => number;

interface Leg {
  readonly lines: number[];
  readonly trade: BrokerTrade;
  quantity: number;
  notionalPoints: number;
  feesUsd: number | undefined;
}

const describe = (t: Pick<BrokerTrade, 'instrument' | 'quantity'>) => {
  const i = t.instrument;
  const what = i.type === 'future' ? `VIX future ${isoFromDay(i.expiryDay)}` : `${i.root} ${isoFromDay(i.expiryDay)} ${i.strike} ${i.type}`;
  return `${t.quantity > 0 ? 'long' : 'short'} ${Math.abs(t.quantity)} ${what}`;
};

const instrumentKey = (t: BrokerTrade) => `${t.instrument.underlying}|${t.instrument.type}|${t.instrument.strike}|${t.instrument.expiryDay}|${t.instrument.settlement}`;

function aggregate(trades: readonly BrokerTrade[]): Leg[] {
  const legs = new Map<string, Leg>();
  for (const t of trades) {
    const key = `${t.tradeDay}|${instrumentKey(t)}|${Math.sign(t.quantity)}`;
    const leg = legs.get(key);
    if (!leg) {
      legs.set(key, { lines: [t.line], trade: t, quantity: t.quantity, notionalPoints: t.quantity * t.pricePoints, feesUsd: t.feesUsd });
      continue;
    }
    leg.lines.push(t.line);
    leg.quantity += t.quantity;
    leg.notionalPoints += t.quantity * t.pricePoints;
    leg.feesUsd = leg.feesUsd === undefined || t.feesUsd === undefined ? undefined : leg.feesUsd + t.feesUsd;
  }
  return [...legs.values()];
}

function uniqueName(base: string, taken: Set<string>): string {
  let name = base;
  for (let n = 2; taken.has(name); n++) name = `${base}-${n}`;
  taken.add(name);
  return name;
}

function condorLegs(file: string, legs: readonly Leg[]): Map<string, Leg> {
  const lines = legs.flatMap((l) => l.lines).sort((a, b) => a - b);
  const fail = (why: string): never => {
    throw new BrokerImportError(file, lines[0] ?? 0, undefined, `lines ${lines.join(', ')}: ${why}; SPX legs opened on one day for one expiry must be an iron condor (short put above long put, below short call under long call, one size)`);
  };
  const of = (type: 'put' | 'call', short: boolean) => legs.filter((l) => l.trade.instrument.type === type && l.quantity < 0 === short);
  const [sp, lp, sc, lc] = [of('put', true), of('put', false), of('call', true), of('call', false)];
  if (legs.length !== 4 || sp.length !== 1 || lp.length !== 1 || sc.length !== 1 || lc.length !== 1) fail(`${legs.length} leg(s) (${legs.map((l) => describe({ instrument: l.trade.instrument, quantity: l.quantity })).join('; ')})`);
  const [shortPut, longPut, shortCall, longCall] = [sp[0], lp[0], sc[0], lc[0]] as [Leg, Leg, Leg, Leg];
  const k = (l: Leg) => l.trade.instrument.strike;
  if (!(k(longPut) < k(shortPut) && k(shortPut) < k(shortCall) && k(shortCall) < k(longCall))) fail(`strikes ${k(longPut)}/${k(shortPut)}/${k(shortCall)}/${k(longCall)} are not in condor order`);
  const size = Math.abs(shortPut.quantity);
  if (![longPut, shortCall, longCall].every((l) => Math.abs(l.quantity) === size)) fail('the legs are not all of one size');
  return new Map([['shortPut', shortPut], ['longPut', longPut], ['shortCall', shortCall], ['longCall', longCall]]);
}

const hedgeLegName = (l: Leg) => {
  const i = l.trade.instrument;
  const side = l.quantity > 0 ? 'long' : 'short';
  return i.type === 'future' ? `${side}Future${isoFromDay(i.expiryDay).slice(0, 7).replace('-', '')}` : `${side}${i.type === 'call' ? 'Call' : 'Put'}${String(i.strike).replace('.', '_')}`;
};

/** Plans the import of a broker's file text into a book: nothing is written here. */
export function planBrokerImport(format: BrokerFormat, file: string, text: string, book: BookForImport, feePerContractUsd: FeePerContractUsd): BrokerImportPlan {
  const trades = parseBrokerFile(format, file, text);
  const closingTrades = trades.filter((t) => t.effect === 'close').map((t) => ({ line: t.line, description: describe(t) }));
  const legs = aggregate(trades.filter((t) => t.effect !== 'close'));
  const taken = new Set(Object.keys(book.roleOfGroup));
  const buckets = new Map<string, { role: 'condor' | 'hedge'; day: DayNumber; expiry: DayNumber | undefined; legs: Leg[] }>();
  for (const leg of legs) {
    const i = leg.trade.instrument;
    const role = i.underlying === 'SPX' ? 'condor' : 'hedge';
    const key = role === 'condor' ? `c|${leg.trade.tradeDay}|${i.expiryDay}` : `h|${leg.trade.tradeDay}`;
    const bucket = buckets.get(key) ?? { role, day: leg.trade.tradeDay, expiry: role === 'condor' ? i.expiryDay : undefined, legs: [] };
    bucket.legs.push(leg);
    buckets.set(key, bucket);
  }
  const unmatched = new Set(book.openPositions.map((p) => p.id));
  const groups: PlannedGroup[] = [];
  for (const bucket of [...buckets.values()].sort((a, b) => Math.min(...a.legs.flatMap((l) => l.lines)) - Math.min(...b.legs.flatMap((l) => l.lines)))) {
    const named = bucket.role === 'condor' ? condorLegs(file, bucket.legs) : new Map(bucket.legs.map((l) => [hedgeLegName(l), l]));
    const base = bucket.role === 'condor' ? `condor-${isoFromDay(bucket.expiry as DayNumber)}` : `hedge-${isoFromDay(bucket.day)}`;
    const inBook = [...named.values()].map((l) =>
      book.openPositions.find((p) => unmatched.has(p.id) && p.underlying === l.trade.instrument.underlying && p.type === l.trade.instrument.type && p.strike === l.trade.instrument.strike && p.expiryDay === l.trade.instrument.expiryDay && p.quantity === l.quantity),
    );
    const lines = bucket.legs.flatMap((l) => l.lines).sort((a, b) => a - b);
    const found = inBook.filter((p) => p !== undefined);
    if (found.length > 0 && found.length < named.size) {
      throw new BrokerImportError(file, lines[0] ?? 0, undefined, `lines ${lines.join(', ')}: ${found.length} of these ${named.size} legs are open in the book already (${found.map((p) => p.id).join(', ')}) and the others are not: reconcile the book first`);
    }
    for (const p of found) unmatched.delete(p.id);
    const group = found.length > 0 ? (found[0] as OptionPosition).group : uniqueName(base, taken);
    const fills = [...named.entries()].map(([legName, l]): UserOpenFill & { origin: string } => {
      const i = l.trade.instrument;
      return {
        origin: `${file}:${l.lines.join('+')}`,
        day: l.trade.tradeDay,
        group,
        role: bucket.role,
        leg: legName,
        underlying: i.underlying,
        type: i.type,
        strike: i.strike,
        expiryDay: i.expiryDay,
        settlement: i.settlement,
        quantity: l.quantity,
        // Contract-weighted mean of the fills' prices.
        pricePoints: l.notionalPoints / l.quantity,
        feesUsd: l.feesUsd ?? Math.abs(l.quantity) * feePerContractUsd(i.underlying, i.type),
      };
    });
    groups.push({ group, role: bucket.role, lines, status: found.length > 0 ? 'in-book' : 'new', legs: fills });
  }
  const missingFromFile = book.openPositions.filter((p) => unmatched.has(p.id)).map((p) => ({ positionId: p.id, group: p.group, description: describe({ instrument: { root: p.underlying, underlying: p.underlying, type: p.type, strike: p.strike, expiryDay: p.expiryDay, settlement: p.settlement } as BrokerTrade['instrument'], quantity: p.quantity }) }));
  return { file, groups, missingFromFile, closingTrades, fills: groups.filter((g) => g.status === 'new').flatMap((g) => g.legs) };
}
