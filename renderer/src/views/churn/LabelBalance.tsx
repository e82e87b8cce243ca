import { Alert, Badge, Box, Button, Collapse, Group, Loader, Progress, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { palette } from '../../charts/Plot.tsx';
import { count } from '../../format.ts';
import { pct, type Labels } from './churnFormat.ts';

/**
 * The label balance at the cutoff(s): churned vs stayed as a bar and in words, the users left out
 * because they were already inactive, and the features the model will see. Stays visible, dimmed,
 * while new labels are computed.
 */
export function LabelBalance({
  labels,
  loading,
  error,
  excludeInactiveDays,
  cutoffCount,
}: {
  labels: Labels | null;
  loading: boolean;
  error: string | null;
  excludeInactiveDays: number;
  cutoffCount: number;
}) {
  const [showFeatures, setShowFeatures] = useState(false);
  if (error)
    return (
      <Alert color="red" title="No labels at this cutoff" p="xs" data-testid="churn-labels-error">
        <Text size="xs">{error}</Text>
      </Alert>
    );
  if (!labels)
    return (
      <Group gap="xs">
        <Loader size="xs" />
        <Text size="xs" c="dimmed">
          Labelling users at the cutoff…
        </Text>
      </Group>
    );
  const stayed = labels.rows - labels.churned;
  return (
    <Box
      className={loading ? 'engage-dimmed' : undefined}
      aria-busy={loading}
      data-testid="churn-balance"
      data-rows={labels.rows}
    >
      <Group justify="space-between" mb={4}>
        <Text size="xs" fw={600}>
          Label balance
        </Text>
        {loading && <Loader size={12} aria-label="Updating the labels" />}
      </Group>
      <Progress.Root size={16} aria-label="Churned vs stayed">
        <Progress.Section value={labels.rate * 100} color={palette[5]}>
          <Progress.Label>{pct(labels.rate, 0)}</Progress.Label>
        </Progress.Section>
        <Progress.Section value={(1 - labels.rate) * 100} color={palette[0]}>
          <Progress.Label>{pct(1 - labels.rate, 0)}</Progress.Label>
        </Progress.Section>
      </Progress.Root>
      <Text size="xs" mt={4} data-testid="churn-balance-text">
        {count(labels.rows)} {cutoffCount > 1 ? `user-cutoffs (${cutoffCount} cutoffs)` : 'users'} labelled:{' '}
        <b style={{ color: palette[5] }}>{count(labels.churned)} churned</b> ({pct(labels.rate)}),{' '}
        <b style={{ color: palette[0] }}>{count(stayed)} stayed</b>.
      </Text>
      <Text size="xs" c="dimmed">
        {count(labels.excludedInactive)} excluded: already inactive for more than {excludeInactiveDays} days
        at the cutoff. Data: {labels.firstDay} – {labels.lastDay}.
      </Text>
      <Stack gap={4} mt={6}>
        <Button
          variant="subtle"
          size="compact-xs"
          onClick={() => setShowFeatures((s) => !s)}
          aria-expanded={showFeatures}
          style={{ alignSelf: 'flex-start' }}
        >
          {showFeatures ? '▾' : '▸'} Features ({labels.features.length})
        </Button>
        <Collapse expanded={showFeatures}>
          <Group gap={4} data-testid="churn-features">
            {labels.features.map((f) => (
              <Badge key={f} size="xs" variant="light" color="gray" tt="none">
                {f}
              </Badge>
            ))}
          </Group>
          <Text size="xs" c="dimmed" mt={4}>
            Computed per user from events strictly before the cutoff; text columns become one-hot features.
          </Text>
        </Collapse>
      </Stack>
    </Box>
  );
}
