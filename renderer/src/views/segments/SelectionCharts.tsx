import { SimpleGrid } from '@mantine/core';
import type { Data, Layout } from 'plotly.js-dist-min';
import { useMemo } from 'react';
import { ChartCard } from '../../charts/ChartCard.tsx';
import { palette } from '../../charts/Plot.tsx';
import type { Segmentation } from './segmentFormat.ts';

/** A vertical line at x with a label at the top (to its left at the last k, so it stays inside). */
function marker(x: number, last: number, text: string, color: string, row = 0, dash = 'dash') {
  return {
    shape: {
      type: 'line',
      xref: 'x',
      yref: 'paper',
      x0: x,
      x1: x,
      y0: 0,
      y1: 1,
      line: { color, width: 1.5, dash },
    },
    annotation: {
      x,
      xref: 'x',
      yref: 'paper',
      y: 1 - row * 0.09,
      yanchor: 'top',
      xanchor: x >= last ? 'right' : 'left',
      text,
      showarrow: false,
      font: { color, size: 11 },
      bgcolor: 'rgba(128,128,128,0.12)',
    },
  };
}

function layoutWith(marks: ReturnType<typeof marker>[], ks: number[]): Layout {
  return {
    showlegend: false,
    shapes: marks.map((m) => m.shape),
    annotations: marks.map((m) => m.annotation),
    xaxis: { tickmode: 'array', tickvals: ks, dtick: 1 },
    yaxis: { rangemode: 'normal' },
  };
}

/**
 * The elbow as the report words it: a clear knee (Kneedle), a weak one (no Kneedle knee, only the k
 * farthest from the chord between the curve's ends), or none. Saved analyses from before
 * `kneeMethod` existed had Kneedle knees only.
 */
export function elbowOf(c: Segmentation['clustering']): { k: number; weak: boolean } | null {
  const knee = c.knee ?? null;
  return knee === null ? null : { k: knee, weak: c.kneeMethod === 'chord' };
}

/**
 * Model selection over the k range: the elbow (inertia against k, the knee marked, a weak one said
 * to be weak), the mean silhouette against k, and BIC against k for a Gaussian mixture; the kept k
 * is marked on each.
 */
export function SelectionCharts({ analysis }: { analysis: Segmentation }) {
  const c = analysis.clustering;
  const selection = useMemo(() => c.selection ?? [], [c.selection]);
  const chosen = c.k;
  const elbow = elbowOf(c);
  const knee = elbow?.k ?? null;
  const weak = elbow?.weak ?? false;

  const charts = useMemo(() => {
    const ks = selection.map((s) => s.k);
    const last = ks[ks.length - 1] ?? chosen;
    const line = (name: string, y: (number | null)[], color: string, format: string): Data[] => [
      {
        type: 'scatter',
        mode: 'lines+markers',
        name,
        x: ks,
        y,
        line: { color, width: 2 },
        marker: {
          color,
          size: ks.map((k) => (k === chosen ? 12 : 7)),
          symbol: ks.map((k) => (k === chosen ? 'star' : 'circle')),
        },
        hovertemplate: `k = %{x}<br>${name}: %{y:${format}}<extra></extra>`,
      },
    ];
    const kept = marker(
      chosen,
      last,
      `kept k = ${chosen}`,
      palette[5] ?? '#D55E00',
      knee !== null && knee !== chosen ? 1 : 0,
    );
    const kneeName = weak ? 'elbow (weak)' : 'knee';
    const kneeDash = weak ? 'dot' : 'dash';
    const elbowMarks =
      knee === null
        ? [kept]
        : knee === chosen
          ? [marker(knee, last, `${kneeName} = kept k = ${knee}`, palette[5] ?? '#D55E00', 0, kneeDash)]
          : [marker(knee, last, `${kneeName} k = ${knee}`, palette[2] ?? '#009E73', 0, kneeDash), kept];
    return {
      elbow: {
        data: line(
          'Inertia',
          selection.map((s) => s.inertia),
          palette[0] ?? '#0072B2',
          ',.0f',
        ),
        layout: layoutWith(elbowMarks, ks),
      },
      silhouette: {
        data: line(
          'Mean silhouette',
          selection.map((s) => s.silhouette),
          palette[1] ?? '#E69F00',
          '.3f',
        ),
        layout: layoutWith([kept], ks),
      },
      bic: selection.some((s) => s.bic !== undefined)
        ? {
            data: line(
              'BIC',
              selection.map((s) => s.bic ?? null),
              palette[3] ?? '#CC79A7',
              ',.0f',
            ),
            layout: layoutWith([kept], ks),
          }
        : null,
    };
  }, [selection, chosen, knee, weak]);

  if (selection.length < 2) return null;
  const elbowNote =
    knee === null
      ? 'No clear elbow: inertia falls steadily over this range (Kneedle finds no knee). Lean on the silhouette and on whether the segments make sense.'
      : weak
        ? `Only a weak elbow (dotted), at k = ${knee}: Kneedle finds no clear knee, and this is the k farthest below the straight line from the first k to the last. Lean on the silhouette and on whether the segments make sense.`
        : `The curve bends most at k = ${knee} (Kneedle, Satopää et al. 2011); beyond it each extra segment explains less.`;
  return (
    <SimpleGrid cols={2} spacing="sm">
      <ChartCard
        title="Elbow: inertia by k"
        xTitle="k (segments)"
        yTitle="Inertia (within-segment SS)"
        data={charts.elbow.data}
        layout={charts.elbow.layout}
        filename="segments-elbow"
        note={elbowNote}
      />
      <ChartCard
        title="Mean silhouette by k"
        xTitle="k (segments)"
        yTitle="Mean silhouette"
        data={charts.silhouette.data}
        layout={charts.silhouette.layout}
        filename="segments-silhouette-by-k"
        note="Higher is better: users closer to their own segment than to the next one."
      />
      {charts.bic && (
        <ChartCard
          title="BIC by k"
          xTitle="k (components)"
          yTitle="BIC"
          data={charts.bic.data}
          layout={charts.bic.layout}
          filename="segments-bic-by-k"
          note="Lower is better; the kept k has the lowest BIC."
        />
      )}
    </SimpleGrid>
  );
}
