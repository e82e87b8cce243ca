import { Button, Card, Text } from '@mantine/core';
import { useState } from 'react';
import type { Output } from '../../api/EngineClient.ts';
import { SavedItemsTable, toMinute, type SavedItemsColumn } from '../../components/SavedItemsTable.tsx';
import { cutoffOf, fixed3, modelName } from './churnFormat.ts';

export type ModelList = Output<'churn.models'>;

const columns: SavedItemsColumn<ModelList[number]>[] = [
  { header: 'Model', cell: (m) => modelName(m.kind) },
  { header: 'Cutoff', cell: (m) => cutoffOf(m) },
  { header: 'Test AUC', align: 'right', monospace: true, cell: (m) => fixed3(m.metrics.test.auc) },
  { header: 'Created (UTC)', cell: (m) => toMinute(m.createdAt) },
];

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
        <SavedItemsTable
          items={models}
          idOf={(m) => m.modelId}
          nameOf={(m) => m.name}
          titleOf={(m) => `${m.name} (${m.modelId})`}
          currentId={currentId}
          columns={columns}
          label="Saved churn models"
          maxHeight={170}
          verticalSpacing={2}
          highlightCurrent
          actionsJustify="flex-end"
          confirming={confirming}
          onConfirming={setConfirming}
          onOpen={onOpen}
          openDisabledWhenCurrent
          extraActions={(m) => (
            <Button
              size="compact-xs"
              variant="default"
              onClick={() => onMonitor(m.modelId)}
              aria-label={`Monitor ${m.name}`}
            >
              Monitor
            </Button>
          )}
          onDelete={onDelete}
        />
      )}
    </Card>
  );
}
