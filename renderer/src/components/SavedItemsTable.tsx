import { Button, Group, ScrollArea, Table, Text } from '@mantine/core';
import type { ReactNode } from 'react';

/** A column between the name and the row's buttons. */
export interface SavedItemsColumn<T> {
  header: string;
  align?: 'right';
  monospace?: boolean;
  cell: (item: T) => ReactNode;
}

/** An ISO timestamp to the minute, as the saved lists show it ("2026-06-17 09:30"). */
export const toMinute = (iso: string) => iso.replace('T', ' ').slice(0, 16);

/**
 * A workspace's saved items (analyses, models), the current one marked: Open, any extra buttons
 * and Delete, which asks once more (Delete / Keep) in place. `confirming` is the item asked about.
 */
export function SavedItemsTable<T>({
  items,
  idOf,
  nameOf,
  titleOf = nameOf,
  currentId,
  columns,
  label,
  maxHeight,
  striped = false,
  verticalSpacing,
  highlightCurrent = false,
  actionsJustify,
  confirming,
  onConfirming,
  onOpen,
  openDisabledWhenCurrent = false,
  extraActions,
  onDelete,
  confirmLabel,
}: {
  items: T[];
  idOf: (item: T) => string;
  nameOf: (item: T) => string;
  titleOf?: (item: T) => string;
  currentId: string | null;
  columns: SavedItemsColumn<T>[];
  /** The table's accessible name. */
  label: string;
  maxHeight: number;
  striped?: boolean;
  verticalSpacing: number;
  highlightCurrent?: boolean;
  actionsJustify?: 'flex-end';
  confirming: string | null;
  onConfirming: (id: string | null) => void;
  onOpen: (id: string) => void;
  openDisabledWhenCurrent?: boolean;
  extraActions?: (item: T) => ReactNode;
  onDelete: (id: string) => void;
  /** The confirming Delete button's accessible name, when it needs more than "Delete". */
  confirmLabel?: (name: string) => string;
}) {
  return (
    <ScrollArea.Autosize mah={maxHeight} type="auto">
      <Table striped={striped} highlightOnHover verticalSpacing={verticalSpacing} fz="xs" aria-label={label}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            {columns.map((c) => (
              <Table.Th key={c.header} ta={c.align}>
                {c.header}
              </Table.Th>
            ))}
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((item) => {
            const id = idOf(item);
            const name = nameOf(item);
            const current = id === currentId;
            return (
              <Table.Tr
                key={id}
                aria-current={current ? 'true' : undefined}
                bg={highlightCurrent && current ? 'var(--mantine-primary-color-light)' : undefined}
              >
                <Table.Td maw={200}>
                  <Text size="xs" fw={current ? 700 : 400} truncate title={titleOf(item)}>
                    {name}
                  </Text>
                </Table.Td>
                {columns.map((c) => (
                  <Table.Td key={c.header} ta={c.align} ff={c.monospace ? 'monospace' : undefined}>
                    {c.cell(item)}
                  </Table.Td>
                ))}
                <Table.Td>
                  {confirming === id ? (
                    <Group gap={4} wrap="nowrap" justify={actionsJustify}>
                      <Button
                        size="compact-xs"
                        color="red"
                        onClick={() => {
                          onConfirming(null);
                          onDelete(id);
                        }}
                        aria-label={confirmLabel?.(name)}
                      >
                        Delete
                      </Button>
                      <Button size="compact-xs" variant="default" onClick={() => onConfirming(null)}>
                        Keep
                      </Button>
                    </Group>
                  ) : (
                    <Group gap={4} wrap="nowrap" justify={actionsJustify}>
                      <Button
                        size="compact-xs"
                        variant="light"
                        disabled={openDisabledWhenCurrent && current}
                        onClick={() => onOpen(id)}
                        aria-label={`Open ${name}`}
                      >
                        Open
                      </Button>
                      {extraActions?.(item)}
                      <Button
                        size="compact-xs"
                        variant="subtle"
                        color="red"
                        onClick={() => onConfirming(id)}
                        aria-label={`Delete ${name}`}
                      >
                        Delete
                      </Button>
                    </Group>
                  )}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </ScrollArea.Autosize>
  );
}
