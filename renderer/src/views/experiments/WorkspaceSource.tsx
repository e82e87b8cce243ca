import { Autocomplete, NativeSelect, Stack, Text } from '@mantine/core';
import { CheckList } from '../../components/CheckList.tsx';
import { count } from '../../format.ts';
import type { ExperimentForm, FormErrors } from './experimentForm.ts';
import { forExperiment } from './experimentForm.ts';
import type { ExperimentList } from './experimentsApi.ts';
import { MetricBuilder } from './MetricBuilder.tsx';

/**
 * A workspace experiment (`Experiment Viewed` events): which one, the property that holds the
 * variant, the control, up to two factors among the other properties, the metrics measured after
 * each unit's exposure, and an optional CUPED covariate (a chosen metric over the span before).
 */
export function WorkspaceSource({
  list,
  events,
  form,
  errors,
  onChange,
}: {
  list: ExperimentList;
  events: string[];
  form: ExperimentForm;
  errors: FormErrors;
  onChange: (patch: Partial<ExperimentForm>) => void;
}) {
  const chosen = list.find((x) => x.experiment === form.experiment);
  if (list.length === 0)
    return (
      <Text size="xs" c="dimmed" data-testid="experiments-none">
        No experiments in this workspace’s events: they are read from <code>Experiment Viewed</code> events
        with an <code>experiment_id</code> property. Choose “File” above to analyse an assignments file.
      </Text>
    );
  const factorCandidates = chosen?.properties.filter((p) => p !== form.variant) ?? [];
  return (
    <Stack gap={6}>
      <NativeSelect
        size="xs"
        label="Experiment"
        value={form.experiment}
        error={errors.experiment}
        data={[
          { value: '', label: 'Choose an experiment…', disabled: true },
          ...list.map((x) => ({
            value: x.experiment,
            label: `${x.name ? `${x.name} (${x.experiment})` : x.experiment} · ${count(x.units)} units`,
          })),
        ]}
        onChange={(e) => {
          const x = list.find((l) => l.experiment === e.currentTarget.value);
          if (x) onChange(forExperiment(form, x));
        }}
      />
      {chosen && (
        <>
          <Text size="xs" c="dimmed">
            {chosen.variants.map((v) => `${v.name} ${count(v.units)}`).join(' · ')}; exposures{' '}
            {chosen.first.slice(0, 10)} to {chosen.last.slice(0, 10)}
          </Text>
          <NativeSelect
            size="xs"
            label="Variant property"
            value={form.variant}
            error={errors.variant}
            data={chosen.properties}
            onChange={(e) => {
              const variant = e.currentTarget.value;
              onChange({ variant, factors: form.factors.filter((f) => f !== variant) });
            }}
          />
          <Autocomplete
            size="xs"
            label="Control"
            description="The variant the others are compared with"
            value={form.control}
            error={errors.control}
            data={(chosen.values[form.variant] ?? chosen.variants.map((v) => ({ value: v.name }))).map(
              (v) => v.value,
            )}
            onChange={(control) => onChange({ control })}
          />
          {factorCandidates.length > 0 && (
            <CheckList
              name="Factors"
              title="Factors (factorial analysis, up to two)"
              items={factorCandidates.map((p) => ({ value: p, label: p }))}
              selected={form.factors}
              max={2}
              onChange={(factors) => onChange({ factors })}
              error={errors.factors}
            />
          )}
          <Text size="xs" fw={500} mt={4}>
            Metrics (measured from each unit’s first exposure)
          </Text>
          <MetricBuilder
            metrics={form.metrics}
            events={events}
            error={errors.metrics}
            onChange={(metrics) =>
              onChange({
                metrics,
                cuped: metrics.includes(form.cuped) ? form.cuped : '',
                covariates: form.covariates.filter((c) => metrics.includes(c)),
              })
            }
          />
          <NativeSelect
            size="xs"
            label="CUPED covariate"
            description="The same measure over the span before exposure reduces variance"
            value={form.cuped}
            data={[
              { value: '', label: 'None' },
              ...form.metrics.map((m) => ({ value: m, label: `pre-period ${m}` })),
            ]}
            onChange={(e) => onChange({ cuped: e.currentTarget.value })}
          />
          {form.metrics.length > 0 && (
            <CheckList
              name="Balance covariates"
              title="Check balance before exposure on"
              items={form.metrics.map((m) => ({ value: m, label: `pre-period ${m}` }))}
              selected={form.covariates}
              onChange={(covariates) => onChange({ covariates })}
            />
          )}
        </>
      )}
    </Stack>
  );
}
