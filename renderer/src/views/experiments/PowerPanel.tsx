import { Alert, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { Data, Layout } from 'plotly.js-dist-min';
import { useEffect, useMemo, useState } from 'react';
import { asEngineError } from '../../api/EngineClient.ts';
import { useEngine } from '../../api/EngineContext.tsx';
import { Plot } from '../../charts/Plot.tsx';
import { formFields } from '../../components/formFields.tsx';
import { Segments } from '../../components/fields.tsx';
import { count } from '../../format.ts';
import { amount, percent } from './experimentFormat.ts';
import type { PowerInput, PowerResult } from './experimentsApi.ts';

interface PowerForm {
  metric: 'binary' | 'continuous';
  baseline: number;
  sd: number;
  mde: number;
  relative: boolean;
  alpha: number;
  power: number;
  arms: number;
}

const initial: PowerForm = {
  metric: 'binary',
  baseline: 0.1,
  sd: 1,
  mde: 0.01,
  relative: false,
  alpha: 0.05,
  power: 0.8,
  arms: 2,
};

function check(f: PowerForm): Partial<Record<keyof PowerForm, string>> {
  const e: Partial<Record<keyof PowerForm, string>> = {};
  if (f.metric === 'binary' && !(f.baseline > 0 && f.baseline < 1)) e.baseline = 'A rate between 0 and 1';
  if (!Number.isFinite(f.baseline)) e.baseline = 'A number';
  if (f.metric === 'continuous' && !(f.sd > 0)) e.sd = 'Above 0';
  if (!(Number.isFinite(f.mde) && f.mde !== 0)) e.mde = 'Not 0';
  if (!(f.alpha > 0 && f.alpha < 0.5)) e.alpha = 'Between 0 and 0.5';
  if (!(f.power > 0 && f.power < 1)) e.power = 'Between 0 and 1';
  if (!(Number.isInteger(f.arms) && f.arms >= 2 && f.arms <= 50)) e.arms = '2 to 50';
  return e;
}

const toInput = (f: PowerForm): PowerInput => ({
  metric: f.metric,
  baseline: f.baseline,
  ...(f.metric === 'continuous' ? { sd: f.sd } : {}),
  mde: f.mde,
  relative: f.relative,
  alpha: f.alpha,
  power: f.power,
  arms: f.arms,
});

/**
 * The power calculator: the units each arm needs to detect a given effect (absolute or relative) on
 * a rate or a mean, with the power curve against units per arm. Updates as the inputs change.
 */
export function PowerPanel() {
  const engine = useEngine();
  const [form, setForm] = useState<PowerForm>(initial);
  // The answer with the inputs it answers (the form may have moved on while it was computed).
  const [answer, setAnswer] = useState<{ input: PowerInput; result: PowerResult } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const errors = check(form);
  const set = (patch: Partial<PowerForm>) => setForm((f) => ({ ...f, ...patch }));
  const { num, toggle } = formFields(form, set, errors);
  const key = Object.keys(errors).length === 0 ? JSON.stringify(toInput(form)) : null;

  useEffect(() => {
    if (!key) return;
    let live = true;
    setLoading(true);
    const timer = setTimeout(() => {
      const input = JSON.parse(key) as PowerInput;
      engine
        .call('experiments.power', input)
        .then(
          (result) => {
            if (!live) return;
            setAnswer({ input, result });
            setError(null);
          },
          (e: unknown) => {
            if (live) setError(asEngineError(e).message);
          },
        )
        .finally(() => {
          if (live) setLoading(false);
        });
    }, 300);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [engine, key]);

  const result = answer?.result ?? null;
  const shown = answer?.input ?? null;
  const data = useMemo<Data[]>(() => {
    if (!result) return [];
    return [
      {
        type: 'scatter',
        mode: 'lines',
        name: 'Power',
        x: result.curve.map((p) => p.n),
        y: result.curve.map((p) => p.power * 100),
        line: { color: '#0072B2', width: 2 },
        hovertemplate: '%{x:,.0f} per arm: %{y:.1f}%<extra></extra>',
      },
      {
        type: 'scatter',
        mode: 'markers',
        name: 'Needed',
        x: [result.n_per_arm],
        y: [result.achieved_power * 100],
        marker: { color: '#D55E00', size: 10 },
        hovertemplate: '%{x:,} per arm: %{y:.1f}%<extra></extra>',
      },
    ];
  }, [result]);
  const layout = useMemo<Layout>(
    () => ({
      showlegend: false,
      yaxis: { range: [0, 100] },
      shapes: [
        {
          type: 'line',
          xref: 'paper',
          x0: 0,
          x1: 1,
          y0: (shown?.power ?? 0.8) * 100,
          y1: (shown?.power ?? 0.8) * 100,
          line: { color: '#999999', dash: 'dot', width: 1 },
        },
      ],
    }),
    [shown?.power],
  );
  const effect = (input: PowerInput) =>
    input.relative
      ? `a ${percent(input.mde, 1)} relative change`
      : input.metric === 'binary'
        ? `${(input.mde * 100).toFixed(2)} pp`
        : amount(input.mde);

  return (
    <Group align="flex-start" gap="md" wrap="nowrap" p="md" data-testid="experiment-power">
      <Card withBorder padding="sm" w={320} miw={320}>
        <Stack gap={6}>
          <Segments
            label="Metric"
            value={form.metric}
            options={[
              { value: 'binary', label: 'Rate (binary)' },
              { value: 'continuous', label: 'Mean (continuous)' },
            ]}
            onChange={(metric) => set({ metric })}
          />
          <SimpleGrid cols={2} spacing="xs">
            {num('baseline', form.metric === 'binary' ? 'Baseline rate' : 'Baseline mean', {
              decimal: true,
              step: 0.01,
            })}
            {form.metric === 'continuous' && num('sd', 'Standard deviation', { decimal: true, min: 0 })}
            {num('mde', form.relative ? 'Minimum effect (relative)' : 'Minimum effect', {
              decimal: true,
              step: 0.005,
              description: form.relative
                ? '0.05 = +5%'
                : form.metric === 'binary'
                  ? '0.01 = 1 pp'
                  : 'in the metric’s units',
            })}
            {num('alpha', 'Alpha', { decimal: true, step: 0.01 })}
            {num('power', 'Power', { decimal: true, step: 0.05 })}
            {num('arms', 'Arms', { min: 2, max: 50, description: 'Control included' })}
          </SimpleGrid>
          {toggle('relative', 'Effect relative to the baseline')}
        </Stack>
      </Card>
      <Stack
        gap="sm"
        style={{ flex: 1, minWidth: 0 }}
        className={loading ? 'engage-dimmed' : undefined}
        aria-busy={loading}
      >
        <Title order={4}>Sample size</Title>
        {error && (
          <Alert color="red" p="xs" title="Cannot compute the sample size">
            {error}
          </Alert>
        )}
        {result && shown && (
          <>
            <Text size="sm" data-testid="experiment-power-answer">
              <b>{count(result.n_per_arm)} units per arm</b>, {count(result.total)} in total, to detect{' '}
              {effect(shown)} from a baseline of{' '}
              {shown.metric === 'binary' ? percent(shown.baseline) : amount(shown.baseline)} with{' '}
              {percent(shown.power ?? 0.8, 0)} power at alpha {shown.alpha}.
            </Text>
            <Text size="xs" c="dimmed">
              Standardised effect {result.effect_size.toFixed(3)}; alpha per comparison{' '}
              {Number(result.alpha_per_test.toPrecision(3))}
              {(shown.arms ?? 2) > 2 ? ` (${(shown.arms ?? 2) - 1} comparisons with the control)` : ''}; power
              achieved at that size {percent(result.achieved_power, 1)}.
            </Text>
            <Card withBorder padding="sm">
              <Plot
                title="Power against units per arm"
                xTitle="Units per arm"
                yTitle="Power (%)"
                data={data}
                layout={layout}
                height={260}
                filename="experiment-power-curve"
                note="Dotted line: the power asked for; the dot marks the units needed."
              />
            </Card>
          </>
        )}
      </Stack>
    </Group>
  );
}
