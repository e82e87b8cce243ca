import {
  Badge,
  Button,
  Card,
  Group,
  Progress,
  ScrollArea,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import type { Output } from '../api/EngineClient.ts';
import { useEngine } from '../api/EngineContext.tsx';
import { useJobs } from '../frame/jobs.tsx';
import { useToasts } from '../frame/toasts.tsx';
import { cell, count } from '../format.ts';

/** Import: a file path, a preview of the detected shape and first rows, then the import as a job. */
export function ImportView() {
  const engine = useEngine();
  const toasts = useToasts();
  const { jobs, track, cancel } = useJobs();
  const [path, setPath] = useState('');
  const [preview, setPreview] = useState<Output<'import.preview'> | null>(null);
  const [busy, setBusy] = useState(false);
  const [jobId, setJobId] = useState<string | null>(null);
  const job = jobs.find((j) => j.id === jobId);

  const doPreview = () => {
    if (!path.trim()) return;
    setBusy(true);
    engine
      .call('import.preview', { path: path.trim() })
      .then(setPreview, (error: unknown) => toasts.error(error, 'Could not read the file'))
      .finally(() => setBusy(false));
  };
  const doImport = () => {
    engine.call('import.start', { path: path.trim() }).then(
      (j) => {
        track(j);
        setJobId(j.id);
      },
      (error: unknown) => toasts.error(error, 'Could not start the import'),
    );
  };

  const summary =
    job?.status === 'done' && job.result && typeof job.result === 'object'
      ? Object.entries(job.result as Record<string, unknown>).filter(
          ([, v]) => typeof v === 'number' || typeof v === 'string',
        )
      : [];

  return (
    <Stack gap="sm" style={{ overflow: 'auto', flex: 1, minHeight: 0 }}>
      <Title order={3}>Import events</Title>
      <Text size="sm" c="dimmed">
        CSV, TSV, JSON, NDJSON or Parquet (optionally gzip-compressed) exported from Segment, Mixpanel,
        Amplitude, PostHog, GA4 or your own tables. Each import is one transaction: if it fails, the workspace
        stays as it was.
      </Text>
      <Group align="flex-end" gap="sm">
        <TextInput
          label="File path on this computer"
          placeholder="/home/me/exports/events.csv"
          value={path}
          onChange={(e) => setPath(e.currentTarget.value)}
          onKeyDown={(e) => e.key === 'Enter' && doPreview()}
          w={520}
        />
        <Button onClick={doPreview} loading={busy} variant="default">
          Preview
        </Button>
        <Button onClick={doImport} disabled={!preview || job?.status === 'running'}>
          Import
        </Button>
      </Group>
      {job && (
        <Card withBorder padding="sm" aria-label="Import progress">
          <Group justify="space-between" mb={4}>
            <Text size="sm" fw={600}>
              {job.title}
            </Text>
            {job.status === 'running' ? (
              <Button size="compact-xs" color="red" variant="light" onClick={() => cancel(job.id)}>
                Cancel
              </Button>
            ) : (
              <Badge
                variant="light"
                color={job.status === 'done' ? 'teal' : job.status === 'failed' ? 'red' : 'gray'}
              >
                {job.status}
              </Badge>
            )}
          </Group>
          {job.status === 'running' && (
            <Progress value={(job.fraction ?? 0) * 100} aria-label="Import progress" />
          )}
          <Text size="xs" c="dimmed" mt={4}>
            {job.status === 'failed' ? (job.error?.message ?? job.message) : job.message}
          </Text>
          {summary.length > 0 && (
            <Group gap="lg" mt="xs">
              {summary.map(([k, v]) => (
                <Text key={k} size="sm">
                  {k.replace(/_/g, ' ')}: <b>{typeof v === 'number' ? count(v) : String(v)}</b>
                </Text>
              ))}
            </Group>
          )}
        </Card>
      )}
      {preview && (
        <Card withBorder padding="sm">
          <Group gap="xs" mb="xs">
            <Badge variant="light">{preview.format}</Badge>
            <Badge variant="light" color="gray">
              {preview.shape}
            </Badge>
            {preview.compression !== 'none' && <Badge variant="light">{preview.compression}</Badge>}
            <Text size="xs" c="dimmed">
              Mapping:{' '}
              {Object.entries(preview.mapping)
                .map(([to, from]) => `${from} → ${to}`)
                .join(', ') || 'none'}
            </Text>
          </Group>
          <ScrollArea>
            <Table fz="xs" striped withTableBorder aria-label="Preview of the first rows">
              <Table.Thead>
                <Table.Tr>
                  {preview.columns.map((c) => (
                    <Table.Th key={c.name}>
                      {c.name}{' '}
                      <Text span size="xs" c="dimmed">
                        {c.type.toLowerCase()}
                      </Text>
                    </Table.Th>
                  ))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {preview.rows.slice(0, 20).map((r, i) => (
                  <Table.Tr key={i}>
                    {preview.columns.map((c) => (
                      <Table.Td key={c.name} ff="monospace" style={{ whiteSpace: 'nowrap' }}>
                        {cell(r[c.name])}
                      </Table.Td>
                    ))}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollArea>
        </Card>
      )}
    </Stack>
  );
}
