/**
 * The dashboard's trend as an ECharts line chart (the tree-shaken echarts core: line series, grid, tooltip, legend,
 * canvas). Loaded lazily by the dashboard page, so ECharts reaches only officers who open it. The chart is an image to
 * screen readers (role="img" with a label); the same data is in the trend table beside it.
 *
 * A small effect-based wrapper instead of echarts-for-react: its build imports `tslib`, which is not installed at
 * the top level of this workspace (docs/decisions/0033).
 */
import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { TrendPoint } from './dashboard.types.ts';

echarts.use([LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export interface TrendChartProps {
  trend: TrendPoint[];
  label: string;
  names: { applications: string; online: string; firstTimeSuccess: string; goodRating: string; badRatings: string; overdue: string };
}

const pct = (r: number | null) => (r === null ? null : Math.round(r * 1000) / 10);

export default function TrendChart({ trend, label, names }: TrendChartProps) {
  const x = trend.map((p) => p.bucket);
  const option = {
    animation: false,
    tooltip: { trigger: 'axis' },
    legend: { top: 0, type: 'scroll' },
    grid: { left: 48, right: 48, top: 40, bottom: 32 },
    xAxis: { type: 'category', data: x },
    yAxis: [
      { type: 'value', name: '#', minInterval: 1 },
      { type: 'value', name: '%', min: 0, max: 100 },
    ],
    series: [
      { name: names.applications, type: 'line', yAxisIndex: 0, data: trend.map((p) => p.applications) },
      { name: names.badRatings, type: 'line', yAxisIndex: 0, data: trend.map((p) => p.badRatings) },
      { name: names.overdue, type: 'line', yAxisIndex: 0, data: trend.map((p) => p.overdue) },
      { name: names.online, type: 'line', yAxisIndex: 1, connectNulls: true, data: trend.map((p) => pct(p.online.rate)) },
      { name: names.firstTimeSuccess, type: 'line', yAxisIndex: 1, connectNulls: true, data: trend.map((p) => pct(p.firstTimeSuccess.rate)) },
      { name: names.goodRating, type: 'line', yAxisIndex: 1, connectNulls: true, data: trend.map((p) => pct(p.goodRating.rate)) },
    ],
  };
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  useEffect(() => {
    if (!el.current) return undefined;
    const c = echarts.init(el.current, undefined, { renderer: 'canvas' });
    chart.current = c;
    const observer = new ResizeObserver(() => c.resize());
    observer.observe(el.current);
    return () => {
      observer.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);
  const json = JSON.stringify(option);
  useEffect(() => {
    chart.current?.setOption(JSON.parse(json) as echarts.EChartsCoreOption, { notMerge: true });
  }, [json]);
  return <div ref={el} role="img" aria-label={label} data-testid="dashboard-chart" className="tb-dash-chart" style={{ height: 320, width: '100%' }} />;
}
