import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { cupedAdjust, type CupedMoments } from '../../../engine/analysis/stats/cuped.ts';

/** NumPy references from unit-level data: test/fixtures/statsmodels/cuped.py. */
interface Arm {
  n: number;
  mean: number;
  varMean: number;
  rawMean: number;
  rawVarMean: number;
  varianceReduction: number;
}
interface Case {
  name: string;
  input: CupedMoments[];
  theta: number;
  meanX: number;
  arms: Arm[];
  varianceReduction: number;
  gbstatsTheta?: number;
}
const fixture = JSON.parse(
  readFileSync(new URL('../../fixtures/statsmodels/cuped.json', import.meta.url), 'utf8'),
) as { cases: Case[] };

function close(actual: number, expected: number, rel: number, what: string, abs = 0): void {
  assert.ok(
    Math.abs(actual - expected) <= rel * Math.abs(expected) + abs,
    `${what}: ${actual} vs ${expected}`,
  );
}

function moments(units: readonly (readonly [number, number])[]): CupedMoments {
  let sumX = 0;
  let sumXX = 0;
  let sumY = 0;
  let sumYY = 0;
  let sumXY = 0;
  for (const [x, y] of units) {
    sumX += x;
    sumXX += x * x;
    sumY += y;
    sumYY += y * y;
    sumXY += x * y;
  }
  return { n: units.length, sumX, sumXX, sumY, sumYY, sumXY };
}

test('matches NumPy on unit-level data: θ pooled over all arms, adjusted means, variances, reductions', () => {
  assert.ok(fixture.cases.length >= 5);
  for (const c of fixture.cases) {
    const r = cupedAdjust(c.input);
    // The small-arm case has means ~1000 and sds ~3: the raw-sum formulas lose ~5 digits there.
    const rel = c.name.startsWith('small_') ? 1e-7 : 1e-10;
    close(r.theta, c.theta, rel, `${c.name} theta`);
    close(r.meanX, c.meanX, 1e-13, `${c.name} meanX`);
    close(r.varianceReduction, c.varianceReduction, rel, `${c.name} reduction`, 1e-9);
    assert.equal(r.arms.length, c.arms.length);
    r.arms.forEach((arm, i) => {
      const e = c.arms[i]!;
      const what = `${c.name} arm ${i}`;
      assert.equal(arm.n, e.n);
      close(arm.mean, e.mean, 1e-12, `${what} mean`);
      close(arm.rawMean, e.rawMean, 1e-13, `${what} raw mean`);
      close(arm.varMean, e.varMean, rel, `${what} varMean`);
      close(arm.rawVarMean, e.rawVarMean, rel, `${what} rawVarMean`);
      close(arm.varianceReduction, e.varianceReduction, rel, `${what} reduction`, 1e-9);
    });
    if (c.gbstatsTheta !== undefined) close(r.theta, c.gbstatsTheta, rel, `${c.name} gbstats theta`);
  }
});

test('a hand-computed example', () => {
  // Control (x, y): (1, 2), (2, 3), (3, 7); treatment: (2, 4), (4, 8), (6, 9).
  // All six: x̄ = 3, ȳ = 5.5; Σ(x − x̄)² = 4+1+0+1+1+9 = 16, Σ(x − x̄)(y − ȳ) = 7+2.5+0+1.5+2.5+10.5 = 24 → θ = 1.5.
  const control = moments([
    [1, 2],
    [2, 3],
    [3, 7],
  ]);
  const treatment = moments([
    [2, 4],
    [4, 8],
    [6, 9],
  ]);
  const r = cupedAdjust([control, treatment]);
  close(r.theta, 1.5, 1e-15, 'theta');
  close(r.meanX, 3, 1e-15, 'meanX');
  // Control: ȳ = 4, x̄ = 2 → 4 − 1.5·(2 − 3) = 5.5; s²_y = 7, s²_x = 1, s_xy = 2.5 → (7 + 2.25 − 7.5)/3.
  close(r.arms[0]!.mean, 5.5, 1e-15, 'control mean');
  close(r.arms[0]!.varMean, 1.75 / 3, 1e-14, 'control varMean');
  close(r.arms[0]!.rawVarMean, 7 / 3, 1e-14, 'control rawVarMean');
  // Treatment: ȳ = 7, x̄ = 4 → 7 − 1.5 = 5.5; s²_y = 7, s²_x = 4, s_xy = 5 → (7 + 9 − 15)/3.
  close(r.arms[1]!.mean, 5.5, 1e-15, 'treatment mean');
  close(r.arms[1]!.varMean, 1 / 3, 1e-14, 'treatment varMean');
  close(r.arms[1]!.varianceReduction, 1 - 1 / 7, 1e-14, 'treatment reduction');
  close(r.varianceReduction, 1 - 2.75 / 14, 1e-14, 'overall reduction');
});

test('the adjusted difference is the raw difference minus θ times the covariate imbalance', () => {
  for (const c of fixture.cases) {
    const r = cupedAdjust(c.input);
    const [a, b] = [r.arms[0]!, r.arms[1]!];
    const imbalance = c.input[1]!.sumX / c.input[1]!.n - c.input[0]!.sumX / c.input[0]!.n;
    close(b.mean - a.mean, b.rawMean - a.rawMean - r.theta * imbalance, 1e-9, c.name, 1e-12);
  }
});

test('shifting the covariate changes nothing; scaling it scales θ inversely', () => {
  const base = fixture.cases[0]!.input;
  const shift = 250;
  const scale = 0.01;
  const shifted = base.map((m) => ({
    ...m,
    sumX: m.sumX + shift * m.n,
    sumXX: m.sumXX + 2 * shift * m.sumX + shift * shift * m.n,
    sumXY: m.sumXY + shift * m.sumY,
  }));
  const scaled = base.map((m) => ({
    ...m,
    sumX: scale * m.sumX,
    sumXX: scale * scale * m.sumXX,
    sumXY: scale * m.sumXY,
  }));
  const r0 = cupedAdjust(base);
  const r1 = cupedAdjust(shifted);
  const r2 = cupedAdjust(scaled);
  close(r1.theta, r0.theta, 1e-9, 'shifted theta');
  close(r2.theta, r0.theta / scale, 1e-12, 'scaled theta');
  r0.arms.forEach((arm, i) => {
    close(r1.arms[i]!.mean, arm.mean, 1e-11, `shifted mean ${i}`);
    close(r1.arms[i]!.varMean, arm.varMean, 1e-8, `shifted varMean ${i}`);
    close(r2.arms[i]!.mean, arm.mean, 1e-12, `scaled mean ${i}`);
    close(r2.arms[i]!.varMean, arm.varMean, 1e-11, `scaled varMean ${i}`);
  });
});

test('a covariate equal to the metric removes all variance within arms when the arms have equal means', () => {
  const arm = moments([
    [1, 1],
    [2, 2],
    [4, 4],
  ]);
  const r = cupedAdjust([arm, arm]);
  close(r.theta, 1, 1e-15, 'theta');
  r.arms.forEach((a) => {
    assert.equal(a.varMean, 0);
    assert.equal(a.varianceReduction, 1);
  });
});

test('rejects arms with fewer than 2 units, a constant covariate, and no arms', () => {
  const ok = moments([
    [1, 2],
    [2, 5],
  ]);
  assert.throws(() => cupedAdjust([]), RangeError);
  assert.throws(() => cupedAdjust([ok, moments([[3, 4]])]), RangeError);
  const constant = moments([
    [2, 1],
    [2, 3],
    [2, 8],
  ]);
  assert.throws(() => cupedAdjust([constant, constant]), RangeError);
});
