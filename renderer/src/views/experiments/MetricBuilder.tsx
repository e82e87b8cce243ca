import { ActionIcon, Autocomplete, Button, Group, NativeSelect, Stack, Text, Tooltip } from '@mantine/core';
import { useState } from 'react';
import { Num } from '../../components/fields.tsx';
import { describeSpec, draftError, eventNeed, metricKinds, toSpec, type MetricDraft } from './metricSpec.ts';

/**
 * The metrics of a workspace experiment: the chosen specs (each in words, removable) and a small
 * builder — kind, event (from the workspace's event names, or typed), days — that adds one.
 */
export function MetricBuilder({
  metrics,
  onChange,
  events,
  error,
}: {
  metrics: string[];
  onChange: (metrics: string[]) => void;
  /** The workspace's event names, most frequent first. */
  events: string[];
  error?: string | undefined;
}) {
  const [draft, setDraft] = useState<MetricDraft>({
    kind: 'conversion',
    event: '',
    denominator: '',
    days: 7,
  });
  const set = (patch: Partial<MetricDraft>) => setDraft((d) => ({ ...d, ...patch }));
  const problem = draftError(draft);
  const spec = problem ? null : toSpec(draft);
  const need = eventNeed[draft.kind];
  // A ratio's sides may also be revenue, sessions or every event.
  const sides = ['revenue', 'sessions', 'events', ...events];
  const add = () => {
    if (spec && !metrics.includes(spec)) onChange([...metrics, spec]);
  };
  return (
    <Stack gap={6} role="group" aria-label="Metrics">
      {metrics.length === 0 ? (
        <Text size="xs" c={error ? 'red' : 'dimmed'}>
          {error ? `${error}:` : 'No metric yet:'} build one below and add it.
        </Text>
      ) : (
        <Stack gap={2} data-testid="experiment-metrics">
          {metrics.map((m) => (
            <Group key={m} gap={4} wrap="nowrap" justify="space-between">
              <Stack gap={0} style={{ minWidth: 0 }}>
                <Text size="xs" ff="monospace" truncate>
                  {m}
                </Text>
                <Text size="xs" c="dimmed" truncate>
                  {describeSpec(m)}
                </Text>
              </Stack>
              <Tooltip label="Remove">
                <ActionIcon
                  size="sm"
                  variant="subtle"
                  color="gray"
                  aria-label={`Remove metric ${m}`}
                  onClick={() => onChange(metrics.filter((x) => x !== m))}
                >
                  ×
                </ActionIcon>
              </Tooltip>
            </Group>
          ))}
        </Stack>
      )}
      <Group gap={6} align="flex-end" wrap="nowrap">
        <NativeSelect
          size="xs"
          label="Metric kind"
          data={metricKinds}
          value={draft.kind}
          onChange={(e) => set({ kind: e.currentTarget.value as MetricDraft['kind'] })}
          style={{ flex: 1 }}
        />
        <Num
          label={draft.kind === 'retention' ? 'Day' : 'Days'}
          value={draft.days}
          onChange={(days) => set({ days })}
          min={1}
          max={365}
          w={70}
        />
      </Group>
      {need !== 'none' && (
        <Autocomplete
          size="xs"
          label={
            draft.kind === 'ratio' ? 'Numerator event' : need === 'optional' ? 'Event (optional)' : 'Event'
          }
          placeholder={need === 'optional' ? 'every event' : 'e.g. Order Completed'}
          data={draft.kind === 'ratio' ? sides : events}
          value={draft.event}
          onChange={(event) => set({ event })}
          limit={30}
        />
      )}
      {draft.kind === 'ratio' && (
        <Autocomplete
          size="xs"
          label="Denominator"
          data={sides}
          value={draft.denominator}
          onChange={(denominator) => set({ denominator })}
          limit={30}
        />
      )}
      <Group gap={6} justify="space-between" wrap="nowrap">
        <Text size="xs" c={problem ? 'dimmed' : undefined} ff={spec ? 'monospace' : undefined} truncate>
          {spec ?? problem}
        </Text>
        <Button size="compact-xs" variant="light" disabled={!spec || metrics.includes(spec)} onClick={add}>
          Add metric
        </Button>
      </Group>
    </Stack>
  );
}
