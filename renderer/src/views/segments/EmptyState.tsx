import { Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { modKey, useShell } from '../../frame/shell.tsx';

/** No events yet: what this view will do, and the way to the next step. */
export function EmptyState() {
  const { setSwitcherOpen } = useShell();
  return (
    <Stack gap="sm" p="md" maw={640} data-testid="segments-empty">
      <Title order={3}>Segments</Title>
      <Card withBorder padding="md">
        <Stack gap="xs">
          <Text fw={600}>No events to segment yet</Text>
          <Text size="sm" c="dimmed">
            This view groups your users by how they behave — sessions, activity, purchases, discounts, what
            they look at, and their profile — and names each group (“Frequent buyers”, “Discount seekers”). It
            needs events in the workspace, and a users table for demographics if you have one.
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
