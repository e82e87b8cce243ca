import type { Data, Layout } from 'plotly.js-dist-min';
import { useMemo } from 'react';
import { Plot } from '../../charts/Plot.tsx';
import { confidence, controlColour, slug } from './experimentFormat.ts';
import type { MetricResultWire } from './experimentsApi.ts';

/**
 * The forest plot of one metric: each variant's difference from the control with its interval as a
 * horizontal error bar, in pp for a rate, around a dotted zero line (no difference).
 */
export function ForestPlot({ metric, colours }: { metric: MetricResultWire; colours: Map<string, string> }) {
  const scale = metric.type === 'binary' ? 100 : 1;
  const unit = metric.type === 'binary' ? ' pp' : '';
  const comparisons = metric.comparisons;
  const data = useMemo<Data[]>(
    () =>
      comparisons.map((c) => {
        const colour = colours.get(c.variant) ?? '#0072B2';
        return {
          type: 'scatter',
          mode: 'markers',
          name: c.variant,
          x: [c.diff * scale],
          y: [c.variant],
          marker: { color: colour, size: 9, symbol: c.significant ? 'circle' : 'circle-open' },
          error_x: {
            type: 'data',
            symmetric: false,
            array: [(c.diff_ci[1] - c.diff) * scale],
            arrayminus: [(c.diff - c.diff_ci[0]) * scale],
            color: colour,
            thickness: 2,
            width: 6,
          },
          hovertemplate: `${c.variant}: %{x:.3f}${unit} (${confidence(c.alpha_used)} CI ${(c.diff_ci[0] * scale).toFixed(3)} to ${(c.diff_ci[1] * scale).toFixed(3)})<extra></extra>`,
        };
      }),
    [comparisons, colours, scale, unit],
  );
  const lo = Math.min(0, ...comparisons.map((c) => c.diff_ci[0] * scale));
  const hi = Math.max(0, ...comparisons.map((c) => c.diff_ci[1] * scale));
  const pad = (hi - lo || 1) * 0.08;
  const layout = useMemo<Layout>(
    () => ({
      showlegend: false,
      margin: { l: 56, r: 16, t: 8, b: 44 },
      yaxis: { type: 'category', autorange: 'reversed', automargin: true, rangemode: 'normal' },
      // Zero always in view, with a little room on both sides.
      xaxis: { zeroline: false, range: [lo - pad, hi + pad] },
      shapes: [
        {
          type: 'line',
          xref: 'x',
          yref: 'paper',
          x0: 0,
          x1: 0,
          y0: 0,
          y1: 1,
          line: { color: controlColour, dash: 'dot', width: 1.5 },
        },
      ],
    }),
    [lo, hi, pad],
  );
  const ci = comparisons[0] ? confidence(comparisons[0].alpha_used) : '95%';
  return (
    <Plot
      title={`Difference from the control (${ci} CI)`}
      xTitle={metric.type === 'binary' ? 'Difference in rate (pp)' : `Difference in ${metric.metric}`}
      yTitle=""
      data={data}
      layout={layout}
      height={90 + 44 * comparisons.length}
      filename={`experiment-forest-${slug(metric.metric)}`}
      note="Dotted line: no difference. An interval that crosses it is not a detectable difference; filled dots are significant."
    />
  );
}
