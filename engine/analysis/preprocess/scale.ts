import { medianSorted, quantileSorted } from './quantile.ts';
import { PreprocessError } from './table.ts';

/** `'standard'`: (x − mean) / sd; `'robust'`: (x − median) / IQR; `'none'`: unchanged. */
export type Scaling = 'none' | 'standard' | 'robust';

export interface Scaled {
  readonly values: Float64Array;
  /** Subtracted: the mean or the median. */
  readonly center: number;
  /** Divided by: the population standard deviation or the interquartile range. */
  readonly scale: number;
}

/** Thrown for a column with no spread to divide by; `column` names it. */
export class ConstantColumnError extends PreprocessError {
  constructor(column: string, what: string) {
    super(
      `column "${column}" ${what}, so it cannot be scaled; remove it or let constant columns be dropped`,
      column,
    );
  }
}

/**
 * Z-scores as scikit-learn's `StandardScaler`: centre on the mean and divide by the population
 * standard deviation (denominator n), both from the corrected two-pass algorithm. A column whose
 * variance is zero up to rounding (scikit-learn's `_is_constant_feature` test) is refused.
 */
export function standardScale(name: string, values: Float64Array): Scaled {
  const n = values.length;
  if (n === 0) throw new PreprocessError(`column "${name}": no values to scale`, name);
  let sum = 0;
  for (const v of values) sum += v;
  const mean = sum / n;
  let correction = 0;
  let squares = 0;
  for (const v of values) {
    correction += v - mean;
    squares += (v - mean) ** 2;
  }
  const variance = (squares - (correction * correction) / n) / n;
  const eps = Number.EPSILON;
  if (variance <= n * eps * variance + (n * mean * eps) ** 2) {
    throw new ConstantColumnError(name, `is constant (every value is ${values[0]})`);
  }
  const scale = Math.sqrt(variance);
  return { values: values.map((v) => (v - mean) / scale), center: mean, scale };
}

/**
 * Robust scaling as scikit-learn's `RobustScaler` (default `quantile_range=(25, 75)`): centre on
 * the median and divide by the interquartile range, quantiles by NumPy's linear rule. Insensitive to
 * a few extreme values. A column whose IQR is below 10 machine epsilons is refused (scikit-learn
 * would silently divide by 1).
 */
export function robustScale(name: string, values: Float64Array): Scaled {
  if (values.length === 0) throw new PreprocessError(`column "${name}": no values to scale`, name);
  const sorted = Float64Array.from(values).sort();
  const center = medianSorted(sorted);
  const scale = quantileSorted(sorted, 0.75) - quantileSorted(sorted, 0.25);
  if (scale < 10 * Number.EPSILON) {
    const what =
      sorted[0] === sorted[sorted.length - 1]
        ? `is constant (every value is ${center})`
        : `has an interquartile range of 0 (at least half of its values are ${center})`;
    throw new ConstantColumnError(name, what);
  }
  return { values: values.map((v) => (v - center) / scale), center, scale };
}
