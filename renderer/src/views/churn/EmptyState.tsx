import { Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { modKey, useShell } from '../../frame/shell.tsx';

/** No events yet: what the Churn view does, and the way to the next step. */
export function EmptyState() {
  const { setSwitcherOpen } = useShell();
  return (
    <Stack gap="sm" p="md" maw={640} data-testid="churn-empty">
      <Title order={3}>Churn</Title>
      <Card withBorder padding="md">
        <Stack gap="xs">
          <Text fw={600}>No events to learn churn from yet</Text>
          <Text size="sm" c="dimmed">
            This view predicts which users are about to stop using the product. It labels users at a cutoff
            date (churned = no activity in the following days), learns from what they did before it, tells you
            honestly how good the prediction is, shows what drives it, and exports the users most at risk. It
            needs a few weeks of events in the workspace, and a users table for demographics if you have one.
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
