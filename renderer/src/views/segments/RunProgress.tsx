import { Button, Card, Group, Progress, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { JobStateWire } from '../../api/EngineClient.ts';
import { inAppWords } from '../../frame/toasts.tsx';
import { duration } from '../../format.ts';

/** The segmentation job in the view: its phrase, a progress bar with the fraction, elapsed time, Cancel. */
export function RunProgress({ job, onCancel }: { job: JobStateWire; onCancel: () => void }) {
  const [now, setNow] = useState(() => Date.now());
  const running = job.status === 'running';
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(timer);
  }, [running]);
  const elapsed = Math.max(
    0,
    ((job.finishedAt ? Date.parse(job.finishedAt) : now) - Date.parse(job.startedAt)) / 1000,
  );

  if (job.status === 'done') return null;
  return (
    <Card
      withBorder
      padding="xs"
      data-testid="segments-job"
      data-status={job.status}
      style={{
        borderLeft: `3px solid var(--mantine-color-${job.status === 'failed' ? 'red' : job.status === 'cancelled' ? 'gray' : 'blue'}-6)`,
      }}
    >
      <Group justify="space-between" wrap="nowrap" gap="sm">
        <Text size="sm" fw={600} truncate>
          {job.status === 'running'
            ? `${job.title}…`
            : job.status === 'failed'
              ? 'The segmentation failed'
              : 'The segmentation was cancelled'}
        </Text>
        {running && (
          <Button
            size="compact-xs"
            color="red"
            variant="light"
            onClick={onCancel}
            aria-label="Cancel the segmentation"
          >
            Cancel
          </Button>
        )}
      </Group>
      {running && (
        <Progress
          mt={6}
          value={(job.fraction ?? 0) * 100}
          animated={job.fraction === null}
          aria-label="Segmentation progress"
        />
      )}
      <Text size="xs" c={job.status === 'failed' ? 'red' : 'dimmed'} mt={4}>
        {job.status === 'failed'
          ? `${inAppWords(job.error?.message ?? job.message)} — change the recipe and run again.`
          : job.status === 'cancelled'
            ? 'Nothing was saved; the results below (if any) are the previous ones.'
            : `${job.message}${job.fraction === null ? '' : ` · ${Math.round(job.fraction * 100)}%`} · ${duration(elapsed)}`}
      </Text>
    </Card>
  );
}
