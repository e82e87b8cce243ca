import { SimpleGrid } from '@mantine/core';
import type { Data, Layout } from 'plotly.js-dist-min';
import { useMemo } from 'react';
import { ChartCard } from '../../charts/ChartCard.tsx';
import { palette } from '../../charts/Plot.tsx';
import { count } from '../../format.ts';
import { fixed3, pct, type ChurnMetrics } from './churnFormat.ts';

/** A reference line (chance, perfect calibration): grey and dotted, the same in every chart. */
const reference = (name: string, x: number[], y: number[]): Data => ({
  type: 'scatter',
  mode: 'lines',
  name,
  x,
  y,
  line: { color: palette[7], dash: 'dot', width: 1 },
  hoverinfo: 'skip',
});

/** Legend inside the plot, in the corner the curve leaves empty. */
const legendAt = (corner: 'bottom-right' | 'bottom-left' | 'top-left') => ({
  orientation: 'v',
  x: corner === 'bottom-right' ? 0.98 : 0.02,
  xanchor: corner === 'bottom-right' ? 'right' : 'left',
  y: corner === 'top-left' ? 0.98 : 0.03,
  yanchor: corner === 'top-left' ? 'top' : 'bottom',
  bgcolor: 'rgba(0,0,0,0)',
});

const axes = {
  xaxis: { range: [0, 1], tickformat: '.0%' },
  yaxis: { range: [0, 1.02], tickformat: '.0%' },
};
const unit: Layout = { ...axes, legend: legendAt('bottom-right') };
const unitLeft: Layout = { ...axes, legend: legendAt('bottom-left') };
const unitTopLeft: Layout = { ...axes, legend: legendAt('top-left') };

/**
 * The test set's curves: ROC and precision–recall (ranking), calibration (do the probabilities mean
 * what they say?) and cumulative gains (how many churners the riskiest users hold), with the share
 * flagged by the threshold slider marked on the gains chart.
 */
export function CurveCharts({ metrics, share }: { metrics: ChurnMetrics; share: number }) {
  const { roc, pr, calibration, gains } = metrics.curves;
  const base = metrics.positiveRate;

  const rocData = useMemo<Data[]>(
    () => [
      {
        type: 'scatter',
        mode: 'lines',
        name: `Model (AUC ${fixed3(metrics.test.auc)})`,
        x: roc.x,
        y: roc.y,
        line: { color: palette[0], width: 2 },
        hovertemplate: 'false positives %{x:.1%}, churners caught %{y:.1%}<extra></extra>',
      },
      reference('Random', [0, 1], [0, 1]),
    ],
    [roc, metrics.test.auc],
  );

  const prData = useMemo<Data[]>(
    () => [
      {
        type: 'scatter',
        mode: 'lines',
        name: `Model (AP ${fixed3(metrics.test.prAuc)})`,
        x: pr.x,
        y: pr.y,
        line: { color: palette[0], width: 2, shape: 'hv' },
        hovertemplate: 'recall %{x:.1%}, precision %{y:.1%}<extra></extra>',
      },
      reference(`Random (base rate ${pct(base)})`, [0, 1], [base, base]),
    ],
    [pr, base, metrics.test.prAuc],
  );

  const calData = useMemo<Data[]>(() => {
    const biggest = Math.max(1, ...calibration.counts);
    return [
      {
        type: 'scatter',
        mode: 'lines+markers',
        name: 'Model',
        x: calibration.predicted,
        y: calibration.observed,
        customdata: calibration.counts,
        line: { color: palette[0], width: 2 },
        marker: { size: calibration.counts.map((c) => 5 + 9 * Math.sqrt(c / biggest)), color: palette[0] },
        hovertemplate: 'predicted %{x:.1%}, observed %{y:.1%} (%{customdata:,} users)<extra></extra>',
      },
      reference('Perfectly calibrated', [0, 1], [0, 1]),
    ];
  }, [calibration]);

  const gainsData = useMemo<Data[]>(
    () => [
      {
        type: 'scatter',
        mode: 'lines',
        name: 'Model',
        x: gains.x,
        y: gains.y,
        line: { color: palette[0], width: 2 },
        hovertemplate: 'riskiest %{x:.1%} of users hold %{y:.1%} of churners<extra></extra>',
      },
      {
        type: 'scatter',
        mode: 'lines',
        name: 'Perfect',
        x: [0, base, 1],
        y: [0, 1, 1],
        line: { color: palette[2], dash: 'dash', width: 1 },
        hoverinfo: 'skip',
      },
      reference('Random', [0, 1], [0, 1]),
    ],
    [gains, base],
  );

  const gainsLayout = useMemo<Layout>(
    () => ({
      ...unit,
      shapes: [
        {
          type: 'line',
          x0: share,
          x1: share,
          y0: 0,
          y1: 1,
          yref: 'paper',
          line: { color: palette[5], width: 1.5, dash: 'dash' },
        },
      ],
    }),
    [share],
  );

  const calNote = `Points: users grouped into ten equal-width bins of predicted risk, sized by their users (${count(
    calibration.counts.reduce((s, c) => s + c, 0),
  )} test users); on the diagonal the probabilities can be read as churn rates.`;

  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} spacing="sm" data-testid="churn-curves">
      <ChartCard
        title="ROC curve (test set)"
        xTitle="False-positive rate (stayers flagged)"
        yTitle="True-positive rate (churners caught)"
        data={rocData}
        layout={unit}
        filename="churn-roc"
      />
      <ChartCard
        title="Precision–recall (test set)"
        xTitle="Recall (share of churners caught)"
        yTitle="Precision (flagged who churn)"
        data={prData}
        layout={unitLeft}
        filename="churn-pr"
      />
      <ChartCard
        title="Calibration (reliability)"
        xTitle="Predicted churn probability"
        yTitle="Observed churn rate"
        data={calData}
        layout={unitTopLeft}
        filename="churn-calibration"
        note={calNote}
      />
      <ChartCard
        title="Cumulative gains"
        xTitle="Riskiest share of users flagged"
        yTitle="Share of churners caught"
        data={gainsData}
        layout={gainsLayout}
        filename="churn-gains"
        note={`Dashed red line: the ${pct(share, 0)} flagged by the threshold slider below.`}
      />
    </SimpleGrid>
  );
}
