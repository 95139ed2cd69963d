/** The bundled chains as OTM quote sets, with the same discounting the report uses. */
import { formatChainLoadError, loadBundledChains, type BundledChains } from '../../src/data/chains/bundledChains.js';
import { prepareOtmQuotes, type OtmQuoteSet } from '../../src/market/quotes/otmQuotes.js';
import { zeroDiscountFactor } from '../../src/market/quotes/zeroCurve.js';

let chains: BundledChains | undefined;

export function bundledChains(): BundledChains {
  if (chains === undefined) {
    const loaded = loadBundledChains();
    if (!loaded.ok) throw new Error(formatChainLoadError(loaded.error));
    chains = loaded.value;
  }
  return chains;
}

export function fitSetQuotes(): OtmQuoteSet {
  const { spx20201201, zeroRates20201201 } = bundledChains();
  const set = prepareOtmQuotes(spx20201201, (quoteDay, expiryDay) => {
    const discount = zeroDiscountFactor(zeroRates20201201, expiryDay - quoteDay);
    if (!discount.ok) throw new Error(discount.error.reason);
    return discount.value;
  });
  if (!set.ok) throw new Error(set.error.reason);
  return set.value;
}
