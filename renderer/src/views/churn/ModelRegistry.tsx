import { Button, Card, Group, ScrollArea, Table, Text } from '@mantine/core';
import { useState } from 'react';
import type { Output } from '../../api/EngineClient.ts';
import { cutoffOf, fixed3, modelName } from './churnFormat.ts';

export type ModelList = Output<'churn.models'>;

/** The workspace's saved churn models, newest first: open one (its recipe fills the setup), monitor or delete it. */
export function ModelRegistry({
  models,
  currentId,
  onOpen,
  onMonitor,
  onDelete,
}: {
  models: ModelList;
  currentId: string | null;
  onOpen: (modelId: string) => void;
  onMonitor: (modelId: string) => void;
  onDelete: (modelId: string) => void;
}) {
  const [confirming, setConfirming] = useState<string | null>(null);
  return (
    <Card withBorder padding="sm" data-testid="churn-registry">
      <Text size="sm" fw={600} mb={4}>
        Saved models ({models.length})
      </Text>
      {models.length === 0 ? (
        <Text size="xs" c="dimmed">
          None yet: every trained model is saved here with its recipe and metrics.
        </Text>
      ) : (
        <ScrollArea.Autosize mah={170} type="auto">
          <Table highlightOnHover verticalSpacing={2} fz="xs" aria-label="Saved churn models">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Model</Table.Th>
                <Table.Th>Cutoff</Table.Th>
                <Table.Th ta="right">Test AUC</Table.Th>
                <Table.Th>Created (UTC)</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {models.map((m) => {
                const current = m.modelId === currentId;
                return (
                  <Table.Tr
                    key={m.modelId}
                    aria-current={current ? 'true' : undefined}
                    bg={current ? 'var(--mantine-primary-color-light)' : undefined}
                  >
                    <Table.Td maw={200}>
                      <Text size="xs" fw={current ? 700 : 400} truncate title={`${m.name} (${m.modelId})`}>
                        {m.name}
                      </Text>
                    </Table.Td>
                    <Table.Td>{modelName(m.kind)}</Table.Td>
                    <Table.Td>{cutoffOf(m)}</Table.Td>
                    <Table.Td ta="right" ff="monospace">
                      {fixed3(m.metrics.test.auc)}
                    </Table.Td>
                    <Table.Td>{m.createdAt.replace('T', ' ').slice(0, 16)}</Table.Td>
                    <Table.Td>
                      {confirming === m.modelId ? (
                        <Group gap={4} wrap="nowrap" justify="flex-end">
                          <Button
                            size="compact-xs"
                            color="red"
                            onClick={() => {
                              setConfirming(null);
                              onDelete(m.modelId);
                            }}
                          >
                            Delete
                          </Button>
                          <Button size="compact-xs" variant="default" onClick={() => setConfirming(null)}>
                            Keep
                          </Button>
                        </Group>
                      ) : (
                        <Group gap={4} wrap="nowrap" justify="flex-end">
                          <Button
                            size="compact-xs"
                            variant="light"
                            disabled={current}
                            onClick={() => onOpen(m.modelId)}
                            aria-label={`Open ${m.name}`}
                          >
                            Open
                          </Button>
                          <Button
                            size="compact-xs"
                            variant="default"
                            onClick={() => onMonitor(m.modelId)}
                            aria-label={`Monitor ${m.name}`}
                          >
                            Monitor
                          </Button>
                          <Button
                            size="compact-xs"
                            variant="subtle"
                            color="red"
                            onClick={() => setConfirming(m.modelId)}
                            aria-label={`Delete ${m.name}`}
                          >
                            Delete
                          </Button>
                        </Group>
                      )}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </ScrollArea.Autosize>
      )}
    </Card>
  );
}
