import {
  Badge,
  Button,
  Checkbox,
  Group,
  Loader,
  Modal,
  NativeSelect,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useState } from 'react';
import { CheckList } from '../../components/CheckList.tsx';
import { FileBrowser } from '../../files/FileBrowser.tsx';
import { baseName, count } from '../../format.ts';
import type { ExperimentForm, FormErrors } from './experimentForm.ts';
import { groupingColumns, metricColumns, proposeControl } from './experimentForm.ts';
import type { Inspection } from './experimentsApi.ts';
import { MetricBuilder } from './MetricBuilder.tsx';

/**
 * An assignments file (one row per unit): chosen with the in-app file browser and inspected; then
 * the unit, variant and control, the metric columns (yes/no columns marked), up to two factors and
 * an optional CUPED covariate column.
 */
export function FileSource({
  inspection,
  inspecting,
  onPick,
  form,
  errors,
  onChange,
  events,
}: {
  inspection: Inspection | null;
  inspecting: boolean;
  onPick: (path: string) => void;
  form: ExperimentForm;
  errors: FormErrors;
  onChange: (patch: Partial<ExperimentForm>) => void;
  /** The open workspace's event names: metrics from events join the file's units by user id. */
  events: string[];
}) {
  const [browsing, setBrowsing] = useState(false);
  const cols = inspection?.columns ?? [];
  const groups = groupingColumns(cols).filter((c) => c.name !== form.unit);
  const variantCol = cols.find((c) => c.name === form.variant);
  const metricCols = metricColumns(cols, form);
  const factorCols = groups.filter((c) => c.name !== form.variant && !form.metrics.includes(c.name));
  const covariateCols = cols.filter(
    (c) =>
      c.numeric && ![form.unit, form.variant, form.cuped, ...form.metrics, ...form.factors].includes(c.name),
  );
  const isColumn = (name: string) => cols.some((c) => c.name === name);
  const eventMetrics = form.metrics.filter((m) => !isColumn(m));
  const toggle = (list: string[], name: string, on: boolean) =>
    on ? [...list, name] : list.filter((n) => n !== name);
  return (
    <Stack gap={6}>
      <Group gap={6} wrap="nowrap" justify="space-between">
        <Text size="xs" truncate title={form.path} c={form.path ? undefined : errors.path ? 'red' : 'dimmed'}>
          {form.path ? baseName(form.path) : 'No file chosen: one row per unit.'}
        </Text>
        <Button size="compact-xs" variant="default" onClick={() => setBrowsing(true)}>
          Choose file…
        </Button>
      </Group>
      {inspecting && (
        <Group gap="xs">
          <Loader size="xs" />
          <Text size="xs" c="dimmed">
            Reading the file’s columns…
          </Text>
        </Group>
      )}
      {inspection && (
        <>
          <Text size="xs" c="dimmed" data-testid="experiment-file-summary">
            {count(inspection.rows)} rows, {inspection.columns.length} columns
          </Text>
          <NativeSelect
            size="xs"
            label="Unit id column"
            value={form.unit}
            data={[{ value: '', label: '(guess: user_id, userid, unit, id)' }, ...cols.map((c) => c.name)]}
            onChange={(e) => onChange({ unit: e.currentTarget.value })}
          />
          <NativeSelect
            size="xs"
            label="Variant column"
            value={form.variant}
            error={errors.variant}
            data={[{ value: '', label: 'Choose…', disabled: true }, ...groups.map((c) => c.name)]}
            onChange={(e) => {
              const variant = e.currentTarget.value;
              const values = cols.find((c) => c.name === variant)?.values.map((v) => v.value) ?? [];
              onChange({
                variant,
                control: proposeControl(values),
                factors: form.factors.filter((f) => f !== variant),
                metrics: form.metrics.filter((m) => m !== variant),
              });
            }}
          />
          <NativeSelect
            size="xs"
            label="Control"
            description="The variant the others are compared with"
            value={form.control}
            error={errors.control}
            data={(variantCol?.values ?? []).map((v) => ({
              value: v.value,
              label: `${v.value} (${count(v.n)})`,
            }))}
            onChange={(e) => onChange({ control: e.currentTarget.value })}
          />
          <Stack gap={4} role="group" aria-label="Metric columns">
            <Text size="xs" fw={500} c={errors.metrics ? 'red' : undefined}>
              Metrics {errors.metrics ? `— ${errors.metrics}` : ''}
            </Text>
            {metricCols.map((c) => (
              <Checkbox
                key={c.name}
                size="xs"
                label={
                  <Group gap={4}>
                    {c.name}
                    <Badge size="xs" variant="light" color={c.binary ? 'grape' : 'gray'}>
                      {c.binary ? 'binary' : 'numeric'}
                    </Badge>
                  </Group>
                }
                aria-label={`Metric ${c.name}`}
                checked={form.metrics.includes(c.name)}
                onChange={(e) =>
                  onChange({
                    metrics: toggle(form.metrics, c.name, e.currentTarget.checked),
                    covariates: form.covariates.filter((v) => v !== c.name),
                    cuped: form.cuped === c.name ? '' : form.cuped,
                  })
                }
              />
            ))}
            {metricCols.length === 0 && (
              <Text size="xs" c="dimmed">
                No numeric or yes/no columns besides the unit and the variant.
              </Text>
            )}
          </Stack>
          {events.length > 0 && (
            <Stack gap={4}>
              <Text size="xs" fw={500}>
                Metrics from this workspace&apos;s events
              </Text>
              {form.time ? (
                <MetricBuilder
                  metrics={eventMetrics}
                  events={events}
                  onChange={(specs) => onChange({ metrics: [...form.metrics.filter(isColumn), ...specs] })}
                />
              ) : (
                <Text size="xs" c="dimmed">
                  Choose the exposure time column below to measure events after each unit&apos;s exposure (the
                  unit column must hold user ids).
                </Text>
              )}
            </Stack>
          )}
          {factorCols.length > 0 && (
            <CheckList
              name="Factors"
              title="Factors (factorial analysis, up to two)"
              items={factorCols.map((c) => ({ value: c.name, label: `${c.name} (${c.distinct} levels)` }))}
              selected={form.factors}
              max={2}
              onChange={(factors) => onChange({ factors })}
            />
          )}
          <NativeSelect
            size="xs"
            label="CUPED covariate column"
            description="A pre-experiment measure reduces variance; never one the treatment could change"
            value={form.cuped}
            data={[
              { value: '', label: 'None' },
              ...cols
                .filter((c) => c.numeric && c.name !== form.unit && !form.metrics.includes(c.name))
                .map((c) => c.name),
            ]}
            onChange={(e) => onChange({ cuped: e.currentTarget.value })}
          />
          {covariateCols.length > 0 && (
            <CheckList
              name="Balance covariates"
              title="Check balance on (pre-experiment columns)"
              items={covariateCols.map((c) => ({ value: c.name, label: c.name }))}
              selected={form.covariates}
              onChange={(covariates) => onChange({ covariates })}
            />
          )}
          <NativeSelect
            size="xs"
            label="Exposure time column"
            description="Gives the balance over time; a unit listed twice keeps its earliest row"
            value={form.time}
            data={[{ value: '', label: 'None' }, ...cols.map((c) => `${c.name}`)]}
            onChange={(e) => onChange({ time: e.currentTarget.value })}
          />
          <TextInput
            size="xs"
            label="Keep rows where (SQL, optional)"
            placeholder="e.g. country = 'US'"
            value={form.where}
            onChange={(e) => onChange({ where: e.currentTarget.value })}
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
          />
        </>
      )}
      <Modal
        opened={browsing}
        onClose={() => setBrowsing(false)}
        title="Choose an assignments file"
        size="lg"
      >
        <FileBrowser
          purpose="import"
          actionLabel="Use this file"
          onOpen={(path) => {
            setBrowsing(false);
            onPick(path);
          }}
          height={320}
        />
      </Modal>
    </Stack>
  );
}
