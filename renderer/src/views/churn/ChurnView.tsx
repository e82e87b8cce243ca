import { Box, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { asEngineError, type Input } from '../../api/EngineClient.ts';
import { useEngine } from '../../api/EngineContext.tsx';
import { JobProgressCard, type JobProgressWords } from '../../components/JobProgressCard.tsx';
import { useJobs } from '../../frame/jobs.tsx';
import { useToasts } from '../../frame/toasts.tsx';
import { addDays, defaultForm, formErrors, fromRecipe, toLabelsInput, toTrainInput } from './churnForm.ts';
import type { ChurnForm } from './churnForm.ts';
import type { ChurnModel, Labels } from './churnFormat.ts';
import { EmptyState } from './EmptyState.tsx';
import { ModelRegistry, type ModelList } from './ModelRegistry.tsx';
import { ModelResults } from './ModelResults.tsx';
import { SetupPanel } from './SetupPanel.tsx';
import type { TimelineDay } from './TimelineChart.tsx';

/** The training job's card: the fold, tree or epoch it is on; a failure says what to change. */
const trainingWords: JobProgressWords = {
  failedTitle: 'Training failed',
  cancelledTitle: 'Training was cancelled',
  cancelLabel: 'Cancel training',
  progressLabel: 'Training progress',
  failedAdvice: 'change the setup on the left and train again.',
  cancelledNote: 'Nothing was saved; the results below (if any) are the previous model’s.',
};

/**
 * Churn: the setup on the left (cutoff and windows on a timeline, the label balance updating by
 * itself, the model and its validation), the opened model on the right as a report (metrics, curves,
 * importance, threshold, scoring, monitoring) under the registry of saved models. Training is a job
 * with progress and Cancel here and in the jobs tray; the old results stay, dimmed, until the new
 * model arrives.
 */
export function ChurnView() {
  const engine = useEngine();
  const toasts = useToasts();
  const { jobs, track, cancel, dataVersion } = useJobs();
  const [events, setEvents] = useState<number | null>(null);
  const [workspacePath, setWorkspacePath] = useState<string | null>(null);
  const [days, setDays] = useState<TimelineDay[] | null>(null);
  const [form, setForm] = useState<ChurnForm>(defaultForm);
  const [labels, setLabels] = useState<Labels | null>(null);
  const [labelsError, setLabelsError] = useState<string | null>(null);
  const [labelsLoading, setLabelsLoading] = useState(false);
  const [models, setModels] = useState<ModelList | null>(null);
  const [model, setModel] = useState<ChurnModel | null>(null);
  const [opening, setOpening] = useState(false);
  const [jobId, setJobId] = useState<string | null>(null);
  const [monitorRequest, setMonitorRequest] = useState<{ modelId: string; at: number } | null>(null);
  const handled = useRef(new Set<string>());
  const started = useRef(false);
  const job = jobs.find((j) => j.id === jobId) ?? null;
  const running = job?.status === 'running';

  useEffect(() => {
    engine.call('workspace.info', {}).then(
      (info) => {
        setEvents(info.events);
        setWorkspacePath(info.path);
      },
      (e: unknown) => toasts.error(e, 'Could not read the workspace'),
    );
    // Plotly is fetched while the analyst sets the cutoff, not after Train.
    import('plotly.js-strict-dist-min').catch(() => undefined);
  }, [engine, toasts, dataVersion]);

  // The timeline: daily active users over the whole range, days in UTC as the labels count them.
  useEffect(() => {
    if (!events) return;
    engine.call('overview.metrics', { timeZone: 'UTC' }).then(
      (m) => setDays(m.days.map((d) => ({ day: d.day, dau: d.dau }))),
      (e: unknown) => toasts.error(e, 'Could not read daily activity for the timeline'),
    );
  }, [engine, toasts, events, dataVersion]);

  const range = useMemo(() => {
    if (labels) return { firstDay: labels.firstDay, lastDay: labels.lastDay };
    const first = days?.[0]?.day;
    const last = days?.at(-1)?.day;
    return first && last ? { firstDay: first, lastDay: last } : null;
  }, [labels, days]);

  // Propose the latest cutoff whose label window fits the data.
  useEffect(() => {
    if (range && form.cutoff === '' && Number.isInteger(form.inactiveDays))
      setForm((f) => (f.cutoff === '' ? { ...f, cutoff: addDays(range.lastDay, -(f.inactiveDays - 1)) } : f));
  }, [range, form.cutoff, form.inactiveDays]);

  const errors = formErrors(form, range);
  const labelsKey =
    errors.cutoff ||
    errors.inactiveDays ||
    errors.excludeInactiveDays ||
    errors.rollingCount ||
    errors.rollingGap ||
    errors.activeEvents
      ? null
      : JSON.stringify(toLabelsInput(form));

  // The label balance follows the settings by itself (debounced; the old one stays, dimmed).
  useEffect(() => {
    if (!labelsKey || !events) {
      setLabelsLoading(false);
      return;
    }
    let live = true;
    setLabelsLoading(true);
    const timer = setTimeout(() => {
      engine.call('churn.labels', JSON.parse(labelsKey) as Input<'churn.labels'>).then(
        (l) => {
          if (!live) return;
          setLabels(l);
          setLabelsError(null);
          setLabelsLoading(false);
        },
        (e: unknown) => {
          if (!live) return;
          const err = asEngineError(e);
          setLabelsError(`${err.message}.`);
          setLabelsLoading(false);
        },
      );
    }, 350);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [engine, labelsKey, events, dataVersion]);

  const refreshModels = useCallback(() => {
    engine
      .call('churn.models', {})
      .then(setModels, (e: unknown) => toasts.error(e, 'Could not list the saved models'));
  }, [engine, toasts]);
  useEffect(refreshModels, [refreshModels, dataVersion]);

  const open = useCallback(
    (modelId: string, fillForm: boolean) => {
      setOpening(true);
      engine
        .call('churn.model', { modelId })
        .then((m) => {
          setModel(m);
          if (fillForm) setForm((f) => fromRecipe(m.recipe, f));
        })
        .catch((e: unknown) => toasts.error(e, 'Could not open the model'))
        .finally(() => setOpening(false));
    },
    [engine, toasts],
  );

  // On arrival: follow a training still running, else reopen the newest model.
  useEffect(() => {
    if (started.current || models === null) return;
    started.current = true;
    const runningJob = jobs.find((j) => j.kind === 'churn' && j.status === 'running');
    if (runningJob) setJobId(runningJob.id);
    if (models[0]) open(models[0].modelId, !runningJob);
  }, [models, jobs, open]);

  // A finished training: open the model it saved.
  useEffect(() => {
    if (!job || job.status !== 'done' || handled.current.has(job.id)) return;
    handled.current.add(job.id);
    const id = (job.result as { modelId?: unknown } | undefined)?.modelId;
    if (typeof id === 'string') open(id, false);
    refreshModels();
  }, [job, open, refreshModels]);

  const invalid = Object.keys(errors).length > 0;
  const train = useCallback(() => {
    if (invalid || running) return;
    engine.call('churn.train', toTrainInput(form)).then(
      (j) => {
        track(j);
        setJobId(j.id);
      },
      (e: unknown) => toasts.error(e, 'Could not start training'),
    );
  }, [engine, form, invalid, running, toasts, track]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key === 'Enter') {
        e.preventDefault();
        train();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [train]);

  const remove = (modelId: string) => {
    engine.call('churn.deleteModel', { modelId }).then(
      () => {
        if (model?.modelId === modelId) setModel(null);
        refreshModels();
      },
      (e: unknown) => toasts.error(e, 'Could not delete the model'),
    );
  };

  const monitorModel = (modelId: string) => {
    if (model?.modelId !== modelId) open(modelId, true);
    setMonitorRequest({ modelId, at: Date.now() });
  };

  if (events === 0) return <EmptyState />;
  return (
    <Group wrap="nowrap" align="stretch" gap={0} style={{ flex: 1, minHeight: 0 }} data-testid="churn-view">
      <SetupPanel
        form={form}
        errors={errors}
        onChange={(patch) => setForm((f) => ({ ...f, ...patch }))}
        days={days}
        range={range}
        labels={labels}
        labelsLoading={labelsLoading}
        labelsError={labelsError}
        onTrain={train}
        running={running}
      />
      <Box style={{ flex: 1, minWidth: 0, overflow: 'auto' }} px="md" pb="md" data-testid="churn-scroll">
        <Stack gap="sm">
          <Group justify="space-between" wrap="nowrap">
            <Title order={3}>Churn</Title>
            {opening && <Loader size="xs" aria-label="Opening the model" />}
          </Group>
          {models && (
            <ModelRegistry
              models={models}
              currentId={model?.modelId ?? null}
              onOpen={(id) => open(id, true)}
              onMonitor={monitorModel}
              onDelete={remove}
            />
          )}
          {job && (
            <JobProgressCard
              job={job}
              onCancel={() => cancel(job.id)}
              words={trainingWords}
              testId="churn-job"
              messageTestId="churn-job-message"
            />
          )}
          {model ? (
            <Box className={running || opening ? 'engage-dimmed' : undefined} aria-busy={running || opening}>
              <ModelResults
                key={model.modelId}
                model={model}
                workspacePath={workspacePath}
                monitorRequest={monitorRequest}
              />
            </Box>
          ) : (
            !running &&
            models !== null && (
              <Text size="sm" c="dimmed" maw={640} data-testid="churn-intro">
                Predict which users are about to stop using the product. Choose a cutoff on the left: users
                are labelled churned when they show no activity in the days after it, and the model learns
                only from what they did before it. Check the label balance, pick a model, and Train: you get
                honest test figures with their cross-validated spread, the curves, what drives the score, a
                threshold to choose, and the riskiest users to export.
              </Text>
            )
          )}
        </Stack>
      </Box>
    </Group>
  );
}
