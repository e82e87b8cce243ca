import { powerAt, sampleSize, type PowerInput } from '../analysis/stats/power.ts';
import { ExperimentInputError } from './errors.ts';

/** The power calculator: units per arm for the design, and power against units per arm for its chart. */
export function powerCalculation(input: PowerInput) {
  let s;
  try {
    s = sampleSize(input);
  } catch (error) {
    if (error instanceof RangeError) throw new ExperimentInputError(`power: ${error.message}`);
    throw error;
  }
  const top = Math.max(4, Math.ceil(s.nPerArm * 2.5));
  const curve = Array.from({ length: 41 }, (_x, i) => {
    const n = Math.max(2, Math.round((top * i) / 40));
    return { n, power: powerAt(input, n) };
  });
  return {
    n_per_arm: s.nPerArm,
    total: s.total,
    n_exact: s.nExact,
    effect_size: s.effectSize,
    alpha_per_test: s.alphaPerTest,
    achieved_power: s.achievedPower,
    curve,
  };
}
