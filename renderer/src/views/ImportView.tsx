import { Alert, Box, Button, Card, Divider, Group, Kbd, Stack, Text, Title } from '@mantine/core';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { Output } from '../api/EngineClient.ts';
import { asEngineError } from '../api/EngineClient.ts';
import { useEngine } from '../api/EngineContext.tsx';
import { useJobs } from '../frame/jobs.tsx';
import { modKey, useShell } from '../frame/shell.tsx';
import { useToasts } from '../frame/toasts.tsx';
import { ImportProgress } from './import/ImportProgress.tsx';
import { asSummary, defaultOptions, toWire, type WizardOptions } from './import/importOptions.ts';
import { MappingEditor } from './import/MappingEditor.tsx';
import { OptionsPanel } from './import/OptionsPanel.tsx';
import { PreviewTable } from './import/PreviewTable.tsx';
import { RejectsTable } from './import/RejectsTable.tsx';
import { SourcePicker } from './import/SourcePicker.tsx';

/**
 * The import wizard. Choose a file (path, file browser, drop or upload); the preview updates by
 * itself as options and the mapping change (the old one stays, dimmed, until the new one arrives);
 * Import runs as a job with progress and Cancel; then the summary and the rejected rows.
 */
export function ImportView() {
  const engine = useEngine();
  const toasts = useToasts();
  const { jobs, track, cancel } = useJobs();
  const { importRequest } = useShell();
  const [path, setPath] = useState(importRequest?.path ?? '');
  const [options, setOptions] = useState<WizardOptions>(defaultOptions);
  const [preview, setPreview] = useState<Output<'import.preview'> | null>(null);
  const [previewError, setPreviewError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [jobId, setJobId] = useState<string | null>(null);
  const job = jobs.find((j) => j.id === jobId);
  const summary = job?.status === 'done' ? asSummary(job.result) : null;
  const wire = useMemo(() => toWire(options), [options]);
  const sequence = useRef(0);

  useEffect(() => {
    if (importRequest) {
      setPath(importRequest.path);
      setOptions(defaultOptions);
    }
  }, [importRequest]);

  // Re-preview when the file or the options change; only the latest answer is shown.
  useEffect(() => {
    if (!path) return;
    const mine = ++sequence.current;
    setLoading(true);
    const timer = setTimeout(() => {
      engine
        .call('import.preview', { path, options: wire })
        .then((p) => {
          if (mine !== sequence.current) return;
          setPreview(p);
          setPreviewError(null);
        })
        .catch((e: unknown) => mine === sequence.current && setPreviewError(asEngineError(e).message))
        .finally(() => mine === sequence.current && setLoading(false));
    }, 250);
    return () => clearTimeout(timer);
  }, [engine, path, wire]);

  const choosePath = (p: string) => {
    if (p === path) return;
    setPreview(null);
    setPreviewError(null);
    setOptions(defaultOptions);
    setPath(p);
  };

  const start = () => {
    engine.call('import.start', { path, options: wire }).then(
      (j) => {
        track(j);
        setJobId(j.id);
      },
      (error: unknown) => toasts.error(error, 'Could not start the import'),
    );
  };

  const running = job?.status === 'running';
  const columns = preview?.columns.map((c) => c.name) ?? [];

  return (
    <Box style={{ overflow: 'auto', flex: 1, minHeight: 0 }} data-testid="import-view">
      <Stack gap="sm" pb="md">
        <Group justify="space-between" wrap="nowrap">
          <Title order={3}>Import</Title>
          <Text size="xs" c="dimmed">
            <Kbd size="xs">{modKey}</Kbd>+<Kbd size="xs">I</Kbd> opens this view
          </Text>
        </Group>
        <Text size="sm" c="dimmed" maw={900}>
          Events or user profiles from CSV, TSV, JSON, NDJSON or Parquet (gzip too), exported from Segment,
          Mixpanel, Amplitude, PostHog, GA4 or your own tables. An import is one transaction: if it fails, the
          workspace stays as it was.
        </Text>
        <Card withBorder padding="sm">
          <SourcePicker path={path} onPath={choosePath} />
        </Card>
        {!path ? (
          <Text size="sm" c="dimmed">
            Choose a file to see how it will be read: the detected format and shape, the column mapping, and
            the first rows.
          </Text>
        ) : (
          <Group align="flex-start" gap="md" wrap="nowrap">
            <Card withBorder padding="sm" w={360} style={{ flexShrink: 0 }} aria-label="Import options">
              <Text size="sm" fw={600} mb="xs">
                Options
              </Text>
              <OptionsPanel options={options} onChange={(c) => setOptions((o) => ({ ...o, ...c }))} />
              <Divider my="sm" label="Column mapping" labelPosition="left" />
              {preview && preview.fields.length > 0 ? (
                <MappingEditor
                  fields={preview.fields}
                  columns={columns}
                  suggested={preview.mapping}
                  map={options.map}
                  onChange={(map) => setOptions((o) => ({ ...o, map }))}
                />
              ) : (
                <Text size="xs" c="dimmed">
                  {preview
                    ? `A known export format (${preview.shape}): its fields are read as that format defines them. Choose Shape “Generic table” to map the columns yourself.`
                    : 'The mapping appears with the preview.'}
                </Text>
              )}
              <Button
                mt="md"
                fullWidth
                size="sm"
                onClick={start}
                disabled={!preview || previewError !== null || loading || running}
                loading={running}
              >
                Import {options.users ? 'profiles' : 'events'}
              </Button>
            </Card>
            <Stack gap="sm" style={{ flex: 1, minWidth: 0 }}>
              {job && <ImportProgress job={job} onCancel={() => cancel(job.id)} />}
              {summary && summary.rows_rejected > 0 && <RejectsTable importId={summary.import_id} />}
              {previewError && (
                <Alert color="red" title="The file cannot be read this way" data-testid="preview-error">
                  {previewError} — change the options or the mapping, or choose another file.
                </Alert>
              )}
              {preview && (
                <Card
                  withBorder
                  padding="sm"
                  className={loading ? 'engage-dimmed' : undefined}
                  data-loading={loading}
                >
                  <PreviewTable preview={preview} />
                </Card>
              )}
              {!preview && !previewError && (
                <Box p="md">
                  <Text size="sm" c="dimmed">
                    Reading {path}…
                  </Text>
                </Box>
              )}
            </Stack>
          </Group>
        )}
      </Stack>
    </Box>
  );
}
