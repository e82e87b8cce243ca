import { Card, useComputedColorScheme } from '@mantine/core';
import type { Data, Layout } from 'plotly.js-dist-min';
import { useMemo } from 'react';
import { Plot } from '../../charts/Plot.tsx';
import { count } from '../../format.ts';
import {
  axisNames,
  jaccardReading,
  NOISE,
  percent,
  segmentColor,
  type Segmentation,
} from './segmentFormat.ts';

/** A dashed vertical line on one of the panels, labelled above it. */
const mark = (axis: 'x' | 'x2' | 'x3', x: number, text: string, color: string, anchor = 'center') => ({
  shape: {
    type: 'line',
    xref: axis,
    yref: 'paper',
    x0: x,
    x1: x,
    y0: 0,
    y1: 1,
    line: { color, width: 1.5, dash: 'dash' },
  },
  annotation: {
    x,
    xref: axis,
    yref: 'paper',
    y: 1,
    yanchor: 'bottom',
    xanchor: anchor,
    text,
    showarrow: false,
    font: { color, size: 10 },
  },
});

/**
 * Per segment, side by side on one shared list of names: size, mean silhouette, and bootstrap
 * stability (Jaccard, with Hennig's 0.6 and 0.75 marked). One colour per segment, as everywhere.
 */
export function QualityCharts({ analysis }: { analysis: Segmentation }) {
  const dark = useComputedColorScheme('light') === 'dark';
  const c = analysis.clustering;
  const chart = useMemo(() => {
    const profiles = analysis.profiles;
    const unique = axisNames(profiles);
    const perCluster = c.silhouettePerCluster;
    const jaccard = analysis.stability?.perClusterJaccard ?? null;
    const color = profiles.map((p) => segmentColor(p.segment));
    const common = { type: 'bar', orientation: 'h', y: unique, marker: { color }, yaxis: 'y' };
    const data: Data[] = [
      {
        ...common,
        name: 'Users',
        x: profiles.map((p) => p.size),
        xaxis: 'x',
        customdata: profiles.map((p) => percent(p.share)),
        text: profiles.map((p) => `${count(p.size)} · ${percent(p.share, 0)}`),
        textposition: 'auto',
        cliponaxis: false,
        hovertemplate: '%{y}<br>%{x:,} users (%{customdata})<extra></extra>',
      },
    ];
    if (perCluster)
      data.push({
        ...common,
        name: 'Silhouette',
        x: profiles.map((p) => (p.segment === NOISE ? null : (perCluster[p.segment] ?? null))),
        xaxis: 'x2',
        hovertemplate: '%{y}<br>mean silhouette %{x:.3f}<extra></extra>',
      });
    if (jaccard)
      data.push({
        ...common,
        name: 'Jaccard',
        x: profiles.map((p) => (p.segment === NOISE ? null : (jaccard[p.segment] ?? null))),
        xaxis: 'x3',
        customdata: profiles.map((p) => {
          const j = p.segment === NOISE ? null : jaccard[p.segment];
          return j === null || j === undefined ? 'not measured' : jaccardReading(j);
        }),
        hovertemplate: '%{y}<br>Jaccard %{x:.2f}: %{customdata}<extra></extra>',
      });
    const grid = dark ? '#373A40' : '#E9ECEF';
    const panels = 1 + (perCluster ? 1 : 0) + (jaccard ? 1 : 0);
    const width = (1 - 0.06 * (panels - 1)) / panels;
    const domain = (i: number) => [i * (width + 0.06), i * (width + 0.06) + width];
    const marks = [
      ...(perCluster && c.silhouette !== null
        ? [mark('x2', c.silhouette, `overall ${c.silhouette.toFixed(2)}`, '#888')]
        : []),
      ...(jaccard
        ? [mark('x3', 0.6, '0.6', '#CC79A7', 'right'), mark('x3', 0.75, '0.75', '#009E73', 'left')]
        : []),
    ];
    const layout: Layout = {
      showlegend: false,
      margin: { l: 8, r: 16, t: 28, b: 48 },
      yaxis: { autorange: 'reversed', automargin: true, rangemode: 'normal' },
      xaxis: { domain: domain(0), title: { text: 'Users' }, rangemode: 'tozero' },
      xaxis2: {
        domain: domain(1),
        title: { text: 'Mean silhouette (−1 to 1)' },
        gridcolor: grid,
        zerolinecolor: dark ? '#888' : '#444',
        anchor: 'y',
      },
      xaxis3: {
        domain: domain(perCluster ? 2 : 1),
        title: { text: 'Stability (bootstrap Jaccard)' },
        range: [0, 1.02],
        gridcolor: grid,
        anchor: 'y',
      },
      shapes: marks.map((m) => m.shape),
      annotations: marks.map((m) => m.annotation),
    };
    if (!jaccard && perCluster) (layout.xaxis2 as Record<string, unknown>).domain = domain(1);
    return { data, layout };
  }, [analysis, c, dark]);

  const notes = [
    c.noise > 0 ? `Noise: ${count(c.noise)} users in no dense region.` : '',
    c.silhouetteExact === false
      ? `Silhouettes on a seeded sample of ${count(c.silhouetteSample ?? 0)} users.`
      : '',
    'A segment’s silhouette below 0: many members sit nearer another segment.',
    analysis.stability
      ? `Stability after Hennig (2007), over ${analysis.stability.resamples} bootstrap resamples: 0.75 or more stable, 0.6–0.75 a pattern but doubtful, 0.5 or less dissolves.`
      : 'Stability not checked (0 resamples).',
  ].filter(Boolean);
  return (
    <Card withBorder padding="sm">
      <Plot
        title="Segments: size, silhouette and stability"
        xTitle="Users"
        yTitle=""
        data={chart.data}
        layout={chart.layout}
        height={Math.max(220, 100 + analysis.profiles.length * 30)}
        filename="segments-quality"
        note={notes.join(' ')}
      />
    </Card>
  );
}
