/**
 * exp(x) for x <= 0, for the batch loops. V8 compiles Math.exp to a call into its C library (about
 * 9 ns on the development machine, more than the rest of a Black-76 price without the normal CDFs);
 * this is Tang's table method written out in JavaScript so that the JIT inlines it (about 4 ns):
 *
 *   x = n ln2/32 + r,  |r| <= ln2/64,  exp(x) = 2^(n div 32) * 2^((n mod 32)/32) * exp(r),
 *
 * with exp(r) - 1 by its Taylor series to r^6 (truncation error r^7/7! < 4e-18, far below an ulp), the
 * 32 values 2^(j/32) correctly rounded (mpmath, 300 bits) and ln2/32 split into a 32-bit head (so that
 * n * head is exact for every n this domain produces) and a tail. Relative error within
 * EXP_NON_POSITIVE_MAX_ULPS of the exact value, tested in expNonPositive.test.ts; results below the
 * smallest subnormal double are 0, as for Math.exp.
 *
 * Only the batch paths use it: the scalar API keeps Math.exp so that its results stay bit-identical.
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
