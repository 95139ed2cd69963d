import { useState } from 'react';
import { LineSeries, type IChartApi } from 'lightweight-charts';
import { useApi } from '../api/useApi.js';
import { withQuery } from '../api/client.js';
import type { TermStructureResponse } from '../api/types.js';
import { DateControl } from '../components/DateControl.js';
import { Load } from '../components/Status.js';
import { ScrollTable } from '../components/Tables.js';
import { LightweightChart } from '../charts/LightweightChart.js';
import { EChart } from '../charts/EChart.js';
import { formatNumber, formatPercent } from '../format.js';
import type { Theme } from '../theme.js';

const familyTenors = [
  ['vix9d', 'VIX9D'],
  ['vix', 'VIX'],
  ['vix3m', 'VIX3M'],
  ['vix6m', 'VIX6M'],
] as const;

const monthNames = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** A contract's month as the server labels it ("Mar 2020"). */
const monthLabel = (expiryIso: string) => `${monthNames[Number(expiryIso.slice(5, 7)) - 1] ?? '?'} ${expiryIso.slice(0, 4)}`;

function TermStructureView({ data, theme }: { data: TermStructureResponse; theme: Theme }) {
  const contracts = [...new Set(data.curves.flatMap((c) => c.futures.map((f) => f.contract)))];
  return (
    <>
      <p>
        Curves on {data.day}. Front-to-second contango <strong>{formatPercent(data.contango.frontToSecond)}</strong>, VIX / VIX3M{' '}
        <strong>{formatNumber(data.contango.vixToVix3m, 3)}</strong>.
      </p>
      <div className="grid-2">
        <section>
          <h2>VIX term structure (spot, then contract months)</h2>
          <EChart
            theme={theme}
            heightPx={320}
            label="Spot VIX and the VIX futures by contract month, today, the previous trading day, one week and one month ago"
            deps={[data]}
            option={(palette) => {
              const months = data.months.map((m) => m.label);
              // Earlier curves placed by contract month, spot under VIX; months that had expired are left out.
              const earlier = data.curves.slice(1).map((c) => {
                const byMonth = new Map(c.futures.map((f) => [monthLabel(f.expiry), f.settle]));
                if (c.vixFamily.vix !== null) byMonth.set('VIX', c.vixFamily.vix);
                return { name: `${c.label} (${c.day})`, data: months.map((m) => byMonth.get(m) ?? null) };
              });
              const previous = data.months.map((m) => (m.changePoints === null ? null : m.level - m.changePoints));
              return {
                tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (typeof v === 'number' ? v.toFixed(2) : '–') },
                // A plain legend wraps onto a second row rather than hiding curves behind a scroller; the
                // grid's top leaves room for two rows and the axis name under them, its bottom for the
                // rotated month labels and the axis name below them.
                legend: { top: 0, textStyle: { color: palette.text } },
                grid: { left: 44, right: 16, bottom: 64, top: 72 },
                xAxis: { type: 'category', data: months, name: 'contract month', nameLocation: 'middle', nameGap: 46, axisLabel: { color: palette.text, interval: 0, rotate: months.length > 6 ? 30 : 0 } },
                // A level, not a quantity: the axis frames the curve (as vixcentral does) rather than starting at zero.
                yAxis: { type: 'value', scale: true, name: 'VIX points', axisLabel: { color: palette.text }, splitLine: { lineStyle: { color: palette.grid } } },
                series: [
                  { type: 'line' as const, name: `today (${data.day})`, data: data.months.map((m) => m.level), lineStyle: { width: 3, color: palette.series[0] ?? palette.text }, itemStyle: { color: palette.series[0] ?? palette.text }, label: { show: true, position: 'top' as const, color: palette.text, formatter: (p: { value: unknown }) => (typeof p.value === 'number' ? p.value.toFixed(2) : '') } },
                  { type: 'line' as const, name: `previous day (${data.previousDay ?? '–'})`, data: previous, lineStyle: { type: 'dashed' as const, color: palette.series[4] ?? palette.text }, itemStyle: { color: palette.series[4] ?? palette.text } },
                  ...earlier.map((c, i) => ({ type: 'line' as const, name: c.name, data: c.data, connectNulls: true, lineStyle: { width: 1, color: palette.series[(i + 1) % palette.series.length] ?? palette.text }, itemStyle: { color: palette.series[(i + 1) % palette.series.length] ?? palette.text } })),
                ],
              };
            }}
          />
        </section>
        <section>
          <h2>VIX family</h2>
          <EChart
            theme={theme}
            heightPx={320}
            label="VIX9D, VIX, VIX3M and VIX6M today, one week and one month ago"
            deps={[data]}
            option={(palette) => ({
              tooltip: { trigger: 'axis' },
              legend: { top: 0, textStyle: { color: palette.text } },
              grid: { left: 40, right: 16, bottom: 30, top: 40 },
              xAxis: { type: 'category', data: familyTenors.map(([, name]) => name), axisLabel: { color: palette.text } },
              // Bars measure from zero: a bar's length is its level.
              yAxis: { type: 'value', min: 0, name: 'index points', axisLabel: { color: palette.text }, splitLine: { lineStyle: { color: palette.grid } } },
              series: data.curves.map((curve, i) => ({
                type: 'bar',
                name: `${curve.label} (${curve.day})`,
                itemStyle: { color: palette.series[i % palette.series.length] ?? palette.text },
                data: familyTenors.map(([key]) => curve.vixFamily[key]),
              })),
            })}
          />
        </section>
      </div>
      <h2>VIX / VIX3M, last two years</h2>
      <LightweightChart<IChartApi>
        kind="time"
        theme={theme}
        heightPx={260}
        label="History of the VIX to VIX3M ratio"
        deps={[data]}
        draw={(chart, palette) => {
          const series = chart.addSeries(LineSeries, { color: palette.series[0] ?? palette.text, lineWidth: 1, title: 'VIX/VIX3M' });
          series.setData(data.vixToVix3mHistory.map((p) => ({ time: p.date, value: p.value })));
          // Above 1 the curve is inverted (backwardation), which the methodology treats as stress.
          series.createPriceLine({ price: 1, color: palette.negative, lineWidth: 1, lineStyle: 2, axisLabelVisible: true, title: 'inversion' });
        }}
      />
      <h2>Contract months</h2>
      <ScrollTable columns={['Month', 'Expiry (DTE)', 'Level', `Change vs ${data.previousDay ?? 'previous day'}`, 'Contango over the point before', 'Roll toward spot (points / day)']} label="Contract months">
        {data.months.map((m) => (
          <tr key={m.label}>
            <th scope="row">{m.label}</th>
            <td>{m.expiry ? `${m.expiry} (${m.dteDays})` : 'spot'}</td>
            <td>{formatNumber(m.level)}</td>
            <td className={m.changePoints !== null && m.changePoints < 0 ? 'negative' : undefined}>{m.changePoints === null ? '–' : `${m.changePoints > 0 ? '+' : ''}${formatNumber(m.changePoints)}`}</td>
            <td>{formatPercent(m.contangoFraction)}</td>
            <td>{formatNumber(m.rollYieldPointsPerDay, 3)}</td>
          </tr>
        ))}
      </ScrollTable>
      <h2>Settlements</h2>
      <div className="table-scroll" tabIndex={0}>
        <table>
          <thead>
            <tr>
              <th scope="col">Contract</th>
              {data.curves.map((c) => (
                <th key={c.label} scope="col">{c.label} ({c.day})</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {contracts.map((contract) => (
              <tr key={contract}>
                <th scope="row">{contract}</th>
                {data.curves.map((c) => (
                  <td key={c.label}>{formatNumber(c.futures.find((f) => f.contract === contract)?.settle)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

export function TermStructurePage({ theme }: { theme: Theme }) {
  const [date, setDate] = useState('');
  const result = useApi<TermStructureResponse>(withQuery('/api/term-structure', { date }));
  return (
    <>
      <DateControl date={date} onChange={setDate} />
      <Load result={result}>{(data) => <TermStructureView data={data} theme={theme} />}</Load>
    </>
  );
}
