import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, HeatmapChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { ComposeOption } from 'echarts/core';
import type { BarSeriesOption, HeatmapSeriesOption, LineSeriesOption } from 'echarts/charts';
import type { GridComponentOption, LegendComponentOption, MarkLineComponentOption, TooltipComponentOption, VisualMapComponentOption } from 'echarts/components';
import { chartPalette, type ChartPalette, type Theme } from '../theme.js';

// Only the chart types the dashboard draws are registered, which keeps the bundle small.
echarts.use([BarChart, HeatmapChart, LineChart, GridComponent, LegendComponent, MarkLineComponent, TooltipComponent, VisualMapComponent, CanvasRenderer]);

export type EChartOption = ComposeOption<BarSeriesOption | HeatmapSeriesOption | LineSeriesOption | MarkLineComponentOption | GridComponentOption | LegendComponentOption | TooltipComponentOption | VisualMapComponentOption>;

interface Props {
  readonly theme: Theme;
  readonly heightPx: number;
  readonly label: string;
  readonly option: (palette: ChartPalette) => EChartOption;
  readonly deps: readonly unknown[];
}

/** An echarts chart (heat maps, bars) rebuilt on theme or data change, resized with its container. */
export function EChart({ theme, heightPx, label, option, deps }: Props) {
  const container = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = container.current;
    if (!element) return;
    const palette = chartPalette();
    const chart = echarts.init(element, null, { renderer: 'canvas' });
    chart.setOption({ textStyle: { color: palette.text }, backgroundColor: 'transparent', ...option(palette) });
    element.dataset.drawn = 'true';
    const observer = new ResizeObserver(() => chart.resize());
    observer.observe(element);
    return () => {
      observer.disconnect();
      delete element.dataset.drawn;
      chart.dispose();
    };
  }, [theme, ...deps]);
  return <div ref={container} className="chart" style={{ height: `${heightPx}px` }} role="img" aria-label={label} />;
}
