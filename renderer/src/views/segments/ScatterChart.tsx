import { Card, Text } from '@mantine/core';
import type { Data, Layout } from 'plotly.js-dist-min';
import { useEffect, useMemo, useState } from 'react';
import type { Output } from '../../api/EngineClient.ts';
import { useEngine } from '../../api/EngineContext.tsx';
import { Plot } from '../../charts/Plot.tsx';
import { useToasts } from '../../frame/toasts.tsx';
import { count } from '../../format.ts';
import { nameOf, NOISE, percent, segmentColor, type Labeller, type Segmentation } from './segmentFormat.ts';

/** Points drawn at most (a seeded sample of users above; WebGL keeps even this many smooth). */
export const SCATTER_LIMIT = 50_000;

type Points = Output<'segments.points'>;

/** The feature that weighs most on a component, as words: "+Active days, −Days since last seen". */
function drivers(analysis: Segmentation, pc: 'pc1' | 'pc2', label: Labeller): string {
  return [...analysis.pca.loadings]
    .sort((a, b) => Math.abs(b[pc]) - Math.abs(a[pc]))
    .slice(0, 2)
    .map((l) => `${l[pc] < 0 ? '−' : '+'}${label(l.feature)}`)
    .join(', ');
}

/**
 * Users on the first two principal components, one WebGL (`scattergl`) trace per segment in its
 * colour, from `segments.points`. Axis titles say how much variance each component carries and which
 * features weigh most on it.
 */
export function ScatterChart({ analysis, label }: { analysis: Segmentation; label: Labeller }) {
  const engine = useEngine();
  const toasts = useToasts();
  const [points, setPoints] = useState<Points | null>(null);
  const { analysisId } = analysis;

  useEffect(() => {
    let live = true;
    setPoints(null);
    engine.call('segments.points', { analysisId, limit: SCATTER_LIMIT }).then(
      (p) => live && setPoints(p),
      (error: unknown) => toasts.error(error, 'Could not load the scatter plot'),
    );
    return () => {
      live = false;
    };
  }, [engine, toasts, analysisId]);

  const data = useMemo<Data[]>(() => {
    if (!points) return [];
    const bySegment = new Map<number, { x: number[]; y: number[] }>();
    for (let i = 0; i < points.segments.length; i++) {
      const s = points.segments[i] ?? NOISE;
      let b = bySegment.get(s);
      if (!b) bySegment.set(s, (b = { x: [], y: [] }));
      b.x.push(points.pc1[i] ?? 0);
      b.y.push(points.pc2[i] ?? 0);
    }
    // Noise is drawn first, under the segments (and listed last in the legend).
    const order = [...bySegment.keys()].sort((a, b) => (a === NOISE ? -1 : b === NOISE ? 1 : a - b));
    return order.map((s) => {
      const b = bySegment.get(s)!;
      return {
        type: 'scattergl',
        mode: 'markers',
        name: nameOf(analysis, s),
        x: b.x,
        y: b.y,
        legendrank: s === NOISE ? 2000 : 1000 + s,
        marker: { color: segmentColor(s), size: s === NOISE ? 3 : 4, opacity: s === NOISE ? 0.35 : 0.6 },
        hovertemplate: `${nameOf(analysis, s)}<br>PC1 %{x:.2f}, PC2 %{y:.2f}<extra></extra>`,
      };
    });
    // A rename changes `analysis` (the trace names), not the points: nothing is fetched again.
  }, [points, analysis]);

  const ratio = analysis.pca.explainedVarianceRatio;
  const layout = useMemo<Layout>(
    () => ({
      xaxis: { zeroline: false },
      yaxis: { rangemode: 'normal', zeroline: false },
      legend: { orientation: 'h', x: 0, y: 1.02, yanchor: 'bottom', itemsizing: 'constant' },
      margin: { l: 56, r: 16, t: 48, b: 48 },
    }),
    [],
  );
  const shown = points?.segments.length ?? 0;
  const sampled = points !== null && points.total > shown;
  return (
    <Card withBorder padding="sm" data-testid="segments-scatter" data-points={shown}>
      {points === null ? (
        <Text size="sm" c="dimmed" h={360}>
          Loading users’ positions…
        </Text>
      ) : (
        <Plot
          title="Users on the first two principal components"
          xTitle={`PC1 (${percent(ratio[0] ?? 0)} of the variance)`}
          yTitle={`PC2 (${percent(ratio[1] ?? 0)})`}
          data={data}
          layout={layout}
          height={380}
          filename="segments-scatter"
          note={
            (sampled
              ? `A seeded sample of ${count(shown)} of ${count(points.total)} users. `
              : `All ${count(shown)} users. `) +
            `PC1 weighs most ${drivers(analysis, 'pc1', label)}; PC2 ${drivers(analysis, 'pc2', label)}. ` +
            'Segments that overlap here may still be apart in the other dimensions; the silhouette measures that.'
          }
        />
      )}
    </Card>
  );
}
