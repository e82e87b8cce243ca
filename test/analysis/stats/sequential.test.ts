import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { normalQuantile } from '../../../engine/analysis/stats/distributions.ts';
import {
  alwaysValidPValue,
  confidenceSequence,
  sequentialRho,
} from '../../../engine/analysis/stats/sequential.ts';

/** A Python transcription of gbstats' sequential test: test/fixtures/statsmodels/power_bayes.py. */
interface SequentialCase {
  name: string;
  estimate: number;
  se: number;
  n: number;
  alpha: number;
  tuning: number;
  rho: number;
  halfWidth: number;
  ci: [number, number];
  pValue: number;
  gbstatsCi?: [number, number];
}
const fixture = JSON.parse(
  readFileSync(new URL('../../fixtures/statsmodels/power_bayes.json', import.meta.url), 'utf8'),
) as { sequential: SequentialCase[] };

function close(actual: number, expected: number, rel: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= rel * Math.abs(expected), `${what}: ${actual} vs ${expected}`);
}

test('reproduces the gbstats formula (Python transcription): ρ, half-width, interval, always-valid p-value', () => {
  assert.ok(fixture.sequential.length >= 6);
  for (const c of fixture.sequential) {
    const r = confidenceSequence(c.estimate, c.se, c.n, c.alpha, c.tuning);
    close(r.rho, c.rho, 1e-14, `${c.name} rho`);
    close(r.halfWidth, c.halfWidth, 1e-13, `${c.name} half-width`);
    close(r.ci[0], c.ci[0], 1e-13, `${c.name} lower`);
    close(r.ci[1], c.ci[1], 1e-13, `${c.name} upper`);
    close(alwaysValidPValue(c.estimate, c.se, c.n, c.alpha, c.tuning), c.pValue, 1e-11, `${c.name} p`);
  }
});

test("matches the expected intervals of gbstats' own TestSequentialTTest (5 decimals)", () => {
  const published = fixture.sequential.filter((c) => c.gbstatsCi);
  assert.equal(published.length, 2);
  for (const c of published) {
    const r = confidenceSequence(c.estimate, c.se, c.n, c.alpha, c.tuning);
    assert.deepEqual(
      r.ci.map((v) => Math.round(v * 1e5) / 1e5),
      c.gbstatsCi,
      c.name,
    );
  }
});

test('defaults: alpha 0.05 and N* = 5000', () => {
  const a = confidenceSequence(0.1, 0.03, 8000);
  const b = confidenceSequence(0.1, 0.03, 8000, 0.05, 5000);
  assert.deepEqual(a, b);
  assert.equal(sequentialRho(), sequentialRho(0.05, 5000));
});

test('always wider than the fixed-horizon normal interval (z²_{α/2} ≤ 2 ln(1/α))', () => {
  for (const alpha of [0.2, 0.1, 0.05, 0.01, 0.001]) {
    const z = normalQuantile(1 - alpha / 2);
    for (const tuning of [100, 5000, 1e6]) {
      for (let n = 1; n <= 1e9; n *= 3) {
        const { halfWidth } = confidenceSequence(0, 0.7, n, alpha, tuning);
        assert.ok(halfWidth > z * 0.7, `alpha ${alpha}, N* ${tuning}, n ${n}: ${halfWidth} vs ${z * 0.7}`);
      }
    }
  }
});

test('shrinks as n grows at a fixed per-unit standard deviation, and is tightest relative to 1.96·SE near N*', () => {
  const sd = 2.5;
  let previous = Infinity;
  for (let n = 2; n <= 1e8; n = Math.ceil(n * 1.3)) {
    const { halfWidth } = confidenceSequence(0, sd / Math.sqrt(n), n);
    assert.ok(halfWidth < previous, `n ${n}: ${halfWidth} ≥ ${previous}`);
    previous = halfWidth;
  }
  // The width in units of the SE is minimised at n = N* (that is how ρ is chosen, eq. 161).
  const inflation = (n: number) => confidenceSequence(0, 1, n).halfWidth;
  assert.ok(inflation(5000) < inflation(2500) && inflation(5000) < inflation(10000));
  // gbstats test_sequential_test_tuning_as_expected: with the data fixed, N* near n beats N* far from it.
  const c = fixture.sequential[0]!;
  const width = (tuning: number) => confidenceSequence(c.estimate, c.se, c.n, 0.05, tuning).halfWidth;
  assert.ok(width(6461) < width(10000) && width(10000) < width(10));
});

test('the p-value is below α exactly when the sequence excludes 0', () => {
  for (const [estimate, se, n] of [
    [0.01, 0.004, 10000],
    [0.01, 0.003, 10000],
    [-0.2, 0.05, 400],
    [-0.2, 0.07, 400],
    [0.004, 0.0012, 5000],
  ] as const) {
    const { ci } = confidenceSequence(estimate, se, n);
    const excludes = ci[0] > 0 || ci[1] < 0;
    assert.equal(alwaysValidPValue(estimate, se, n) < 0.05, excludes, `${estimate} ± ${se} at ${n}`);
  }
  assert.equal(alwaysValidPValue(0, 0.1, 100), 1);
  assert.equal(alwaysValidPValue(3, 1e-6, 1e6), 0);
});

test('rejects invalid inputs', () => {
  assert.throws(() => confidenceSequence(0, -1, 10), RangeError);
  assert.throws(() => confidenceSequence(0, 1, 0), RangeError);
  assert.throws(() => confidenceSequence(NaN, 1, 10), RangeError);
  assert.throws(() => confidenceSequence(0, 1, 10, 1), RangeError);
  assert.throws(() => confidenceSequence(0, 1, 10, 0.05, 0), RangeError);
  assert.deepEqual(confidenceSequence(0.3, 0, 10).ci, [0.3, 0.3]);
});
