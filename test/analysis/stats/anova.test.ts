import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { anovaTypeII, type CellMoments } from '../../../engine/analysis/stats/anova.ts';
import { Rng } from '../../../engine/analysis/random.ts';

/** statsmodels 0.13 anova_lm(typ=2) references: test/fixtures/statsmodels/factorial.py. */
interface AnovaCase {
  name: string;
  factors: string[];
  cells: CellMoments[];
  terms: { term: string; df: number; ss: number; F: number; p: number; partialEta2: number }[];
  residual: { df: number; ss: number };
}
const fixture = JSON.parse(
  readFileSync(new URL('../../fixtures/statsmodels/factorial.json', import.meta.url), 'utf8'),
) as { anova: AnovaCase[] };
const byName = (name: string) => fixture.anova.find((c) => c.name === name)!;

function close(actual: number, expected: number, what: string, relative = 1e-6): void {
  const ok = Math.abs(actual - expected) <= relative * Math.abs(expected) + 1e-300;
  assert.ok(ok, `${what}: ${actual} vs ${expected}`);
}

function matchesStatsmodels(c: AnovaCase, cells: readonly CellMoments[] = c.cells): void {
  const result = anovaTypeII(cells, c.factors);
  assert.deepEqual(
    result.terms.map((t) => t.term),
    c.terms.map((t) => t.term),
  );
  result.terms.forEach((t, i) => {
    const e = c.terms[i]!;
    assert.equal(t.df, e.df, `${c.name} ${t.term} df`);
    close(t.ss, e.ss, `${c.name} ${t.term} ss`);
    close(t.F, e.F, `${c.name} ${t.term} F`);
    close(t.p, e.p, `${c.name} ${t.term} p`);
    close(t.partialEta2, e.partialEta2, `${c.name} ${t.term} partial eta²`);
  });
  assert.equal(result.residual.df, c.residual.df, `${c.name} residual df`);
  close(result.residual.ss, c.residual.ss, `${c.name} residual ss`);
}

test('fast-food Promotion × MarketSize (unbalanced 3×3) matches statsmodels anova_lm typ=2', () => {
  const c = byName('fastfood');
  assert.equal(c.cells.length, 9);
  matchesStatsmodels(c);
  assert.deepEqual(
    anovaTypeII(c.cells, c.factors).terms.map((t) => t.term),
    ['Promotion', 'MarketSize', 'Promotion:MarketSize'],
  );
});

test('one factor (fast-food Promotion; cookie cats version on 90 189 rows) matches statsmodels', () => {
  matchesStatsmodels(byName('fastfood one factor'));
  matchesStatsmodels(byName('cookie cats one factor'));
});

test('balanced synthetic 2×2 matches statsmodels, and its sums of squares add up to the total', () => {
  const c = byName('balanced 2x2');
  matchesStatsmodels(c);
  // In a balanced design the effects are orthogonal: type II = type I and SS_A + SS_B + SS_AB + SS_within = SS_total.
  const { terms, residual } = anovaTypeII(c.cells, c.factors);
  const n = c.cells.reduce((s, x) => s + x.n, 0);
  const sum = c.cells.reduce((s, x) => s + x.sum, 0);
  const total = c.cells.reduce((s, x) => s + x.sumSq, 0) - (sum * sum) / n;
  close(terms.reduce((s, t) => s + t.ss, 0) + residual.ss, total, 'sum of squares', 1e-10);
});

test('unbalanced synthetic 2×3 matches statsmodels', () => {
  const c = byName('unbalanced 2x3');
  assert.deepEqual(
    c.cells.map((x) => x.n),
    [20, 9, 41, 12, 30, 7],
  );
  matchesStatsmodels(c);
});

test('the order of the cells does not matter', () => {
  const rng = new Rng(7);
  for (const name of ['fastfood', 'unbalanced 2x3']) {
    const c = byName(name);
    for (let r = 0; r < 5; r++) matchesStatsmodels(c, rng.shuffle([...c.cells]));
  }
});

test('no within-cell variance: the residual SS is 0, F is Infinity and p is 0', () => {
  const cells: CellMoments[] = [
    { levels: ['a'], n: 3, sum: 3, sumSq: 3 },
    { levels: ['b'], n: 2, sum: 4, sumSq: 8 },
  ];
  const { terms, residual } = anovaTypeII(cells, ['arm']);
  assert.equal(residual.ss, 0);
  assert.equal(residual.df, 3);
  close(terms[0]!.ss, 1.2, 'ss', 1e-12);
  assert.equal(terms[0]!.F, Infinity);
  assert.equal(terms[0]!.p, 0);
  assert.equal(terms[0]!.partialEta2, 1);
});

test('errors: empty or missing cell, one-level factor, no residual df, three factors, duplicates', () => {
  const c = byName('fastfood');
  const withEmpty = c.cells.map((x) =>
    x.levels[0] === '3' && x.levels[1] === 'Small' ? { ...x, n: 0, sum: 0, sumSq: 0 } : x,
  );
  assert.throws(() => anovaTypeII(withEmpty, c.factors), {
    name: 'RangeError',
    message: 'cell Promotion=3 × MarketSize=Small has no units',
  });
  const missing = c.cells.filter((x) => !(x.levels[0] === '2' && x.levels[1] === 'Large'));
  assert.throws(() => anovaTypeII(missing, c.factors), {
    name: 'RangeError',
    message: 'cell Promotion=2 × MarketSize=Large has no units',
  });
  const oneLevel = c.cells.filter((x) => x.levels[1] === 'Medium');
  assert.throws(() => anovaTypeII(oneLevel, c.factors), {
    name: 'RangeError',
    message: /factor MarketSize has 1 level\(s\) \(Medium\); at least 2 are needed/,
  });
  const singletons: CellMoments[] = [
    { levels: ['a', 'x'], n: 1, sum: 1, sumSq: 1 },
    { levels: ['a', 'y'], n: 1, sum: 2, sumSq: 4 },
    { levels: ['b', 'x'], n: 1, sum: 3, sumSq: 9 },
    { levels: ['b', 'y'], n: 1, sum: 5, sumSq: 25 },
  ];
  assert.throws(() => anovaTypeII(singletons, ['A', 'B']), {
    name: 'RangeError',
    message: /no residual degrees of freedom: 4 units in 4 cells/,
  });
  const three = singletons.map((x) => ({ ...x, levels: [...x.levels, 'p'] }));
  assert.throws(() => anovaTypeII(three, ['A', 'B', 'C']), {
    name: 'RangeError',
    message: /one or two factors, not 3/,
  });
  assert.throws(() => anovaTypeII([...c.cells, c.cells[0]!], c.factors), {
    name: 'RangeError',
    message: 'cell Promotion=1 × MarketSize=Large appears more than once',
  });
  assert.throws(() => anovaTypeII(c.cells, ['Promotion']), {
    name: 'RangeError',
    message: /2 level\(s\) for 1/,
  });
  assert.throws(() => anovaTypeII([], ['A']), { name: 'RangeError', message: /factor A has 0 level/ });
  assert.throws(() => anovaTypeII(c.cells, ['Promotion', 'Promotion']), {
    name: 'RangeError',
    message: /distinct/,
  });
  const nonFinite = c.cells.map((x, i) => (i === 4 ? { ...x, sumSq: NaN } : x));
  assert.throws(() => anovaTypeII(nonFinite, c.factors), { name: 'RangeError', message: /non-finite/ });
});
