/**
 * The daily signal's lines about where it starts from (the stored book state) and what the journal made
 * of it, in the words `alvh signal` prints and the dashboard's Today page shows: one place, so the two
 * never describe the same signal differently. Pure (the dashboard imports it).
 */

/** A code fingerprint as printed: its first 12 hex digits, or what an entry from before fingerprints says. */
export function shortCodeVersion(codeVersion: string): string {
  return codeVersion === '' ? 'not recorded' : codeVersion.slice(0, 12);
}

/** The stored book state a signal starts from (`baseDay` null: nothing stored yet). */
export interface SignalBookBasis {
  readonly baseStateId: number;
  readonly baseDay: string | null;
  readonly unsteppedTradingDays: number;
  /** The book's latest state when it is dated after the signal's day: not in the signal. */
  readonly laterState?: { readonly id: number; readonly day: string } | null;
}

/**
 * "Book: ..." in one line: empty (with the equity it starts with, where the caller gives it as text), or
 * the state and its day, with a warning when trading days since then were never accepted, and the
 * book's later state named when there is one (a replayed day, or a fill recorded past the data: the
 * signal starts from the book as it stood then, never from positions opened after it).
 */
export function bookBasisLine(book: SignalBookBasis, emptyBookEquity?: string): string {
  const later = book.laterState ? `; book state #${book.laterState.id} of ${book.laterState.day} is after this day and not in this signal` : '';
  if (book.baseDay === null) {
    if (book.laterState) return `Book: empty on this day${emptyBookEquity === undefined ? '' : `, ${emptyBookEquity} of equity`}${later}`;
    return emptyBookEquity === undefined ? 'Book: empty (no position or fill stored yet)' : `Book: empty, ${emptyBookEquity} of equity`;
  }
  const unstepped =
    book.unsteppedTradingDays > 0 ? ` (warning: the ${book.unsteppedTradingDays} trading day(s) since then were never accepted, so the engine did not step them)` : '';
  return `Book: state #${book.baseStateId} of ${book.baseDay}${unstepped}${later}`;
}

/** What the journal made of the signal. */
export interface SignalJournalOutcome {
  readonly journal: 'new' | 'reproduced' | 'changed';
  /** The build that issued the other signal, when `journal` is `changed`. */
  readonly journalEarlier: { readonly alvhVersion: string; readonly codeVersion: string } | null;
}

/** "Journal: ..." in one line. */
export function journalLine(issued: SignalJournalOutcome): string {
  if (issued.journal === 'new') return 'Journal: stored with the data version and config hash';
  if (issued.journal === 'reproduced') return 'Journal: identical to the signal stored for this day, data and config';
  const earlier = issued.journalEarlier;
  const build = earlier === null ? 'an earlier build of alvh' : `an earlier build of alvh (${earlier.alvhVersion}, code ${shortCodeVersion(earlier.codeVersion)})`;
  return `Journal: stored beside a different signal that ${build} issued for this day from the same data, config and book state: its rules or market model have changed since`;
}

/** A signal's strategy as the rules-changed line names it (`StrategySummary`'s fields). */
export interface SignalRulesChange {
  readonly name: string;
  readonly source: 'bundled preset' | 'config file' | 'config kept in the book';
  readonly rulesChangedSinceState?:
    | {
        readonly stateId: number;
        readonly day: string;
        readonly stateConfigSha256: string;
        readonly differences: ReadonlyArray<{ readonly field: string; readonly was: string; readonly now: string }> | null;
        readonly why?: string | undefined;
      }
    | undefined;
}

/** How many of the fields that differ the line names; it counts the rest. */
export const RULES_CHANGED_FIELDS_SHOWN = 6;

/**
 * "Rules changed since ..." in one line, or undefined when the signal's base state was made under the
 * very rules it runs under. A book that follows a bundled preset moves on under the numbers this alvh
 * ships, which a newer alvh may have changed since the state was stored; a trader must hear which, and
 * how to keep the earlier ones (the book kept them: `alvh book config --state N`).
 */
export function rulesChangedLine(strategy: SignalRulesChange): string | undefined {
  const change = strategy.rulesChangedSinceState;
  if (change === undefined) return undefined;
  const follows = strategy.source === 'bundled preset' ? 'the bundled preset as this alvh ships it' : strategy.source === 'config file' ? 'the config file as it reads now' : 'the config the book keeps now';
  const head = `Rules changed since the book's state #${change.stateId} of ${change.day}, made under another config of '${strategy.name}' (sha256 ${change.stateConfigSha256.slice(0, 12)}): this signal follows ${follows}`;
  if (change.differences === null) return `${head}; which rules differ cannot be shown: ${change.why ?? 'the state\'s config is not available'}`;
  const keep = strategy.source === 'bundled preset' ? `. To keep the earlier rules: alvh book config --state ${change.stateId} --out FILE, give the file a name of its own, then alvh book switch --config FILE` : '';
  return `${head}, which sets ${differencesText(change.differences)}${keep}`;
}

/** The fields that differ, as the rules-changed line names them: `f 3 (was 2.5), ...`, at most a few and the rest counted. */
function differencesText(differences: ReadonlyArray<{ readonly field: string; readonly was: string; readonly now: string }>): string {
  const shown = differences.slice(0, RULES_CHANGED_FIELDS_SHOWN).map((d) => `${d.field} ${d.now} (was ${d.was})`);
  const more = differences.length - shown.length;
  return `${shown.join(', ')}${more > 0 ? ` and ${more} more` : ''}`;
}

/**
 * What a switch changes, in one phrase for `alvh book switch` and the Book page: the fields the new
 * config sets otherwise than the one the book's latest state was made under (a name or a description
 * is no rule), or why they cannot be shown.
 */
export function switchRulesText(change: { readonly differences: ReadonlyArray<{ readonly field: string; readonly was: string; readonly now: string }> | null; readonly why?: string | undefined }): string {
  if (change.differences === null) return `which rules change cannot be shown: ${change.why ?? 'the config the book followed is not available'}`;
  if (change.differences.length === 0) return 'the rules are the same (another name or description only)';
  return `the new rules set ${differencesText(change.differences)}`;
}

/**
 * What `alvh book list` and the Book page add to their strategy line when the state they show was made
 * under other rules of the strategy (empty when it was made under these): the fields the next signal
 * sets otherwise, in the rules-changed line's words.
 */
export function stateRulesNote(
  /** The strategy the state was made under, by name. */
  stateStrategy: string,
  strategy: { readonly name: string; readonly stateConfigHash: string },
  change: SignalRulesChange['rulesChangedSinceState'],
): string {
  // A state from before a switch: the strategy the book follows now values it.
  if (stateStrategy !== strategy.name) return `; this state was made under another config (sha256 ${strategy.stateConfigHash.slice(0, 12)}, of '${stateStrategy}', before the book switched): the next signal follows this one`;
  if (change === undefined) return '';
  const other = `this state was made under another config (sha256 ${change.stateConfigSha256.slice(0, 12)})`;
  if (change.differences === null) return `; ${other}: the next signal follows this one; which rules differ cannot be shown: ${change.why ?? 'the state\'s config is not available'}`;
  return `; ${other}: the next signal follows this one, which sets ${differencesText(change.differences)}`;
}

/**
 * The line under a signal's trades when any is a fraction of a contract: only a preset that replicates
 * one of Cboe's indexes sizes that way (`sizing.allowFractionalContracts`, the index's notional), and a
 * trader reading it for a brokerage account needs to know the numbers are not an order as they stand.
 * Undefined when every trade is whole contracts.
 */
export function fractionalContractsNote(preset: string, trades: ReadonlyArray<{ readonly quantity: number }>): string | undefined {
  if (trades.every((t) => Number.isInteger(t.quantity))) return undefined;
  return `Fractional contracts: preset ${preset} sizes as the index it replicates does (sizing.allowFractionalContracts); a brokerage account trades whole contracts`;
}
