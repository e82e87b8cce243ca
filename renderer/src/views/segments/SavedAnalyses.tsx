import { Badge, Button, Popover, Text } from '@mantine/core';
import { useState } from 'react';
import type { Output } from '../../api/EngineClient.ts';
import { SavedItemsTable, toMinute, type SavedItemsColumn } from '../../components/SavedItemsTable.tsx';
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

const columns: SavedItemsColumn<Listing[number]>[] = [
  { header: 'Method', cell: (a) => `${algoName(a.algo)}, k = ${a.k}` },
  { header: 'Users', align: 'right', cell: (a) => count(a.users) },
  {
    header: 'Silhouette',
    align: 'right',
    cell: (a) => (a.silhouette === null ? '—' : a.silhouette.toFixed(3)),
  },
  { header: 'Saved (UTC)', cell: (a) => toMinute(a.createdAt) },
];

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
          <SavedItemsTable
            items={list}
            idOf={(a) => a.analysisId}
            nameOf={(a) => a.name}
            currentId={currentId}
            columns={columns}
            label="Saved segmentations"
            maxHeight={360}
            striped
            verticalSpacing={4}
            confirming={confirming}
            onConfirming={setConfirming}
            onOpen={(id) => {
              setOpened(false);
              onOpen(id);
            }}
            onDelete={onDelete}
            confirmLabel={(name) => `Confirm deleting ${name}`}
          />
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
