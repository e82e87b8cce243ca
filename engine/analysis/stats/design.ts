/**
 * Full-factorial experiment designs: the cells of a design, deterministic salted assignment of units to cells,
 * and the level ordering / cell indexing shared by the factorial statistics (anova.ts, logitCells.ts).
 */
import { hash32 } from '../random.ts';

/** A factor of the design and its levels (in display order). */
export interface Factor {
  readonly name: string;
  readonly levels: readonly string[];
}

/** One cell: `id` is the levels joined by '_' in factor order (e.g. 'morning_generic'). */
export interface Cell {
  readonly id: string;
  readonly levels: Record<string, string>;
}

/** A design larger than this is almost certainly a mistake (and could never be powered). */
const MAX_CELLS = 1000;

/** All combinations of the factors' levels, the first factor varying slowest (as `itertools.product`). */
export function fullFactorial(factors: readonly Factor[]): Cell[] {
  if (factors.length === 0) throw new RangeError('a factorial design needs at least one factor');
  const names = new Set<string>();
  let count = 1;
  for (const factor of factors) {
    if (factor.name.trim() === '') throw new RangeError('a factor has an empty name');
    if (names.has(factor.name)) throw new RangeError(`factor ${factor.name} appears twice`);
    names.add(factor.name);
    if (factor.levels.length < 2) {
      throw new RangeError(
        `factor ${factor.name} has ${factor.levels.length} level(s); at least 2 are needed`,
      );
    }
    const seen = new Set<string>();
    for (const level of factor.levels) {
      if (level.trim() === '') throw new RangeError(`factor ${factor.name} has an empty level name`);
      if (seen.has(level)) throw new RangeError(`factor ${factor.name} lists level ${level} twice`);
      seen.add(level);
    }
    count *= factor.levels.length;
  }
  if (count > MAX_CELLS)
    throw new RangeError(`the design has ${count} cells; at most ${MAX_CELLS} are allowed`);
  const cells: Cell[] = [];
  const ids = new Set<string>();
  for (let k = 0; k < count; k++) {
    // Mixed-radix digits of k, the last factor being the fastest digit.
    const chosen: string[] = new Array<string>(factors.length);
    let rest = k;
    for (let f = factors.length - 1; f >= 0; f--) {
      const levels = factors[f]!.levels;
      chosen[f] = levels[rest % levels.length]!;
      rest = Math.floor(rest / levels.length);
    }
    const id = chosen.join('_');
    // Levels containing '_' can make two cells' ids equal ('a_b' + 'c' vs 'a' + 'b_c'); ids must identify cells.
    if (ids.has(id))
      throw new RangeError(`two cells would both have the id ${id}; rename levels containing '_'`);
    ids.add(id);
    cells.push({ id, levels: Object.fromEntries(factors.map((factor, f) => [factor.name, chosen[f]!])) });
  }
  return cells;
}

function checkUnitsAndCells(units: readonly string[], cells: readonly Cell[]): void {
  if (cells.length === 0) throw new RangeError('there are no cells to assign units to');
  const seen = new Set<string>();
  for (let i = 0; i < units.length; i++) {
    const unit = units[i]!;
    if (unit === '') throw new RangeError(`unit #${i + 1} has an empty id`);
    if (seen.has(unit)) throw new RangeError(`unit id ${unit} appears more than once`);
    seen.add(unit);
  }
}

/**
 * Balanced, reproducible assignment: units are ordered by hash32(`${salt}:${unit}`) (ties by unit id, as
 * strings), then dealt to the cells round-robin in that order (rank r → cell r mod k). Cell sizes therefore
 * differ by at most one, the result does not depend on the input order (only on the set of units), and the same
 * salt always gives the same assignment; a new salt re-randomises. Because the hash is a fixed pseudo-random
 * permutation key, this is a random permutation dealt in blocks of k — a permuted-block design (Rosenberger &
 * Lachin 2016, § 3.3) over the whole set. Note that adding units can move existing ones (ranks shift); for
 * units arriving one at a time use {@link assignByHash}. Returns the cell index of each input unit.
 */
export function assignBalanced(units: readonly string[], cells: readonly Cell[], salt: string): Uint32Array {
  checkUnitsAndCells(units, cells);
  const n = units.length;
  const keys = new Uint32Array(n);
  for (let i = 0; i < n; i++) keys[i] = hash32(`${salt}:${units[i]!}`);
  const order = Array.from({ length: n }, (_, i) => i);
  order.sort((i, j) => {
    const d = keys[i]! - keys[j]!;
    if (d !== 0) return d;
    const a = units[i]!;
    const b = units[j]!;
    return a < b ? -1 : a > b ? 1 : 0;
  });
  const out = new Uint32Array(n);
  for (let rank = 0; rank < n; rank++) out[order[rank]!] = rank % cells.length;
  return out;
}

/**
 * The stateless rule for units arriving one at a time: hash32(`${salt}:${unit}`) mod k. Each unit's cell never
 * changes, but sizes are only balanced in expectation (multinomial), unlike {@link assignBalanced}; the two rules
 * generally put a unit in different cells.
 */
export function assignByHash(unit: string, cells: readonly Cell[], salt: string): number {
  if (unit === '') throw new RangeError('the unit id is empty');
  if (cells.length === 0) throw new RangeError('there are no cells to assign units to');
  return hash32(`${salt}:${unit}`) % cells.length;
}

/**
 * Sorts levels the way patsy orders a column's values (Python's `sorted`): numerically when every level parses
 * as a finite number (an integer or float column, e.g. discount 5 < 10 < 20), else by UTF-16 code units (JS's
 * default sort, which equals Python's code-point order outside the astral planes). Numeric ties such as '1' and
 * '1.0' fall back to the string order.
 */
export function sortLevels(levels: Iterable<string>): string[] {
  const list = [...levels];
  const numeric = list.every((s) => s.trim() !== '' && Number.isFinite(Number(s)));
  const byString = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return numeric ? list.sort((a, b) => Number(a) - Number(b) || byString(a, b)) : list.sort(byString);
}

/** Cells of an observed factorial table placed on the grid of all level combinations. */
export interface CellGrid {
  /** Sorted levels of each factor ({@link sortLevels}). */
  readonly levels: readonly (readonly string[])[];
  /** Grid position → index into the input cells, or −1 when the combination is absent. */
  readonly index: Int32Array;
  /** Level index of factor f at grid position g (the first factor varies slowest). */
  level(g: number, f: number): number;
  /** 'A=a × B=b' for messages. */
  label(g: number): string;
}

/**
 * Indexes per-cell summaries by their levels. Throws RangeError when a cell has the wrong number of levels,
 * a combination appears twice, or a factor has fewer than 2 levels. Absent combinations are left at −1 for the
 * caller, which knows what an empty cell means for its model.
 */
export function indexCells(
  cells: readonly { readonly levels: readonly string[] }[],
  factors: readonly string[],
): CellGrid {
  if (factors.length === 0) throw new RangeError('at least one factor is needed');
  if (new Set(factors).size !== factors.length) throw new RangeError('factor names must be distinct');
  const seen = factors.map(() => new Set<string>());
  for (const cell of cells) {
    if (cell.levels.length !== factors.length) {
      throw new RangeError(
        `cell ${cell.levels.join(' × ')} has ${cell.levels.length} level(s) for ${factors.length} factor(s)`,
      );
    }
    cell.levels.forEach((level, f) => seen[f]!.add(level));
  }
  const levels = seen.map((set) => sortLevels(set));
  levels.forEach((list, f) => {
    if (list.length < 2) {
      throw new RangeError(
        `factor ${factors[f]!} has ${list.length} level(s) (${list.join(', ') || 'none'}); at least 2 are needed`,
      );
    }
  });
  const sizes = levels.map((list) => list.length);
  const strides = sizes.map((_, f) => sizes.slice(f + 1).reduce((a, b) => a * b, 1));
  const positions = levels.map((list) => new Map(list.map((level, i) => [level, i])));
  const total = sizes.reduce((a, b) => a * b, 1);
  const index = new Int32Array(total).fill(-1);
  const level = (g: number, f: number) => Math.floor(g / strides[f]!) % sizes[f]!;
  const label = (g: number) => factors.map((name, f) => `${name}=${levels[f]![level(g, f)]!}`).join(' × ');
  cells.forEach((cell, i) => {
    let g = 0;
    cell.levels.forEach((value, f) => (g += positions[f]!.get(value)! * strides[f]!));
    if (index[g] !== -1) throw new RangeError(`cell ${label(g)} appears more than once`);
    index[g] = i;
  });
  return { levels, index, level, label };
}
