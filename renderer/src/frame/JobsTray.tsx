import { Badge, Button, Group, Popover, Progress, Stack, Text } from '@mantine/core';
import { useJobs } from './jobs.tsx';

const colors = { running: 'blue', done: 'teal', failed: 'red', cancelled: 'gray' } as const;

/** The header's jobs button: a badge with the running count and a list with progress and Cancel. */
export function JobsTray() {
  const { jobs, cancel } = useJobs();
  const running = jobs.filter((j) => j.status === 'running');
  const first = running[0];
  return (
    <Popover width={380} position="bottom-end" shadow="md">
      <Popover.Target>
        <Button variant="subtle" size="compact-sm" aria-label={`Jobs: ${running.length} running`}>
          Jobs
          {running.length > 0 && (
            <Badge ml={6} size="sm" circle>
              {running.length}
            </Badge>
          )}
          {first && first.fraction !== null && (
            <Progress
              ml={8}
              w={80}
              size="sm"
              value={first.fraction * 100}
              aria-label={`${first.title} progress`}
            />
          )}
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
        {jobs.length === 0 ? (
          <Text size="sm" c="dimmed">
            No jobs yet. Imports and long analyses run here, with progress and Cancel.
          </Text>
        ) : (
          <Stack gap="sm" role="list" aria-label="Jobs">
            {jobs.slice(0, 8).map((job) => (
              <Stack key={job.id} gap={4} role="listitem">
                <Group justify="space-between" wrap="nowrap">
                  <Text size="sm" fw={500} truncate>
                    {job.title}
                  </Text>
                  {job.status === 'running' ? (
                    <Button
                      size="compact-xs"
                      variant="light"
                      color="red"
                      onClick={() => cancel(job.id)}
                      aria-label={`Cancel ${job.title}`}
                    >
                      Cancel
                    </Button>
                  ) : (
                    <Badge size="xs" color={colors[job.status]} variant="light">
                      {job.status}
                    </Badge>
                  )}
                </Group>
                {job.status === 'running' && (
                  <Progress
                    size="sm"
                    value={(job.fraction ?? 0) * 100}
                    animated={job.fraction === null}
                    aria-label={`${job.title} progress`}
                  />
                )}
                <Text size="xs" c="dimmed" truncate>
                  {job.status === 'failed' ? (job.error?.message ?? job.message) : job.message}
                </Text>
              </Stack>
            ))}
          </Stack>
        )}
      </Popover.Dropdown>
    </Popover>
  );
}
