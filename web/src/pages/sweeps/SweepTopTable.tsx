import type { SweepTopRow } from '../../../../src/server/sweepSchemas.js';
import { formatNumber, formatPercent, formatUsd } from '../../format.js';
import { REPORT_TOP_VARIANTS } from '../../../../src/sweep/reportLimits.js';
import { sameResultText, variedValue } from './sweepView.js';

/**
 * The best variants so far by the spec's ranking metric, the preset's own row marked, repeats of a
 * better row's result named; varied fields first. Once the report is written (`onConfig`), each of its
 * top variants offers its strategy config file, which alvh signal, alvh book and alvh serve follow.
 */
export function SweepTopTable({ rows, varied, rankBy, onConfig }: { rows: readonly SweepTopRow[]; varied: readonly string[]; rankBy: string; onConfig?: ((row: SweepTopRow) => void) | undefined }) {
  if (rows.length === 0) return <p className="muted">No variant has finished yet.</p>;
  return (
    <div className="table-scroll" tabIndex={0}>
      <table aria-label="Best variants so far">
        <caption>Best variants so far, ranked by {rankBy}</caption>
        <thead>
          <tr>
            <th scope="col">Rank</th>
            <th scope="col">Variant</th>
            <th scope="col" title="The best-ranked variant with exactly the same daily returns: a varied field that changed nothing is one result, not another finding">
              Same result as
            </th>
            {varied.map((path) => (
              <th key={path} scope="col">{path}</th>
            ))}
            <th scope="col">Sharpe</th>
            <th scope="col">CAGR</th>
            <th scope="col">Max DD</th>
            <th scope="col">Calmar</th>
            <th scope="col">Hedge net / yr</th>
            {onConfig ? (
              <th scope="col" title="The variant's whole strategy config: alvh signal --config FILE gives its daily signal, alvh serve --strategy-config FILE puts the Today and Book pages on it">
                Config
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key} className={r.isBaseline ? 'muted' : undefined}>
              <td>{r.rank}</td>
              <th scope="row" title={r.key}>{r.isBaseline ? 'preset' : <code>{r.key.slice(0, 10)}</code>}</th>
              <td>{sameResultText(r)}</td>
              {varied.map((path) => (
                <td key={path}>{variedValue(r, path)}</td>
              ))}
              <td>{formatNumber(r.metrics['sharpeRatio'], 2)}</td>
              <td>{formatPercent(r.metrics['cagrFraction'], 2)}</td>
              <td>{formatPercent(r.metrics['maxDrawdownFraction'], 1)}</td>
              <td>{formatNumber(r.metrics['calmarRatio'], 2)}</td>
              <td>{formatUsd(r.metrics['hedgeNetPnlPerYearUsd'])}</td>
              {onConfig ? (
                <td>
                  {!r.isBaseline && r.rank <= REPORT_TOP_VARIANTS ? (
                    <button type="button" aria-label={`Download the config of variant ${r.key.slice(0, 10)}`} onClick={() => onConfig(r)}>
                      JSON
                    </button>
                  ) : r.isBaseline ? (
                    'the preset'
                  ) : (
                    ''
                  )}
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
