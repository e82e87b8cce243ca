import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { sampleRatioMismatch } from '../../../engine/analysis/stats/srm.ts';

/** SciPy 1.10 references: test/fixtures/statsmodels/srm.py. */
interface SrmCase {
  name: string;
  observed: number[];
  weights: number[];
  expected: number[];
  chi2: number;
  df: number;
  p: number;
}
const fixture = JSON.parse(
  readFileSync(new URL('../../fixtures/statsmodels/srm.json', import.meta.url), 'utf8'),
) as { cases: SrmCase[] };
const byName = (name: string) => fixture.cases.find((c) => c.name === name)!;

/** Relative tolerance 1e-6 with an absolute floor for values at or near zero. */
function close(actual: number, expected: number, what: string, abs = 1e-12): void {
  assert.ok(
    Math.abs(actual - expected) <= 1e-6 * Math.abs(expected) + abs,
    `${what}: ${actual} vs ${expected}`,
  );
}

test('chi-square goodness of fit matches scipy.stats.chisquare', () => {
  assert.ok(fixture.cases.length >= 8, 'fixture cases');
  for (const c of fixture.cases) {
    const r = sampleRatioMismatch(c.observed, c.weights);
    assert.equal(r.df, c.df, `${c.name} df`);
    close(r.chi2, c.chi2, `${c.name} chi2`);
    close(r.p, c.p, `${c.name} p`, 1e-300);
    r.expected.forEach((e, i) => close(e, c.expected[i]!, `${c.name} expected ${i}`));
    assert.equal(r.flagged, c.p < 0.001, `${c.name} flagged`);
  }
});

test('Cookie Cats: 44,700 vs 45,489 against 50/50 gives p ≈ 0.0086, not flagged at 0.001', () => {
  const c = byName('cookie cats');
  assert.deepEqual(c.observed, [44700, 45489]);
  const r = sampleRatioMismatch(c.observed);
  assert.ok(Math.abs(r.p - 0.0086) < 0.0001, `p ${r.p}`);
  assert.equal(r.flagged, false);
  assert.deepEqual(r.expected, [45094.5, 45094.5]);
  // The same split fails a looser threshold.
  assert.equal(sampleRatioMismatch(c.observed, undefined, 0.01).flagged, true);
});

test('unequal designs: 2:1:1 and 90/10 shares, and flagged splits', () => {
  const three = byName('three arms unequal weights');
  const r = sampleRatioMismatch(three.observed, three.weights);
  assert.deepEqual(r.expected, [5060, 2530, 2530]);
  assert.equal(r.flagged, false);
  // Weights are normalised: 2:1:1 and 50/25/25 are the same design.
  assert.deepEqual(sampleRatioMismatch(three.observed, [50, 25, 25]).expected, r.expected);
  assert.equal(sampleRatioMismatch(byName('flagged').observed).flagged, true);
  assert.equal(sampleRatioMismatch(byName('flagged three arms').observed).flagged, true);
  const perfect = sampleRatioMismatch([500, 500]);
  assert.deepEqual([perfect.chi2, perfect.p, perfect.flagged], [0, 1, false]);
});

test('bad input throws RangeError with a clear message', () => {
  assert.throws(() => sampleRatioMismatch([100]), {
    name: 'RangeError',
    message: 'sampleRatioMismatch needs at least 2 arms, not 1',
  });
  assert.throws(() => sampleRatioMismatch([]), /at least 2 arms/);
  assert.throws(() => sampleRatioMismatch([10, -1]), /arm 1 has -1 units; counts must be finite and ≥ 0/);
  assert.throws(() => sampleRatioMismatch([10, NaN]), RangeError);
  assert.throws(() => sampleRatioMismatch([10, Infinity]), RangeError);
  assert.throws(() => sampleRatioMismatch([0, 0]), /no units observed/);
  assert.throws(() => sampleRatioMismatch([10, 12], [1]), /1 weights for 2 arms/);
  assert.throws(
    () => sampleRatioMismatch([10, 12], [1, -1]),
    /arm 1 has weight -1; weights must be finite and > 0/,
  );
  assert.throws(() => sampleRatioMismatch([10, 12], [1, 0]), /weights must be finite and > 0/);
  assert.throws(() => sampleRatioMismatch([10, 12], [1, NaN]), RangeError);
  assert.throws(
    () => sampleRatioMismatch([10, 12], undefined, 0),
    /threshold must lie strictly between 0 and 1/,
  );
});
