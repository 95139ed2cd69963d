/**
 * The four brokers' files of one trader's January 2018 (fixtures written from each broker's documented
 * layout): the iron condor of test/fixtures/book/condor-2018-01-19.csv opened on 2018-01-19 (the IBKR
 * file fills its short put in two parts), a VIX call layer bought on 2018-01-22 and sold on 01-23.
 * Every format must give the same book fills; errors name the file, the line and the field.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { OptionPosition } from '../../engine/book.js';
import { dayFromIso } from '../../time/day.js';
import { planBrokerImport, type BookForImport } from './plan.js';
import { BROKER_FORMATS, BrokerImportError, type BrokerFormat } from './parsers.js';

const fixture = (format: BrokerFormat) => join('src', 'book', 'brokers', 'fixtures', `${format}.csv`);
const read = (format: BrokerFormat) => readFileSync(fixture(format), 'utf8');
/** 0.66 USD a contract: what the fixtures' brokers charged, so thinkorswim (no fees in its trade history) agrees. */
const feePerContractUsd = () => 0.66;
const emptyBook: BookForImport = { openPositions: [], roleOfGroup: {} };
/** Prices agree to well under a hundredth of a cent of a point after averaging partial fills. */
const PRICE_TOLERANCE_POINTS = 1e-9;

const condorLegs = [
  { leg: 'shortPut', type: 'put', strike: 2700, quantity: -10, pricePoints: 14.5 },
  { leg: 'longPut', type: 'put', strike: 2650, quantity: 10, pricePoints: 9.8 },
  { leg: 'shortCall', type: 'call', strike: 2880, quantity: -10, pricePoints: 6.2 },
  { leg: 'longCall', type: 'call', strike: 2930, quantity: 10, pricePoints: 2.1 },
];

describe.each(BROKER_FORMATS)('%s', (format) => {
  const plan = planBrokerImport(format, fixture(format), read(format), emptyBook, feePerContractUsd);

  it('groups the four SPX legs of 2018-01-19 into one condor, each leg as the book CSV has it', () => {
    const condor = plan.groups.find((g) => g.role === 'condor')!;
    expect(condor.group).toBe('condor-2018-03-16');
    expect(condor.status).toBe('new');
    expect(condor.legs.map((l) => l.leg).sort()).toEqual(['longCall', 'longPut', 'shortCall', 'shortPut']);
    for (const want of condorLegs) {
      const leg = condor.legs.find((l) => l.leg === want.leg)!;
      expect(leg).toMatchObject({ role: 'condor', underlying: 'SPX', type: want.type, strike: want.strike, quantity: want.quantity, settlement: 'AM', day: dayFromIso('2018-01-19'), expiryDay: dayFromIso('2018-03-16') });
      expect(Math.abs(leg.pricePoints - want.pricePoints)).toBeLessThan(PRICE_TOLERANCE_POINTS);
      expect(leg.feesUsd).toBeCloseTo(6.6, 9);
    }
  });

  it('makes the VIX calls of 2018-01-22 one hedge layer and lists the closing sale without applying it', () => {
    const hedge = plan.groups.find((g) => g.role === 'hedge')!;
    expect(hedge.group).toBe('hedge-2018-01-22');
    expect(hedge.legs).toHaveLength(1);
    expect(hedge.legs[0]).toMatchObject({ leg: 'longCall17', underlying: 'VIX', type: 'call', strike: 17, quantity: 20, pricePoints: 1.05, expiryDay: dayFromIso('2018-02-14') });
    expect(hedge.legs[0]!.feesUsd).toBeCloseTo(13.2, 9);
    expect(plan.closingTrades.map((c) => c.description)).toEqual(['short 20 VIX 2018-02-14 17 call']);
    expect(plan.fills).toHaveLength(5);
    expect(plan.missingFromFile).toEqual([]);
  });
});

describe('reconciliation against the book', () => {
  const position = (id: string, group: string, p: Partial<OptionPosition>): OptionPosition =>
    ({ id, group, role: 'condor', legId: id, underlying: 'SPX', type: 'put', strike: 0, expiryDay: dayFromIso('2018-03-16'), settlement: 'AM', quantity: 0, entryDay: dayFromIso('2018-01-19'), entryPrice: 0, ...p }) as OptionPosition;
  const bookCondor = condorLegs.map((l) => position(`condor-a.${l.leg}`, 'condor-a', { type: l.type as 'put', strike: l.strike, quantity: l.quantity, legId: l.leg }));
  const other = position('condor-b.shortPut.9', 'condor-b', { strike: 2500, quantity: -1 });

  it('skips a condor already open in the book, keeps the new layer, and lists what the file lacks', () => {
    const plan = planBrokerImport('ibkr-flex', fixture('ibkr-flex'), read('ibkr-flex'), { openPositions: [...bookCondor, other], roleOfGroup: { 'condor-a': 'condor', 'condor-b': 'condor' } }, feePerContractUsd);
    expect(plan.groups.map((g) => [g.group, g.status])).toEqual([
      ['condor-a', 'in-book'],
      ['hedge-2018-01-22', 'new'],
    ]);
    expect(plan.fills.map((f) => f.group)).toEqual(['hedge-2018-01-22']);
    expect(plan.missingFromFile).toEqual([{ positionId: 'condor-b.shortPut.9', group: 'condor-b', description: 'short 1 SPX 2018-03-16 2500 put' }]);
  });

  it('refuses a condor the book has only in part, naming the lines', () => {
    expect(() => planBrokerImport('schwab', fixture('schwab'), read('schwab'), { openPositions: bookCondor.slice(0, 2), roleOfGroup: { 'condor-a': 'condor' } }, feePerContractUsd)).toThrow(
      /schwab\.csv:4: lines 4, 5, 6, 7: 2 of these 4 legs are open in the book already \(condor-a\.shortPut, condor-a\.longPut\)/,
    );
  });

  it('gives a new group a name the book has not used', () => {
    const plan = planBrokerImport('tastytrade', fixture('tastytrade'), read('tastytrade'), { openPositions: [], roleOfGroup: { 'condor-2018-03-16': 'condor' } }, feePerContractUsd);
    expect(plan.groups[0]!.group).toBe('condor-2018-03-16-2');
  });
});

describe('bad files: all or nothing, with file, line and field', () => {
  const cases: Array<[string, BrokerFormat, string, RegExp]> = [
    ['a missing column', 'ibkr-flex', '"TradeDate","Buy/Sell","AssetClass","Symbol","Quantity","TradePrice"\n"20180119","SELL","OPT","SPX   180316P02700000","-1","1"\n', /f\.csv:1: field 'IBCommission': missing column/],
    ['a stock', 'ibkr-flex', '"TradeDate","Buy/Sell","AssetClass","Symbol","Quantity","TradePrice","IBCommission"\n"20180119","BUY","STK","AAPL","1","150","-1"\n', /f\.csv:2: field 'AssetClass': 'STK': only options/],
    ['a side against its quantity', 'ibkr-flex', '"TradeDate","Buy/Sell","AssetClass","Symbol","Quantity","TradePrice","IBCommission"\n"20180119","BUY","OPT","SPX   180316P02700000","-1","1","-1"\n', /f\.csv:2: field 'Quantity': -1 does not agree with BUY/],
    ['a bad OCC symbol', 'tastytrade', 'Date,Type,Action,Symbol,Instrument Type,Quantity,Average Price,Commissions,Fees,Multiplier\n2018-01-19T10:00:00-0500,Trade,SELL_TO_OPEN,SPXW 5800 P,Index Option,1,100,-1,-1,100\n', /f\.csv:2: field 'Symbol': 'SPXW 5800 P' is not an OCC option symbol/],
    ['a price that is not a number', 'schwab', '"Date","Action","Symbol","Quantity","Price","Fees & Comm"\n"01/19/2018","Sell to Open","SPX 03/16/2018 2700.00 P","10","abc",""\n', /f\.csv:2: field 'Price': 'abc' is not a number/],
    ['an impossible date', 'schwab', '"Date","Action","Symbol","Quantity","Price","Fees & Comm"\n"02/30/2018","Sell to Open","SPX 03/16/2018 2700.00 P","10","$1.00",""\n', /f\.csv:2: field 'Date': '02\/30\/2018' is not a date/],
    ['a statement without its trade history', 'thinkorswim', 'Account Statement for 1\n\nCash Balance\nDATE,TIME\n', /f\.csv:1: no 'Account Trade History' section/],
    ['three SPX legs that are no condor', 'thinkorswim', 'Account Trade History\n,Exec Time,Spread,Side,Qty,Pos Effect,Symbol,Exp,Strike,Type,Price\n,1/19/18 10:03:44,VERTICAL,SELL,-1,TO OPEN,SPX,16 MAR 18,2700,PUT,14.50\n,,,BUY,+1,TO OPEN,SPX,16 MAR 18,2650,PUT,9.80\n,,,SELL,-1,TO OPEN,SPX,16 MAR 18,2880,CALL,6.20\n', /f\.csv:3: lines 3, 4, 5: 3 leg\(s\)/],
    ['only a header', 'schwab', '"Date","Action","Symbol","Quantity","Price","Fees & Comm"\n', /f\.csv:1: no trades/],
  ];
  it.each(cases)('%s', (_what, format, text, message) => {
    expect(() => planBrokerImport(format, 'f.csv', text, emptyBook, feePerContractUsd)).toThrow(BrokerImportError);
    expect(() => planBrokerImport(format, 'f.csv', text, emptyBook, feePerContractUsd)).toThrow(message);
  });
});
