import { Alert, Button, Card, Group, Loader, SimpleGrid, Table, Text, TextInput } from '@mantine/core';
import type { Data, Layout } from 'plotly.js-dist-min';
import { useMemo, useState } from 'react';
import { ChartCard } from '../../charts/ChartCard.tsx';
import { palette } from '../../charts/Plot.tsx';
import { count } from '../../format.ts';
import { isDay } from './churnForm.ts';
import { fixed3, pct, type ChurnModel, type Monitor } from './churnFormat.ts';

const PSI_FLAG = 0.2;

/** Percentage points between two shares, signed: "+0.8 pp". */
const pp = (d: number) => `${d >= 0 ? '+' : '−'}${Math.abs(d * 100).toFixed(1)} pp`;

/**
 * How the opened model holds up on newer data: at a later cutoff whose label window has passed, the
 * realised AUC against the test AUC it was trained with, the predicted against the observed churn
 * rate, the calibration on those users, and each feature's drift (PSI, flagged above 0.2).
 */
export function MonitorPanel({
  model,
  monitor,
  loading,
  error,
  onRun,
}: {
  model: ChurnModel;
  monitor: Monitor | null;
  loading: boolean;
  error: string | null;
  onRun: (cutoff: string | null) => void;
}) {
  const [cutoff, setCutoff] = useState('');
  const valid = cutoff === '' || isDay(cutoff);

  const calData = useMemo<Data[]>(
    () =>
      monitor
        ? [
            {
              type: 'scatter',
              mode: 'lines+markers',
              name: `At ${monitor.cutoff}`,
              x: monitor.calibration.predicted,
              y: monitor.calibration.observed,
              customdata: monitor.calibration.counts,
              line: { color: palette[0], width: 2 },
              hovertemplate: 'predicted %{x:.1%}, observed %{y:.1%} (%{customdata:,} users)<extra></extra>',
            },
            {
              type: 'scatter',
              mode: 'lines',
              name: 'Perfectly calibrated',
              x: [0, 1],
              y: [0, 1],
              line: { color: palette[7], dash: 'dot', width: 1 },
              hoverinfo: 'skip',
            },
          ]
        : [],
    [monitor],
  );
  const psiData = useMemo<Data[]>(
    () =>
      monitor
        ? [
            {
              type: 'bar',
              orientation: 'h',
              name: 'PSI',
              x: monitor.drift.map((d) => d.psi),
              y: monitor.drift.map((d) => d.feature),
              marker: { color: monitor.drift.map((d) => (d.flagged ? palette[5] : palette[0])) },
              hovertemplate: '%{y}: PSI %{x:.3f}<extra></extra>',
            },
          ]
        : [],
    [monitor],
  );
  const psiLayout = useMemo<Layout>(
    () => ({
      yaxis: { autorange: 'reversed', rangemode: 'normal', automargin: true },
      margin: { l: 120, r: 16, t: 22, b: 48 },
      shapes: [
        {
          type: 'line',
          x0: PSI_FLAG,
          x1: PSI_FLAG,
          y0: 0,
          y1: 1,
          yref: 'paper',
          line: { color: palette[5], dash: 'dash', width: 1.5 },
        },
      ],
      annotations: [
        {
          x: PSI_FLAG,
          y: 1,
          yref: 'paper',
          text: '0.2: drifted ▸',
          showarrow: false,
          xanchor: 'left',
          yanchor: 'bottom',
          font: { size: 10, color: palette[5] },
        },
      ],
    }),
    [],
  );
  const unit = useMemo<Layout>(
    () => ({
      xaxis: { range: [0, 1], tickformat: '.0%' },
      yaxis: { range: [0, 1.02], tickformat: '.0%' },
      legend: { orientation: 'v', x: 0.02, xanchor: 'left', y: 0.98, yanchor: 'top' },
    }),
    [],
  );

  const trained = model.metrics;
  const flagged = monitor?.drift.filter((d) => d.flagged) ?? [];
  return (
    <Card withBorder padding="sm" data-testid="churn-monitor">
      <Group justify="space-between" align="flex-end" mb={6}>
        <Text size="sm" fw={600}>
          Monitoring on newer data
        </Text>
        <Group gap="xs" align="flex-end">
          <TextInput
            size="xs"
            type="date"
            label="Newer cutoff (empty = latest)"
            value={cutoff}
            onChange={(e) => setCutoff(e.currentTarget.value)}
            error={valid ? undefined : 'YYYY-MM-DD'}
          />
          <Button
            size="xs"
            variant="default"
            onClick={() => onRun(cutoff || null)}
            loading={loading}
            disabled={!valid}
          >
            Check the model
          </Button>
        </Group>
      </Group>
      {error && (
        <Alert color="orange" p="xs" mb="xs" data-testid="churn-monitor-error">
          <Text size="xs">{error}</Text>
        </Alert>
      )}
      {!monitor && !error && (
        <Text size="xs" c="dimmed">
          {loading ? (
            <Group gap="xs" component="span">
              <Loader size="xs" /> Scoring the users at the newer cutoff…
            </Group>
          ) : (
            `Compares this model’s predictions at a cutoff after its own (${String(model.recipe.cutoff)}) with what happened, and measures how far each feature has drifted since training.`
          )}
        </Text>
      )}
      {monitor && (
        <div className={loading ? 'engage-dimmed' : undefined} aria-busy={loading}>
          <Text size="sm" mb="xs" data-testid="churn-monitor-finding">
            At {monitor.cutoff} ({count(monitor.users)} users), the model trained at {monitor.trainedCutoff}{' '}
            ranks with a realised AUC of <b>{fixed3(monitor.realised.auc)}</b> (test AUC when trained{' '}
            {fixed3(trained.test.auc)}); it predicted {pct(monitor.realised.predictedRate)} would churn and{' '}
            {pct(monitor.realised.observedRate)} did (
            {pp(monitor.realised.predictedRate - monitor.realised.observedRate)}).{' '}
            {flagged.length === 0
              ? 'No feature drifted beyond a PSI of 0.2.'
              : `${flagged.length} feature${flagged.length === 1 ? '' : 's'} drifted (PSI > 0.2): ${flagged.map((d) => d.feature).join(', ')}; consider retraining.`}
          </Text>
          <Table verticalSpacing={2} fz="xs" mb="sm" maw={520} aria-label="Trained vs realised">
            <Table.Thead>
              <Table.Tr>
                <Table.Th />
                <Table.Th ta="right">When trained (test set)</Table.Th>
                <Table.Th ta="right">Realised at {monitor.cutoff}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(
                [
                  ['AUC-ROC', fixed3(trained.test.auc), fixed3(monitor.realised.auc)],
                  ['Brier score', fixed3(trained.test.brier), fixed3(monitor.realised.brier)],
                  ['Log loss', fixed3(trained.test.logLoss), fixed3(monitor.realised.logLoss)],
                  ['Churn rate', pct(trained.positiveRate), pct(monitor.realised.observedRate)],
                  ['Predicted churn rate', '—', pct(monitor.realised.predictedRate)],
                ] as const
              ).map(([name, a, b]) => (
                <Table.Tr key={name}>
                  <Table.Td fw={500}>{name}</Table.Td>
                  <Table.Td ta="right" ff="monospace">
                    {a}
                  </Table.Td>
                  <Table.Td ta="right" ff="monospace">
                    {b}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <SimpleGrid cols={{ base: 1, md: 2 }} spacing="sm">
            <ChartCard
              title={`Calibration at ${monitor.cutoff}`}
              xTitle="Predicted churn probability"
              yTitle="Observed churn rate"
              data={calData}
              layout={unit}
              filename="churn-monitor-calibration"
            />
            <ChartCard
              title="Feature drift since training (PSI)"
              xTitle="PSI"
              yTitle=""
              data={psiData}
              layout={psiLayout}
              height={Math.max(240, 18 * monitor.drift.length + 70)}
              filename="churn-monitor-psi"
              note="PSI compares each feature’s distribution now with the training rows’; above 0.2 (red) is a shift worth retraining for."
            />
          </SimpleGrid>
        </div>
      )}
    </Card>
  );
}
