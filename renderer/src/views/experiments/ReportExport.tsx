import { Button, Card, Group, Stack, Text, TextInput } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useEngine } from '../../api/EngineContext.tsx';
import { besideWorkspace, exportError } from '../../components/ExportPathField.tsx';
import { useToasts } from '../../frame/toasts.tsx';
import { baseName, bytes } from '../../format.ts';
import { slug } from './experimentFormat.ts';
import type { AnalyzeRequest, ExperimentResult } from './experimentsApi.ts';

const sourceName = (r: AnalyzeRequest) =>
  slug(
    r.source.kind === 'file' ? baseName(r.source.path).replace(/\.[^.]*(\.gz)?$/i, '') : r.source.experiment,
  );

/**
 * The analysis shown, as a self-contained HTML report (tables, sentences and charts) written where
 * the analyst says; the path starts next to the workspace.
 */
export function ReportExport({
  request,
  result,
  workspacePath,
}: {
  request: AnalyzeRequest;
  /** The analysis shown for `request`: the report is written from it, not analysed again. */
  result: ExperimentResult;
  workspacePath: string | null;
}) {
  const engine = useEngine();
  const toasts = useToasts();
  const name = `experiment-${sourceName(request) || 'report'}.html`;
  const [path, setPath] = useState('');
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);

  useEffect(() => {
    if (workspacePath) setPath(besideWorkspace(workspacePath, name));
    setDone(null);
  }, [workspacePath, name]);

  const run = () => {
    const out = path.trim();
    if (!out || busy) return;
    setBusy(true);
    setDone(null);
    engine
      .call('experiments.report', { request, out, result })
      .then((r) => {
        setDone(`Report written to ${r.out} (${bytes(r.bytes)}).`);
        toasts.info('Report exported', `${r.out} (${bytes(r.bytes)})`);
      })
      .catch((e: unknown) => toasts.error(exportError(e, out), 'Could not export the report'))
      .finally(() => setBusy(false));
  };

  return (
    <Card withBorder padding="sm" aria-label="Export the report" data-testid="experiment-report">
      <Stack gap={6}>
        <Text size="sm" fw={600}>
          HTML report
        </Text>
        <Text size="xs" c="dimmed">
          One file with the sample-ratio check, every metric’s sentences, tables and charts, and the factorial
          analysis — to attach or share; it opens in any browser without the workbench.
        </Text>
        <Group gap="xs" wrap="nowrap">
          <TextInput
            size="xs"
            style={{ flex: 1 }}
            aria-label="Report file"
            value={path}
            onChange={(e) => setPath(e.currentTarget.value)}
            onKeyDown={(e) => e.key === 'Enter' && run()}
          />
          <Button size="xs" onClick={run} loading={busy} disabled={!/\.html?$/i.test(path.trim())}>
            Export report
          </Button>
        </Group>
        {!/\.html?$/i.test(path.trim()) && path.trim() && (
          <Text size="xs" c="red">
            The report file name ends in .html.
          </Text>
        )}
        {done && (
          <Text size="xs" c="teal" data-testid="experiment-report-done">
            {done}
          </Text>
        )}
      </Stack>
    </Card>
  );
}
