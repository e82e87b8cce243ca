import { Button, Card, Group, ScrollArea, Table, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { Output } from '../../api/EngineClient.ts';
import { useEngine } from '../../api/EngineContext.tsx';
import { useToasts } from '../../frame/toasts.tsx';
import { count } from '../../format.ts';

const PAGE = 50;

/** The rows an import rejected: line in the file, column, why, and the row's text; paged. */
export function RejectsTable({ importId }: { importId: number }) {
  const engine = useEngine();
  const toasts = useToasts();
  const [offset, setOffset] = useState(0);
  const [page, setPage] = useState<Output<'import.rejects'> | null>(null);

  useEffect(() => {
    engine
      .call('import.rejects', { importId, offset, limit: PAGE })
      .then(setPage, (e: unknown) => toasts.error(e, 'Could not read the rejected rows'));
  }, [engine, toasts, importId, offset]);

  if (!page) return null;
  return (
    <Card withBorder padding="sm">
      <Group justify="space-between" mb="xs">
        <Text size="sm" fw={600}>
          Rejected rows
        </Text>
        <Group gap="xs">
          <Text size="xs" c="dimmed">
            {page.total === 0
              ? 'none'
              : `${count(offset + 1)}–${count(offset + page.rows.length)} of ${count(page.total)}`}
          </Text>
          <Button
            size="compact-xs"
            variant="default"
            disabled={offset === 0}
            onClick={() => setOffset(Math.max(0, offset - PAGE))}
          >
            Previous
          </Button>
          <Button
            size="compact-xs"
            variant="default"
            disabled={offset + PAGE >= page.total}
            onClick={() => setOffset(offset + PAGE)}
          >
            Next
          </Button>
        </Group>
      </Group>
      <ScrollArea type="auto" offsetScrollbars>
        <Table
          fz="xs"
          striped
          withTableBorder
          verticalSpacing={3}
          aria-label="Rejected rows"
          style={{ tableLayout: 'fixed' }}
        >
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={60} ta="right">
                Line
              </Table.Th>
              <Table.Th w={110}>Column</Table.Th>
              <Table.Th w={260}>Reason</Table.Th>
              <Table.Th>Row as read</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {page.rows.map((r, i) => (
              <Table.Tr key={`${r.line}-${i}`}>
                <Table.Td ta="right" ff="monospace">
                  {r.line ?? '—'}
                </Table.Td>
                <Table.Td ff="monospace">{r.column ?? '—'}</Table.Td>
                <Table.Td>{r.reason}</Table.Td>
                <Table.Td
                  ff="monospace"
                  c="dimmed"
                  title={r.raw ?? ''}
                  style={{ whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' }}
                >
                  {r.raw ?? ''}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollArea>
    </Card>
  );
}
