import { Button, Card, Group, Stack, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useEngine } from '../../api/EngineContext.tsx';
import {
  besideWorkspace,
  exportError,
  ExportPathField,
  type ExportFormat,
} from '../../components/ExportPathField.tsx';
import { useToasts } from '../../frame/toasts.tsx';
import { count } from '../../format.ts';
import type { Segmentation } from './segmentFormat.ts';

/**
 * Writes every user's segment (user_id, segment, segment_name) to a CSV or Parquet file; the path
 * starts next to the workspace and a folder can be chosen with the file browser. The same labels
 * stay in the workspace as the `user_segments` view, for experiments and automations.
 */
export function ExportPanel({
  analysis,
  workspacePath,
}: {
  analysis: Segmentation;
  workspacePath: string | null;
}) {
  const engine = useEngine();
  const toasts = useToasts();
  const [format, setFormat] = useState<ExportFormat>('csv');
  const [path, setPath] = useState('');
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);

  useEffect(() => {
    if (!workspacePath) return;
    setPath(besideWorkspace(workspacePath, `segments-${analysis.analysisId}.csv`));
    setFormat('csv');
    setDone(null);
  }, [workspacePath, analysis.analysisId]);

  const run = () => {
    setBusy(true);
    setDone(null);
    engine
      .call('segments.export', { analysisId: analysis.analysisId, path, format })
      .then((r) => setDone(`${count(r.rows)} users written to ${r.path}`))
      // A folder that is not there or not writable is said as a file problem.
      .catch((error: unknown) => toasts.error(exportError(error, path), 'Could not export the segments'))
      .finally(() => setBusy(false));
  };

  return (
    <Card withBorder padding="sm" aria-label="Export user to segment">
      <Stack gap={6}>
        <Text size="sm" fw={600}>
          Export user → segment
        </Text>
        <Text size="xs" c="dimmed">
          One row per user: user_id, segment, segment_name. The workspace keeps the same labels as the{' '}
          <code>user_segments</code> view (filter on analysis_id = {analysis.analysisId}).
        </Text>
        <Group gap="xs" align="flex-end" wrap="nowrap">
          <ExportPathField
            format={format}
            path={path}
            onFormatChange={setFormat}
            onPathChange={setPath}
            label="Export to file"
            fallbackName={`segments-${analysis.analysisId}.${format}`}
            onEnter={() => {
              if (path && !busy) run();
            }}
          />
          <Button size="xs" onClick={run} loading={busy} disabled={!path.trim()}>
            Export
          </Button>
        </Group>
        {done && (
          <Text size="xs" c="teal" data-testid="segments-export-done">
            {done}
          </Text>
        )}
      </Stack>
    </Card>
  );
}
