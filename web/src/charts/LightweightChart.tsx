import { useEffect, useRef } from 'react';
import { createChart, createOptionsChart, ColorType, type IChartApiBase, type Time } from 'lightweight-charts';
import { chartPalette, type ChartPalette, type Theme } from '../theme.js';

type AnyChart = IChartApiBase<Time> | IChartApiBase<number>;

interface Props<C extends AnyChart> {
  /** 'time' for dated series; 'price' for the options chart whose horizontal axis is an SPX level. */
  readonly kind: C extends IChartApiBase<number> ? 'price' : 'time';
  readonly theme: Theme;
  readonly heightPx: number;
  readonly label: string;
  /** Adds the series; called again whenever `theme` or `deps` change (the chart is rebuilt). */
  readonly draw: (chart: C, palette: ChartPalette) => void;
  readonly deps: readonly unknown[];
}

/** A lightweight-charts chart bound to a div, rebuilt on theme or data change and disposed on unmount. */
export function LightweightChart<C extends AnyChart>({ kind, theme, heightPx, label, draw, deps }: Props<C>) {
  const container = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = container.current;
    if (!element) return;
    const palette = chartPalette();
    const options = {
      autoSize: true,
      layout: { background: { type: ColorType.Solid, color: palette.background }, textColor: palette.text, attributionLogo: false },
      grid: { vertLines: { color: palette.grid }, horzLines: { color: palette.grid } },
    };
    const chart = kind === 'price' ? createOptionsChart(element, options) : createChart(element, options);
    draw(chart as unknown as C, palette);
    chart.timeScale().fitContent();
    element.dataset.drawn = 'true';
    return () => {
      delete element.dataset.drawn;
      chart.remove();
    };
  }, [theme, kind, ...deps]);
  return <div ref={container} className="chart" style={{ height: `${heightPx}px` }} role="img" aria-label={label} />;
}
