import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import betaln from '@stdlib/math-base-special-betaln';
import { betaBinomialSummary, normalSummary } from '../../../engine/analysis/stats/bayes.ts';

/** References from test/fixtures/statsmodels/power_bayes.py: Evan Miller's sum (mpmath), SciPy quad, Monte Carlo. */
interface Values {
  chance: number;
  lossTreatment: number;
  lossControl: number;
}
interface BayesCase {
  name: string;
  treatment: { x: number; n: number };
  control: { x: number; n: number };
  prior: { a: number; b: number };
  posteriorMean: { treatment: number; control: number };
  exact?: Values;
  scipy: Values & { liftCi: [number, number] };
  monteCarlo: Values & {
    chanceSe: number;
    lossTreatmentSe: number;
    lossControlSe: number;
    liftCi: [number, number];
    liftCiBands: [[number, number], [number, number]];
  };
}
interface NormalCase extends Values {
  diff: number;
  se: number;
}
const fixture = JSON.parse(
  readFileSync(new URL('../../fixtures/statsmodels/power_bayes.json', import.meta.url), 'utf8'),
) as { bayes: BayesCase[]; normal: NormalCase[] };

function near(actual: number, expected: number, abs: number, what: string, rel = 0): void {
  assert.ok(
    Math.abs(actual - expected) <= abs + rel * Math.abs(expected),
    `${what}: ${actual} vs ${expected} (|Δ| = ${Math.abs(actual - expected)})`,
  );
}

const summaries = new Map(
  fixture.bayes.map((c) => [c.name, betaBinomialSummary(c.treatment, c.control, c.prior)] as const),
);

/**
 * Evan Miller's closed form (https://www.evanmiller.org/bayesian-ab-testing.html) for P(pB > pA), pA ~ Beta(aA, bA),
 * pB ~ Beta(aB, bB), aB a positive integer: Σ_{i<aB} B(aA + i, bA + bB) / ((bB + i) B(1 + i, bB) B(aA, bA)).
 */
function millerH(aA: number, bA: number, aB: number, bB: number): number {
  let sum = 0;
  for (let i = 0; i < aB; i++) {
    sum += Math.exp(betaln(aA + i, bA + bB) - Math.log(bB + i) - betaln(1 + i, bB) - betaln(aA, bA));
  }
  return sum;
}

test('cases cover Cookie Cats, a tiny rate, n in the millions, zero conversions and a non-uniform prior', () => {
  const names = fixture.bayes.map((c) => c.name);
  for (const name of [
    'cookie_cats_retention_7',
    'tiny_rate',
    'millions',
    'zero_conversions',
    'jeffreys_prior',
  ]) {
    assert.ok(names.includes(name), name);
  }
  const cookie = fixture.bayes.find((c) => c.name === 'cookie_cats_retention_7')!;
  assert.deepEqual(
    [cookie.control, cookie.treatment],
    [
      { x: 8502, n: 44700 },
      { x: 8279, n: 45489 },
    ],
  );
});

test("chance to beat control and expected losses match Evan Miller's exact sum (40-digit mpmath)", () => {
  let checked = 0;
  for (const c of fixture.bayes) {
    if (!c.exact) continue;
    checked++;
    const r = summaries.get(c.name)!;
    near(r.chanceToBeatControl, c.exact.chance, 1e-10, `${c.name} chance`);
    near(r.expectedLoss.treatment, c.exact.lossTreatment, 1e-13, `${c.name} loss(treatment)`, 1e-8);
    near(r.expectedLoss.control, c.exact.lossControl, 1e-13, `${c.name} loss(control)`, 1e-8);
  }
  assert.ok(checked >= 7);
});

test("Evan Miller's closed form evaluated here, for small integer posteriors", () => {
  const cases: [{ x: number; n: number }, { x: number; n: number }][] = [
    [
      { x: 5, n: 12 },
      { x: 3, n: 10 },
    ],
    [
      { x: 1, n: 20 },
      { x: 0, n: 20 },
    ],
    [
      { x: 2, n: 40 },
      { x: 7, n: 50 },
    ],
    [
      { x: 45, n: 210 },
      { x: 50, n: 200 },
    ],
  ];
  for (const [t, c] of cases) {
    const [aT, bT, aC, bC] = [1 + t.x, 1 + t.n - t.x, 1 + c.x, 1 + c.n - c.x];
    const mT = aT / (aT + bT);
    const mC = aC / (aC + bC);
    const chance = millerH(aC, bC, aT, bT);
    // E[pT·1{pT > pC}] = mT·P(T⁺ > C) and E[pC·1{pT > pC}] = mC·P(T > C⁺), T⁺ ~ Beta(aT + 1, bT).
    const lossControl = mT * millerH(aC, bC, aT + 1, bT) - mC * millerH(aC + 1, bC, aT, bT);
    const r = betaBinomialSummary(t, c);
    const what = `${t.x}/${t.n} vs ${c.x}/${c.n}`;
    near(r.chanceToBeatControl, chance, 1e-12, `${what} chance`);
    near(r.expectedLoss.control, lossControl, 1e-13, `${what} loss(control)`);
    // E[max(pT − pC, 0)] − E[max(pC − pT, 0)] = E[pT − pC].
    near(r.expectedLoss.control - r.expectedLoss.treatment, mT - mC, 1e-13, `${what} loss identity`);
  }
});

test('agrees with an independent SciPy computation, including the lift credible interval', () => {
  for (const c of fixture.bayes) {
    const r = summaries.get(c.name)!;
    near(r.chanceToBeatControl, c.scipy.chance, 1e-9, `${c.name} chance`);
    near(r.expectedLoss.treatment, c.scipy.lossTreatment, 1e-12, `${c.name} loss(treatment)`, 1e-6);
    near(r.expectedLoss.control, c.scipy.lossControl, 1e-12, `${c.name} loss(control)`, 1e-6);
    near(r.liftCi[0], c.scipy.liftCi[0], 1e-9, `${c.name} lift low`, 1e-9);
    near(r.liftCi[1], c.scipy.liftCi[1], 1e-9, `${c.name} lift high`, 1e-9);
    near(r.posteriorMean.treatment, c.posteriorMean.treatment, 0, `${c.name} mean T`, 1e-15);
    near(r.posteriorMean.control, c.posteriorMean.control, 0, `${c.name} mean C`, 1e-15);
  }
});

test('agrees with a 10⁷-draw seeded Monte Carlo (within 5 standard errors and 1e-3)', () => {
  for (const c of fixture.bayes) {
    const r = summaries.get(c.name)!;
    const mc = c.monteCarlo;
    const check = (actual: number, expected: number, se: number, what: string) => {
      near(actual, expected, Math.min(1e-3, Math.max(5 * se, 1e-12)), `${c.name} ${what} (MC)`);
    };
    check(r.chanceToBeatControl, mc.chance, Math.max(mc.chanceSe, 1 / 1e7), 'chance');
    check(r.expectedLoss.treatment, mc.lossTreatment, mc.lossTreatmentSe, 'loss(treatment)');
    check(r.expectedLoss.control, mc.lossControl, mc.lossControlSe, 'loss(control)');
    r.liftCi.forEach((v, i) => {
      const [lo, hi] = mc.liftCiBands[i]!;
      assert.ok(v >= lo && v <= hi, `${c.name} lift bound ${i}: ${v} outside the MC band [${lo}, ${hi}]`);
      near(v, mc.liftCi[i]!, 1e-3, `${c.name} lift bound ${i} (MC)`);
    });
  }
});

test('swapping the arms mirrors every summary', () => {
  for (const c of fixture.bayes) {
    const r = summaries.get(c.name)!;
    const s = betaBinomialSummary(c.control, c.treatment, c.prior);
    near(r.chanceToBeatControl + s.chanceToBeatControl, 1, 1e-10, `${c.name} chance`);
    near(s.expectedLoss.treatment, r.expectedLoss.control, 1e-13, `${c.name} losses`, 1e-8);
    near(s.expectedLoss.control, r.expectedLoss.treatment, 1e-13, `${c.name} losses`, 1e-8);
    // pC/pT − 1 = 1/(1 + lift) − 1, with the tails exchanged.
    near(s.liftCi[0], 1 / (1 + r.liftCi[1]) - 1, 1e-9, `${c.name} mirrored lift low`, 1e-9);
    near(s.liftCi[1], 1 / (1 + r.liftCi[0]) - 1, 1e-9, `${c.name} mirrored lift high`, 1e-9);
  }
});

test('identical arms: a coin flip with equal losses; the credible level widens the interval', () => {
  const arm = { x: 40, n: 500 };
  const r = betaBinomialSummary(arm, arm);
  near(r.chanceToBeatControl, 0.5, 1e-10, 'chance');
  near(r.expectedLoss.treatment, r.expectedLoss.control, 1e-14, 'losses');
  const narrow = betaBinomialSummary(arm, arm, undefined, 0.8);
  assert.ok(narrow.liftCi[0] > r.liftCi[0] && narrow.liftCi[1] < r.liftCi[1]);
  assert.ok(r.liftCi[0] < 0 && r.liftCi[1] > 0);
});

test('rejects impossible counts and priors', () => {
  const ok = { x: 3, n: 10 };
  assert.throws(() => betaBinomialSummary({ x: 11, n: 10 }, ok), RangeError);
  assert.throws(() => betaBinomialSummary(ok, { x: -1, n: 10 }), RangeError);
  assert.throws(() => betaBinomialSummary(ok, { x: NaN, n: 10 }), RangeError);
  assert.throws(() => betaBinomialSummary(ok, ok, { a: 0, b: 1 }), RangeError);
  assert.throws(() => betaBinomialSummary(ok, ok, undefined, 1), RangeError);
});

test('normal model: closed forms against SciPy, and the loss identity', () => {
  for (const c of fixture.normal) {
    const r = normalSummary(c.diff, c.se);
    const what = `${c.diff} ± ${c.se}`;
    near(r.chanceToBeatControl, c.chance, 1e-15, `${what} chance`, 1e-13);
    near(r.expectedLoss.treatment, c.lossTreatment, 1e-17, `${what} loss(treatment)`, 1e-12);
    near(r.expectedLoss.control, c.lossControl, 1e-17, `${what} loss(control)`, 1e-12);
    near(r.expectedLoss.control - r.expectedLoss.treatment, c.diff, 1e-15, `${what} identity`, 1e-12);
  }
  const zero = normalSummary(0, 2);
  assert.equal(zero.chanceToBeatControl, 0.5);
  near(zero.expectedLoss.treatment, 2 / Math.sqrt(2 * Math.PI), 1e-16, 'E|D|/2');
  assert.throws(() => normalSummary(0.1, 0), RangeError);
  assert.throws(() => normalSummary(Infinity, 1), RangeError);
});

test('the normal model is the large-sample limit of the beta-binomial one', () => {
  const c = fixture.bayes.find((b) => b.name === 'millions')!;
  const r = summaries.get(c.name)!;
  const { treatment: mT, control: mC } = c.posteriorMean;
  const se = Math.sqrt((mT * (1 - mT)) / c.treatment.n + (mC * (1 - mC)) / c.control.n);
  const n = normalSummary(mT - mC, se);
  near(n.chanceToBeatControl, r.chanceToBeatControl, 2e-3, 'chance');
  near(n.expectedLoss.treatment, r.expectedLoss.treatment, 0, 'loss(treatment)', 2e-2);
});
