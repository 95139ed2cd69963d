/**
 * Numbers as a decision's or a report's text prints them. `toFixed` keeps the sign of a value that
 * rounds to zero: a projected hedge payoff of -0.3 USD printed as "-0 USD" in the default run's rolls.
 */

/** `value.toFixed(digits)`, without the minus sign of a value that rounds to zero. */
export function fixedText(value: number, digits: number): string {
  const text = value.toFixed(digits);
  return /^-0(\.0+)?$/.test(text) ? text.slice(1) : text;
}
