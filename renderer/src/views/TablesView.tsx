import { Badge, Box, Card, Group, Loader, SimpleGrid, Table, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { Output } from '../api/EngineClient.ts';
import { useEngine } from '../api/EngineContext.tsx';
import { useJobs } from '../frame/jobs.tsx';
import { useToasts } from '../frame/toasts.tsx';
import { count } from '../format.ts';

/** The workspace's tables: row counts and schemas. */
export function TablesView() {
  const engine = useEngine();
  const toasts = useToasts();
  const { dataVersion } = useJobs();
  const [tables, setTables] = useState<Output<'workspace.tables'> | null>(null);

  useEffect(() => {
    engine
      .call('workspace.tables', {})
      .then(setTables, (error: unknown) => toasts.error(error, 'Could not list the tables'));
  }, [engine, toasts, dataVersion]);

  return (
    <Box style={{ flex: 1, minHeight: 0, overflow: 'auto' }}>
      <Group justify="space-between" mb="sm">
        <Title order={3}>Tables</Title>
        {tables && (
          <Text size="sm" c="dimmed">
            {tables.length} tables
          </Text>
        )}
      </Group>
      {!tables ? (
        <Loader size="sm" aria-label="Loading tables" />
      ) : (
        <SimpleGrid cols={{ base: 1, md: 2, xl: 3 }} spacing="sm">
          {tables.map((t) => (
            <Card
              key={t.name}
              withBorder
              padding="sm"
              data-testid={`table-${t.name}`}
              aria-label={`Table ${t.name}`}
            >
              <Group justify="space-between" mb={6}>
                <Text fw={600} ff="monospace" size="sm">
                  {t.name}
                </Text>
                <Badge
                  variant="light"
                  tt="none"
                  color={t.rows > 0 ? 'blue' : 'gray'}
                  data-testid={`rows-${t.name}`}
                >
                  {count(t.rows)} {t.rows === 1 ? 'row' : 'rows'}
                </Badge>
              </Group>
              <Table withRowBorders={false} verticalSpacing={1} fz="xs">
                <Table.Tbody>
                  {t.columns.map((c) => (
                    <Table.Tr key={c.name}>
                      <Table.Td ff="monospace">{c.name}</Table.Td>
                      <Table.Td c="dimmed" ff="monospace" ta="right">
                        {c.type}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Card>
          ))}
        </SimpleGrid>
      )}
    </Box>
  );
}
