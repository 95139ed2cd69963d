/**
 * Numbers as a decision's or a report's text prints them. `toFixed` keeps the sign of a value that
 * rounds to zero: a projected hedge payoff of -0.3 USD printed as "-0 USD" in the default run's rolls.
 */

/** `value.toFixed(digits)`, without the minus sign of a value that rounds to zero. */
export function fixedText(value: number, digits: number): string {
  const text = value.toFixed(digits);
  return /^-0(\.0+)?$/.test(text) ? text.slice(1) : text;
}

/**
 * A whole number of dollars with thousands separators (-50,654), rounded as `fixedText` rounds (half
 * away from zero) and without the minus sign of an amount that rounds to zero: `Math.round(-0.3)` is
 * -0, which `toLocaleString` writes "-0". The terminal's and the reports' USD figures are written this
 * way; a decision's reason keeps `fixedText`'s plain digits, as its CSV does.
 */
export function wholeUsdText(value: number): string {
  return Number(fixedText(value, 0)).toLocaleString('en-US');
}

/** A count with its noun, singular for exactly one: "1 trial", "2 trials", "0 variants". */
export function countText(count: number, singular: string, plural = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : plural}`;
}
