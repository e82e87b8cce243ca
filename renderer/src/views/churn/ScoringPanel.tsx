import { Badge, Button, Card, Checkbox, Group, ScrollArea, Stack, Table, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { asEngineError } from '../../api/EngineClient.ts';
import {
  besideWorkspace,
  exportError,
  ExportPathField,
  unwritable,
  type ExportFormat,
} from '../../components/ExportPathField.tsx';
import { useJobs } from '../../frame/jobs.tsx';
import { useToasts } from '../../frame/toasts.tsx';
import { count } from '../../format.ts';
import type { ScoreRun, Scores } from './churnFormat.ts';

/** The engine's words for a file it cannot write, DuckDB's IO errors included. */
const cannotWrite = new RegExp(`${unwritable.source}|IO Error`, 'i');

/**
 * Scoring: every current user (active within the model's exclusion window) gets a churn probability
 * in the workspace's `churn_scores` table, optionally also written to a CSV or Parquet file; the
 * riskiest users are listed with their segment (from the latest segmentation, when there is one).
 */
export function ScoringPanel({
  modelId,
  scores,
  workspacePath,
  onScored,
}: {
  modelId: string;
  scores: Scores | null;
  workspacePath: string | null;
  onScored: (run: ScoreRun) => void;
}) {
  const { runJob } = useJobs();
  const toasts = useToasts();
  const [writeFile, setWriteFile] = useState(false);
  const [format, setFormat] = useState<ExportFormat>('csv');
  const [path, setPath] = useState('');
  const [busy, setBusy] = useState(false);
  const [last, setLast] = useState<ScoreRun | null>(null);

  useEffect(() => {
    setLast(null);
    if (workspacePath) setPath(besideWorkspace(workspacePath, `churn-scores-${modelId}.csv`));
    setFormat('csv');
  }, [workspacePath, modelId]);

  const score = () => {
    setBusy(true);
    const out = writeFile && path.trim() ? path.trim() : undefined;
    // A job: progress and Cancel in the jobs tray.
    runJob<ScoreRun>('churn.startScoring', { modelId, ...(out ? { out } : {}) })
      .then((run) => {
        setLast(run);
        onScored(run);
      })
      .catch((error: unknown) => {
        if (asEngineError(error).name !== 'Cancelled')
          toasts.error(exportError(error, out, cannotWrite), 'Could not score the users');
      })
      .finally(() => setBusy(false));
  };

  const rows = scores?.rows ?? [];
  const hasSegments = rows.some((r) => r.segment !== null);
  return (
    <Card withBorder padding="sm" data-testid="churn-scoring">
      <Stack gap={6}>
        <Text size="sm" fw={600}>
          Score users and export the at-risk list
        </Text>
        <Text size="xs" c="dimmed">
          Scores every current user (active in the model’s exclusion window before the day after the last
          event) into the workspace table <code>churn_scores</code>, joinable on user_id with{' '}
          <code>user_segments</code>.
        </Text>
        <Group gap="xs" align="center" wrap="nowrap">
          <Checkbox
            size="xs"
            label="Also write a file"
            checked={writeFile}
            onChange={(e) => setWriteFile(e.currentTarget.checked)}
          />
          <ExportPathField
            format={format}
            path={path}
            onFormatChange={setFormat}
            onPathChange={setPath}
            label="Export scores to file"
            fallbackName={`churn-scores-${modelId}.${format}`}
            disabled={!writeFile}
          />
          <Button size="xs" onClick={score} loading={busy} disabled={writeFile && !path.trim()}>
            Score all users
          </Button>
        </Group>
        {last && (
          <Text size="xs" c="teal" data-testid="churn-score-done">
            {count(last.users)} current users scored as of {last.asOf}: {count(last.atRisk)} at risk (score at
            or above the model’s threshold); {count(last.excludedInactive)} long-inactive users left out.
            {last.out ? ` Written to ${last.out}.` : ''}
          </Text>
        )}
        {scores && scores.asOf && (
          <>
            <Text size="xs" fw={600} mt={4}>
              Riskiest {count(rows.length)} of {count(scores.total)} users scored as of {scores.asOf}
            </Text>
            <ScrollArea.Autosize mah={300} type="auto">
              <Table striped stickyHeader verticalSpacing={2} fz="xs" aria-label="Riskiest users">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th ta="right">#</Table.Th>
                    <Table.Th>User</Table.Th>
                    <Table.Th ta="right">Churn probability</Table.Th>
                    <Table.Th>At risk</Table.Th>
                    <Table.Th>Segment</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {rows.map((r, i) => (
                    <Table.Tr key={r.userId}>
                      <Table.Td ta="right" c="dimmed">
                        {i + 1}
                      </Table.Td>
                      <Table.Td ff="monospace">{r.userId}</Table.Td>
                      <Table.Td ta="right" ff="monospace">
                        {(r.score * 100).toFixed(1)}%
                      </Table.Td>
                      <Table.Td>
                        {r.atRisk ? (
                          <Badge size="xs" color="orange" variant="light">
                            at risk
                          </Badge>
                        ) : (
                          '—'
                        )}
                      </Table.Td>
                      <Table.Td>{r.segment ?? '—'}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollArea.Autosize>
            {!hasSegments && (
              <Text size="xs" c="dimmed">
                No segment names: run a segmentation in the Segments view to see each user’s segment here.
              </Text>
            )}
          </>
        )}
      </Stack>
    </Card>
  );
}
