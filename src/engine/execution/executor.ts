/**
 * The execution step: turns a manager's leg orders into fills and books them in the portfolio. A fill
 * is priced at the close of the day the order is decided on or, under `fillTiming: next-open`, at the
 * next trading day's open (one switch); fees per contract by instrument. It is the only writer of
 * option positions in the book.
 */
import { isoFromDay } from '../../time/day.js';
import type { StrategyConfig } from '../../strategy/config.js';
import type { CloseLegOrder, FundFill, FundOrder, LegFill, LegOrder, OpenLegOrder } from '../../strategy/orders.js';
import { positionOpening, type Book, type InstrumentType, type OptionPosition } from '../portfolio/book.js';
import type { MarketDayView, ModelOptionQuote } from '../marketView.js';
import { Execution, quoteAtNextOpen } from './execution.js';
import { VixFuturesFund, type VixFuturesFundState } from '../instruments/vixFuturesEtf.js';

const sideSign = (quantity: number) => (quantity > 0 ? 1 : -1);

/**
 * The execution's price model with a day's quotes kept by instrument object: a position is quoted by
 * the mark, the Greeks, the exposures and the managers on the same close, and its instrument does not
 * change, so the second ask is a lookup. The market view's own quotes are immutable, so the answer is
 * the same object (or, for a future, the same values) as a fresh quote.
 */
export class DayQuotes extends Execution {
  private day: MarketDayView | undefined;
  private readonly byInstrument = new Map<object, ModelOptionQuote>();

  override quote(m: MarketDayView, p: Pick<OptionPosition, 'underlying' | 'type' | 'strike' | 'expiryDay'>): ModelOptionQuote {
    if (m !== this.day) {
      this.day = m;
      this.byInstrument.clear();
    }
    const known = this.byInstrument.get(p);
    if (known !== undefined) return known;
    const q = super.quote(m, p);
    this.byInstrument.set(p, q);
    return q;
  }
}

export class OrderExecutor {
  readonly pricing: DayQuotes;
  /** During a day's step under `fillTiming: next-open`: the next trading day's market, whose open fills today's orders. */
  fillMarket: MarketDayView | undefined;
  /** Positions opened since the portfolio was last marked (the day's second mark needs only these). */
  readonly openedSinceMark: OptionPosition[] = [];

  /** Layer 1's VIX-futures fund: its price path and its holding in the book (hedge.firstLayerInstrument). */
  readonly fund: VixFuturesFund;

  constructor(
    private readonly config: StrategyConfig,
    private readonly book: Book,
    fundState?: VixFuturesFundState | null,
  ) {
    this.pricing = new DayQuotes(config);
    this.fund = new VixFuturesFund(config, book, fundState ?? null);
  }

  /**
   * Fill a fund order: at the fund's price plus or minus its half-spread, at this close or (next-open)
   * the next open's price; `all` sells every unit held.
   */
  executeFund(m: MarketDayView, o: FundOrder): FundFill {
    if (o.tradeUsd !== 'all') return this.fund.trade(m, o.tradeUsd, o.group, o.rule, this.fillMarket);
    const level = this.fund.levelPoints();
    const held = this.fund.unitsHeld();
    if (level === undefined || !(held > 0)) throw new Error(`${isoFromDay(m.day)}: ${o.rule} sells a fund that is not held`);
    return this.fund.trade(m, -held * level, o.group, o.rule, this.fillMarket);
  }

  /**
   * The quote an order decided on `m` fills against: `m`'s close, or under next-open the next day's
   * open. Decisions (sizing, costs, caps) are made on `m` only: the next open prices the fill, nothing else.
   */
  fillQuote(m: MarketDayView, p: Pick<OptionPosition, 'underlying' | 'type' | 'strike' | 'expiryDay'>): ModelOptionQuote {
    return this.fillMarket ? quoteAtNextOpen(this.fillMarket, p, this.config.execution.vixFutureHalfSpreadPoints, this.config.execution.amSettlementPrice) : this.pricing.quote(m, p);
  }

  /** The SPX level an index trade decided on `m` fills at. */
  indexFillLevel(m: MarketDayView): number {
    return this.fillMarket ? this.fillMarket.spxOpen : m.spxClose;
  }

  fee(underlying: 'SPX' | 'VIX', type: InstrumentType): number {
    return this.pricing.feePerContractUsd(underlying, type);
  }

  open(m: MarketDayView, o: OpenLegOrder): OptionPosition {
    const price = this.pricing.fillPrice(this.fillQuote(m, o), o.quantity);
    const opened = this.book.open(
      positionOpening(o, m.day, price),
      this.fee(o.underlying, o.type),
      o.rule,
    );
    this.openedSinceMark.push(opened);
    return opened;
  }

  /** Close an open position (or `contracts` of it); closing a position that is not open is a bug, not a 0. */
  close(m: MarketDayView, o: CloseLegOrder): number {
    const p = this.book.positions.get(o.positionId);
    if (!p) throw new Error(`${isoFromDay(m.day)}: ${o.reason} closes position ${o.positionId}, which is not open`);
    const closing = o.contracts ?? Math.abs(p.quantity);
    const price = this.pricing.fillPrice(this.fillQuote(m, p), -sideSign(p.quantity) * closing);
    this.book.close(m.day, o.positionId, price, this.fee(p.underlying, p.type), o.reason, closing);
    return price;
  }

  /** Fill the orders in sequence (a later order sees the book after the earlier ones). */
  execute(m: MarketDayView, orders: readonly LegOrder[]): LegFill[] {
    return orders.map((order) => {
      if (order.kind === 'close') return { order, price: this.close(m, order) };
      const position = this.open(m, order);
      return { order, price: position.entryPrice, position };
    });
  }
}
