import { Badge, Card, Group, Text, Title } from '@mantine/core';
import type { ViewInfo } from './views.ts';

/** The card a not-yet-built view shows: what it will do. */
export function PlannedView({ view }: { view: ViewInfo }) {
  return (
    <Card withBorder maw={560} padding="lg">
      <Group justify="space-between" mb="xs">
        <Title order={3}>{view.label}</Title>
        <Badge variant="light" color="gray">
          Coming soon
        </Badge>
      </Group>
      <Text size="sm">{view.about}</Text>
      <Text size="sm" c="dimmed" mt="sm">
        Meanwhile, import events under Data and explore them with the SQL explorer.
      </Text>
    </Card>
  );
}
