import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

echarts.use([BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export type ActivityBar = { name: string; count: number; hours: number };

type Props = {
  bars: ActivityBar[];
  /** Days run along the bottom; names (users, branches, channels) down the side, where long ones fit. */
  horizontal: boolean;
  countLabel: string;
  hoursLabel: string;
};

const COUNT_COLOR = '#1677ff';
const HOURS_COLOR = '#fa8c16';

/** Interactions per group as bars, with the time they took as a second series on its own axis. */
export function ActivityChart({ bars, horizontal, countLabel, hoursLabel }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);

  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const instance = echarts.init(element);
    chart.current = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(element);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    const names = bars.map((b) => b.name);
    const category = {
      type: 'category' as const,
      data: names,
      inverse: horizontal,
      axisLabel: horizontal ? { width: 96, overflow: 'truncate' as const } : { hideOverlap: true },
    };
    // Each value axis in its series' colour, so the legend tells them apart; no names to crowd the edges.
    const values = [
      { type: 'value' as const, minInterval: 1, axisLabel: { color: COUNT_COLOR } },
      { type: 'value' as const, splitLine: { show: false }, axisLabel: { color: HOURS_COLOR } },
    ];
    chart.current?.setOption(
      {
        tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, confine: true },
        legend: { top: 0, data: [countLabel, hoursLabel] },
        grid: { top: 56, left: 8, right: 24, bottom: 8, containLabel: true },
        xAxis: horizontal ? values : category,
        yAxis: horizontal ? category : values,
        series: [
          {
            name: countLabel,
            type: 'bar',
            data: bars.map((b) => b.count),
            itemStyle: { color: COUNT_COLOR },
            barMaxWidth: 28,
            label: {
              show: bars.length <= 20,
              position: horizontal ? 'right' : 'top',
              formatter: (p: { value: unknown }) => (typeof p.value === 'number' && p.value > 0 ? String(p.value) : ''),
            },
          },
          {
            name: hoursLabel,
            type: 'bar',
            [horizontal ? 'xAxisIndex' : 'yAxisIndex']: 1,
            data: bars.map((b) => b.hours),
            itemStyle: { color: HOURS_COLOR, opacity: 0.75 },
            barMaxWidth: 16,
          },
        ],
      },
      { notMerge: true },
    );
  }, [bars, horizontal, countLabel, hoursLabel]);

  const height = horizontal ? Math.max(220, 72 + bars.length * 40) : 320;
  return <div ref={ref} style={{ width: '100%', height }} data-testid="activity-chart" role="img" aria-label={countLabel} />;
}
