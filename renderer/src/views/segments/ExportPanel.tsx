import { Button, Card, Group, Modal, SegmentedControl, Stack, Text, TextInput } from '@mantine/core';
import { useEffect, useState } from 'react';
import { asEngineError, EngineError } from '../../api/EngineClient.ts';
import { useEngine } from '../../api/EngineContext.tsx';
import { FileBrowser } from '../../files/FileBrowser.tsx';
import { useToasts } from '../../frame/toasts.tsx';
import { count } from '../../format.ts';
import type { Segmentation } from './segmentFormat.ts';

type Format = 'csv' | 'parquet';

const folderOf = (path: string) => path.replace(/[\\/][^\\/]*$/, '');
const separator = (path: string) => (path.includes('\\') && !path.includes('/') ? '\\' : '/');
const withFormat = (path: string, format: Format) => path.replace(/\.(csv|parquet)$/i, '') + `.${format}`;

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
  const [format, setFormat] = useState<Format>('csv');
  const [path, setPath] = useState('');
  const [browsing, setBrowsing] = useState(false);
  const [folder, setFolder] = useState('');
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);

  useEffect(() => {
    if (!workspacePath) return;
    const sep = separator(workspacePath);
    setPath(`${folderOf(workspacePath)}${sep}segments-${analysis.analysisId}.csv`);
    setFormat('csv');
    setDone(null);
  }, [workspacePath, analysis.analysisId]);

  const run = () => {
    setBusy(true);
    setDone(null);
    engine
      .call('segments.export', { analysisId: analysis.analysisId, path, format })
      .then((r) => setDone(`${count(r.rows)} users written to ${r.path}`))
      .catch((error: unknown) => {
        const e = asEngineError(error);
        // DuckDB's own words for a folder that is not there or not writable: say it as a file problem.
        toasts.error(
          /Cannot open file|No such file|Permission denied|Read-only/i.test(e.message)
            ? new EngineError(
                'FileError',
                `Cannot write ${path}: its folder does not exist or cannot be written to.`,
              )
            : e,
          'Could not export the segments',
        );
      })
      .finally(() => setBusy(false));
  };

  const name = path.split(/[\\/]/).pop() ?? `segments-${analysis.analysisId}.${format}`;
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
          <SegmentedControl
            size="xs"
            value={format}
            data={[
              { value: 'csv', label: 'CSV' },
              { value: 'parquet', label: 'Parquet' },
            ]}
            onChange={(v) => {
              const f = v;
              setFormat(f);
              setPath((p) => withFormat(p, f));
            }}
            aria-label="Export format"
          />
          <TextInput
            size="xs"
            style={{ flex: 1 }}
            aria-label="Export to file"
            value={path}
            onChange={(e) => setPath(e.currentTarget.value)}
            onKeyDown={(e) => e.key === 'Enter' && path && !busy && run()}
          />
          <Button size="xs" variant="default" onClick={() => setBrowsing(true)}>
            Folder…
          </Button>
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
      <Modal
        opened={browsing}
        onClose={() => setBrowsing(false)}
        title="Choose the folder to export to"
        size="lg"
      >
        <FileBrowser purpose="workspace" onFolder={setFolder} height={320} />
        <Group justify="flex-end" mt="sm">
          <Button variant="default" onClick={() => setBrowsing(false)}>
            Cancel
          </Button>
          <Button
            disabled={!folder}
            onClick={() => {
              setPath(`${folder}${separator(folder)}${name}`.replace(/([\\/])\1+/g, '$1'));
              setBrowsing(false);
            }}
          >
            Export into this folder
          </Button>
        </Group>
      </Modal>
    </Card>
  );
}
