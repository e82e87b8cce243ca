import type { Data, Layout } from 'plotly.js-dist-min';
import { useMemo } from 'react';
import { palette, Plot } from '../../charts/Plot.tsx';
import { slug } from './experimentFormat.ts';
import type { Cell, MetricResultWire } from './experimentsApi.ts';

const levelsOf = (cells: Cell[], factor: string) => [
  ...new Set(cells.map((c) => c.levels[factor] ?? '').filter((l) => l !== '')),
];

/**
 * The interaction plot of a factorial experiment: the levels of the first factor along x, one line
 * per level of the second, each cell's mean with its interval. Parallel lines: no interaction.
 */
export function InteractionPlot({
  metric,
  cells,
  factors,
}: {
  metric: MetricResultWire;
  cells: Cell[];
  factors: string[];
}) {
  const [a = '', b] = factors;
  const scale = metric.type === 'binary' ? 100 : 1;
  const data = useMemo<Data[]>(() => {
    const xs = levelsOf(cells, a);
    const series = b ? levelsOf(cells, b) : [null];
    return series.map((level, i) => {
      const points = xs.map((x) =>
        cells.find(
          (c) => c.levels[a] === x && (level === null || (b !== undefined && c.levels[b] === level)),
        ),
      );
      return {
        type: 'scatter',
        mode: 'lines+markers',
        name: level === null ? metric.metric : `${b} = ${level}`,
        x: xs,
        y: points.map((p) => (p ? p.mean * scale : null)),
        customdata: points.map((p) => p?.n ?? 0),
        line: { color: palette[i % 7], width: 2 },
        marker: { color: palette[i % 7], size: 8 },
        error_y: {
          type: 'data',
          symmetric: false,
          array: points.map((p) => (p ? (p.ci[1] - p.mean) * scale : 0)),
          arrayminus: points.map((p) => (p ? (p.mean - p.ci[0]) * scale : 0)),
          color: palette[i % 7],
          thickness: 1.5,
          width: 5,
        },
        hovertemplate: `%{x}${level === null ? '' : `, ${b} = ${level}`}: %{y:.3f}${scale === 100 ? '%' : ''} (n = %{customdata:,})<extra></extra>`,
      };
    });
  }, [cells, a, b, metric.metric, scale]);
  const layout = useMemo<Layout>(
    () => ({
      xaxis: { type: 'category' },
      yaxis: { rangemode: 'normal' },
      legend: { orientation: 'h', y: 1.15 },
    }),
    [],
  );
  return (
    <Plot
      title={b ? `Interaction: ${a} × ${b} on ${metric.metric}` : `${metric.metric} by ${a}`}
      xTitle={a}
      yTitle={metric.type === 'binary' ? 'Rate (%)' : 'Mean'}
      data={data}
      layout={layout}
      height={280}
      filename={`experiment-interaction-${slug(metric.metric)}`}
      note={b ? 'Each point is a cell mean with its interval; parallel lines mean no interaction.' : null}
    />
  );
}
