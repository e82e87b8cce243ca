import { MISSING_BIN } from './binning.ts';
import type { SplitInfo, SplitRules } from './split.ts';
import { nodeScore } from './split.ts';

/**
 * The split search of a small node, feature by feature, over the bins its rows occupy only (a dense histogram
 * scan costs 256 bins whatever the node's size, which dominates the deep, small nodes of a random forest).
 * Uses the scratch `hist` (256 × 3, left all zero on return) and `present` (≥ rows + 1 entries).
 */
export class SparseSplitter {
  private readonly hist = new Float64Array(256 * 3);
  private present = new Int32Array(64);

  /**
   * Scores every split of `feature` for the rows idx[start … end) (weights g = weighted positives, h = weight per
   * row in `gh`), with the same rules and order as findBestSplit; updates `best` and returns whether it improved.
   */
  scanFeature(
    feature: number,
    colBins: Uint8Array,
    n: number,
    idx: Uint32Array,
    start: number,
    end: number,
    gh: Float64Array,
    hasMissing: boolean,
    total: { readonly g: number; readonly h: number; readonly count: number },
    rules: SplitRules,
    best: SplitInfo,
  ): boolean {
    const hist = this.hist;
    if (this.present.length < end - start + 1) this.present = new Int32Array(2 * (end - start + 1));
    const present = this.present;
    let t = 0;
    const col = feature * n;
    for (let i = start; i < end; i++) {
      const r = idx[i] as number;
      const b = colBins[col + r] as number;
      const k = b * 3;
      if (hist[k + 2] === 0 && b !== MISSING_BIN) present[t++] = b;
      hist[k] = (hist[k] as number) + (gh[2 * r] as number);
      hist[k + 1] = (hist[k + 1] as number) + (gh[2 * r + 1] as number);
      hist[k + 2] = (hist[k + 2] as number) + 1;
    }
    // Insertion sort: t is small.
    for (let a = 1; a < t; a++) {
      const v = present[a] as number;
      let z = a - 1;
      while (z >= 0 && (present[z] as number) > v) {
        present[z + 1] = present[z] as number;
        z--;
      }
      present[z + 1] = v;
    }
    const found = this.scan(feature, t, hasMissing, total, rules, best);
    for (let a = 0; a < t; a++) hist.fill(0, (present[a] as number) * 3, (present[a] as number) * 3 + 3);
    hist.fill(0, MISSING_BIN * 3, MISSING_BIN * 3 + 3);
    return found;
  }

  private scan(
    feature: number,
    t: number,
    hasMissing: boolean,
    total: { readonly g: number; readonly h: number; readonly count: number },
    rules: SplitRules,
    best: SplitInfo,
  ): boolean {
    const { hist, present } = this;
    const { minSamplesLeaf, minHessian } = rules;
    const G = total.g;
    const H = total.h;
    const C = total.count;
    const parent = nodeScore(rules, G, H);
    const mc = hist[MISSING_BIN * 3 + 2] as number;
    let found = false;
    const last = hasMissing && mc > 0 ? t - 1 : t - 2;
    let gl = 0;
    let hl = 0;
    let cl = 0;
    for (let a = 0; a <= last; a++) {
      const k = (present[a] as number) * 3;
      gl += hist[k] as number;
      hl += hist[k + 1] as number;
      cl += hist[k + 2] as number;
      const cr = C - cl;
      const hr = H - hl;
      if (cl < minSamplesLeaf || hl < minHessian) continue;
      if (cr < minSamplesLeaf || hr < minHessian) break;
      const gain = nodeScore(rules, gl, hl) + nodeScore(rules, G - gl, hr) - parent;
      if (gain > best.gain) {
        best.gain = gain;
        best.feature = feature;
        best.bin = present[a] as number;
        best.missingLeft = false;
        best.leftG = gl;
        best.leftH = hl;
        best.leftCount = cl;
        found = true;
      }
    }
    if (!hasMissing || mc === 0) return found;
    let gr = 0;
    let hr = 0;
    let cr = 0;
    for (let a = t - 1; a >= 1; a--) {
      const k = (present[a] as number) * 3;
      gr += hist[k] as number;
      hr += hist[k + 1] as number;
      cr += hist[k + 2] as number;
      const cl2 = C - cr;
      const hl2 = H - hr;
      if (cr < minSamplesLeaf || hr < minHessian) continue;
      if (cl2 < minSamplesLeaf || hl2 < minHessian) break;
      const gain = nodeScore(rules, G - gr, hl2) + nodeScore(rules, gr, hr) - parent;
      if (gain > best.gain) {
        best.gain = gain;
        best.feature = feature;
        best.bin = present[a - 1] as number;
        best.missingLeft = true;
        best.leftG = G - gr;
        best.leftH = hl2;
        best.leftCount = cl2;
        found = true;
      }
    }
    return found;
  }
}
