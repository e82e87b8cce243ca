import { Alert, Box, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useCallback, useEffect, useState } from 'react';
import { useEngine } from '../../api/EngineContext.tsx';
import { preloadPlotly } from '../../charts/Plot.tsx';
import { useToasts } from '../../frame/toasts.tsx';
import type { ExperimentForm, SourceKind } from './experimentForm.ts';
import { defaultForm, forInspection, formErrors, toRequest } from './experimentForm.ts';
import type { ExperimentList, Inspection } from './experimentsApi.ts';
import { ResultsPanel } from './ResultsPanel.tsx';
import { SetupPanel } from './SetupPanel.tsx';
import { useAnalysis } from './useAnalysis.ts';

/** Options shared by both sources: changing one changes it for both. */
const shared = ['alpha', 'correction', 'winsorizeOn', 'winsorize', 'sequential'] as const;

/**
 * The analysis: the setup on the left (a workspace experiment or a file, each keeping its own
 * choices), the report on the right, following the setup by itself; the previous results stay,
 * dimmed, until the new ones arrive.
 */
export function AnalysisTab({
  workspacePath,
  events,
}: {
  workspacePath: string | null;
  events: number | null;
}) {
  const engine = useEngine();
  const toasts = useToasts();
  const [source, setSource] = useState<SourceKind>('workspace');
  const [forms, setForms] = useState<Record<SourceKind, ExperimentForm>>({
    workspace: defaultForm,
    file: { ...defaultForm, source: 'file' },
  });
  const [list, setList] = useState<ExperimentList | null>(null);
  const [eventNames, setEventNames] = useState<string[]>([]);
  const [inspection, setInspection] = useState<Inspection | null>(null);
  const [inspecting, setInspecting] = useState(false);
  const [nonce, setNonce] = useState(0);
  const form = forms[source];
  const errors = formErrors(form);
  const key = Object.keys(errors).length === 0 ? JSON.stringify(toRequest(form)) : null;
  const analysis = useAnalysis(engine, key, nonce);

  useEffect(() => void preloadPlotly(), []);

  useEffect(() => {
    if (events === null) return;
    if (events === 0) {
      setList([]);
      setSource('file');
      return;
    }
    engine.call('experiments.list', {}).then(
      (l) => {
        setList(l);
        if (l.length === 0) setSource('file');
      },
      (e: unknown) => {
        setList([]);
        toasts.error(e, 'Could not list the experiments in the workspace');
      },
    );
  }, [engine, toasts, events]);

  // Event names for the metric builder, most frequent first.
  useEffect(() => {
    if (!list || list.length === 0) return;
    engine.call('overview.metrics', { timeZone: 'UTC' }).then(
      (m) => setEventNames([...m.eventsByName].sort((a, b) => b.events - a.events).map((e) => e.event)),
      () => setEventNames([]),
    );
  }, [engine, list]);

  const change = useCallback(
    (patch: Partial<ExperimentForm>) =>
      setForms((all) => {
        const common = Object.fromEntries(shared.filter((k) => k in patch).map((k) => [k, patch[k]]));
        return {
          workspace: { ...all.workspace, ...common, ...(source === 'workspace' ? patch : {}) },
          file: { ...all.file, ...common, ...(source === 'file' ? patch : {}) },
        };
      }),
    [source],
  );

  const pickFile = (path: string) => {
    setInspecting(true);
    engine
      .call('experiments.inspect', { path })
      .then((ins) => {
        setInspection(ins);
        setForms((all) => ({ ...all, file: forInspection(all.file, ins) }));
      })
      .catch((e: unknown) => toasts.error(e, 'Could not read the file'))
      .finally(() => setInspecting(false));
  };

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key === 'Enter') {
        e.preventDefault();
        setNonce((n) => n + 1);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const { result, request, loading, error, shownKey } = analysis;
  const stale = result !== null && shownKey !== key;
  const firstProblem = Object.values(errors)[0];
  const named = result && list?.find((x) => x.experiment === result.source)?.name;
  const title = result ? (named ? `${named} (${result.source})` : result.source) : 'Experiment analysis';
  return (
    <Group
      wrap="nowrap"
      align="stretch"
      gap={0}
      style={{ flex: 1, minHeight: 0, minWidth: 0 }}
      data-testid="experiments-analysis"
    >
      <SetupPanel
        form={form}
        errors={errors}
        onChange={change}
        onSource={setSource}
        list={list}
        events={eventNames}
        inspection={inspection}
        inspecting={inspecting}
        onPickFile={pickFile}
      />
      <Box
        style={{ flex: 1, minWidth: 0, overflow: 'auto' }}
        px="md"
        pb="md"
        data-testid="experiments-scroll"
      >
        <Stack gap="sm" pt="xs">
          <Group justify="space-between" wrap="nowrap">
            <Title order={4}>{title}</Title>
            {loading && (
              <Group gap={6} data-testid="experiments-analysing">
                <Loader size="xs" aria-label="Analysing" />
                <Text size="xs" c="dimmed">
                  Analysing…
                </Text>
              </Group>
            )}
          </Group>
          {error && (
            <Alert color="red" p="xs" title="Could not analyse the experiment" data-testid="experiment-error">
              <Text size="sm">
                {error}. Change the setting it names on the left; the analysis runs again by itself.
              </Text>
            </Alert>
          )}
          {stale && !loading && firstProblem && (
            <Text size="xs" c="dimmed">
              The results below are for the previous settings — {firstProblem.toLowerCase()} to update them.
            </Text>
          )}
          {result && request ? (
            <Box className={loading || stale ? 'engage-dimmed' : undefined} aria-busy={loading}>
              <ResultsPanel result={result} request={request} workspacePath={workspacePath} />
            </Box>
          ) : (
            <Text size="sm" c="dimmed" maw={640} data-testid="experiments-intro">
              Analyse an A/B or factorial test: choose an experiment recorded in the workspace (or a file with
              one row per unit), the variant and the control, and the metrics. You get the sample-ratio check
              first, then per metric a plain-language finding, the differences with their intervals, the
              chance to beat control, a forest plot and — with factors — the interaction plot and the ANOVA;
              then an HTML report to share.
              {firstProblem ? ` Next: ${firstProblem.toLowerCase()}.` : ''}
            </Text>
          )}
        </Stack>
      </Box>
    </Group>
  );
}
