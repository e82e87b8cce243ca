import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  newcombeInterval,
  twoProportionZTest,
  wilsonInterval,
  type Counts,
} from '../../../engine/analysis/stats/proportions.ts';

/** statsmodels 0.13 references: test/fixtures/statsmodels/two_sample.py. */
interface ProportionCase {
  name: string;
  treatment: Counts;
  control: Counts;
  alpha: number;
  z: number;
  p: number;
  wilsonTreatment: [number, number];
  wilsonControl: [number, number];
  newcombe: [number, number];
}
const fixture = JSON.parse(
  readFileSync(new URL('../../fixtures/statsmodels/two_sample.json', import.meta.url), 'utf8'),
) as { proportions: ProportionCase[] };
const byName = (name: string) => fixture.proportions.find((c) => c.name === name)!;

/** Relative tolerance 1e-6 with an absolute floor for values at or near zero. */
function close(actual: number, expected: number, what: string, rel = 1e-6, abs = 1e-12): void {
  assert.ok(
    Math.abs(actual - expected) <= rel * Math.abs(expected) + abs,
    `${what}: ${actual} vs ${expected}`,
  );
}

test('two-proportion z-test matches statsmodels proportions_ztest (pooled, two-sided)', () => {
  assert.ok(fixture.proportions.length >= 15, 'fixture cases');
  for (const c of fixture.proportions) {
    const { z, p } = twoProportionZTest(c.treatment, c.control);
    close(z, c.z, `${c.name} z`);
    close(p, c.p, `${c.name} p`, 1e-6, 1e-300);
  }
});

test('Wilson interval matches statsmodels proportion_confint(method="wilson"), x = 0 and x = n included', () => {
  for (const c of fixture.proportions) {
    const t = wilsonInterval(c.treatment, c.alpha);
    const k = wilsonInterval(c.control, c.alpha);
    close(t[0], c.wilsonTreatment[0], `${c.name} treatment low`);
    close(t[1], c.wilsonTreatment[1], `${c.name} treatment high`);
    close(k[0], c.wilsonControl[0], `${c.name} control low`);
    close(k[1], c.wilsonControl[1], `${c.name} control high`);
  }
  // The bounds at the edges are exact, not an ulp off.
  assert.equal(wilsonInterval({ x: 0, n: 20 })[0], 0);
  assert.equal(wilsonInterval({ x: 15, n: 15 })[1], 1);
  const [low, high] = wilsonInterval({ x: 1, n: 1 });
  assert.ok(low > 0 && high === 1, `${low}, ${high}`);
});

test('Newcombe interval matches statsmodels confint_proportions_2indep(method="newcomb", compare="diff")', () => {
  for (const c of fixture.proportions) {
    const [low, high] = newcombeInterval(c.treatment, c.control, c.alpha);
    close(low, c.newcombe[0], `${c.name} low`);
    close(high, c.newcombe[1], `${c.name} high`);
    assert.ok(low >= -1 && high <= 1, `${c.name}: inside [−1, 1]`);
  }
});

test('Cookie Cats retention_7: gate_40 retains about 0.82 pp fewer players, p ≈ 0.0016', () => {
  const c = byName('cookie cats retention_7');
  assert.deepEqual(c.treatment, { x: 8279, n: 45489 });
  assert.deepEqual(c.control, { x: 8502, n: 44700 });
  const diff = c.treatment.x / c.treatment.n - c.control.x / c.control.n;
  assert.ok(Math.abs(diff + 0.0082) < 0.0001, `diff ${diff}`);
  const [low, high] = newcombeInterval(c.treatment, c.control);
  assert.ok(Math.abs(low + 0.0133) < 0.0001 && Math.abs(high + 0.0031) < 0.0001, `CI ${low}, ${high}`);
  const { p } = twoProportionZTest(c.treatment, c.control);
  assert.ok(Math.abs(p - 0.0016) < 0.0001, `p ${p}`);
  // A stricter level widens the interval around the same difference.
  const [low99, high99] = newcombeInterval(c.treatment, c.control, 0.01);
  assert.ok(low99 < low && high99 > high, `99 %: ${low99}, ${high99}`);
});

test('Hillstrom: both e-mail arms convert more than No E-Mail', () => {
  for (const arm of ['Mens E-Mail', 'Womens E-Mail']) {
    const c = byName(`hillstrom conversion ${arm}`);
    assert.equal(c.control.n, 21306);
    const [low] = newcombeInterval(c.treatment, c.control);
    assert.ok(low > 0, `${arm}: interval above zero`);
    assert.ok(twoProportionZTest(c.treatment, c.control).p < 0.001, `${arm}: p < 0.001`);
  }
});

test('the z-test is antisymmetric in the arms and returns z = 0, p = 1 when both rates are 0 or both 1', () => {
  const a = { x: 30, n: 200 };
  const b = { x: 41, n: 190 };
  assert.equal(twoProportionZTest(a, b).z, -twoProportionZTest(b, a).z);
  assert.equal(twoProportionZTest(a, b).p, twoProportionZTest(b, a).p);
  // statsmodels returns NaN (0/0) here; the rates are identical, so there is no evidence of a difference.
  assert.deepEqual(twoProportionZTest({ x: 0, n: 10 }, { x: 0, n: 12 }), { z: 0, p: 1 });
  assert.deepEqual(twoProportionZTest({ x: 10, n: 10 }, { x: 12, n: 12 }), { z: 0, p: 1 });
  const [low, high] = newcombeInterval({ x: 0, n: 10 }, { x: 0, n: 12 });
  assert.ok(low < 0 && high > 0, `${low}, ${high}`);
});

test('bad counts and alpha throw RangeError with a clear message', () => {
  assert.throws(() => wilsonInterval({ x: 0, n: 0 }), {
    name: 'RangeError',
    message: 'a Wilson interval needs n > 0 trials, not 0',
  });
  assert.throws(() => wilsonInterval({ x: 5, n: 4 }), /a Wilson interval needs 0 ≤ x ≤ n successes/);
  assert.throws(() => wilsonInterval({ x: -1, n: 4 }), RangeError);
  assert.throws(() => wilsonInterval({ x: NaN, n: 4 }), RangeError);
  assert.throws(() => wilsonInterval({ x: 1, n: Infinity }), RangeError);
  assert.throws(() => wilsonInterval({ x: 1, n: 4 }, 0), /alpha must lie strictly between 0 and 1/);
  assert.throws(() => wilsonInterval({ x: 1, n: 4 }, 1.5), RangeError);
  assert.throws(
    () => newcombeInterval({ x: 1, n: 4 }, { x: 1, n: -3 }),
    /the control arm needs n > 0 trials/,
  );
  assert.throws(() => newcombeInterval({ x: 9, n: 4 }, { x: 1, n: 3 }), /the treatment arm needs 0 ≤ x ≤ n/);
  assert.throws(() => newcombeInterval({ x: 1, n: 4 }, { x: 1, n: 3 }, NaN), RangeError);
  assert.throws(
    () => twoProportionZTest({ x: 1, n: 4 }, { x: 1, n: 0 }),
    /z-test: the control arm needs n > 0/,
  );
  assert.throws(() => twoProportionZTest({ x: 1, n: NaN }, { x: 1, n: 3 }), RangeError);
});
