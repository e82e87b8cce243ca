import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  assignBalanced,
  assignByHash,
  fullFactorial,
  indexCells,
  sortLevels,
  type Factor,
} from '../../../engine/analysis/stats/design.ts';
import { hash32, Rng } from '../../../engine/analysis/random.ts';

const timing: Factor = { name: 'timing', levels: ['morning', 'evening'] };
const content: Factor = { name: 'content', levels: ['generic', 'personalised'] };
const units = (n: number) => Array.from({ length: n }, (_, i) => `u_${String(i).padStart(6, '0')}`);

function sizes(assignment: Uint32Array, k: number): number[] {
  const out = new Array<number>(k).fill(0);
  for (const c of assignment) out[c]!++;
  return out;
}

test('fullFactorial: 2×2 cells in order, the first factor varying slowest', () => {
  const cells = fullFactorial([timing, content]);
  assert.deepEqual(
    cells.map((c) => c.id),
    ['morning_generic', 'morning_personalised', 'evening_generic', 'evening_personalised'],
  );
  assert.deepEqual(cells[1]!.levels, { timing: 'morning', content: 'personalised' });
});

test('fullFactorial: 3 factors (2×3×2) give 12 cells named by their levels in factor order', () => {
  const cells = fullFactorial([
    { name: 'channel', levels: ['email', 'push'] },
    { name: 'discount', levels: ['5', '10', '20'] },
    { name: 'copy', levels: ['short', 'long'] },
  ]);
  assert.equal(cells.length, 12);
  assert.deepEqual(
    cells.map((c) => c.id),
    [
      'email_5_short',
      'email_5_long',
      'email_10_short',
      'email_10_long',
      'email_20_short',
      'email_20_long',
      'push_5_short',
      'push_5_long',
      'push_10_short',
      'push_10_long',
      'push_20_short',
      'push_20_long',
    ],
  );
  assert.deepEqual(cells[9]!.levels, { channel: 'push', discount: '10', copy: 'long' });
  assert.equal(new Set(cells.map((c) => c.id)).size, 12);
});

test('fullFactorial: errors', () => {
  const bad = (factors: Factor[], message: RegExp) =>
    assert.throws(() => fullFactorial(factors), { name: 'RangeError', message });
  bad([timing, { ...content, name: 'timing' }], /factor timing appears twice/);
  bad([timing, { name: 'content', levels: ['a', 'b', 'a'] }], /factor content lists level a twice/);
  bad([timing, { name: 'content', levels: ['only'] }], /factor content has 1 level\(s\); at least 2/);
  bad([timing, { name: ' ', levels: ['a', 'b'] }], /empty name/);
  bad([timing, { name: 'content', levels: ['a', ''] }], /empty level name/);
  bad([], /at least one factor/);
  const ten = (name: string): Factor => ({ name, levels: Array.from({ length: 10 }, (_, i) => `l${i}`) });
  assert.equal(fullFactorial([ten('a'), ten('b'), ten('c')]).length, 1000);
  bad([ten('a'), ten('b'), ten('c'), { name: 'd', levels: ['x', 'y'] }], /2000 cells; at most 1000/);
  bad(
    [
      { name: 'x', levels: ['a_b', 'a'] },
      { name: 'y', levels: ['c', 'b_c'] },
    ],
    /both have the id a_b_c/,
  );
});

test('assignBalanced: cell sizes differ by at most one', () => {
  for (const [n, k] of [
    [1000, 4],
    [1001, 4],
    [999, 3],
    [7, 12],
    [1, 2],
    [0, 3],
  ] as const) {
    const cells = fullFactorial([{ name: 'arm', levels: Array.from({ length: k }, (_, i) => `a${i}`) }]);
    const s = sizes(assignBalanced(units(n), cells, 'exp-1'), k);
    assert.equal(
      s.reduce((a, b) => a + b, 0),
      n,
    );
    assert.ok(Math.max(...s) - Math.min(...s) <= 1, `n=${n}, k=${k}: ${s.join(', ')}`);
  }
});

test('assignBalanced: units ordered by salted hash and dealt round-robin', () => {
  const cells = fullFactorial([timing, content]);
  const list = units(200);
  const assignment = assignBalanced(list, cells, 'salt');
  const ranked = [...list].sort((a, b) => hash32(`salt:${a}`) - hash32(`salt:${b}`) || (a < b ? -1 : 1));
  ranked.forEach((unit, rank) => assert.equal(assignment[list.indexOf(unit)], rank % 4));
});

test('assignBalanced: independent of the input order, deterministic, and re-randomised by the salt', () => {
  const cells = fullFactorial([timing, content]);
  const list = units(5000);
  const first = assignBalanced(list, cells, 'exp-7');
  const cellOf = new Map(list.map((u, i) => [u, first[i]!]));
  const shuffled = new Rng(3).shuffle([...list]);
  const again = assignBalanced(shuffled, cells, 'exp-7');
  shuffled.forEach((u, i) => assert.equal(again[i], cellOf.get(u)));
  assert.deepEqual(assignBalanced(list, cells, 'exp-7'), first);
  const other = assignBalanced(list, cells, 'exp-8');
  let same = 0;
  for (let i = 0; i < list.length; i++) if (other[i] === first[i]) same++;
  // Independent assignments agree on ~1/4 of units.
  assert.ok(same > 1050 && same < 1450, `${same} of 5000 units kept their cell`);
});

test('assignBalanced and assignByHash: errors', () => {
  const cells = fullFactorial([timing, content]);
  assert.throws(() => assignBalanced(['a', 'b', 'c', 'b', 'a'], cells, 's'), {
    name: 'RangeError',
    message: 'unit id b appears more than once',
  });
  assert.throws(() => assignBalanced(['a', ''], cells, 's'), {
    name: 'RangeError',
    message: /unit #2 has an empty id/,
  });
  assert.throws(() => assignBalanced(['a'], [], 's'), { name: 'RangeError', message: /no cells/ });
  assert.throws(() => assignByHash('', cells, 's'), { name: 'RangeError', message: /empty/ });
  assert.throws(() => assignByHash('a', [], 's'), { name: 'RangeError', message: /no cells/ });
});

test('assignByHash: the stateless rule hash32(salt:unit) mod k, balanced in expectation', () => {
  const cells = fullFactorial([timing, { name: 'content', levels: ['a', 'b', 'c'] }]);
  const counts = new Array<number>(6).fill(0);
  for (const unit of units(60_000)) {
    const c = assignByHash(unit, cells, 'exp-1');
    assert.equal(c, hash32(`exp-1:${unit}`) % 6);
    counts[c]!++;
  }
  // Multinomial(60 000, 1/6): sd ≈ 91; allow 5 sd.
  for (const n of counts) assert.ok(Math.abs(n - 10_000) < 460, counts.join(', '));
  assert.notEqual(
    units(50)
      .map((u) => assignByHash(u, cells, 'x'))
      .join(),
    units(50)
      .map((u) => assignByHash(u, cells, 'y'))
      .join(),
  );
});

test('sortLevels: numeric when every level is a number (as patsy sorts an int column), else string order', () => {
  assert.deepEqual(sortLevels(['20', '5', '10']), ['5', '10', '20']);
  assert.deepEqual(sortLevels(['1.5', '-2', '1e1', '0']), ['-2', '0', '1.5', '1e1']);
  assert.deepEqual(sortLevels(['b', 'a', 'B', '_a', 'Z']), ['B', 'Z', '_a', 'a', 'b']);
  assert.deepEqual(sortLevels(['20', '5', 'ten']), ['20', '5', 'ten']);
  assert.deepEqual(sortLevels(['1', '']), ['', '1']);
});

test('indexCells: grid positions, labels and absent combinations', () => {
  const grid = indexCells(
    [{ levels: ['y', '10'] }, { levels: ['x', '5'] }, { levels: ['x', '10'] }],
    ['A', 'B'],
  );
  assert.deepEqual(grid.levels, [
    ['x', 'y'],
    ['5', '10'],
  ]);
  assert.deepEqual([...grid.index], [1, 2, -1, 0]);
  assert.equal(grid.label(2), 'A=y × B=5');
  assert.equal(grid.level(2, 0), 1);
  assert.equal(grid.level(2, 1), 0);
});
