import { Anchor, Badge, Checkbox, Group, Stack, Text, Tooltip } from '@mantine/core';
import type { Catalog } from './segmentFormat.ts';

type Group = Catalog['features'][number]['group'];

const groups: { group: Group; label: string }[] = [
  { group: 'behaviour', label: 'Behaviour' },
  { group: 'purchase', label: 'Purchases' },
  { group: 'content', label: 'Content' },
  { group: 'demographic', label: 'Demographics' },
];

export interface FeaturePickerProps {
  catalog: Catalog;
  selected: string[];
  onChange: (features: string[]) => void;
  error?: string | undefined;
}

/**
 * The features to cluster on, grouped as the catalog groups them, each with its description as a
 * tooltip; per group "all" / "none", and a reset to the catalog's defaults.
 */
export function FeaturePicker({ catalog, selected, onChange, error }: FeaturePickerProps) {
  const chosen = new Set(selected);
  const offered = new Set(catalog.features.map((f) => f.name));
  // A reopened recipe may name features this window does not offer: they stay listed (and can be cleared).
  const unknown = selected.filter((n) => !offered.has(n));
  // Keep the catalog's order whatever the order of clicks.
  const set = (names: Set<string>) =>
    onChange([
      ...catalog.features.filter((f) => names.has(f.name)).map((f) => f.name),
      ...unknown.filter((n) => names.has(n)),
    ]);
  const toggle = (name: string, on: boolean) => {
    const next = new Set(chosen);
    if (on) next.add(name);
    else next.delete(name);
    set(next);
  };
  const defaults = catalog.features.filter((f) => f.byDefault).map((f) => f.name);

  return (
    <Stack gap={6} role="group" aria-label="Features">
      <Group justify="space-between">
        <Text size="xs" c={error ? 'red' : 'dimmed'}>
          {error ?? `${selected.length} of ${catalog.features.length} chosen`}
        </Text>
        <Anchor component="button" type="button" size="xs" onClick={() => onChange(defaults)}>
          Defaults
        </Anchor>
      </Group>
      {groups.map(({ group, label }) => {
        const features = catalog.features.filter((f) => f.group === group);
        if (features.length === 0) return null;
        const on = features.filter((f) => chosen.has(f.name)).length;
        return (
          <Stack key={group} gap={4} role="group" aria-label={`${label} features`}>
            <Group justify="space-between" gap={4} mt={4}>
              <Group gap={6}>
                <Text size="xs" fw={700} tt="uppercase" c="dimmed">
                  {label}
                </Text>
                <Badge size="xs" variant="light" color={on > 0 ? 'blue' : 'gray'}>
                  {on}/{features.length}
                </Badge>
              </Group>
              <Group gap={8}>
                <Anchor
                  component="button"
                  type="button"
                  size="xs"
                  aria-label={`Choose every ${label.toLowerCase()} feature`}
                  onClick={() => set(new Set([...chosen, ...features.map((f) => f.name)]))}
                >
                  all
                </Anchor>
                <Anchor
                  component="button"
                  type="button"
                  size="xs"
                  aria-label={`Clear the ${label.toLowerCase()} features`}
                  onClick={() => set(new Set([...chosen].filter((n) => !features.some((f) => f.name === n))))}
                >
                  none
                </Anchor>
              </Group>
            </Group>
            {features.map((f) => (
              <Tooltip
                key={f.name}
                label={`${f.description}${f.kind === 'categorical' ? '' : f.heavyTailed ? ' · heavy-tailed: log1p under “auto”' : ''}`}
                position="right"
                multiline
                w={260}
                openDelay={300}
                withinPortal
              >
                <Checkbox
                  size="xs"
                  label={f.label}
                  checked={chosen.has(f.name)}
                  onChange={(e) => toggle(f.name, e.currentTarget.checked)}
                  styles={{ label: { cursor: 'pointer' } }}
                />
              </Tooltip>
            ))}
          </Stack>
        );
      })}
      {unknown.length > 0 && (
        <Stack gap={4} role="group" aria-label="Features not offered in this window">
          <Text size="xs" fw={700} tt="uppercase" c="orange" mt={4}>
            Not in this window
          </Text>
          {unknown.map((name) => (
            <Checkbox
              key={name}
              size="xs"
              label={name}
              checked
              onChange={() => toggle(name, false)}
              color="orange"
            />
          ))}
          <Text size="xs" c="dimmed">
            The saved recipe uses these, but the data in this window has none: clear them or widen the window.
          </Text>
        </Stack>
      )}
    </Stack>
  );
}
