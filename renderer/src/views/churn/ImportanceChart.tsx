import type { Data, Layout } from 'plotly.js-dist-min';
import { useMemo } from 'react';
import { ChartCard } from '../../charts/ChartCard.tsx';
import { palette } from '../../charts/Plot.tsx';
import { count } from '../../format.ts';
import type { ChurnMetrics } from './churnFormat.ts';

const shown = 15;

/**
 * Permutation importance on the test set: how much the test AUC drops when one feature's values are
 * shuffled (mean over the repeats, error bars ± one sd), the most important on top.
 */
export function ImportanceChart({ metrics }: { metrics: ChurnMetrics }) {
  const top = useMemo(
    () => [...metrics.importance].sort((a, b) => b.value - a.value).slice(0, shown),
    [metrics.importance],
  );
  const data = useMemo<Data[]>(
    () => [
      {
        type: 'bar',
        orientation: 'h',
        name: 'AUC drop',
        x: top.map((f) => f.value),
        y: top.map((f) => f.feature),
        marker: { color: top.map((f) => (f.value > 0 ? palette[0] : palette[7])) },
        error_x: {
          type: 'data',
          array: top.map((f) => f.sd),
          visible: true,
          color: palette[7],
          thickness: 1,
        },
        hovertemplate: '%{y}: AUC −%{x:.4f} ± %{error_x.array:.4f}<extra></extra>',
      },
    ],
    [top],
  );
  const layout = useMemo<Layout>(
    () => ({
      yaxis: { autorange: 'reversed', rangemode: 'normal', automargin: true, title: { text: '' } },
      xaxis: { zeroline: true },
      margin: { l: 120, r: 16, t: 8, b: 48 },
    }),
    [],
  );
  const hidden = metrics.importance.length - top.length;
  return (
    <ChartCard
      title="What drives the score: permutation importance"
      xTitle="Drop in test AUC when the feature is shuffled"
      yTitle=""
      data={data}
      layout={layout}
      height={Math.max(220, 22 * top.length + 70)}
      filename="churn-importance"
      note={`Bars: mean drop over repeated shuffles of the ${count(metrics.nTest)} test users; whiskers ± 1 sd. ${
        hidden > 0 ? `${hidden} less important features not shown; ` : ''
      }near zero means the model does not rely on the feature.`}
    />
  );
}
