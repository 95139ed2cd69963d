/**
 * Option-pricing throughput: the typed-array chain API against a naive loop over the scalar API with
 * object inputs, in the same process, on one core.
 */
import { black76OptionPrice } from '../src/pricing/black76.js';
import { impliedVolChain, priceChain, IMPLIED_VOL_STATUS, type ChainExpiry } from '../src/pricing/batch.js';
import { impliedVolBlack76 } from '../src/pricing/impliedVol.js';
import { measureThroughput, uniformGenerator, type BenchmarkEntry } from './harness.js';

/** Options per chain: a realistic SPX expiry has a few hundred to a few thousand strikes. */
const CHAIN_SIZE = 4096;
const RANDOM_SEED = 20_240_101;
/** Rounding of a computed price in ulps of the forward; sigma is checked where vega resolves it. */
const PRICE_NOISE_ULPS_OF_FORWARD = 8;
const INFORMATIVE_SIGMA_RESOLUTION = 1e-10;
/** Issue 15's targets, options per CPU second on one core. */
const TARGET_PRICES_PER_SECOND = 25e6;
const TARGET_IMPLIED_VOLS_PER_SECOND = 3e6;

function againstTarget(measured: number, target: number): string {
  return `${(measured / 1e6).toFixed(2)} M/s against a target of ${(target / 1e6).toFixed(0)} M/s: ${measured >= target ? 'met' : 'missed'}`;
}

interface Chain {
  expiry: ChainExpiry;
  rate: number;
  isCall: Uint8Array;
  strikes: Float64Array;
  sigmas: Float64Array;
  prices: Float64Array;
  vegasPerUnitVol: Float64Array;
}

/** An SPX-like chain: strikes from 50 % to 150 % of the forward, vols from 5 % to 150 %, 30 days. */
function makeChain(): Chain {
  const random = uniformGenerator(RANDOM_SEED);
  const forward = 4500;
  const timeYears = 30 / 365;
  const rate = 0.04;
  const expiry: ChainExpiry = { forward, timeYears, discountFactor: Math.exp(-rate * timeYears) };
  const isCall = new Uint8Array(CHAIN_SIZE);
  const strikes = new Float64Array(CHAIN_SIZE);
  const sigmas = new Float64Array(CHAIN_SIZE);
  for (let i = 0; i < CHAIN_SIZE; i++) {
    isCall[i] = random() < 0.5 ? 1 : 0;
    strikes[i] = Math.round(forward * (0.5 + random()) / 5) * 5;
    sigmas[i] = 0.05 + 1.45 * random();
  }
  const prices = new Float64Array(CHAIN_SIZE);
  const vegasPerUnitVol = new Float64Array(CHAIN_SIZE);
  priceChain(expiry, isCall, strikes, sigmas, { prices, vegasPerUnitVol });
  return { expiry, rate, isCall, strikes, sigmas, prices, vegasPerUnitVol };
}

function pricingBenchmark(chain: Chain) {
  const prices = new Float64Array(CHAIN_SIZE);
  const batch = measureThroughput('batch priceChain', CHAIN_SIZE, () => priceChain(chain.expiry, chain.isCall, chain.strikes, chain.sigmas, { prices }));
  let sink = 0;
  const naive = measureThroughput('naive black76OptionPrice loop', CHAIN_SIZE, () => {
    for (let i = 0; i < CHAIN_SIZE; i++) {
      sink += black76OptionPrice({
        type: chain.isCall[i] === 1 ? 'call' : 'put',
        forward: chain.expiry.forward,
        strike: chain.strikes[i] as number,
        timeYears: chain.expiry.timeYears,
        rate: chain.rate,
        sigma: chain.sigmas[i] as number,
      });
    }
  });
  return { batch, naive, sink };
}

function impliedVolBenchmark(chain: Chain) {
  const sigmas = new Float64Array(CHAIN_SIZE);
  const status = new Uint8Array(CHAIN_SIZE);
  const batch = measureThroughput('batch impliedVolChain', CHAIN_SIZE, () =>
    impliedVolChain(chain.expiry, chain.isCall, chain.strikes, chain.prices, sigmas, status),
  );
  // Sigma is only pinned by the price where vega is large against the price's rounding.
  const priceNoise = PRICE_NOISE_ULPS_OF_FORWARD * Number.EPSILON * chain.expiry.forward;
  let worstError = 0;
  let solved = 0;
  let informative = 0;
  for (let i = 0; i < CHAIN_SIZE; i++) {
    if (status[i] !== IMPLIED_VOL_STATUS.solved) continue;
    solved++;
    if (!((chain.vegasPerUnitVol[i] as number) * INFORMATIVE_SIGMA_RESOLUTION > priceNoise)) continue;
    informative++;
    worstError = Math.max(worstError, Math.abs((sigmas[i] as number) - (chain.sigmas[i] as number)));
  }
  let sink = 0;
  const naive = measureThroughput('naive impliedVolBlack76 loop', CHAIN_SIZE, () => {
    for (let i = 0; i < CHAIN_SIZE; i++) {
      const result = impliedVolBlack76({
        type: chain.isCall[i] === 1 ? 'call' : 'put',
        forward: chain.expiry.forward,
        strike: chain.strikes[i] as number,
        timeYears: chain.expiry.timeYears,
        rate: chain.rate,
        price: chain.prices[i] as number,
      });
      if (result.ok) sink += result.value;
    }
  });
  return { batch, naive, worstError, solved, informative, sink };
}

export const pricingBenchmarks: BenchmarkEntry[] = [
  {
    name: 'option pricing (Black-76 chain, one core)',
    run: () => {
      const chain = makeChain();
      const pricing = pricingBenchmark(chain);
      const iv = impliedVolBenchmark(chain);
      return {
        throughputs: [pricing.batch, pricing.naive, iv.batch, iv.naive],
        notes: [
          `pricing: batch / naive = ${(pricing.batch.itemsPerCpuSecond / pricing.naive.itemsPerCpuSecond).toFixed(2)}x`,
          `implied vol: batch / naive = ${(iv.batch.itemsPerCpuSecond / iv.naive.itemsPerCpuSecond).toFixed(2)}x`,
          `pricing: ${againstTarget(pricing.batch.itemsPerCpuSecond, TARGET_PRICES_PER_SECOND)}`,
          `implied vol: ${againstTarget(iv.batch.itemsPerCpuSecond, TARGET_IMPLIED_VOLS_PER_SECOND)}`,
          `implied vol round trip: ${iv.solved} of ${CHAIN_SIZE} solved (the rest have no time value left in double precision); ` +
            `worst |sigma error| ${iv.worstError.toExponential(2)} over the ${iv.informative} whose price pins sigma to ${INFORMATIVE_SIGMA_RESOLUTION}`,
          `(checksum ${(pricing.sink + iv.sink).toExponential(3)})`,
        ],
      };
    },
  },
];
