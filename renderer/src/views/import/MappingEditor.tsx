import { Group, Select, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { parseSource, sourceText, type Source } from './importOptions.ts';

const fieldHelp: Record<string, string> = {
  user_id: 'the signed-in user',
  anonymous_id: 'a device or cookie id',
  event: 'the event name',
  ts: 'when it happened',
  event_id: 'unique per event (dedupe key)',
  revenue: 'money, a number',
  session_id: 'the session',
  age: 'years',
  signup_at: 'sign-up time',
};

/**
 * One row per canonical field: read it from a column, a constant, or a SQL expression over the
 * columns, or leave it unmapped. Shows the engine's suggestion until the analyst changes it.
 */
export function MappingEditor({
  fields,
  columns,
  suggested,
  map,
  onChange,
}: {
  fields: readonly string[];
  columns: readonly string[];
  /** The mapping the engine would use now (its suggestion merged with the analyst's choices). */
  suggested: Record<string, string>;
  map: Record<string, string>;
  onChange: (map: Record<string, string>) => void;
}) {
  // An expression being written may be empty for a moment: remember that the field is in that mode.
  const [writing, setWriting] = useState<Record<string, boolean>>({});
  const set = (field: string, source: Source) => {
    setWriting((w) => ({ ...w, [field]: source.kind === 'expression' }));
    onChange({ ...map, [field]: source.kind === 'expression' ? source.sql : sourceText(source) });
  };
  const data = [
    { value: 'none', label: '(not mapped)' },
    ...columns.map((c) => ({ value: `column:${c}`, label: c })),
    { value: 'constant', label: 'Constant…' },
    { value: 'expression', label: 'SQL expression…' },
  ];
  return (
    <Stack gap={6} role="group" aria-label="Column mapping">
      {fields.map((field) => {
        const text = map[field] ?? suggested[field];
        const source: Source =
          writing[field] && !text?.trim() ? { kind: 'expression', sql: '' } : parseSource(text, columns);
        const value = source.kind === 'column' ? `column:${source.column}` : source.kind;
        return (
          <Stack key={field} gap={2}>
            <Group gap="xs" wrap="nowrap" align="center">
              <Stack gap={0} w={110} style={{ flexShrink: 0 }}>
                <Text size="xs" fw={600} ff="monospace">
                  {field}
                </Text>
                <Text size="10px" c="dimmed" lh={1.2}>
                  {fieldHelp[field] ?? ''}
                </Text>
              </Stack>
              <Select
                size="xs"
                aria-label={`Source of ${field}`}
                data={data}
                value={value}
                allowDeselect={false}
                searchable
                style={{ flex: 1, minWidth: 0 }}
                onChange={(v) => {
                  if (!v) return;
                  if (v.startsWith('column:')) set(field, { kind: 'column', column: v.slice(7) });
                  else if (v === 'constant') set(field, { kind: 'constant', value: '' });
                  else if (v === 'expression')
                    set(field, {
                      kind: 'expression',
                      sql: source.kind === 'column' ? `"${source.column}"` : '',
                    });
                  else set(field, { kind: 'none' });
                }}
              />
            </Group>
            {source.kind === 'constant' && (
              <TextInput
                size="xs"
                ml={118}
                aria-label={`Constant value of ${field}`}
                placeholder="the same value for every row"
                value={source.value}
                onChange={(e) => set(field, { kind: 'constant', value: e.currentTarget.value })}
              />
            )}
            {source.kind === 'expression' && (
              <TextInput
                size="xs"
                ml={118}
                aria-label={`SQL expression of ${field}`}
                placeholder={'e.g. "Quantity" * "UnitPrice"'}
                value={source.sql}
                styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
                onChange={(e) => set(field, { kind: 'expression', sql: e.currentTarget.value })}
              />
            )}
          </Stack>
        );
      })}
    </Stack>
  );
}
