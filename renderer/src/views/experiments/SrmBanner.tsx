import { Alert, Text } from '@mantine/core';
import { count, pPhrase, pValue } from '../../format.ts';
import { percent } from './experimentFormat.ts';
import type { ExperimentResult } from './experimentsApi.ts';

/**
 * The sample-ratio check first, as every experiment report should open: red when the arms' sizes
 * are unlikely under the designed split (the assignment or the logging is broken, so the results
 * may be biased), otherwise one quiet line with the chi-square p.
 */
export function SrmBanner({ result }: { result: ExperimentResult }) {
  const { srm, units } = result;
  const observed = srm.observed
    .map(
      (o) => `${o.variant} ${count(o.n)} (${percent(o.share, 1)}, expected ${count(Math.round(o.expected))})`,
    )
    .join(' · ');
  const excluded = [
    units.multi_variant > 0 && `${count(units.multi_variant)} excluded for being in several variants`,
    units.missing_variant > 0 && `${count(units.missing_variant)} without a variant`,
  ].filter(Boolean);
  const unitsLine = (
    <Text size="xs" c="dimmed" data-testid="experiment-units">
      {count(units.analysed)} of {count(units.total)} units analysed
      {excluded.length > 0 ? `; ${excluded.join('; ')}` : ''}.
    </Text>
  );
  if (srm.flagged)
    return (
      <Alert
        color="red"
        title="The split is not as designed"
        data-testid="experiment-srm"
        data-flagged="true"
        p="xs"
      >
        <Text size="sm">
          Sample ratio mismatch: the arms’ sizes are unlikely under the designed split (χ² ={' '}
          {srm.chi2.toFixed(2)}, df = {srm.df}, {pPhrase(srm.p)}); results may be biased. Check the assignment
          and the exposure logging before trusting the effects below.
        </Text>
        <Text size="xs" mt={4}>
          {observed}
        </Text>
        {unitsLine}
      </Alert>
    );
  return (
    <div data-testid="experiment-srm" data-flagged="false">
      <Text size="xs">
        Sample ratio as designed: chi-square p = {pValue(srm.p)} (a mismatch is flagged below p{' '}
        {srm.threshold}). {observed}
      </Text>
      {unitsLine}
    </div>
  );
}
