import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { logisticCells, type CellCounts } from '../../../engine/analysis/stats/logitCells.ts';
import { Rng } from '../../../engine/analysis/random.ts';

/** statsmodels 0.13 GLM Binomial references fitted on per-unit rows: test/fixtures/statsmodels/factorial.py. */
interface LogitCase {
  name: string;
  factors: string[];
  cells: CellCounts[];
  terms: {
    term: string;
    coef: number;
    se: number;
    z: number;
    p: number;
    oddsRatio: number;
    ci: [number, number];
  }[];
  deviance: number;
}
const fixture = JSON.parse(
  readFileSync(new URL('../../fixtures/statsmodels/factorial.json', import.meta.url), 'utf8'),
) as { logistic: LogitCase[] };
const byName = (name: string) => fixture.logistic.find((c) => c.name === name)!;

function close(actual: number, expected: number, what: string, relative = 1e-6): void {
  const ok = Math.abs(actual - expected) <= relative * Math.abs(expected) + 1e-300;
  assert.ok(ok, `${what}: ${actual} vs ${expected}`);
}

function matchesStatsmodels(c: LogitCase, cells: readonly CellCounts[] = c.cells) {
  const result = logisticCells(cells, c.factors);
  assert.deepEqual(
    result.terms.map((t) => t.term),
    c.terms.map((t) => t.term),
    `${c.name} term names`,
  );
  result.terms.forEach((t, i) => {
    const e = c.terms[i]!;
    const what = `${c.name} ${t.term}`;
    close(t.coef, e.coef, `${what} coef`);
    close(t.se, e.se, `${what} se`);
    close(t.z, e.z, `${what} z`);
    close(t.p, e.p, `${what} p`);
    close(t.oddsRatio, e.oddsRatio, `${what} odds ratio`);
    close(t.ci[0], e.ci[0], `${what} CI low`);
    close(t.ci[1], e.ci[1], `${what} CI high`);
  });
  close(result.deviance, c.deviance, `${c.name} deviance`);
  assert.ok(result.iterations >= 2 && result.iterations < 100, `${c.name}: ${result.iterations} iterations`);
  return result;
}

test('synthetic timing × content 2×2 matches statsmodels GLM Binomial on the per-unit rows', () => {
  const c = byName('timing x content');
  const result = matchesStatsmodels(c);
  assert.deepEqual(result.references, { timing: 'evening', content: 'generic' });
  assert.deepEqual(
    result.terms.map((t) => t.term),
    [
      'Intercept',
      'timing[T.morning]',
      'content[T.personalised]',
      'timing[T.morning]:content[T.personalised]',
    ],
  );
});

test('2×3 with string and numeric levels: numeric levels sort as numbers (5 < 10 < 20), as patsy does', () => {
  const c = byName('channel x discount');
  const result = matchesStatsmodels(c);
  assert.deepEqual(result.references, { channel: 'email', discount: '5' });
  // Interaction columns: the left-most factor varies fastest.
  assert.deepEqual(
    result.terms.slice(4).map((t) => t.term),
    ['channel[T.push]:discount[T.10]', 'channel[T.push]:discount[T.20]'],
  );
});

test('real data (cookie cats): one factor, and version × day-1 retention, match statsmodels', () => {
  const one = matchesStatsmodels(byName('cookie cats one factor'));
  assert.deepEqual(one.references, { version: 'gate_30' });
  assert.equal(one.terms.length, 2);
  matchesStatsmodels(byName('cookie cats 2x2'));
});

test('the fit is saturated: the intercept is the logit of the reference cell and the order of cells is irrelevant', () => {
  const c = byName('timing x content');
  const ref = c.cells.find((x) => x.levels[0] === 'evening' && x.levels[1] === 'generic')!;
  const rate = ref.successes / ref.n;
  const rng = new Rng(11);
  for (let r = 0; r < 4; r++) {
    const result = matchesStatsmodels(c, rng.shuffle([...c.cells]));
    close(result.terms[0]!.coef, Math.log(rate / (1 - rate)), 'intercept', 1e-9);
  }
});

test('errors: empty cell, no or only conversions, one-level factor, three factors, bad counts', () => {
  const cells: CellCounts[] = [
    { levels: ['morning', 'generic'], n: 500, successes: 40 },
    { levels: ['morning', 'personalised'], n: 510, successes: 55 },
    { levels: ['evening', 'generic'], n: 490, successes: 45 },
    { levels: ['evening', 'personalised'], n: 505, successes: 70 },
  ];
  const factors = ['timing', 'content'];
  const edit = (i: number, patch: Partial<CellCounts>) =>
    cells.map((x, j) => (j === i ? { ...x, ...patch } : x));
  assert.equal(logisticCells(cells, factors).terms.length, 4);
  assert.throws(() => logisticCells(edit(0, { successes: 0 }), factors), {
    name: 'RangeError',
    message:
      'cell timing=morning × content=generic has no conversions: the logistic model cannot be estimated',
  });
  assert.throws(() => logisticCells(edit(3, { successes: 505 }), factors), {
    name: 'RangeError',
    message:
      'cell timing=evening × content=personalised converted every unit (505 of 505): the logistic model cannot be estimated',
  });
  assert.throws(() => logisticCells(edit(1, { n: 0, successes: 0 }), factors), {
    name: 'RangeError',
    message: 'cell timing=morning × content=personalised has no units',
  });
  assert.throws(() => logisticCells(cells.slice(1), factors), {
    name: 'RangeError',
    message: 'cell timing=morning × content=generic has no units',
  });
  assert.throws(() => logisticCells(cells.slice(0, 2), factors), {
    name: 'RangeError',
    message: /factor timing has 1 level\(s\) \(morning\); at least 2 are needed/,
  });
  assert.throws(() => logisticCells(edit(2, { successes: 491 }), factors), {
    name: 'RangeError',
    message: /491 conversions out of 490 units/,
  });
  assert.throws(() => logisticCells(edit(2, { n: NaN }), factors), {
    name: 'RangeError',
    message: /n = NaN/,
  });
  assert.throws(() => logisticCells([...cells, cells[0]!], factors), {
    name: 'RangeError',
    message: /appears more than once/,
  });
  const three = cells.map((x) => ({ ...x, levels: [...x.levels, 'web'] }));
  assert.throws(() => logisticCells(three, [...factors, 'platform']), {
    name: 'RangeError',
    message: /one or two factors, not 3/,
  });
  assert.throws(
    () =>
      logisticCells(
        [
          { levels: ['a'], n: 10, successes: 0 },
          { levels: ['b'], n: 5, successes: 2 },
        ],
        ['arm'],
      ),
    {
      name: 'RangeError',
      message: 'cell arm=a has no conversions: the logistic model cannot be estimated',
    },
  );
});
