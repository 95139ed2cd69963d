import { useEffect, useRef } from 'react';
import { createChart, createOptionsChart, ColorType, type IChartApiBase, type Time } from 'lightweight-charts';
import { chartPalette, type ChartPalette, type Theme } from '../theme.js';

/** Narrowest a bar may be drawn, pixels: small enough that the longest curve fits any chart width. */
const MIN_BAR_SPACING_PX = 0.01;

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
      // The default minimum of half a pixel per bar cannot fit 1500 points in a 650-pixel chart, so
      // fitContent showed only the last years of a long run (a 2007 run began on screen in 2011).
      timeScale: { minBarSpacing: MIN_BAR_SPACING_PX },
    };
    const chart = kind === 'price' ? createOptionsChart(element, options) : createChart(element, options);
    draw(chart as unknown as C, palette);
    const timeScale = chart.timeScale();
    // The first bar on screen, for the tests: 0 (or less) when the whole series shows.
    const onRange = (range: { from: number } | null) => {
      if (range) element.dataset.visibleFromIndex = String(Math.floor(range.from));
    };
    timeScale.subscribeVisibleLogicalRangeChange(onRange);
    // The chart sizes itself after it is created (autoSize): fit again once its width is known.
    const fit = () => timeScale.fitContent();
    timeScale.subscribeSizeChange(fit);
    fit();
    element.dataset.drawn = 'true';
    return () => {
      delete element.dataset.drawn;
      timeScale.unsubscribeVisibleLogicalRangeChange(onRange);
      timeScale.unsubscribeSizeChange(fit);
      chart.remove();
    };
  }, [theme, kind, ...deps]);
  return <div ref={container} className="chart" style={{ height: `${heightPx}px` }} role="img" aria-label={label} />;
}
