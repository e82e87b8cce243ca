import { Badge, Button, Group, Popover, ScrollArea, Table, Text } from '@mantine/core';
import { useState } from 'react';
import type { Output } from '../../api/EngineClient.ts';
import { count } from '../../format.ts';
import { algoNames } from './segmentFormat.ts';

export type Listing = Output<'segments.list'>;

export interface SavedAnalysesProps {
  list: Listing;
  currentId: string | null;
  onOpen: (analysisId: string) => void;
  onDelete: (analysisId: string) => void;
}

const algoName = (algo: string) => (algo in algoNames ? algoNames[algo as keyof typeof algoNames] : algo);

/** The workspace's saved segmentations: open one (its recipe fills the panel) or delete it. */
export function SavedAnalyses({ list, currentId, onOpen, onDelete }: SavedAnalysesProps) {
  const [opened, setOpened] = useState(false);
  const [confirming, setConfirming] = useState<string | null>(null);
  return (
    <Popover
      opened={opened}
      onChange={setOpened}
      width={640}
      position="bottom-end"
      shadow="md"
      trapFocus
      onClose={() => setConfirming(null)}
    >
      <Popover.Target>
        <Button
          variant="default"
          onClick={() => setOpened((o) => !o)}
          aria-label={`Saved analyses: ${list.length}`}
        >
          Saved analyses
          <Badge ml={6} size="sm" variant="light" circle>
            {list.length}
          </Badge>
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
        {list.length === 0 ? (
          <Text size="sm" c="dimmed">
            No segmentation saved yet: every run is saved here with its recipe.
          </Text>
        ) : (
          <ScrollArea.Autosize mah={360} type="auto">
            <Table striped highlightOnHover verticalSpacing={4} fz="xs" aria-label="Saved segmentations">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Method</Table.Th>
                  <Table.Th ta="right">Users</Table.Th>
                  <Table.Th ta="right">Silhouette</Table.Th>
                  <Table.Th>Saved (UTC)</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.map((a) => (
                  <Table.Tr key={a.analysisId} aria-current={a.analysisId === currentId ? 'true' : undefined}>
                    <Table.Td maw={200}>
                      <Text size="xs" fw={a.analysisId === currentId ? 700 : 400} truncate title={a.name}>
                        {a.name}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      {algoName(a.algo)}, k = {a.k}
                    </Table.Td>
                    <Table.Td ta="right">{count(a.users)}</Table.Td>
                    <Table.Td ta="right">{a.silhouette === null ? '—' : a.silhouette.toFixed(3)}</Table.Td>
                    <Table.Td>{a.createdAt.replace('T', ' ').slice(0, 16)}</Table.Td>
                    <Table.Td>
                      {confirming === a.analysisId ? (
                        <Group gap={4} wrap="nowrap">
                          <Button
                            size="compact-xs"
                            color="red"
                            onClick={() => {
                              setConfirming(null);
                              onDelete(a.analysisId);
                            }}
                            aria-label={`Confirm deleting ${a.name}`}
                          >
                            Delete
                          </Button>
                          <Button size="compact-xs" variant="default" onClick={() => setConfirming(null)}>
                            Keep
                          </Button>
                        </Group>
                      ) : (
                        <Group gap={4} wrap="nowrap">
                          <Button
                            size="compact-xs"
                            variant="light"
                            onClick={() => {
                              setOpened(false);
                              onOpen(a.analysisId);
                            }}
                            aria-label={`Open ${a.name}`}
                          >
                            Open
                          </Button>
                          <Button
                            size="compact-xs"
                            variant="subtle"
                            color="red"
                            onClick={() => setConfirming(a.analysisId)}
                            aria-label={`Delete ${a.name}`}
                          >
                            Delete
                          </Button>
                        </Group>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollArea.Autosize>
        )}
        {confirming && (
          <Text size="xs" c="dimmed" mt={6}>
            Deleting removes the analysis, its segment names and every user’s label (the user_segments rows).
          </Text>
        )}
      </Popover.Dropdown>
    </Popover>
  );
}
