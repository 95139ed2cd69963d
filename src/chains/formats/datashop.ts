/**
 * Cboe DataShop "Option EOD Summary" (`UnderlyingOptionsEODQuotes_YYYY-MM-DD.csv`) and its "with
 * Calcs" variant (the same columns plus implied vols and greeks, which are ignored: alvh computes its
 * own). `underlying_symbol` is `^SPX` or `^VIX`; `root` the trading class (SPX, SPXW, VIX, ...). The
 * 15:45 snapshot (12:45 on half days) or the end-of-day one is read, per the config.
 */
import type { ChainFormat } from './format.js';
import { RIGHT_BY_LETTER } from './format.js';

export const dataShopFormat: ChainFormat = {
  id: 'datashop',
  title: 'Cboe DataShop Option EOD Summary (with or without Calcs)',
  requiredColumns: ['underlying_symbol', 'quote_date', 'root', 'expiration', 'strike', 'option_type', 'bid_1545', 'ask_1545', 'bid_eod', 'ask_eod'],
  readRow: (row, context) => {
    const snapshot = context.config.datashopSnapshot;
    const underlyingBid = row.optionalNumber(`underlying_bid_${snapshot}`);
    const underlyingAsk = row.optionalNumber(`underlying_ask_${snapshot}`);
    return [
      {
        underlyingSymbol: row.text('underlying_symbol'),
        root: row.text('root') || undefined,
        statedSettlement: undefined,
        quoteDay: row.day('quote_date'),
        expiryDay: row.day('expiration'),
        right: row.choice('option_type', RIGHT_BY_LETTER),
        strike: row.positive('strike'),
        bid: row.number(`bid_${snapshot}`),
        ask: row.number(`ask_${snapshot}`),
        underlyingPrice: underlyingBid !== undefined && underlyingAsk !== undefined ? 0.5 * (underlyingBid + underlyingAsk) : undefined,
        volume: row.optionalCount('trade_volume'),
      },
    ];
  },
};
