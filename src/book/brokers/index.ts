/** Broker-file import: parse, group and reconcile (pure), for `alvh book import --format` and the dashboard. */
export { BROKER_FORMATS, BrokerImportError, parseBrokerFile, type BrokerFormat, type BrokerTrade } from './parsers.js';
export { parseOccSymbol, type OccOption } from './occSymbol.js';
export { planBrokerImport, type BookForImport, type BrokerImportPlan, type PlannedGroup } from './plan.js';
import type { EngineStateSnapshot } from '../../engine/backtest.js';
import type { DayNumber } from '../../time/day.js';
import type { BookForImport } from './plan.js';

/** The book as the import reconciles against it: its positions open on `day` (all when undefined). */
export function bookForImport(snapshot: EngineStateSnapshot | undefined, day?: DayNumber): BookForImport {
  if (!snapshot) return { openPositions: [], roleOfGroup: {} };
  return {
    openPositions: snapshot.book.positions.filter((p) => day === undefined || (p.expiryDay > day && p.entryDay <= day)),
    roleOfGroup: snapshot.book.roleOfGroup,
  };
}

/** The plan's reconciliation as lines a terminal or a page can show. */
export function describePlan(plan: import('./plan.js').BrokerImportPlan): string[] {
  const lines: string[] = [];
  for (const g of plan.groups) lines.push(`${g.status === 'new' ? 'new' : 'already in the book'}: ${g.role} ${g.group} (${g.legs.length} leg(s), file lines ${g.lines.join(', ')})`);
  for (const m of plan.missingFromFile) lines.push(`open in the book, not in the file: ${m.positionId} (${m.description})`);
  for (const c of plan.closingTrades) lines.push(`closing trade not applied (close it in the book with its fill): line ${c.line}, ${c.description}`);
  return lines;
}
