import {
  ActionIcon,
  Badge,
  Box,
  Card,
  Group,
  List,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Tooltip,
} from '@mantine/core';
import { useState } from 'react';
import { count } from '../../format.ts';
import {
  contrastInWords,
  jaccardReading,
  NOISE,
  percent,
  segmentColor,
  type Labeller,
  type Profile,
  type Segmentation,
} from './segmentFormat.ts';

export interface SegmentCardsProps {
  analysis: Segmentation;
  label: Labeller;
  /** Saves a new name; resolves when the engine has it. */
  onRename: (segment: number, name: string) => Promise<void>;
}

/** One card per segment: its colour and name (click to rename), size and share, what sets it apart. */
export function SegmentCards({ analysis, label, onRename }: SegmentCardsProps) {
  return (
    <SimpleGrid cols={{ base: 2, lg: 3 }} spacing="sm" data-testid="segment-cards">
      {analysis.profiles.map((p) => (
        <SegmentCard key={p.segment} analysis={analysis} profile={p} label={label} onRename={onRename} />
      ))}
    </SimpleGrid>
  );
}

function SegmentCard({
  analysis,
  profile: p,
  label,
  onRename,
}: {
  analysis: Segmentation;
  profile: Profile;
  label: Labeller;
  onRename: SegmentCardsProps['onRename'];
}) {
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(p.name);
  const [saving, setSaving] = useState(false);
  const color = segmentColor(p.segment);
  const jaccard = p.segment === NOISE ? null : (analysis.stability?.perClusterJaccard[p.segment] ?? null);
  const silhouette =
    p.segment === NOISE ? null : (analysis.clustering.silhouettePerCluster?.[p.segment] ?? null);

  const save = () => {
    const name = draft.trim();
    if (!name || name === p.name) {
      setEditing(false);
      setDraft(p.name);
      return;
    }
    setSaving(true);
    onRename(p.segment, name)
      .then(() => setEditing(false))
      .catch(() => setDraft(p.name))
      .finally(() => setSaving(false));
  };

  return (
    <Card
      withBorder
      padding="sm"
      style={{ borderTop: `4px solid ${color}` }}
      data-testid={`segment-card-${p.segment}`}
      aria-label={`Segment ${p.name}`}
      role="article"
    >
      <Stack gap={6}>
        <Group justify="space-between" wrap="nowrap" gap={6}>
          {editing ? (
            <TextInput
              size="xs"
              autoFocus
              value={draft}
              aria-label={`New name for ${p.name}`}
              maxLength={100}
              disabled={saving}
              onChange={(e) => setDraft(e.currentTarget.value)}
              onBlur={save}
              onKeyDown={(e) => {
                if (e.key === 'Enter') save();
                if (e.key === 'Escape') {
                  e.stopPropagation();
                  setDraft(p.name);
                  setEditing(false);
                }
              }}
              style={{ flex: 1 }}
            />
          ) : (
            <Group gap={6} wrap="nowrap" style={{ minWidth: 0 }}>
              <Box w={10} h={10} style={{ background: color, borderRadius: 2, flexShrink: 0 }} aria-hidden />
              <Text fw={600} size="sm" truncate title={p.name} data-testid="segment-name">
                {p.name}
              </Text>
              <Tooltip label="Rename">
                <ActionIcon
                  variant="subtle"
                  size="xs"
                  aria-label={`Rename ${p.name}`}
                  onClick={() => {
                    setDraft(p.name);
                    setEditing(true);
                  }}
                >
                  ✎
                </ActionIcon>
              </Tooltip>
            </Group>
          )}
          <Badge variant="light" color="gray" size="sm" style={{ flexShrink: 0 }}>
            {p.segment === NOISE ? 'noise' : `#${p.segment}`}
          </Badge>
        </Group>
        <Text size="sm">
          <b>{count(p.size)}</b> users · {percent(p.share)}
        </Text>
        <Group gap={4}>
          {silhouette !== null && (
            <Badge
              size="xs"
              variant="outline"
              tt="none"
              color={silhouette > 0.25 ? 'teal' : silhouette > 0 ? 'yellow' : 'red'}
            >
              silhouette {silhouette.toFixed(2)}
            </Badge>
          )}
          {jaccard !== null && (
            <Tooltip
              label={`Bootstrap Jaccard ${jaccard.toFixed(2)}: ${jaccardReading(jaccard)} (Hennig 2007)`}
            >
              <Badge
                size="xs"
                variant="outline"
                tt="none"
                color={jaccard >= 0.75 ? 'teal' : jaccard >= 0.6 ? 'yellow' : 'red'}
              >
                {jaccardReading(jaccard)}
              </Badge>
            </Tooltip>
          )}
        </Group>
        {p.segment === NOISE ? (
          <Text size="xs" c="dimmed">
            Users in no dense region: DBSCAN leaves them unassigned.
          </Text>
        ) : p.top.length === 0 ? (
          <Text size="xs" c="dimmed">
            Close to the average on every feature (no difference of 0.2 sd or more).
          </Text>
        ) : (
          <List size="xs" spacing={2} data-testid="segment-top-features">
            {p.top.slice(0, 4).map((c) => (
              <List.Item key={`${c.feature}:${c.level ?? ''}`}>{contrastInWords(c, label)}</List.Item>
            ))}
          </List>
        )}
      </Stack>
    </Card>
  );
}
