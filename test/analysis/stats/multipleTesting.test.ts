import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  adjustPValues,
  benjaminiHochberg,
  consistentAlpha,
  holm,
  type Correction,
} from '../../../engine/analysis/stats/multipleTesting.ts';
import { normalQuantile, tQuantile } from '../../../engine/analysis/stats/distributions.ts';
import { Rng } from '../../../engine/analysis/random.ts';
import { momentsOf, welchTest, type Moments } from '../../../engine/analysis/stats/means.ts';
import { compareRatios, type RatioMoments } from '../../../engine/analysis/stats/delta.ts';

/** statsmodels 0.13 references: test/fixtures/statsmodels/multiple_testing.py. */
interface AdjustCase {
  name: string;
  p: number[];
  holm: number[];
  bh: number[];
}
const fixture = JSON.parse(
  readFileSync(new URL('../../fixtures/statsmodels/multiple_testing.json', import.meta.url), 'utf8'),
) as { cases: AdjustCase[] };

function closeAll(actual: number[], expected: number[], what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  actual.forEach((a, i) => {
    const e = expected[i]!;
    assert.ok(Math.abs(a - e) <= 1e-6 * Math.abs(e) + 1e-300, `${what}[${i}]: ${a} vs ${e}`);
  });
}

test('Holm matches statsmodels multipletests(method="holm"), input order kept', () => {
  assert.ok(fixture.cases.length >= 10, 'fixture cases');
  for (const c of fixture.cases) closeAll(holm(c.p), c.holm, `${c.name} holm`);
});

test('Benjamini–Hochberg matches statsmodels multipletests(method="fdr_bh"), input order kept', () => {
  for (const c of fixture.cases) closeAll(benjaminiHochberg(c.p), c.bh, `${c.name} bh`);
});

test('adjustPValues dispatches, does not alias its input, and handles the empty family', () => {
  const c = fixture.cases.find((x) => x.name === 'ties')!;
  closeAll(adjustPValues(c.p, 'holm'), c.holm, 'holm');
  closeAll(adjustPValues(c.p, 'bh'), c.bh, 'bh');
  const none = adjustPValues(c.p, 'none');
  assert.deepEqual(none, c.p);
  assert.notEqual(none, c.p);
  for (const correction of ['none', 'holm', 'bh'] as const)
    assert.deepEqual(adjustPValues([], correction), []);
});

test('adjusted p-values are never below the raw ones and keep their order', () => {
  const rng = new Rng(7);
  const random = () => rng.next();
  for (let trial = 0; trial < 200; trial++) {
    const m = 1 + Math.floor(random() * 12);
    const p = Array.from({ length: m }, () => (random() < 0.2 ? 0.05 : random() ** 3));
    for (const correction of ['holm', 'bh'] as const) {
      const adj = adjustPValues(p, correction);
      p.forEach((pi, i) => {
        assert.ok(adj[i]! >= pi && adj[i]! <= 1, `${correction}: adj ≥ p`);
        p.forEach((pj, j) => {
          if (pi < pj) assert.ok(adj[i]! <= adj[j]!, `${correction}: monotone`);
        });
      });
    }
  }
});

/** Random Welch and ratio-metric comparisons with effects from null to strong, as an experiment report has. */
function randomComparison(random: () => number): {
  welch: [Moments, Moments];
  ratio: [RatioMoments, RatioMoments];
} {
  const effect = random() < 0.4 ? 0 : random() * 0.6;
  const arm = (shift: number): Moments => {
    const n = 5 + Math.floor(random() * 400);
    const values = Array.from({ length: n }, () => shift + Math.log(1 / (1 - random())));
    return momentsOf(values);
  };
  const ratioArm = (shift: number): RatioMoments => {
    const n = 20 + Math.floor(random() * 400);
    const m = { n, sumX: 0, sumY: 0, sumXX: 0, sumYY: 0, sumXY: 0 };
    for (let i = 0; i < n; i++) {
      const y = 1 + Math.floor(random() * 4);
      const x = y * (1 + shift) * random() * 2;
      m.sumX += x;
      m.sumY += y;
      m.sumXX += x * x;
      m.sumYY += y * y;
      m.sumXY += x * y;
    }
    return m;
  };
  return { welch: [arm(effect), arm(0)], ratio: [ratioArm(effect), ratioArm(0)] };
}

const excludesZero = (ci: [number, number]) => ci[0] > 0 || ci[1] < 0;

test('consistentAlpha: the Welch and ratio intervals at 1 − α′ exclude zero exactly when the adjusted p < α', () => {
  const rng = new Rng(20240918);
  const random = () => rng.next();
  let checked = 0;
  let excluded = 0;
  for (let family = 0; family < 150; family++) {
    const m = 2 + Math.floor(random() * 6);
    const alpha = [0.05, 0.1, 0.01][family % 3]!;
    const comparisons = Array.from({ length: m }, () => randomComparison(random));
    const welchP = comparisons.map((c) => welchTest(c.welch[0], c.welch[1]).p);
    const ratioP = comparisons.map((c) => compareRatios(c.ratio[0], c.ratio[1]).p);
    for (const correction of ['holm', 'bh', 'none'] as Correction[]) {
      // Welch and ratio p-values adjusted as one family of 2m comparisons.
      const p = [...welchP, ...ratioP];
      const adj = adjustPValues(p, correction);
      p.forEach((pi, i) => {
        const pAdj = adj[i]!;
        // Skip the boundary itself, where the answer is decided by the last bits of the quantile functions.
        if (Math.abs(pAdj - alpha) < 1e-9 * alpha) return;
        const a = consistentAlpha(alpha, pi, pAdj);
        // Holm and BH never adjust by more than the family size, so α′ stays within [α/k, α] for a family of k.
        assert.ok(a <= alpha && a >= (alpha / p.length) * (1 - 1e-12), `α′ ${a} for α ${alpha}`);
        const c = comparisons[i % m]!;
        const ci =
          i < m ? welchTest(c.welch[0], c.welch[1], a).ci : compareRatios(c.ratio[0], c.ratio[1], a).ci;
        assert.equal(
          excludesZero(ci),
          pAdj < alpha,
          `${correction} ${i}: p ${pi}, adjusted ${pAdj}, α′ ${a}`,
        );
        checked++;
        if (pAdj < alpha) excluded++;
      });
    }
  }
  assert.ok(checked > 1000 && excluded > 200 && checked - excluded > 200, `${excluded} of ${checked}`);
});

test('consistentAlpha: a normal and a t statistic at p, tested at α′, agree with the adjusted p', () => {
  const rng = new Rng(7);
  const random = () => rng.next();
  for (let family = 0; family < 300; family++) {
    const p = Array.from({ length: 2 + Math.floor(random() * 8) }, () => random() ** (1 + 4 * random()));
    const alpha = [0.05, 0.1, 0.01][family % 3]!;
    const df = 3 + Math.floor(random() * 200);
    for (const correction of ['holm', 'bh'] as Correction[]) {
      const adj = adjustPValues(p, correction);
      p.forEach((pi, i) => {
        const pAdj = adj[i]!;
        if (Math.abs(pAdj - alpha) < 1e-9 * alpha) return;
        const a = consistentAlpha(alpha, pi, pAdj);
        // The statistics from the lower tail (1 − p/2 would round away the digits of a tiny p).
        assert.equal(normalQuantile(a / 2) > normalQuantile(pi / 2), pAdj < alpha, `z: ${pi}, ${pAdj}`);
        assert.equal(tQuantile(a / 2, df) > tQuantile(pi / 2, df), pAdj < alpha, `t: ${pi}, ${pAdj}`);
      });
    }
  }
});

test('consistentAlpha: alpha itself when p = p_adj or p = 0, alpha·p/p_adj otherwise', () => {
  assert.equal(consistentAlpha(0.05, 0.01, 0.01), 0.05);
  assert.equal(consistentAlpha(0.05, 0, 0), 0.05);
  assert.equal(consistentAlpha(0.05, 0.01, 0.03), (0.05 * 0.01) / 0.03);
  assert.equal(consistentAlpha(0.05, 0.2, 1), 0.05 * 0.2);
});

test('bad p-values and alpha throw RangeError with a clear message', () => {
  assert.throws(() => holm([0.1, NaN]), {
    name: 'RangeError',
    message: 'holm: p-value 1 must lie in [0, 1], not NaN',
  });
  assert.throws(() => benjaminiHochberg([1.2]), /benjaminiHochberg: p-value 0 must lie in \[0, 1\]/);
  assert.throws(() => adjustPValues([-0.1], 'none'), RangeError);
  assert.throws(() => adjustPValues([-0.1], 'holm'), RangeError);
  assert.throws(() => consistentAlpha(0, 0.1, 0.2), /alpha must lie strictly between 0 and 1/);
  assert.throws(() => consistentAlpha(0.05, 0.1, 0.05), /the adjusted p-value must lie in \[p, 1\]/);
  assert.throws(() => consistentAlpha(0.05, NaN, 0.05), /p must lie in \[0, 1\]/);
  assert.throws(() => consistentAlpha(0.05, 0.1, 1.5), RangeError);
});
