import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import wabtInit from 'wabt';
import { Rng } from '../../engine/analysis/random.ts';
import { HISTOGRAM_WASM, sortFloat64 } from '../../engine/analysis/models/gbm/histogramKernel.mjs';
import {
  addToRows,
  chunkRows,
  createState,
  FEATURE_HIST,
  mergeChunks,
  OP_HIST,
  OP_SPLIT,
  runJob,
} from '../../engine/analysis/models/gbm/treeWorker.mjs';

const dir = new URL('../../engine/analysis/models/gbm/', import.meta.url);

/** The kernel assembled from its source, as histogramKernel.mjs embeds it (base64). */
async function assemble(): Promise<string> {
  const wabt = await wabtInit();
  const source = readFileSync(new URL('histogram.wat', dir), 'utf8');
  const module = wabt.parseWat('histogram.wat', source, { simd: true, threads: true });
  try {
    return Buffer.from(module.toBinary({}).buffer).toString('base64');
  } finally {
    module.destroy();
  }
}

describe('the WebAssembly histogram kernel', () => {
  it('histogramKernel.mjs embeds exactly the bytes histogram.wat assembles to (UPDATE_WASM=1 rewrites them)', async () => {
    const bytes = await assemble();
    if (process.env.UPDATE_WASM === '1' && bytes !== HISTOGRAM_WASM) {
      const path = new URL('histogramKernel.mjs', dir);
      const text = readFileSync(path, 'utf8');
      writeFileSync(
        path,
        text.replace(
          /export const HISTOGRAM_WASM =\n {2}'[^']*';/,
          `export const HISTOGRAM_WASM =\n  '${bytes}';`,
        ),
      );
      return;
    }
    assert.equal(HISTOGRAM_WASM, bytes, 'run the test with UPDATE_WASM=1 after changing histogram.wat');
  });

  it('builds and merges the same histograms as a plain loop: all rows, dense and sparse row lists, a subset of features', () => {
    const n = 50_000;
    const f = 21;
    const rng = new Rng(7);
    const bins = new Uint8Array(n * f);
    // Column-major codes, some missing (255).
    for (let k = 0; k < bins.length; k++) bins[k] = rng.next() < 0.05 ? 255 : rng.int(200);
    const s = createState(bins, n, f);
    assert.ok(s.memory, 'the WebAssembly kernel is in use');
    for (let i = 0; i < 2 * n; i++) s.gh[i] = rng.normal();
    const cases = [
      { name: 'all rows', rows: null as number[] | null, features: null as number[] | null },
      { name: 'every other row', rows: Array.from({ length: n / 2 }, (_, i) => 2 * i), features: null },
      {
        name: 'a sparse tenth',
        rows: Array.from({ length: n / 10 }, (_, i) => 10 * i + (i % 7)),
        features: null,
      },
      {
        name: 'seven features',
        rows: Array.from({ length: n / 3 }, (_, i) => 3 * i),
        features: [0, 3, 4, 9, 12, 19, 20],
      },
    ];
    for (const c of cases) {
      const m = c.rows ? c.rows.length : n;
      if (c.rows) s.idx.set(c.rows);
      const listed = c.features ?? Array.from({ length: f }, (_, j) => j);
      s.features.set(listed);
      const chunks = runJob(s, 0, OP_HIST, 0, m, c.rows === null, listed.length, 0, 0, false, -1);
      const merged = new Float64Array(f * FEATURE_HIST);
      mergeChunks(s, chunks, listed.length, merged);
      // The same sums, chunk by chunk in row order, then added up in chunk order.
      const size = chunkRows(m);
      for (const j of listed) {
        for (let bin = 0; bin < 256; bin++) {
          let g = 0;
          let h = 0;
          let count = 0;
          let gotG = 0;
          let gotH = 0;
          let gotCount = 0;
          for (let chunk = 0; chunk < chunks; chunk++) {
            let cg = 0;
            let ch = 0;
            let cc = 0;
            for (let i = chunk * size; i < Math.min(m, (chunk + 1) * size); i++) {
              const r = c.rows ? c.rows[i]! : i;
              if (bins[j * n + r] !== bin) continue;
              cg += s.gh[2 * r]!;
              ch += s.gh[2 * r + 1]!;
              cc++;
            }
            g += cg;
            h += ch;
            count += cc;
            const at = chunk * f * FEATURE_HIST + j * FEATURE_HIST + bin * 3;
            gotG += s.chunkHist[at]!;
            gotH += s.chunkHist[at + 1]!;
            gotCount += s.chunkHist[at + 2]!;
          }
          assert.equal(gotCount, count, `${c.name}: feature ${j}, bin ${bin} count`);
          assert.equal(gotG, g, `${c.name}: feature ${j}, bin ${bin} gradient sum`);
          assert.equal(gotH, h, `${c.name}: feature ${j}, bin ${bin} hessian sum`);
          // …and the chunks added up in the same order by the merge.
          const at = j * FEATURE_HIST + bin * 3;
          assert.deepEqual([merged[at], merged[at + 1], merged[at + 2]], [gotG, gotH, gotCount]);
        }
      }
    }
  });

  it('partitions a node like a plain loop (stable, missing values to the chosen side) and adds leaf values', () => {
    const n = 40_000;
    const f = 3;
    const rng = new Rng(11);
    const bins = new Uint8Array(n * f);
    for (let k = 0; k < bins.length; k++) bins[k] = rng.next() < 0.1 ? 255 : rng.int(100);
    const s = createState(bins, n, f);
    assert.ok(s.memory);
    const rows = Array.from({ length: n / 2 }, (_, i) => 2 * i + (i % 2));
    for (const missingLeft of [false, true]) {
      s.idx.set(rows);
      const chunks = runJob(s, 0, OP_SPLIT, 0, rows.length, false, f, 1, 40, missingLeft, -1);
      const size = chunkRows(rows.length);
      for (let c = 0; c < chunks; c++) {
        const part = rows.slice(c * size, (c + 1) * size);
        const goesLeft = (r: number) => (bins[n + r] === 255 ? missingLeft : bins[n + r]! <= 40);
        const left = part.filter(goesLeft);
        const right = part.filter((r) => !goesLeft(r));
        assert.equal(s.chunkLeft[c], left.length);
        assert.deepEqual(Array.from(s.left.subarray(c * size, c * size + left.length)), left);
        assert.deepEqual(Array.from(s.right.subarray(c * size, c * size + right.length)), right);
      }
    }
    s.raw.fill(0.5);
    s.idx.set(rows);
    addToRows(s, 10, 20, 0.25);
    for (let i = 0; i < 30; i++) assert.equal(s.raw[rows[i]!], i >= 10 && i < 20 ? 0.75 : 0.5);
  });

  it('sorts float64 values in exactly the order Float64Array#sort gives (−0 before +0, ±∞, subnormals)', () => {
    const rng = new Rng(2);
    const n = 50_000;
    const kinds: ((i: number) => number)[] = [
      () => rng.normal() * 1e3,
      () => rng.int(7) - 3,
      (i) => (i % 2 ? 0 : -0),
      (i) => [Infinity, -Infinity, 1, -1][i % 4]!,
      () => (rng.next() - 0.5) * 1e-310,
      (i) => rng.normal() * 10 ** rng.int(20) * (i % 3 ? 1 : -1),
    ];
    for (const make of kinds) {
      const values = Float64Array.from({ length: n }, (_, i) => make(i));
      const expected = values.slice().sort();
      const got = sortFloat64(values.slice());
      for (let i = 0; i < n; i++) assert.ok(Object.is(got[i], expected[i]), `position ${i}`);
    }
  });
});
