import { Button, Card, Group, Progress, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { JobStateWire } from '../../api/EngineClient.ts';
import { inAppWords } from '../../frame/toasts.tsx';
import { duration } from '../../format.ts';

/**
 * The training job inline: its phrase (the fold, tree or epoch it is on), a progress bar with the
 * fraction, the elapsed time and Cancel. A failure says what to change.
 */
export function TrainProgress({ job, onCancel }: { job: JobStateWire; onCancel: () => void }) {
  const [now, setNow] = useState(() => Date.now());
  const running = job.status === 'running';
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(timer);
  }, [running]);
  if (job.status === 'done') return null;
  const elapsed = Math.max(
    0,
    ((job.finishedAt ? Date.parse(job.finishedAt) : now) - Date.parse(job.startedAt)) / 1000,
  );
  const color = job.status === 'failed' ? 'red' : job.status === 'cancelled' ? 'gray' : 'blue';
  return (
    <Card
      withBorder
      padding="xs"
      data-testid="churn-job"
      data-status={job.status}
      style={{ borderLeft: `3px solid var(--mantine-color-${color}-6)` }}
    >
      <Group justify="space-between" wrap="nowrap" gap="sm">
        <Text size="sm" fw={600} truncate>
          {running ? `${job.title}…` : job.status === 'failed' ? 'Training failed' : 'Training was cancelled'}
        </Text>
        {running && (
          <Button
            size="compact-xs"
            color="red"
            variant="light"
            onClick={onCancel}
            aria-label="Cancel training"
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
          aria-label="Training progress"
        />
      )}
      <Text size="xs" c={job.status === 'failed' ? 'red' : 'dimmed'} mt={4} data-testid="churn-job-message">
        {job.status === 'failed'
          ? `${inAppWords(job.error?.message ?? job.message)} — change the setup on the left and train again.`
          : job.status === 'cancelled'
            ? 'Nothing was saved; the results below (if any) are the previous model’s.'
            : `${job.message}${job.fraction === null ? '' : ` · ${Math.round(job.fraction * 100)}%`} · ${duration(elapsed)}`}
      </Text>
    </Card>
  );
}
