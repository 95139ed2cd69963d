import { useState } from 'react';
import { LineSeries, type IChartApi } from 'lightweight-charts';
import type { IChartApiBase } from 'lightweight-charts';
import { useApi } from '../api/useApi.js';
import { withQuery } from '../api/client.js';
import type { TermStructureResponse } from '../api/types.js';
import { DateControl } from '../components/DateControl.js';
import { Load } from '../components/Status.js';
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
          <h2>VIX futures curve (settlement by days to expiry)</h2>
          <LightweightChart<IChartApiBase<number>>
            kind="price"
            theme={theme}
            heightPx={320}
            label="VIX futures settlements against days to expiry, today, one week and one month ago"
            deps={[data]}
            draw={(chart, palette) => {
              data.curves.forEach((curve, i) => {
                const series = chart.addSeries(LineSeries, { color: palette.series[i % palette.series.length] ?? palette.text, title: `${curve.label} (${curve.day})`, pointMarkersVisible: true });
                series.setData([...curve.futures].sort((a, b) => a.dteDays - b.dteDays).map((f) => ({ time: f.dteDays, value: f.settle })));
              });
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
              yAxis: { type: 'value', scale: true, axisLabel: { color: palette.text }, splitLine: { lineStyle: { color: palette.grid } } },
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
