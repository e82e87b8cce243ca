import { Checkbox, Stack, Text } from '@mantine/core';

/**
 * A titled group of checkboxes choosing some of `items` (in the order they were ticked); with `max`, the unticked
 * ones are disabled once that many are chosen. `error` shows under the list.
 */
export function CheckList({
  name,
  title,
  items,
  selected,
  onChange,
  max,
  error,
}: {
  /** The group's accessible name. */
  name: string;
  title: string;
  items: readonly { value: string; label: string }[];
  selected: readonly string[];
  onChange: (selected: string[]) => void;
  max?: number;
  error?: string | undefined;
}) {
  return (
    <Stack gap={4} role="group" aria-label={name}>
      <Text size="xs" fw={500}>
        {title}
      </Text>
      {items.map(({ value, label }) => {
        const on = selected.includes(value);
        return (
          <Checkbox
            key={value}
            size="xs"
            label={label}
            checked={on}
            disabled={!on && max !== undefined && selected.length >= max}
            onChange={(e) =>
              onChange(e.currentTarget.checked ? [...selected, value] : selected.filter((v) => v !== value))
            }
          />
        );
      })}
      {error && (
        <Text size="xs" c="red">
          {error}
        </Text>
      )}
    </Stack>
  );
}
