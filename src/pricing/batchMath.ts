/**
 * Elementary functions for the batch loops (batch.ts), written out in JavaScript so that the JIT
 * inlines them: V8 compiles Math.exp and Math.log to calls into its C library, around which every
 * live floating-point register is spilled. In priceChain's first pass the logarithm cost about 11 ns
 * and the exponential about 5 ns of a 45 ns option. They pay off only where the loop that uses them
 * has inlining budget to spare (priceChain gives each pass its own function for that reason).
 *
 * Only the batch paths use them: the scalar API keeps Math.exp and Math.log so that its results (and
 * the backtest's) stay bit-identical.
 */

/**
 * exp(x) for x <= 0 by Tang's table method (about 4 ns on the development machine in a loop of
 * exponentials alone, against about 9 ns for Math.exp):
 *
 *   x = n ln2/32 + r,  |r| <= ln2/64,  exp(x) = 2^(n div 32) * 2^((n mod 32)/32) * exp(r),
 *
 * with exp(r) - 1 by its Taylor series to r^6 (truncation error r^7/7! < 4e-18, far below an ulp), the
 * 32 values 2^(j/32) correctly rounded (mpmath, 300 bits) and ln2/32 split into a 32-bit head (so that
 * n * head is exact for every n this domain produces) and a tail. Relative error within
 * EXP_NON_POSITIVE_MAX_ULPS of the exact value, tested in batchMath.test.ts; results below the
 * smallest subnormal double are 0, as for Math.exp.
 */

/** Bound on the error, in units of the last place of the result (normal results). */
export const EXP_NON_POSITIVE_MAX_ULPS = 2;

/** exp(x) rounds to 0 below about -745.13; clamping there keeps the table index in range. */
const UNDERFLOW_ARGUMENT = -746;
const STEPS_PER_OCTAVE = 32;
/** 32 / ln 2. */
const STEPS_PER_UNIT = 46.16624130844683;
/** 1.5 * 2^52: adding and subtracting it rounds a double of magnitude below 2^51 to an integer. */
const ROUNDING_SHIFT = 6755399441055744;
/** ln2/32 = LN2_STEP_HEAD + LN2_STEP_TAIL, the head with 32 significant bits (0x1.62e42feep-6). */
const LN2_STEP_HEAD = 0.02166084938653512;
const LN2_STEP_TAIL = 5.9631716539705866e-12;

/** 2^(j/32), j = 0..31, correctly rounded (mpmath with 300-bit precision). */
const TWO_TO_STEP = Float64Array.of(
  1.0, 1.0218971486541166, 1.0442737824274138, 1.0671404006768237, 1.0905077326652577, 1.1143867425958924, 1.1387886347566916,
  1.1637248587775775, 1.189207115002721, 1.215247359980469, 1.241857812073484, 1.2690509571917332, 1.2968395546510096,
  1.3252366431597413, 1.3542555469368927, 1.383909881963832, 1.4142135623730951, 1.4451808069770467, 1.4768261459394993,
  1.5091644275934228, 1.5422108254079407, 1.5759808451078865, 1.6104903319492543, 1.645755478153965, 1.681792830507429,
  1.718619298122478, 1.7562521603732995, 1.7947090750031072, 1.8340080864093424, 1.8741676341103, 1.9152065613971474,
  1.9571441241754002,
);

/** 2^-k for k = 0..1100 (exact: repeated halving, subnormal down to 2^-1074, then 0). */
const TWO_TO_MINUS = new Float64Array(1101);
for (let k = 0, value = 1; k < TWO_TO_MINUS.length; k++, value *= 0.5) TWO_TO_MINUS[k] = value;

/**
 * exp(x) for x <= 0 (and for x a little above 0, up to ln2/64). The caller guarantees the domain; NaN
 * is not checked here (the batch loops validate their inputs first).
 */
export function expNonPositive(x: number): number {
  const clamped = x > UNDERFLOW_ARGUMENT ? x : UNDERFLOW_ARGUMENT;
  const n = clamped * STEPS_PER_UNIT + ROUNDING_SHIFT - ROUNDING_SHIFT;
  const r = clamped - n * LN2_STEP_HEAD - n * LN2_STEP_TAIL;
  const expm1R = r * (1 + r * (0.5 + r * (1 / 6 + r * (1 / 24 + r * (1 / 120 + r * (1 / 720))))));
  const steps = n | 0;
  const table = TWO_TO_STEP[steps & (STEPS_PER_OCTAVE - 1)] as number;
  return (table + table * expm1R) * (TWO_TO_MINUS[-(steps >> 5)] as number);
}

/** Bound on the error of logPositive, in units of the last place of the result. */
export const LOG_POSITIVE_MAX_ULPS = 2;

/**
 * The high 32 bits of a double, read through a typed-array view (in this machine's byte order). A
 * store and a narrower load forward in the processor's store buffer; the reduction below then scales
 * by a power of two rather than writing the bits back, which would not forward.
 */
const BITS_DOUBLE = new Float64Array(1);
const BITS_WORDS = new Uint32Array(BITS_DOUBLE.buffer);
const HIGH_WORD = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1 ? 1 : 0;
/** High word of 0.75: m is reduced to z = m 2^-k in [0.75, 1.5), so that k = 0 around 1. */
const REDUCED_LOW_HIGH_WORD = 0x3fe80000;
const SMALLEST_NORMAL_DOUBLE = 2.2250738585072014e-308;
/** ln 2 = LN2_HEAD + LN2_TAIL, the head with 42 significant bits so that k * head is exact. */
const LN2_HEAD = 0.6931471805598903;
const LN2_TAIL = 5.497923018708371e-14;
/** The exponents k of normal doubles reduced to [0.75, 1.5) lie in [-1022, 1024]. */
const SMALLEST_EXPONENT = -1022;
const LARGEST_EXPONENT = 1024;
/** 2^-k at index k + 1022 (exact: doubling up to 2^1022, then halving down to the subnormal 2^-1024). */
const TWO_TO_MINUS_EXPONENT = new Float64Array(LARGEST_EXPONENT - SMALLEST_EXPONENT + 1);
{
  let value = 1;
  for (let k = 0; k > SMALLEST_EXPONENT; k--) value *= 2;
  for (let index = 0; index < TWO_TO_MINUS_EXPONENT.length; index++, value *= 0.5) TWO_TO_MINUS_EXPONENT[index] = value;
}

/**
 * 64 centres c_i over [0.75, 1.5): the midpoints of the intervals that the top six bits of
 * (high word - REDUCED_LOW_HIGH_WORD) select (width 1/128 below 1, 1/64 above), except that the two
 * intervals next to 1 use c = 1 exactly, so that near m = 1 the reduction r = z - 1 is exact and the
 * result keeps its full relative precision.
 */
const LOG_CENTRE = new Float64Array(64);
const LOG_CENTRE_INVERSE = new Float64Array(64);
for (let i = 0; i < 64; i++) {
  const centre = i === 31 || i === 32 ? 1 : i < 32 ? 0.75 + (i + 0.5) / 128 : 1 + (i - 32 + 0.5) / 64;
  LOG_CENTRE[i] = centre;
  LOG_CENTRE_INVERSE[i] = 1 / centre;
}
/** ln(c_i) = head + tail, from mpmath with 300-bit precision. */
const LOG_CENTRE_HEAD = Float64Array.of(
  -0.2824872555746769, -0.27217788591581565, -0.26197371574157396, -0.2518726197550701, -0.24187253642048673, -0.23197146543777514, -0.2221674653411543, -0.2124586512141934, -0.20284319251475147, -0.19331931100349597, -0.18388527877013736, -0.17453941635189968, -0.16528009093910292, -0.15610571466306167, -0.14701474296180966, -0.13800567301944372, -0.12907704227514236, -0.1202274269981598, -0.11145544092532282, -0.10275973395776894, -0.09413899091386191, -0.08559193033540351, -0.07711730334443129, -0.06871389254805181, -0.06038051098890748, -0.05211600113901402, -0.04391923393483549, -0.03578910785158528, -0.027724548014854862, -0.01972450534777859, -0.01178795575204224, 0.0, 0.0, 0.02316705928153438, 0.0383188643021366, 0.053244514518812285, 0.06795066190850775, 0.08244366921107459, 0.09672962645855111, 0.11081436634029011, 0.12470347850095724, 0.13840232285911913, 0.15191604202584197, 0.16524957289530717, 0.1784076574728183, 0.19139485299962947, 0.2042155414286909, 0.21687393830061436, 0.22937410106484582, 0.24171993688714516, 0.25391520998096345, 0.26596354849713794, 0.2778684510034563, 0.28963329258304266, 0.3012613305781618, 0.3127557100038969, 0.324119468654212, 0.3353555419211378, 0.34646676734620857, 0.3574558889218038, 0.3683255611587076, 0.37907835293496944, 0.3897167511400252, 0.4002431641270127,
);
const LOG_CENTRE_TAIL = Float64Array.of(
  -1.3652325538490778e-17, -1.9460544362807653e-17, -3.769957084925505e-18, 1.8984402852371785e-18, 3.5869293176775316e-18, -5.774320510479237e-18, 1.0797202916767509e-17, 9.63115306272449e-18, -2.0981425921481313e-18, -4.630440315107144e-18, -6.716094199344591e-18, 1.5833038914101321e-18, 6.262313551919987e-19, 1.2806970330932862e-17, 4.46694718500102e-18, 3.082753002960249e-18, 1.2940973323385866e-17, 2.8375497328444e-18, -5.685957919022839e-18, 4.707630866560681e-18, -1.4973805419956277e-18, -6.769872319991152e-18, -2.5654358635266204e-18, 2.5298812881248404e-18, 2.1569637373409678e-18, -7.1036769831546065e-19, -1.762355270004629e-18, 2.740984674024185e-18, 1.56535712927094e-18, 1.3445979863167511e-18, -2.208154666796622e-19, 0.0, 0.0, -1.1769544932063305e-18, -2.357996157351286e-18, -1.665575816973663e-18, -1.2802141240611733e-18, 5.700437773813987e-18, -5.597397486289965e-19, 1.183748342825649e-18, -4.6522609636496624e-18, 4.447777301357527e-18, 6.4838631244022194e-18, -1.0094935622322628e-17, -1.2432553788701131e-17, -1.2129496905792884e-17, 2.7338281018722773e-18, 4.551026193234283e-18, 9.927671823978025e-18, 8.900990022166643e-18, -8.048097394424201e-18, 5.3393802761314314e-18, -9.16018294909263e-19, 2.0535953219858174e-17, -9.048511144048564e-18, -1.451808353098951e-17, -7.958214381893813e-18, 1.834564437059473e-17, 1.028583585496265e-17, -2.5136910072413547e-17, 2.690672380132659e-17, 1.587939415338447e-17, 2.734172667856699e-17, -1.1349239205188711e-17,
);

/**
 * ln(m) for every positive double m, after Tang's table method: m = 2^k z with z in [0.75, 1.5),
 * z = c_i (1 + r) with |r| <= 1/64, ln m = k ln 2 + ln c_i + 2 atanh(r / (2 + r)), the last by its
 * odd series to u^7 (truncation below 2e-18 relative). Relative error within LOG_POSITIVE_MAX_ULPS,
 * also near m = 1 where ln m is tiny (tested in batchMath.test.ts). Zero, subnormal, infinite and NaN
 * arguments go to Math.log.
 */
export function logPositive(m: number): number {
  if (!(m >= SMALLEST_NORMAL_DOUBLE && m < Number.POSITIVE_INFINITY)) return Math.log(m);
  BITS_DOUBLE[0] = m;
  const offset = ((BITS_WORDS[HIGH_WORD] as number) - REDUCED_LOW_HIGH_WORD) | 0;
  const k = offset >> 20;
  const i = (offset >>> 14) & 63;
  const z = m * (TWO_TO_MINUS_EXPONENT[k - SMALLEST_EXPONENT] as number);
  const centre = LOG_CENTRE[i] as number;
  const r = (z - centre) * (LOG_CENTRE_INVERSE[i] as number);
  const u = r / (2 + r);
  const u2 = u * u;
  const series = 2 * u + 2 * u * u2 * (1 / 3 + u2 * (1 / 5 + u2 * (1 / 7)));
  return k * LN2_HEAD + (LOG_CENTRE_HEAD[i] as number) + (series + (k * LN2_TAIL + (LOG_CENTRE_TAIL[i] as number)));
}
