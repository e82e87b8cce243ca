import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { normalQuantile } from '../../../engine/analysis/stats/distributions.ts';
import { powerAt, sampleSize, type PowerInput } from '../../../engine/analysis/stats/power.ts';

/** statsmodels 0.13 NormalIndPower references: test/fixtures/statsmodels/power_bayes.py. */
interface PowerCase {
  name: string;
  input: PowerInput;
  effectSize: number;
  alphaPerTest: number;
  nExactStatsmodels: number;
  nExactRoot: number;
  nPerArm: number;
  total: number;
  achievedPower: number;
  powerAt: [number, number][];
}
const fixture = JSON.parse(
  readFileSync(new URL('../../fixtures/statsmodels/power_bayes.json', import.meta.url), 'utf8'),
) as { power: PowerCase[] };

function close(actual: number, expected: number, rel: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= rel * Math.abs(expected), `${what}: ${actual} vs ${expected}`);
}

test('sample sizes match statsmodels NormalIndPower.solve_power (binary/continuous, absolute/relative, 2–4 arms)', () => {
  assert.ok(fixture.power.length >= 8);
  const arms = new Set(fixture.power.map((c) => c.input.arms ?? 2));
  assert.deepEqual([...arms].sort(), [2, 3, 4]);
  for (const c of fixture.power) {
    const r = sampleSize(c.input);
    close(r.effectSize, c.effectSize, 1e-13, `${c.name} effect size`);
    close(r.alphaPerTest, c.alphaPerTest, 1e-15, `${c.name} alpha per test`);
    close(r.nExact, c.nExactStatsmodels, 1e-6, `${c.name} n vs solve_power`);
    // statsmodels' own root finder stops up to ~1e-7 short; against the exact root we agree to rounding.
    close(r.nExact, c.nExactRoot, 1e-10, `${c.name} n vs exact root`);
    assert.equal(r.nPerArm, c.nPerArm, `${c.name} nPerArm`);
    assert.equal(r.total, c.total, `${c.name} total`);
    close(r.achievedPower, c.achievedPower, 1e-12, `${c.name} achieved power`);
    assert.ok(r.achievedPower >= (c.input.power ?? 0.8), `${c.name}: rounding up keeps the power`);
    for (const [n, p] of c.powerAt) close(powerAt(c.input, n), p, 1e-12, `${c.name} power at ${n}`);
  }
});

test('the solution has the target power exactly and sits just below the one-tail textbook formula', () => {
  for (const c of fixture.power) {
    const r = sampleSize(c.input);
    const target = c.input.power ?? 0.8;
    close(powerAt(c.input, r.nExact), target, 1e-13, `${c.name} power at nExact`);
    const z = normalQuantile(1 - r.alphaPerTest / 2) + normalQuantile(target);
    const textbook = 2 * (z / r.effectSize) ** 2;
    // The second tail adds power, so NormalIndPower needs (slightly) fewer units than 2((z + z_β)/es)².
    assert.ok(r.nExact <= textbook && r.nExact > 0.97 * textbook, `${c.name}: ${r.nExact} vs ${textbook}`);
  }
});

test('relative and absolute effects agree; the sign of the effect does not matter for continuous metrics', () => {
  const rel = sampleSize({ metric: 'binary', baseline: 0.2, mde: 0.1, relative: true });
  const abs = sampleSize({ metric: 'binary', baseline: 0.2, mde: 0.02 });
  close(rel.nExact, abs.nExact, 1e-12, 'relative = absolute');
  const up = sampleSize({ metric: 'continuous', baseline: 3, sd: 2, mde: 0.25 });
  const down = sampleSize({ metric: 'continuous', baseline: 3, sd: 2, mde: -0.25 });
  close(down.nExact, up.nExact, 1e-14, 'sign');
  assert.equal(down.effectSize, -up.effectSize);
});

test('Bonferroni: more arms need more units per arm; total counts every arm', () => {
  const base = { metric: 'continuous', baseline: 0, sd: 1, mde: 0.1 } as const;
  const two = sampleSize(base);
  const three = sampleSize({ ...base, arms: 3 });
  const five = sampleSize({ ...base, arms: 5 });
  assert.ok(two.nPerArm < three.nPerArm && three.nPerArm < five.nPerArm);
  assert.equal(five.alphaPerTest, 0.05 / 4);
  assert.equal(five.total, 5 * five.nPerArm);
  close(powerAt({ ...base, arms: 3 }, 0), 0.025, 1e-14, 'power at n = 0 is the per-test alpha');
});

test('rejects impossible designs', () => {
  const bad: PowerInput[] = [
    { metric: 'binary', baseline: 0, mde: 0.01 },
    { metric: 'binary', baseline: 1.2, mde: 0.01 },
    { metric: 'binary', baseline: 0.95, mde: 0.06 },
    { metric: 'binary', baseline: 0.5, mde: -1.5, relative: true },
    { metric: 'binary', baseline: 0.1, mde: 0 },
    { metric: 'continuous', baseline: 10, mde: 1 },
    { metric: 'continuous', baseline: 10, sd: 0, mde: 1 },
    { metric: 'continuous', baseline: 0, sd: 1, mde: 0.5, relative: true },
    { metric: 'continuous', baseline: 1, sd: 1, mde: 0.5, power: 0.05 },
    { metric: 'continuous', baseline: 1, sd: 1, mde: 0.5, power: 0.01 },
    { metric: 'continuous', baseline: 1, sd: 1, mde: 0.5, alpha: 0 },
    { metric: 'continuous', baseline: 1, sd: 1, mde: 0.5, arms: 1 },
    { metric: 'continuous', baseline: 1, sd: 1, mde: 0.5, arms: 2.5 },
  ];
  for (const input of bad) assert.throws(() => sampleSize(input), RangeError, JSON.stringify(input));
  assert.throws(() => powerAt({ metric: 'continuous', baseline: 1, sd: 1, mde: 0.5 }, -1), RangeError);
});
