import { useState } from 'react';
import { LineSeries, type IChartApiBase } from 'lightweight-charts';
import { useApi } from '../api/useApi.js';
import { withQuery } from '../api/client.js';
import type { BookPayoffResponse, BookResponse, BookRiskResponse } from '../api/types.js';
import { DateControl } from '../components/DateControl.js';
import { Load } from '../components/Status.js';
import { RecordTable } from '../components/Tables.js';
import { LightweightChart } from '../charts/LightweightChart.js';
import { EChart } from '../charts/EChart.js';
import { formatNumber, formatUsd } from '../format.js';
import type { Theme } from '../theme.js';

function ScenarioHeatMap({ risk, theme }: { risk: BookRiskResponse; theme: Theme }) {
  const moves = [...new Set(risk.grid.map((c) => c.spxMoveFraction))].sort((a, b) => a - b);
  const shifts = [...new Set(risk.grid.map((c) => c.vixShiftPoints))].sort((a, b) => a - b);
  const extremeUsd = Math.max(1, ...risk.grid.map((c) => Math.abs(c.totalPnlUsd)));
  return (
    <EChart
      theme={theme}
      heightPx={360}
      label="Book P&L by SPX move and VIX shift, USD"
      deps={[risk]}
      option={(palette) => ({
        tooltip: {
          formatter: (params: unknown) => {
            const [i, j] = (params as { value: [number, number, number] }).value;
            const cell = risk.grid.find((c) => c.spxMoveFraction === moves[i] && c.vixShiftPoints === shifts[j]);
            return cell
              ? `SPX ${formatNumber(cell.spxLevel, 0)} (${formatNumber(cell.spxMoveFraction * 100, 1)} %), VIX ${formatNumber(cell.vixLevel, 1)}<br>condors ${formatUsd(cell.condorPnlUsd)}, hedge ${formatUsd(cell.hedgePnlUsd)}<br>total ${formatUsd(cell.totalPnlUsd)}`
              : '';
          },
        },
        grid: { left: 70, right: 110, bottom: 50, top: 30 },
        xAxis: { type: 'category', name: 'SPX move', nameLocation: 'middle', nameGap: 28, data: moves.map((m) => `${formatNumber(m * 100, 0)} %`), axisLabel: { color: palette.text } },
        yAxis: { type: 'category', name: 'VIX shift (pts)', data: shifts.map((s) => (s > 0 ? `+${s}` : String(s))), axisLabel: { color: palette.text } },
        visualMap: {
          min: -extremeUsd,
          max: extremeUsd,
          calculable: true,
          orient: 'vertical',
          right: 10,
          top: 'middle',
          textStyle: { color: palette.text },
          inRange: { color: [palette.negative, palette.background, palette.positive] },
        },
        series: [
          {
            type: 'heatmap',
            name: 'P&L USD',
            label: { show: true, color: palette.text, formatter: (p: unknown) => formatUsd((p as { value: [number, number, number] }).value[2]) },
            data: risk.grid.map((c) => [moves.indexOf(c.spxMoveFraction), shifts.indexOf(c.vixShiftPoints), c.totalPnlUsd]),
          },
        ],
      })}
    />
  );
}

function PayoffChart({ payoff, theme }: { payoff: BookPayoffResponse; theme: Theme }) {
  return (
    <LightweightChart<IChartApiBase<number>>
      kind="price"
      theme={theme}
      heightPx={360}
      label="Book P&L across SPX levels at expiry and today at several VIX levels, USD"
      deps={[payoff]}
      draw={(chart, palette) => {
        const atExpiry = chart.addSeries(LineSeries, { color: palette.text, lineWidth: 2, title: `at expiry ${payoff.expiry}` });
        atExpiry.setData(payoff.spxLevels.map((spx, i) => ({ time: spx, value: payoff.expiryPnlUsd[i] ?? 0 })));
        payoff.curves.forEach((curve, k) => {
          const today = chart.addSeries(LineSeries, {
            color: palette.series[k % palette.series.length] ?? palette.text,
            lineWidth: 1,
            title: `today, VIX ${formatNumber(curve.vixLevel, 1)}${curve.vixShiftPoints === 0 ? '' : ` (+${curve.vixShiftPoints})`}`,
          });
          today.setData(payoff.spxLevels.map((spx, i) => ({ time: spx, value: curve.todayPnlUsd[i] ?? 0 })));
        });
        atExpiry.createPriceLine({ price: 0, color: palette.grid, lineWidth: 1, lineStyle: 2, axisLabelVisible: false, title: '' });
      }}
    />
  );
}

function BookRiskSections({ date, theme }: { date: string; theme: Theme }) {
  const risk = useApi<BookRiskResponse>(withQuery('/api/book/risk', { date }));
  const payoff = useApi<BookPayoffResponse>(withQuery('/api/book/payoff', { date }));
  return (
    <>
      <h2>Scenario grid (total P&amp;L, USD)</h2>
      <Load result={risk}>
        {(data) => (
          <>
            <p>
              On {data.date}: SPX {formatNumber(data.spxClose)}, VIX {formatNumber(data.vixClose)}, open P&amp;L {formatUsd(data.openPnlUsd)}. Break-even SPX levels:{' '}
              {data.breakEvenSpxLevels.length > 0 ? data.breakEvenSpxLevels.map((l) => formatNumber(l, 0)).join(', ') : 'none in range'}; break-even vol shifts:{' '}
              {data.breakEvenVolShiftPoints.length > 0 ? data.breakEvenVolShiftPoints.map((v) => `${formatNumber(v, 1)} pts`).join(', ') : 'none in range'}.
            </p>
            <ScenarioHeatMap risk={data} theme={theme} />
          </>
        )}
      </Load>
      <h2>Payoff at expiry and today</h2>
      <Load result={payoff}>{(data) => <PayoffChart payoff={data} theme={theme} />}</Load>
    </>
  );
}

export function BookPage({ theme }: { theme: Theme }) {
  const [date, setDate] = useState('');
  const book = useApi<BookResponse>(withQuery('/api/book', { date }));
  return (
    <>
      <DateControl date={date} onChange={setDate} />
      <Load result={book}>
        {(data) =>
          data.positions.length === 0 ? (
            <p>The book is empty. Add positions with <code>alvh book add</code> or <code>alvh book import</code>, or accept a day's signal.</p>
          ) : (
            <>
              <p className="muted">
                Marks of {data.date ?? '–'}; book state {data.stateId ?? '–'} stepped to {data.bookDay ?? '–'}.
                {data.greeks ? ` Equity ${formatUsd(data.greeks.equityUsd)}, hedge ratio ${formatNumber(data.greeks.hedgeRatio)}.` : ''}
              </p>
              <RecordTable rows={data.positions} caption="Positions (prices in index points)" />
              {data.greeks ? <RecordTable rows={[data.greeks]} caption="Book Greeks" /> : null}
              <BookRiskSections date={date} theme={theme} />
            </>
          )
        }
      </Load>
    </>
  );
}
