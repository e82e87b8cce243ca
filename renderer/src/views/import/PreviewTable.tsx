import { Badge, Group, ScrollArea, Table, Text } from '@mantine/core';
import type { Output } from '../../api/EngineClient.ts';
import { cell } from '../../format.ts';

const shapeNames: Record<string, string> = {
  segment: 'Segment export',
  mixpanel: 'Mixpanel export',
  amplitude: 'Amplitude export',
  posthog: 'PostHog export',
  ga4: 'GA4 BigQuery export',
  generic: 'generic table',
  users: 'users / profile table',
};

/** What the engine detected (format, compression, encoding, shape) and the first rows as it reads them. */
export function PreviewTable({ preview }: { preview: Output<'import.preview'> }) {
  return (
    <>
      <Group gap="xs" mb="xs" data-testid="import-detected">
        <Text size="xs" c="dimmed">
          Read as
        </Text>
        <Badge variant="light">{preview.format}</Badge>
        {preview.compression !== 'none' && <Badge variant="light">{preview.compression}</Badge>}
        <Badge variant="light" color="gray">
          {preview.encoding}
        </Badge>
        <Badge variant="light" color="teal">
          {shapeNames[preview.shape] ?? preview.shape}
        </Badge>
        <Text size="xs" c="dimmed">
          {preview.columns.length} columns · first {preview.rows.length} rows
        </Text>
      </Group>
      <ScrollArea type="auto" offsetScrollbars>
        <Table
          fz="xs"
          striped
          withTableBorder
          withColumnBorders
          verticalSpacing={3}
          aria-label="Preview of the first rows"
        >
          <Table.Thead>
            <Table.Tr>
              {preview.columns.map((c) => (
                <Table.Th key={c.name} style={{ whiteSpace: 'nowrap' }}>
                  {c.name}{' '}
                  <Text span size="10px" c="dimmed" fw={400}>
                    {c.type.toLowerCase()}
                  </Text>
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {preview.rows.map((r, i) => (
              <Table.Tr key={i}>
                {preview.columns.map((c) => (
                  <Table.Td
                    key={c.name}
                    ff="monospace"
                    style={{
                      whiteSpace: 'nowrap',
                      maxWidth: 280,
                      overflow: 'hidden',
                      textOverflow: 'ellipsis',
                    }}
                    title={cell(r[c.name])}
                  >
                    {cell(r[c.name])}
                  </Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollArea>
    </>
  );
}
