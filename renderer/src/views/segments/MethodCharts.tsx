import { SimpleGrid } from '@mantine/core';
import type { Data, Layout } from 'plotly.js-dist-min';
import { useMemo } from 'react';
import { ChartCard } from '../../charts/ChartCard.tsx';
import { palette } from '../../charts/Plot.tsx';
import type { Labeller, Segmentation } from './segmentFormat.ts';

/** Components shown on the scree plot at most. */
const SCREE_MAX = 20;

/** The dendrogram's links as one line trace, and the height where cutting the tree leaves k segments. */
function dendrogramChart(d: NonNullable<Segmentation['clustering']['dendrogram']>, k: number) {
  const x: (number | null)[] = [];
  const y: (number | null)[] = [];
  d.icoord.forEach((xs, i) => {
    x.push(...xs, null);
    y.push(...(d.dcoord[i] ?? []), null);
  });
  const heights = d.dcoord.map((c) => c[1] ?? 0).sort((a, b) => b - a);
  // k segments: cut between the (k−1)-th and the k-th highest merge.
  const above = heights[k - 2];
  const below = heights[k - 1] ?? 0;
  const cut = above === undefined ? null : (above + below) / 2;
  const data: Data[] = [
    {
      type: 'scatter',
      mode: 'lines',
      x,
      y,
      line: { color: palette[0], width: 1.2 },
      hoverinfo: 'skip',
      name: 'Merges',
    },
  ];
  const layout: Layout = {
    showlegend: false,
    xaxis: {
      tickmode: 'array',
      tickvals: d.leafLabels.map((_, i) => 5 + 10 * i),
      ticktext: d.leafLabels,
      tickangle: -90,
      showgrid: false,
      zeroline: false,
    },
    yaxis: { zeroline: false },
    ...(cut === null
      ? {}
      : {
          shapes: [
            {
              type: 'line',
              xref: 'paper',
              x0: 0,
              x1: 1,
              y0: cut,
              y1: cut,
              line: { color: palette[5], dash: 'dash', width: 1.5 },
            },
          ],
          annotations: [
            {
              xref: 'paper',
              x: 1,
              xanchor: 'right',
              y: cut,
              yanchor: 'bottom',
              text: `cut: k = ${k}`,
              showarrow: false,
              font: { color: palette[5], size: 11 },
            },
          ],
        }),
  };
  return { data, layout };
}

/**
 * How the method saw the data: the scree plot of the principal components (variance share per
 * component, with the cumulative share) and, for hierarchical clustering, the dendrogram's top.
 */
export function MethodCharts({ analysis, label }: { analysis: Segmentation; label: Labeller }) {
  const c = analysis.clustering;
  const scree = useMemo(() => {
    const ratio = analysis.pca.explainedVarianceRatio.slice(0, SCREE_MAX);
    const names = ratio.map((_, i) => i + 1);
    let running = 0;
    const cumulative = ratio.map((r) => (running += r) * 100);
    const data: Data[] = [
      {
        type: 'bar',
        name: 'Share of variance',
        x: names,
        y: ratio.map((r) => r * 100),
        marker: {
          color: ratio.map((_, i) =>
            analysis.pca.clusteredOn !== null && i < analysis.pca.clusteredOn ? palette[0] : palette[4],
          ),
        },
        hovertemplate: 'PC%{x}: %{y:.1f}% of the variance<extra></extra>',
      },
      {
        type: 'scatter',
        mode: 'lines+markers',
        name: 'Cumulative',
        x: names,
        y: cumulative,
        line: { color: palette[1], width: 2 },
        hovertemplate: 'PC1–PC%{x}: %{y:.1f}%<extra></extra>',
      },
    ];
    return { data, layout: { yaxis: { range: [0, 102] } } };
  }, [analysis]);

  const dendrogram = useMemo(
    () => (c.dendrogram ? dendrogramChart(c.dendrogram, c.k) : null),
    [c.dendrogram, c.k],
  );

  const top = (pc: 'pc1' | 'pc2') =>
    [...analysis.pca.loadings]
      .sort((a, b) => Math.abs(b[pc]) - Math.abs(a[pc]))
      .slice(0, 3)
      .map((l) => `${l[pc] < 0 ? '−' : '+'}${label(l.feature)} (${Math.abs(l[pc]).toFixed(2)})`)
      .join(', ');
  const clusteredOn = analysis.pca.clusteredOn;
  return (
    <SimpleGrid cols={dendrogram ? 2 : 1} spacing="sm">
      <ChartCard
        title="Scree plot: variance per principal component"
        xTitle="Principal component (PC)"
        yTitle="Share of variance (%)"
        data={scree.data}
        layout={scree.layout}
        filename="segments-scree"
        note={
          (clusteredOn === null
            ? 'The clustering ran on the scaled features; the components are used for the scatter plot only. '
            : `The clustering ran on the first ${clusteredOn} components (dark bars). `) +
          `Largest loadings — PC1: ${top('pc1')}; PC2: ${top('pc2')}.`
        }
      />
      {dendrogram && (
        <ChartCard
          title="Dendrogram (top of the tree)"
          xTitle="Subtree (users in it)"
          yTitle={`Merge distance (${analysis.recipe.linkage ?? 'ward'} linkage)`}
          data={dendrogram.data}
          layout={dendrogram.layout}
          filename="segments-dendrogram"
          note="The last merges of the tree; a label in brackets is a subtree with that many users. Cutting at the dashed line gives the kept segments."
        />
      )}
    </SimpleGrid>
  );
}
