import { Group, Table, Text, Tooltip } from '@mantine/core';
import { count, pValue } from '../../format.ts';
import { CopyTsv } from '../../components/CopyTsv.tsx';
import { confidence, difference, interval, level, lift, numCell, percent } from './experimentFormat.ts';
import type { MetricResultWire } from './experimentsApi.ts';

const num = numCell;

/** Each variant's units and its rate or mean with the interval beside it (CUPED: the raw mean too). */
export function VariantsTable({ metric, alpha }: { metric: MetricResultWire; alpha: number }) {
  const { type } = metric;
  const cuped = metric.variants.some((v) => v.raw_mean !== undefined);
  const what = type === 'binary' ? 'Rate' : 'Mean';
  const ci = `${confidence(alpha)} CI`;
  const rows = metric.variants.map((v) => [
    v.name,
    v.n,
    ...(type === 'binary' ? [v.successes ?? ''] : []),
    v.mean,
    v.ci[0],
    v.ci[1],
    ...(cuped ? [v.raw_mean ?? ''] : []),
  ]);
  const header = [
    'variant',
    'n',
    ...(type === 'binary' ? ['successes'] : []),
    what.toLowerCase(),
    'ci_low',
    'ci_high',
    ...(cuped ? ['raw_mean'] : []),
  ];
  return (
    <div>
      <Group justify="space-between" mb={2}>
        <Text size="xs" fw={600}>
          Variants
        </Text>
        <CopyTsv rows={[header, ...rows]} what={`the variants of ${metric.metric}`} />
      </Group>
      <Table.ScrollContainer minWidth={520} type="native">
        <Table verticalSpacing={2} fz="xs" aria-label={`Variants of ${metric.metric}`}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Variant</Table.Th>
              <Table.Th ta="right">Units</Table.Th>
              {type === 'binary' && <Table.Th ta="right">Converted</Table.Th>}
              <Table.Th ta="right">
                {cuped ? `${what} (CUPED-adjusted)` : what} ({ci})
              </Table.Th>
              {cuped && <Table.Th ta="right">Unadjusted</Table.Th>}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {metric.variants.map((v) => (
              <Table.Tr key={v.name}>
                <Table.Td>{v.name}</Table.Td>
                <Table.Td {...num}>{count(v.n)}</Table.Td>
                {type === 'binary' && (
                  <Table.Td {...num}>{v.successes === undefined ? '—' : count(v.successes)}</Table.Td>
                )}
                <Table.Td {...num}>
                  {level(v.mean, type)}{' '}
                  <Text span size="xs" c="dimmed">
                    ({interval(v.ci, (x) => level(x, type))})
                  </Text>
                </Table.Td>
                {cuped && (
                  <Table.Td {...num}>{v.raw_mean === undefined ? '—' : level(v.raw_mean, type)}</Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </div>
  );
}

/**
 * Each variant against the control: the difference and the relative lift with their intervals, the
 * p-value (and the adjusted one under a correction), and the Bayesian chance to beat control —
 * labelled as what it is, not a p-value.
 */
export function ComparisonsTable({ metric, correction }: { metric: MetricResultWire; correction: string }) {
  const { type, comparisons } = metric;
  const adjusted = correction !== 'none' && comparisons.some((c) => c.p_adjusted !== undefined);
  const sequential = comparisons.some((c) => c.sequential_ci !== undefined);
  const level0 = comparisons[0] ? confidence(comparisons[0].alpha_used) : '95%';
  const unit = type === 'binary' ? ' pp' : '';
  const header = [
    'variant',
    'control',
    'diff',
    'diff_ci_low',
    'diff_ci_high',
    'rel_lift',
    'p',
    ...(adjusted ? ['p_adjusted'] : []),
    'chance_to_beat_control',
    'test',
  ];
  const rows = comparisons.map((c) => [
    c.variant,
    c.control,
    c.diff,
    c.diff_ci[0],
    c.diff_ci[1],
    c.rel_lift ?? '',
    c.p,
    ...(adjusted ? [c.p_adjusted ?? ''] : []),
    c.bayes.chance_to_beat_control,
    c.test,
  ]);
  return (
    <div>
      <Group justify="space-between" mb={2}>
        <Text size="xs" fw={600}>
          Against the control
        </Text>
        <CopyTsv rows={[header, ...rows]} what={`the comparisons of ${metric.metric}`} />
      </Group>
      <Table.ScrollContainer minWidth={520} type="native">
        <Table verticalSpacing={2} fz="xs" aria-label={`Comparisons of ${metric.metric}`}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Variant</Table.Th>
              <Table.Th ta="right">Difference ({level0} CI)</Table.Th>
              <Table.Th ta="right">Relative lift</Table.Th>
              <Table.Th ta="right">p</Table.Th>
              {adjusted && (
                <Table.Th ta="right">p adjusted ({correction === 'holm' ? 'Holm' : 'BH'})</Table.Th>
              )}
              {sequential && <Table.Th ta="right">Sequential CI</Table.Th>}
              <Table.Th ta="right" miw={120}>
                <Tooltip label="The posterior probability that the variant is better than the control — not a p-value">
                  <span style={{ whiteSpace: 'nowrap' }}>
                    Chance to beat control
                    <Text span display="block" size="xs" c="dimmed" fw={400}>
                      Bayesian, not a p-value
                    </Text>
                  </span>
                </Tooltip>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {comparisons.map((c) => (
              <Table.Tr key={c.variant}>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{c.variant}</Table.Td>
                <Table.Td {...num} fw={c.significant ? 600 : undefined}>
                  {difference(c.diff, type)}{' '}
                  <Text span size="xs" c="dimmed">
                    ({interval(c.diff_ci, (x) => difference(x, type))}
                    {unit})
                  </Text>
                </Table.Td>
                <Table.Td {...num}>
                  {c.rel_lift === null ? '—' : lift(c.rel_lift)}{' '}
                  {c.rel_lift_ci && (
                    <Text span size="xs" c="dimmed">
                      ({interval(c.rel_lift_ci, lift)})
                    </Text>
                  )}
                </Table.Td>
                <Table.Td
                  {...num}
                  title={`${c.test}, statistic ${c.statistic.toFixed(3)}${c.df === null ? '' : `, df ${c.df}`}`}
                >
                  {pValue(c.p)}
                </Table.Td>
                {adjusted && (
                  <Table.Td {...num}>{c.p_adjusted === undefined ? '—' : pValue(c.p_adjusted)}</Table.Td>
                )}
                {sequential && (
                  <Table.Td {...num}>
                    {c.sequential_ci
                      ? `${interval(c.sequential_ci, (x) => difference(x, type))}${unit}`
                      : '—'}
                  </Table.Td>
                )}
                <Table.Td {...num}>{percent(c.bayes.chance_to_beat_control, 1)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </div>
  );
}
