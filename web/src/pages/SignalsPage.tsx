import { useEffect, useState } from 'react';
import { CandlestickSeries, HistogramSeries, LineSeries, createSeriesMarkers, type IChartApi, type SeriesMarker, type Time } from 'lightweight-charts';
import { useApi } from '../api/useApi.js';
import { withQuery } from '../api/client.js';
import type { SignalsResponse } from '../api/types.js';
import { Load } from '../components/Status.js';
import { LightweightChart } from '../charts/LightweightChart.js';
import type { ChartPalette, Theme } from '../theme.js';

/** Translucent fills per VIX regime name; a regime the app does not know gets no shading. */
function regimeColor(regime: string | null, palette: ChartPalette): string | undefined {
  const alpha = (hex: string) => `${hex}33`;
  switch (regime) {
    case 'calm':
      return alpha(palette.positive);
    case 'normal':
      return undefined;
    case 'elevated':
      return alpha(palette.series[1] ?? palette.negative);
    case 'high':
    case 'extreme':
      return alpha(palette.negative);
    default:
      return undefined;
  }
}

function drawSignals(chart: IChartApi, palette: ChartPalette, data: SignalsResponse) {
  const price = chart.addSeries(CandlestickSeries, {
    upColor: palette.positive,
    downColor: palette.negative,
    wickUpColor: palette.positive,
    wickDownColor: palette.negative,
    borderVisible: false,
    title: 'SPX',
  });
  price.setData(data.spx.map((b) => ({ time: b.date, open: b.open, high: b.high, low: b.low, close: b.close })));

  const regime = chart.addSeries(HistogramSeries, { priceScaleId: 'regime', lastValueVisible: false, priceLineVisible: false });
  chart.priceScale('regime').applyOptions({ visible: false, scaleMargins: { top: 0, bottom: 0 } });
  regime.setData(data.days.map((d) => {
    const color = regimeColor(d.vix.regime, palette);
    return color ? { time: d.date, value: 1, color } : { time: d.date };
  }));

  const markers: SeriesMarker<Time>[] = [];
  for (const day of data.days) {
    for (const divergence of day.divergences.detectedToday) {
      const bearish = divergence.direction === 'bearish';
      markers.push({
        time: day.date,
        position: bearish ? 'aboveBar' : 'belowBar',
        shape: bearish ? 'arrowDown' : 'arrowUp',
        color: bearish ? palette.negative : palette.positive,
        // No text: labels of close-together days piled up over the candles; the legend names the shapes.
      });
    }
    // The strategy's entry trigger: a square under the bar, as the legend says.
    if (day.entry.trigger) markers.push({ time: day.date, position: 'belowBar', shape: 'square', color: palette.series[0] ?? palette.text, size: 0.6 });
  }
  // Events keep a one-letter label (F FOMC, C CPI, P PPI ...): short enough not to pile up.
  for (const event of data.events) markers.push({ time: event.date, position: 'aboveBar', shape: 'circle', color: palette.series[2] ?? palette.text, text: event.kind.slice(0, 1).toUpperCase(), size: 0.6 });
  // Markers must be in time order; a stable sort keeps same-day markers in the order added.
  markers.sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0));
  createSeriesMarkers(price, markers);

  const macdPane = 1;
  chart.addSeries(HistogramSeries, { color: palette.series[4] ?? palette.text, title: 'MACD hist' }, macdPane).setData(
    data.days.map((d) => (d.spx.macd?.histogram != null ? { time: d.date, value: d.spx.macd.histogram, color: d.spx.macd.histogram >= 0 ? palette.positive : palette.negative } : { time: d.date })),
  );
  chart.addSeries(LineSeries, { color: palette.series[0] ?? palette.text, lineWidth: 1, title: 'MACD' }, macdPane).setData(
    data.days.map((d) => (d.spx.macd ? { time: d.date, value: d.spx.macd.line } : { time: d.date })),
  );
  chart.addSeries(LineSeries, { color: palette.series[1] ?? palette.text, lineWidth: 1, title: 'signal' }, macdPane).setData(
    data.days.map((d) => (d.spx.macd?.signal != null ? { time: d.date, value: d.spx.macd.signal } : { time: d.date })),
  );

  const rsiPane = 2;
  const rsi = chart.addSeries(LineSeries, { color: palette.series[2] ?? palette.text, lineWidth: 1, title: 'RSI' }, rsiPane);
  rsi.setData(data.days.map((d) => (d.spx.rsi !== null ? { time: d.date, value: d.spx.rsi } : { time: d.date })));
  // The usual overbought and oversold levels.
  for (const level of [70, 30]) rsi.createPriceLine({ price: level, color: palette.grid, lineWidth: 1, lineStyle: 2, axisLabelVisible: true, title: String(level) });
  const panes = chart.panes();
  // Price gets half the height, each oscillator a quarter.
  panes[0]?.setStretchFactor(2);
  panes[1]?.setStretchFactor(1);
  panes[2]?.setStretchFactor(1);
}

/** What the shading and the markers mean; colours from the same CSS variables the chart reads. */
function SignalsLegend() {
  const items: Array<[string, string]> = [
    ['swatch calm', 'calm VIX regime'],
    ['swatch elevated', 'elevated regime'],
    ['swatch high', 'high or extreme regime (normal: no shading)'],
    ['mark entry', 'entry trigger (square under the bar)'],
    ['mark bearish', 'bearish divergence (arrow down)'],
    ['mark bullish', 'bullish divergence (arrow up)'],
    ['mark event', 'event: F FOMC, C CPI, P PPI, ... (circle above)'],
    ['mark rsi', 'RSI 70 / 30: overbought / oversold'],
  ];
  return (
    <ul className="legend" aria-label="Chart legend">
      {items.map(([cls, text]) => (
        <li key={text}>
          <span className={cls} aria-hidden="true" /> {text}
        </li>
      ))}
    </ul>
  );
}

export function SignalsPage({ theme }: { theme: Theme }) {
  // No range at first: the server answers with its default window, which then fills the form.
  const [range, setRange] = useState<{ from: string; to: string } | null>(null);
  const [draft, setDraft] = useState({ from: '', to: '' });
  const result = useApi<SignalsResponse>(withQuery('/api/signals', range ?? {}));
  useEffect(() => {
    if (range === null && result.state === 'ready') setDraft({ from: result.data.from, to: result.data.to });
  }, [range, result]);
  return (
    <>
      <form
        className="controls"
        onSubmit={(e) => {
          e.preventDefault();
          setRange({ ...draft });
        }}
      >
        <label>
          From <input type="date" value={draft.from} onChange={(e) => setDraft({ ...draft, from: e.target.value })} required />
        </label>
        <label>
          To <input type="date" value={draft.to} onChange={(e) => setDraft({ ...draft, to: e.target.value })} required />
        </label>
        <button type="submit">Show</button>
        <span className="muted small">Up to three years per request.</span>
      </form>
      <Load result={result}>
        {(data) => (
          <>
            <LightweightChart<IChartApi>
              kind="time"
              theme={theme}
              heightPx={620}
              label={`SPX with MACD and RSI panes, ${data.from} to ${data.to}`}
              deps={[data]}
              draw={(chart, palette) => drawSignals(chart, palette, data)}
            />
            <p className="muted small">
              {data.days.length} trading days, {data.from} to {data.to}; {data.days.filter((d) => d.entry.trigger).length} entry-trigger days.
            </p>
            <SignalsLegend />
          </>
        )}
      </Load>
    </>
  );
}
