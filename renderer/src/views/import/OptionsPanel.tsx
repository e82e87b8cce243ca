import { Checkbox, NumberInput, Select, Stack, Switch, TextInput } from '@mantine/core';
import type { WizardOptions } from './importOptions.ts';

const formats = [
  { value: 'auto', label: 'Detect' },
  { value: 'csv', label: 'CSV' },
  { value: 'tsv', label: 'TSV' },
  { value: 'json', label: 'JSON' },
  { value: 'ndjson', label: 'NDJSON' },
  { value: 'parquet', label: 'Parquet' },
];
const shapes = [
  { value: 'auto', label: 'Detect' },
  { value: 'segment', label: 'Segment' },
  { value: 'mixpanel', label: 'Mixpanel' },
  { value: 'amplitude', label: 'Amplitude' },
  { value: 'posthog', label: 'PostHog' },
  { value: 'ga4', label: 'GA4 (BigQuery)' },
  { value: 'generic', label: 'Generic table (map the columns)' },
];

/** Format, shape, header, the users-table switch and the rejects allowance. */
export function OptionsPanel({
  options,
  onChange,
}: {
  options: WizardOptions;
  onChange: (change: Partial<WizardOptions>) => void;
}) {
  return (
    <Stack gap="xs">
      <Select
        label="Format"
        size="xs"
        data={formats}
        value={options.format}
        allowDeselect={false}
        onChange={(v) => v && onChange({ format: v as WizardOptions['format'] })}
      />
      <Switch
        label="This is a users / profile table"
        size="xs"
        checked={options.users}
        onChange={(e) => onChange({ users: e.currentTarget.checked, map: {} })}
      />
      {!options.users && (
        <Select
          label="Shape"
          size="xs"
          data={shapes}
          value={options.shape}
          allowDeselect={false}
          onChange={(v) => v && onChange({ shape: v as WizardOptions['shape'], map: {} })}
        />
      )}
      <Checkbox
        label="First row holds the column names"
        size="xs"
        checked={options.header}
        onChange={(e) => onChange({ header: e.currentTarget.checked, map: {} })}
      />
      {!options.header && (
        <TextInput
          label="Column names"
          description="Comma-separated, in file order (empty: column0, column1, …)"
          size="xs"
          placeholder="user_id, event, ts"
          value={options.columns}
          onChange={(e) => onChange({ columns: e.currentTarget.value, map: {} })}
        />
      )}
      <NumberInput
        label="Max rejects"
        description="Bad rows allowed; they are listed after the import. More fails it."
        size="xs"
        min={0}
        thousandSeparator=","
        value={options.maxRejects}
        onChange={(v) => onChange({ maxRejects: typeof v === 'number' && v >= 0 ? Math.floor(v) : 0 })}
      />
    </Stack>
  );
}
