/**
 * Bounds on what an error message may echo back. A hostile or broken input (a 1 MB CSV field, a NUL
 * byte) must not come back as a megabyte of stderr or as control characters that garble a terminal.
 */

/** Longest line of an error message, characters; longer lines are cut with a count of what was left out. */
export const MAX_ERROR_LINE_CHARS = 400;
/** Most lines of an error message; the rest are counted. */
export const MAX_ERROR_LINES = 40;

/** `text` cut to `maxChars`, saying how many characters were left out. */
export function capLine(text: string, maxChars: number = MAX_ERROR_LINE_CHARS): string {
  if (text.length <= maxChars) return text;
  return `${text.slice(0, maxChars)}... (${text.length - maxChars} more characters)`;
}

/** Control characters (NUL, escape sequences ...) shown as \\uXXXX, so they cannot act on a terminal. */
export function visibleControls(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A whole message made safe to print: control characters visible, each line and the line count capped. */
export function capMessage(text: string): string {
  const lines = visibleControls(text).split('\n');
  const kept = lines.slice(0, MAX_ERROR_LINES).map((l) => capLine(l));
  if (lines.length > MAX_ERROR_LINES) kept.push(`... and ${lines.length - MAX_ERROR_LINES} more line(s)`);
  return kept.join('\n');
}

/** A value quoted in a message: control characters visible and at most `maxChars` shown. */
export function quoteValue(value: string, maxChars = 60): string {
  return `'${capLine(visibleControls(value), maxChars)}'`;
}
