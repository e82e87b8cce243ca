import { float64Values, matrix, type Matrix } from '../matrix.ts';
import type { PreprocessReport } from './index.ts';
import type { Table } from './table.ts';
import { PreprocessError } from './table.ts';

/**
 * Applies a fitted preprocessing (the report of {@link preprocess}) to new rows, e.g. the users a
 * saved model scores: the same fills, log1p, levels and centre/scale, learnt on the training rows.
 * No row is dropped: a value still missing after the recorded fill becomes the feature's centre
 * (the training mean or median), so every input row gets a score. Unseen levels go to `other`
 * when the encoding had one, else to no level (all indicators 0).
 */
export function applyPreprocessing(table: Table, report: PreprocessReport): Matrix {
  const byName = new Map(table.columns.map((c) => [c.name, c]));
  const n = table.columns[0]?.values.length ?? 0;
  const features: Float64Array[] = [];
  for (const col of report.columns) {
    const column = byName.get(col.column);
    if (!column)
      throw new PreprocessError(`the model needs column "${col.column}", which the data lacks`, col.column);
    if (column.kind === 'numeric') {
      const f = col.features[0];
      if (!f) continue; // dropped as constant when fitted
      const fill = typeof col.fill === 'number' ? col.fill : NaN;
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        let v = column.values[i] as number;
        if (Number.isNaN(v)) v = fill;
        if (col.log1p && !Number.isNaN(v)) v = Math.log1p(Math.max(0, v));
        out[i] = Number.isNaN(v) ? 0 : (v - f.center) / f.scale;
      }
      features.push(out);
      continue;
    }
    const levels = new Map((col.levels ?? []).map((level, i) => [level, i]));
    const fill = typeof col.fill === 'string' ? col.fill : null;
    for (const f of col.features) {
      const level = f.name.slice(col.column.length + 1);
      const isOther = !levels.has(level);
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const v = (column.values[i] as string | null) ?? fill;
        const hit = v !== null && (isOther ? !levels.has(v) : v === level);
        out[i] = ((hit ? 1 : 0) - f.center) / f.scale;
      }
      features.push(out);
    }
  }
  const cols = features.length;
  const data = float64Values(n * cols);
  features.forEach((values, j) => {
    for (let i = 0; i < n; i++) data[i * cols + j] = values[i] as number;
  });
  return matrix(n, cols, data);
}
