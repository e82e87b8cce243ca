import { Alert, Box, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { EngineError, Input } from '../../api/EngineClient.ts';
import { asEngineError } from '../../api/EngineClient.ts';
import { useEngine } from '../../api/EngineContext.tsx';
import { JobProgressCard, type JobProgressWords } from '../../components/JobProgressCard.tsx';
import { useJobs } from '../../frame/jobs.tsx';
import { preloadPlotly } from '../../charts/Plot.tsx';
import { useToasts } from '../../frame/toasts.tsx';
import { EmptyState } from './EmptyState.tsx';
import { RecipePanel } from './RecipePanel.tsx';
import { defaultFeatures, defaultForm, fromRecipe, isDay, toRecipe, type RecipeForm } from './recipeForm.ts';
import { SavedAnalyses, type Listing } from './SavedAnalyses.tsx';
import { labeller, type Catalog, type Segmentation } from './segmentFormat.ts';
import { SegmentResults } from './SegmentResults.tsx';

/** The segmentation job's card. */
const segmentationWords: JobProgressWords = {
  failedTitle: 'The segmentation failed',
  cancelledTitle: 'The segmentation was cancelled',
  cancelLabel: 'Cancel the segmentation',
  progressLabel: 'Segmentation progress',
  failedAdvice: 'change the recipe and run again.',
  cancelledNote: 'Nothing was saved; the results below (if any) are the previous ones.',
};

/** The catalog's inputs from the form: it changes with the window and the session rule. */
function catalogInput(f: RecipeForm): Input<'segments.features'> | null {
  if (!isDay(f.from) || !isDay(f.to) || (f.from && f.to && f.from > f.to)) return null;
  if (!(Number.isInteger(f.sessionGapMinutes) && f.sessionGapMinutes >= 1 && f.sessionGapMinutes <= 1440))
    return null;
  const { passiveEvents, contentProperty, topEvents, topContent } = f.passthrough;
  return {
    ...(f.from ? { from: f.from } : {}),
    ...(f.to ? { to: f.to } : {}),
    ...(f.sessionGapMinutes !== 30 ? { sessionGapMinutes: f.sessionGapMinutes } : {}),
    ...(passiveEvents === undefined ? {} : { passiveEvents }),
    ...(contentProperty === undefined ? {} : { contentProperty }),
    ...(topEvents === undefined ? {} : { topEvents }),
    ...(topContent === undefined ? {} : { topContent }),
  };
}

/**
 * Segments: the recipe on the left (features, window, preprocessing, algorithm), the saved
 * segmentation on the right as a report. Run starts a job (progress and Cancel here and in the jobs
 * tray; the old results stay, dimmed, until the new ones arrive); every run is saved with its recipe
 * and can be reopened, renamed, exported or deleted.
 */
export function SegmentsView() {
  const engine = useEngine();
  const toasts = useToasts();
  const { jobs, track, cancel } = useJobs();
  // Other work that changes the data (an import): the catalog and counts are read again. A finished
  // segmentation does not change them, and its own result is loaded below.
  const dataVersion = jobs.filter((j) => j.kind !== 'segments' && j.status === 'done').length;
  const [catalog, setCatalog] = useState<Catalog | null>(null);
  const [catalogError, setCatalogError] = useState<EngineError | null>(null);
  const [form, setForm] = useState<RecipeForm>(defaultForm);
  const [openedId, setOpenedId] = useState<string | null>(null);
  const [edited, setEdited] = useState(false);
  const [list, setList] = useState<Listing | null>(null);
  const [analysis, setAnalysis] = useState<Segmentation | null>(null);
  const [loading, setLoading] = useState(false);
  const [jobId, setJobId] = useState<string | null>(null);
  const [workspacePath, setWorkspacePath] = useState<string | null>(null);
  /** Events in the workspace (null until known): none means the empty state, without asking for features. */
  const [events, setEvents] = useState<number | null>(null);
  const handled = useRef(new Set<string>());
  const started = useRef(false);
  const label = useMemo(() => labeller(catalog), [catalog]);
  const job = jobs.find((j) => j.id === jobId) ?? null;
  const running = job?.status === 'running';

  // The feature catalog for the window; the features chosen so far are kept.
  const input = catalogInput(form);
  const inputKey = JSON.stringify(input);
  useEffect(() => {
    if (inputKey === 'null' || !events) return;
    let live = true;
    const timer = setTimeout(() => {
      engine.call('segments.features', JSON.parse(inputKey) as Input<'segments.features'>).then(
        (c) => {
          if (!live) return;
          setCatalog(c);
          setCatalogError(null);
          setForm((f) => (f.features.length === 0 ? { ...f, features: defaultFeatures(c) } : f));
        },
        (e: unknown) => live && setCatalogError(asEngineError(e)),
      );
    }, 300);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [engine, inputKey, dataVersion, events]);

  const refreshList = useCallback(() => {
    engine
      .call('segments.list', {})
      .then(setList, (e: unknown) => toasts.error(e, 'Could not list the saved segmentations'));
  }, [engine, toasts]);
  useEffect(refreshList, [refreshList, dataVersion]);

  // Plotly (≈5 MB, the strict bundle the Plot wrapper loads) is fetched and parsed while the analyst
  // sets the recipe, not after Run.
  useEffect(() => {
    void preloadPlotly();
  }, []);

  useEffect(() => {
    engine.call('workspace.info', {}).then(
      (info) => {
        setWorkspacePath(info.path);
        setEvents(info.events);
      },
      (e: unknown) => {
        toasts.error(e, 'Could not read the workspace');
        setEvents(null);
      },
    );
  }, [engine, toasts, dataVersion]);

  const open = useCallback(
    (analysisId: string, fillForm: boolean) => {
      setLoading(true);
      engine
        .call('segments.get', { analysisId })
        .then((a) => {
          setAnalysis(a);
          setOpenedId(a.analysisId);
          if (fillForm) {
            setForm(fromRecipe(a.recipe));
            setEdited(false);
          }
        })
        .catch((e: unknown) => toasts.error(e, 'Could not open the segmentation'))
        .finally(() => setLoading(false));
    },
    [engine, toasts],
  );

  // On arrival: follow a segmentation still running (the view was left meanwhile), else reopen the latest.
  useEffect(() => {
    if (started.current || list === null) return;
    started.current = true;
    const runningJob = jobs.find((j) => j.kind === 'segments' && j.status === 'running');
    if (runningJob) setJobId(runningJob.id);
    if (list[0]) open(list[0].analysisId, !runningJob);
  }, [list, jobs, open]);

  // A finished run: load what it saved.
  useEffect(() => {
    if (!job || job.status !== 'done' || handled.current.has(job.id)) return;
    handled.current.add(job.id);
    const id = (job.result as { analysisId?: unknown } | undefined)?.analysisId;
    if (typeof id === 'string') {
      open(id, false);
      setEdited(false);
    }
    refreshList();
  }, [job, open, refreshList]);

  const run = () => {
    engine.call('segments.run', toRecipe(form)).then(
      (j) => {
        track(j);
        setJobId(j.id);
      },
      (e: unknown) => toasts.error(e, 'Could not start the segmentation'),
    );
  };

  const rename = async (segment: number, name: string) => {
    if (!analysis) return;
    const { analysisId } = analysis;
    try {
      await engine.call('segments.rename', { analysisId, segment, name });
    } catch (e) {
      toasts.error(e, 'Could not rename the segment');
      throw e;
    }
    setAnalysis((a) =>
      a && a.analysisId === analysisId
        ? { ...a, profiles: a.profiles.map((p) => (p.segment === segment ? { ...p, name } : p)) }
        : a,
    );
  };

  const remove = (analysisId: string) => {
    engine.call('segments.delete', { analysisId }).then(
      () => {
        if (analysis?.analysisId === analysisId) setAnalysis(null);
        if (openedId === analysisId) setOpenedId(null);
        refreshList();
      },
      (e: unknown) => toasts.error(e, 'Could not delete the segmentation'),
    );
  };

  const noEvents =
    events === 0 || (catalogError?.name === 'SegmentInputError' && /no events/.test(catalogError.message));
  if (noEvents) return <EmptyState />;
  const openedName =
    !edited && openedId ? (list?.find((l) => l.analysisId === openedId)?.name ?? null) : null;

  return (
    <Group
      wrap="nowrap"
      align="stretch"
      gap={0}
      style={{ flex: 1, minHeight: 0 }}
      data-testid="segments-view"
    >
      {catalog ? (
        <RecipePanel
          catalog={catalog}
          form={form}
          onChange={(patch) => {
            setForm((f) => ({ ...f, ...patch }));
            setEdited(true);
          }}
          onRun={run}
          onReset={() => {
            setForm({ ...defaultForm, features: defaultFeatures(catalog) });
            setEdited(true);
          }}
          running={running}
          openedName={openedName}
        />
      ) : (
        <Stack w={300} miw={300} p="xs" gap="xs">
          {catalogError ? (
            <Alert color="red" title="Could not read the features">
              {catalogError.message}. Check the window dates, or re-import the events.
            </Alert>
          ) : (
            <Group gap="xs">
              <Loader size="xs" />
              <Text size="sm" c="dimmed">
                Looking at the events for features…
              </Text>
            </Group>
          )}
        </Stack>
      )}
      <Box style={{ flex: 1, minWidth: 0, overflow: 'auto' }} px="md" pb="md" data-testid="segments-scroll">
        <Stack gap="sm">
          <Group justify="space-between" wrap="nowrap">
            <Title order={3}>Segments</Title>
            <Group gap="xs">
              {loading && <Loader size="xs" aria-label="Opening the segmentation" />}
              <SavedAnalyses
                list={list ?? []}
                currentId={analysis?.analysisId ?? null}
                onOpen={(id) => open(id, true)}
                onDelete={remove}
              />
            </Group>
          </Group>
          {job && (
            <JobProgressCard
              job={job}
              onCancel={() => cancel(job.id)}
              words={segmentationWords}
              testId="segments-job"
            />
          )}
          {analysis ? (
            <Box className={running || loading ? 'engage-dimmed' : undefined} aria-busy={running || loading}>
              <SegmentResults
                key={analysis.analysisId}
                analysis={analysis}
                label={label}
                workspacePath={workspacePath}
                onRename={rename}
              />
            </Box>
          ) : (
            !running &&
            list !== null && (
              <Text size="sm" c="dimmed" maw={640} data-testid="segments-intro">
                Find the natural groups among your users: choose the features on the left (the defaults are a
                good start), a k range to compare, and Run. You get each segment’s size and what sets it
                apart, the evidence for the number of segments, how stable they are, and a file of every
                user’s segment.
              </Text>
            )
          )}
        </Stack>
      </Box>
    </Group>
  );
}
