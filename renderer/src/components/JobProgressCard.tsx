import { Button, Card, Group, Progress, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { JobStateWire } from '../api/EngineClient.ts';
import { inAppWords } from '../frame/toasts.tsx';
import { duration } from '../format.ts';

/** What a view's job card says: its titles when it stopped, the Cancel and progress labels, the advice. */
export interface JobProgressWords {
  failedTitle: string;
  cancelledTitle: string;
  cancelLabel: string;
  progressLabel: string;
  /** After the error's own words when the job failed, e.g. "change the recipe and run again." */
  failedAdvice: string;
  cancelledNote: string;
}

/**
 * A job inline in its view: its phrase, a progress bar with the fraction, the elapsed time and
 * Cancel; a failure says what to change. Nothing once the job is done.
 */
export function JobProgressCard({
  job,
  onCancel,
  words,
  testId,
  messageTestId,
}: {
  job: JobStateWire;
  onCancel: () => void;
  words: JobProgressWords;
  testId: string;
  messageTestId?: string;
}) {
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
      data-testid={testId}
      data-status={job.status}
      style={{ borderLeft: `3px solid var(--mantine-color-${color}-6)` }}
    >
      <Group justify="space-between" wrap="nowrap" gap="sm">
        <Text size="sm" fw={600} truncate>
          {running ? `${job.title}…` : job.status === 'failed' ? words.failedTitle : words.cancelledTitle}
        </Text>
        {running && (
          <Button
            size="compact-xs"
            color="red"
            variant="light"
            onClick={onCancel}
            aria-label={words.cancelLabel}
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
          aria-label={words.progressLabel}
        />
      )}
      <Text size="xs" c={job.status === 'failed' ? 'red' : 'dimmed'} mt={4} data-testid={messageTestId}>
        {job.status === 'failed'
          ? `${inAppWords(job.error?.message ?? job.message)} — ${words.failedAdvice}`
          : job.status === 'cancelled'
            ? words.cancelledNote
            : `${job.message}${job.fraction === null ? '' : ` · ${Math.round(job.fraction * 100)}%`} · ${duration(elapsed)}`}
      </Text>
    </Card>
  );
}
