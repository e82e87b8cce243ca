import {
  Badge,
  Button,
  Card,
  Checkbox,
  Group,
  Modal,
  ScrollArea,
  SegmentedControl,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { useEffect, useState } from 'react';
import { asEngineError, EngineError } from '../../api/EngineClient.ts';
import { useEngine } from '../../api/EngineContext.tsx';
import { FileBrowser } from '../../files/FileBrowser.tsx';
import { useToasts } from '../../frame/toasts.tsx';
import { count } from '../../format.ts';
import type { ScoreRun, Scores } from './churnFormat.ts';

type Format = 'csv' | 'parquet';

const folderOf = (path: string) => path.replace(/[\\/][^\\/]*$/, '');
const separator = (path: string) => (path.includes('\\') && !path.includes('/') ? '\\' : '/');
const withFormat = (path: string, format: Format) => path.replace(/\.(csv|parquet)$/i, '') + `.${format}`;

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
  const engine = useEngine();
  const toasts = useToasts();
  const [writeFile, setWriteFile] = useState(false);
  const [format, setFormat] = useState<Format>('csv');
  const [path, setPath] = useState('');
  const [browsing, setBrowsing] = useState(false);
  const [folder, setFolder] = useState('');
  const [busy, setBusy] = useState(false);
  const [last, setLast] = useState<ScoreRun | null>(null);

  useEffect(() => {
    setLast(null);
    if (workspacePath)
      setPath(`${folderOf(workspacePath)}${separator(workspacePath)}churn-scores-${modelId}.csv`);
    setFormat('csv');
  }, [workspacePath, modelId]);

  const score = () => {
    setBusy(true);
    const out = writeFile && path.trim() ? path.trim() : undefined;
    engine
      .call('churn.score', { modelId, ...(out ? { out } : {}) })
      .then((run) => {
        setLast(run);
        onScored(run);
      })
      .catch((error: unknown) => {
        const e = asEngineError(error);
        toasts.error(
          out && /Cannot open file|No such file|Permission denied|Read-only|IO Error/i.test(e.message)
            ? new EngineError(
                'FileError',
                `Cannot write ${out}: its folder does not exist or cannot be written to.`,
              )
            : e,
          'Could not score the users',
        );
      })
      .finally(() => setBusy(false));
  };

  const name = path.split(/[\\/]/).pop() ?? `churn-scores-${modelId}.${format}`;
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
          <SegmentedControl
            size="xs"
            disabled={!writeFile}
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
            disabled={!writeFile}
            aria-label="Export scores to file"
            value={path}
            onChange={(e) => setPath(e.currentTarget.value)}
          />
          <Button size="xs" variant="default" disabled={!writeFile} onClick={() => setBrowsing(true)}>
            Folder…
          </Button>
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
