import { Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { modKey, useShell } from '../frame/shell.tsx';

/** An analysis view with no events to work on: what it does, and the way to the next step. */
export function NoEventsState({
  title,
  headline,
  testId,
  children,
}: {
  title: string;
  headline: string;
  testId: string;
  /** What the view does, in a few sentences. */
  children: ReactNode;
}) {
  const { setSwitcherOpen } = useShell();
  return (
    <Stack gap="sm" p="md" maw={640} data-testid={testId}>
      <Title order={3}>{title}</Title>
      <Card withBorder padding="md">
        <Stack gap="xs">
          <Text fw={600}>{headline}</Text>
          <Text size="sm" c="dimmed">
            {children}
          </Text>
          <Group gap="xs">
            <Button component="a" href="#import">
              Import events
            </Button>
            <Button variant="default" onClick={() => setSwitcherOpen(true)}>
              Open another workspace ({modKey}+O)
            </Button>
          </Group>
        </Stack>
      </Card>
    </Stack>
  );
}
