/**
 * The validation report's list of the market model's fitted numbers: each with the value this run used,
 * the data it was fitted on, the function that fits it and the test that re-runs the fit, and whether
 * its data keeps the hold-out rule (no index history from 2016, never the SPXW 2018 chain).
 */
import type { MarketModelConfig } from '../market/config.js';
import { describeFitData, FITTED_PARAMETERS, holdOutViolation, numberAtPath } from '../market/fittedParameters.js';
import { FIT_CHAINS, HELD_OUT_CHAIN_FILE, HELD_OUT_INDEX_HISTORY_FROM_ISO } from '../market/holdOut.js';
import type { JsonValue, ReportSection } from '../report/section.js';

/** A Markdown table cell: a literal | would end the cell. */
const cell = (text: string) => text.replace(/\|/g, '\\|');

function valueText(value: number | undefined, fitted: number): string {
  if (value === fitted) return String(fitted);
  return `${value === undefined ? 'absent' : String(value)} (set by the model config; the fit gave ${fitted})`;
}

export function fittedParametersSection(config: MarketModelConfig): ReportSection {
  const rows = FITTED_PARAMETERS.map((p) => {
    const value = numberAtPath(config, p.path);
    return { p, value, violation: holdOutViolation(p.data) };
  });
  const violations = rows.filter((r) => r.violation !== undefined);
  const overridden = rows.filter((r) => r.value !== r.p.fittedValue);
  const chains = Object.entries(FIT_CHAINS)
    .map(([file, day]) => `${file} (${day})`)
    .join(', ');
  const rule =
    violations.length === 0
      ? `Every fit keeps the hold-out rule: index history read only before ${HELD_OUT_INDEX_HISTORY_FROM_ISO}, chains only the bundled fit chains (${chains}), never the held-out ${HELD_OUT_CHAIN_FILE}.`
      : `**${violations.length} fit(s) break the hold-out rule**: ${violations.map((r) => `${r.p.path} ${r.violation}`).join('; ')}.`;
  const markdown = [
    `The ${FITTED_PARAMETERS.length} numbers of the market model's defaults that were fitted or read off data, with what they were fitted on. ${rule} ${
      overridden.length === 0 ? 'This run used every fitted value.' : `This run's model config sets ${overridden.length} of them to other values (marked).`
    }`,
    '| parameter | value in this run | fitted on | by | re-checked by |\n|---|---|---|---|---|\n' +
      rows.map((r) => `| \`${r.p.path}\` | ${valueText(r.value, r.p.fittedValue)} | ${cell(describeFitData(r.p.data))} | ${r.p.fittedBy} | \`${r.p.recheckedBy}\` |`).join('\n'),
  ].join('\n\n');
  const json: JsonValue = {
    heldOutIndexHistoryFrom: HELD_OUT_INDEX_HISTORY_FROM_ISO,
    heldOutChain: HELD_OUT_CHAIN_FILE,
    fitChains: { ...FIT_CHAINS },
    parameters: rows.map((r) => ({
      path: r.p.path,
      value: r.value ?? null,
      fittedValue: r.p.fittedValue,
      setByModelConfig: r.value !== r.p.fittedValue,
      fittedOn: describeFitData(r.p.data),
      data:
        r.p.data.kind === 'chain'
          ? { kind: 'chain', file: r.p.data.file, quoteDate: FIT_CHAINS[r.p.data.file], selection: r.p.data.selection }
          : { kind: 'index-history', series: [...r.p.data.series], firstDate: r.p.data.firstIso, lastDate: r.p.data.lastIso, dayCount: r.p.data.dayCount, selection: r.p.data.selection },
      fittedBy: r.p.fittedBy,
      recheckedBy: r.p.recheckedBy,
      holdOutViolation: r.violation ?? null,
    })),
  };
  return { id: 'fitted-parameters', title: 'Fitted parameters and the data they were fitted on', markdown, json, svgCharts: [] };
}
