/**
 * The event calendar from the three bundled sources.
 *
 * FOMC decisions:
 * - every meeting in fomc_meetings.csv (its `scheduled` flag kept: False marks 2020-03-03 and
 *   2020-03-15);
 * - every `fomc_intermeeting` row of econ_calendar.csv (2000+), as unscheduled;
 * - from fomc_actions_1990_2020.csv, only rows with unscheduled_fomc = 1 whose `type` is itself a rate
 *   action: 'Open Market Operation' or 'Discount Rate Change Press Release' (before 1994 policy moves
 *   were implemented and announced that way). Its unscheduled 'FOMC Statement' and 'Minutes' rows are
 *   NOT taken: many are conference calls or statements without a rate change, and the file does not
 *   say which. The two 1994-1999 intermeeting rate moves this leaves out are listed in
 *   `unscheduledFomcRateMovesIso` (from the Federal Reserve's record of policy actions).
 * Same day and kind from several sources count once; a scheduled entry wins over an unscheduled one.
 *
 * CPI, PPI and NFP release days come from econ_calendar.csv, which starts in 2000: before that there is
 * no release calendar, and status reports that per kind instead of pretending the days were quiet.
 */
import { z } from 'zod';
import type { CsvTable, DataFileIssue } from '../csv/csvText.js';
import { FieldReader } from '../csv/fieldReader.js';
import type { EventRecord } from '../records.js';
import type { EventKind } from '../../history/types.js';
import { parseIsoDate, type DayNumber } from '../../time/day.js';

export const eventRulesSchema = z
  .object({
    /** Intermeeting rate moves the bundled files mark only as ambiguous statements (ISO dates). */
    unscheduledFomcRateMovesIso: z
      .array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/))
      .default(['1994-04-18', '1998-10-15']),
    /** fomc_actions `type` values that are rate actions when flagged unscheduled. */
    rateActionTypes: z.array(z.string()).default(['Open Market Operation', 'Discount Rate Change Press Release']),
  })
  .strict();

export type EventRules = z.infer<typeof eventRulesSchema>;
export const defaultEventRules: EventRules = eventRulesSchema.parse({});

export interface BundledEventTables {
  readonly fomcMeetings: CsvTable;
  readonly fomcActions: CsvTable;
  readonly econCalendar: CsvTable;
}

export interface BundledEvents {
  readonly records: EventRecord[];
  readonly issues: DataFileIssue[];
  /** First and last day each kind's source lists every event. */
  readonly coverage: { kind: EventKind; firstDay: DayNumber; lastDay: DayNumber }[];
}

const ECON_KINDS: Record<string, EventKind> = { cpi: 'cpi', ppi: 'ppi', nfp: 'nfp' };

export function buildBundledEvents(tables: BundledEventTables, firstDay: DayNumber, rules: EventRules = defaultEventRules): BundledEvents {
  const records: EventRecord[] = [];
  const issues: DataFileIssue[] = [];

  const meetings = new FieldReader(tables.fomcMeetings);
  const mDate = meetings.column(['announcement_date']);
  const mScheduled = meetings.column(['scheduled']);
  const mLabel = meetings.column(['label']);
  let fomcLastDay: DayNumber | undefined;
  if (mDate !== undefined && mScheduled !== undefined && mLabel !== undefined) {
    for (const row of tables.fomcMeetings.rows) {
      const day = meetings.isoDay(row, mDate, 'announcement_date');
      const scheduledText = meetings.raw(row, mScheduled);
      if (scheduledText !== 'True' && scheduledText !== 'False') meetings.issue(row, 'scheduled', `expected True or False, got '${scheduledText}'`);
      if (day === undefined) continue;
      fomcLastDay = Math.max(fomcLastDay ?? day, day);
      if (day < firstDay) continue;
      records.push({ line: row.line, day, kind: 'fomc', scheduled: scheduledText !== 'False', label: `FOMC decision (${meetings.raw(row, mLabel)})` });
    }
  }
  issues.push(...meetings.issues);

  const actions = new FieldReader(tables.fomcActions);
  const aDate = actions.column(['date']);
  const aType = actions.column(['type']);
  const aUnscheduled = actions.column(['unscheduled_fomc']);
  if (aDate !== undefined && aType !== undefined && aUnscheduled !== undefined) {
    for (const row of tables.fomcActions.rows) {
      if (actions.raw(row, aUnscheduled) !== '1') continue;
      const type = actions.raw(row, aType);
      if (!rules.rateActionTypes.includes(type)) continue;
      const day = actions.isoDay(row, aDate, 'date');
      if (day === undefined || day < firstDay) continue;
      records.push({ line: row.line, day, kind: 'fomc', scheduled: false, label: `Unscheduled FOMC rate action (${type})` });
    }
  }
  issues.push(...actions.issues);
  for (const iso of rules.unscheduledFomcRateMovesIso) {
    const parsed = parseIsoDate(iso);
    if (parsed.ok && parsed.value >= firstDay) {
      records.push({ line: 0, day: parsed.value, kind: 'fomc', scheduled: false, label: 'Unscheduled FOMC rate move (intermeeting)' });
    }
  }

  const econ = new FieldReader(tables.econCalendar);
  const eDate = econ.column(['date']);
  const eEvent = econ.column(['event']);
  const eDetail = econ.column(['detail']);
  const eRef = econ.column(['ref_period']);
  const spans = new Map<EventKind, { firstDay: DayNumber; lastDay: DayNumber }>();
  if (eDate !== undefined && eEvent !== undefined && eDetail !== undefined && eRef !== undefined) {
    for (const row of tables.econCalendar.rows) {
      const event = econ.raw(row, eEvent);
      const kind = ECON_KINDS[event];
      if (!kind && event !== 'fomc_intermeeting') continue;
      const day = econ.isoDay(row, eDate, 'date');
      if (day === undefined) continue;
      if (kind) {
        const span = spans.get(kind);
        spans.set(kind, { firstDay: Math.min(span?.firstDay ?? day, day), lastDay: Math.max(span?.lastDay ?? day, day) });
        const ref = econ.raw(row, eRef);
        records.push({ line: row.line, day, kind, scheduled: true, label: `${kind.toUpperCase()} release${ref === '' ? '' : ` (${ref})`}` });
      } else {
        records.push({ line: row.line, day, kind: 'fomc', scheduled: false, label: `Unscheduled FOMC action (${econ.raw(row, eDetail)})` });
      }
    }
  }
  issues.push(...econ.issues);

  const coverage: BundledEvents['coverage'] = [];
  if (fomcLastDay !== undefined) coverage.push({ kind: 'fomc', firstDay, lastDay: fomcLastDay });
  for (const kind of ['cpi', 'ppi', 'nfp'] as const) {
    const span = spans.get(kind);
    if (span) coverage.push({ kind, ...span });
  }
  return { records: dedupeEvents(records), issues, coverage };
}

/** One event per day and kind; scheduled wins, then the first source listed. */
export function dedupeEvents(records: readonly EventRecord[]): EventRecord[] {
  const byKey = new Map<string, EventRecord>();
  for (const r of records) {
    const key = `${r.day}|${r.kind}`;
    const existing = byKey.get(key);
    if (!existing || (!existing.scheduled && r.scheduled)) byKey.set(key, r);
  }
  return [...byKey.values()].sort((a, b) => a.day - b.day || a.kind.localeCompare(b.kind));
}
