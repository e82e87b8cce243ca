import { Card, Group, Stack, Text, Title } from '@mantine/core';
import { useCallback, useEffect, useRef, useState } from 'react';
import { asEngineError } from '../../api/EngineClient.ts';
import { useEngine } from '../../api/EngineContext.tsx';
import { useJobs } from '../../frame/jobs.tsx';
import { useToasts } from '../../frame/toasts.tsx';
import { count } from '../../format.ts';
import { finding, modelName, paramsText, thresholdShare } from './churnFormat.ts';
import type { ChurnModel, Monitor, Scores } from './churnFormat.ts';
import { CurveCharts } from './CurveCharts.tsx';
import { ImportanceChart } from './ImportanceChart.tsx';
import { MetricsTable } from './MetricsTable.tsx';
import { MonitorPanel } from './MonitorPanel.tsx';
import { ScoringPanel } from './ScoringPanel.tsx';
import { ThresholdSlider } from './ThresholdSlider.tsx';

const shownScores = 100;

/** A recipe value as text (recipes are stored as JSON). */
const str = (v: unknown): string => (typeof v === 'string' || typeof v === 'number' ? String(v) : '—');

/** The recipe in words, for the details at the end of the report. */
function method(model: ChurnModel): string {
  const r = model.recipe;
  const rolling = r.rolling as { count: number; gapDays: number } | null;
  const params =
    typeof r.params === 'object' && r.params !== null ? (r.params as Record<string, unknown>) : {};
  return (
    `Cutoff ${str(r.cutoff)}${rolling ? ` and ${rolling.count - 1} earlier ones ${rolling.gapDays} days apart` : ''}; ` +
    `churned = no ${r.activeEvents ? `“${str(r.activeEvents)}” ` : ''}activity in the ${str(r.inactiveDays)} days from the cutoff; ` +
    `users inactive for more than ${str(r.excludeInactiveDays)} days at the cutoff excluded (${count(model.metrics.excluded.inactive)}). ` +
    `Stratified ${Math.round(Number(r.testFraction) * 100)}% test split, ${str(r.folds)}-fold stratified cross-validation` +
    `${r.grid ? ' with a grid search' : ''}; ${modelName(str(r.chosen))} (${paramsText(params)}) chosen from “${str(r.model)}”` +
    `${r.classWeight === 'balanced' ? ', classes balanced' : ''}; seed ${str(r.seed)}. Model id ${model.modelId}.`
  );
}

/**
 * An opened model as a report: the finding, the metrics, the curves, what drives the score, the
 * threshold chooser, scoring with the riskiest users, and monitoring on newer data.
 */
export function ModelResults({
  model,
  workspacePath,
  monitorRequest,
}: {
  model: ChurnModel;
  workspacePath: string | null;
  /** Set when the registry's Monitor was pressed for this model. */
  monitorRequest: { modelId: string; at: number } | null;
}) {
  const engine = useEngine();
  const { runJob } = useJobs();
  const toasts = useToasts();
  const { modelId } = model;
  const [share, setShare] = useState(() =>
    Math.max(0.01, Math.round(thresholdShare(model.metrics) * 100) / 100),
  );
  const [scores, setScores] = useState<Scores | null>(null);
  const [monitor, setMonitor] = useState<Monitor | null>(null);
  const [monitoring, setMonitoring] = useState(false);
  const [monitorError, setMonitorError] = useState<string | null>(null);
  const monitorRef = useRef<HTMLDivElement>(null);
  const handled = useRef(0);

  const loadScores = useCallback(() => {
    engine
      .call('churn.scores', { modelId, limit: shownScores })
      .then(setScores, (e: unknown) => toasts.error(e, 'Could not read the scores'));
  }, [engine, toasts, modelId]);
  useEffect(loadScores, [loadScores]);

  const runMonitor = useCallback(
    (cutoff: string | null) => {
      setMonitoring(true);
      setMonitorError(null);
      runJob<Monitor>('churn.startMonitoring', { modelId, ...(cutoff ? { cutoff } : {}) })
        .then(setMonitor)
        .catch((error: unknown) => {
          const e = asEngineError(error);
          if (e.name === 'Cancelled') return;
          if (e.name === 'ChurnInputError' || e.name === 'InvalidInput')
            setMonitorError(
              `${e.message}. Monitoring needs newer data than the model was trained on: import it, or choose a later cutoff.`,
            );
          else toasts.error(e, 'Could not monitor the model');
        })
        .finally(() => setMonitoring(false));
    },
    [runJob, toasts, modelId],
  );

  useEffect(() => {
    if (!monitorRequest || monitorRequest.modelId !== modelId || handled.current === monitorRequest.at)
      return;
    handled.current = monitorRequest.at;
    runMonitor(null);
    monitorRef.current?.scrollIntoView({ block: 'start', behavior: 'smooth' });
  }, [monitorRequest, modelId, runMonitor]);

  const m = model.metrics;
  return (
    <Stack gap="sm" data-testid="churn-results" data-model={modelId}>
      <Group justify="space-between" align="baseline">
        <Title order={4} data-testid="churn-model-title">
          {model.name}
        </Title>
        <Text size="xs" c="dimmed">
          {modelName(model.kind)} · saved {model.createdAt.replace('T', ' ').slice(0, 16)} UTC
        </Text>
      </Group>
      <Text size="sm" data-testid="churn-finding">
        {finding(model)}
      </Text>
      <MetricsTable model={model} />
      <CurveCharts metrics={m} share={share} />
      <ImportanceChart metrics={m} />
      <ThresholdSlider
        metrics={m}
        share={share}
        onShare={setShare}
        population={scores?.asOf ? { users: scores.total, asOf: scores.asOf } : null}
      />
      <ScoringPanel modelId={modelId} scores={scores} workspacePath={workspacePath} onScored={loadScores} />
      <div ref={monitorRef} style={{ scrollMarginTop: 8 }}>
        <MonitorPanel
          model={model}
          monitor={monitor}
          loading={monitoring}
          error={monitorError}
          onRun={runMonitor}
        />
      </div>
      <Card withBorder padding="sm">
        <Text size="xs" fw={600}>
          Method
        </Text>
        <Text size="xs" c="dimmed" data-testid="churn-method">
          {method(model)} Features use only events strictly before each cutoff. The threshold maximises F1 on
          the out-of-fold predictions; test figures come from users never seen in training.
        </Text>
      </Card>
    </Stack>
  );
}
