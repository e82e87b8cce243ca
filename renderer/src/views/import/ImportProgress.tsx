import { Badge, Button, Card, Group, List, Progress, SimpleGrid, Stack, Text } from '@mantine/core';
import type { JobStateWire } from '../../api/EngineClient.ts';
import { inAppWords } from '../../frame/toasts.tsx';
import { count, duration } from '../../format.ts';
import { asSummary } from './importOptions.ts';

const statusColor = { running: 'blue', done: 'teal', failed: 'red', cancelled: 'gray' } as const;

/** The import job: a progress bar with its phrase and Cancel, then the summary of what it did. */
export function ImportProgress({ job, onCancel }: { job: JobStateWire; onCancel: () => void }) {
  const summary = job.status === 'done' ? asSummary(job.result) : null;
  return (
    <Card withBorder padding="sm" aria-label="Import" data-testid="import-job" data-status={job.status}>
      <Group justify="space-between" mb={6} wrap="nowrap">
        <Text size="sm" fw={600} truncate>
          {job.title}
        </Text>
        {job.status === 'running' ? (
          <Button
            size="compact-xs"
            color="red"
            variant="light"
            onClick={onCancel}
            aria-label="Cancel the import"
          >
            Cancel
          </Button>
        ) : (
          <Badge variant="light" color={statusColor[job.status]}>
            {job.status}
          </Badge>
        )}
      </Group>
      {job.status === 'running' && (
        <Progress
          value={(job.fraction ?? 0) * 100}
          animated={job.fraction === null}
          aria-label="Import progress"
          mb={4}
        />
      )}
      {!summary && (
        <Text size="xs" c={job.status === 'failed' ? 'red' : 'dimmed'}>
          {job.status === 'failed'
            ? inAppWords(job.error?.message ?? job.message)
            : job.status === 'cancelled'
              ? 'Cancelled: nothing of this file was imported.'
              : job.message}
        </Text>
      )}
      {summary && (
        <Stack gap="xs" data-testid="import-summary">
          <Text size="sm">
            {summary.rows_imported > 0
              ? `${count(summary.rows_imported)} ${summary.target === 'users' ? 'profiles' : 'events'} imported from ${count(summary.rows_in)} rows in ${duration(summary.seconds)}.`
              : `Nothing new was imported from ${count(summary.rows_in)} rows.`}
          </Text>
          <SimpleGrid cols={{ base: 2, sm: 5 }} spacing="xs">
            <Stat label="Rows read" value={summary.rows_in} />
            <Stat label="Imported" value={summary.rows_imported} color="teal" />
            <Stat
              label="Rejected"
              value={summary.rows_rejected}
              color={summary.rows_rejected > 0 ? 'orange' : undefined}
            />
            <Stat label="Duplicates skipped" value={summary.duplicates_skipped} />
            <Stat label="Profiles updated" value={summary.users_upserted} />
          </SimpleGrid>
          {summary.notes.length > 0 && (
            <List size="xs" spacing={2}>
              {summary.notes.map((n) => (
                <List.Item key={n}>{inAppWords(n)}</List.Item>
              ))}
            </List>
          )}
          <Group gap="xs">
            <Button component="a" href="#audit" variant="light">
              See the audit
            </Button>
            <Button component="a" href="#tables" variant="default">
              See the tables
            </Button>
          </Group>
        </Stack>
      )}
    </Card>
  );
}

function Stat({ label, value, color }: { label: string; value: number; color?: string | undefined }) {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text
        size="lg"
        fw={700}
        c={color}
        data-testid={`import-stat-${label.toLowerCase().replace(/\s+/g, '-')}`}
      >
        {count(value)}
      </Text>
    </Stack>
  );
}
