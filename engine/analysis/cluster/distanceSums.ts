/**
 * The O(n²·d) part of the silhouette: sums of Euclidean distances between blocks of rows of one
 * row-major array (`d` values per row), each distance computed once and added to both rows' sums.
 * Plain loops on typed arrays, unrolled so that each value loaded serves several distances.
 */

/** Adds the distances of rows i < j within [i0, i1) to sumA[i] and sumB[j]. */
export function addDistancesWithin(
  data: Float64Array,
  d: number,
  i0: number,
  i1: number,
  sumA: Float64Array,
  sumB: Float64Array,
): void {
  for (let i = i0; i < i1; i++) {
    let rowSum = 0;
    for (let j = i + 1; j < i1; j++) {
      const dist = pairDistance(data, i * d, j * d, d);
      rowSum += dist;
      sumB[j] = (sumB[j] as number) + dist;
    }
    sumA[i] = (sumA[i] as number) + rowSum;
  }
}

/**
 * Adds the distance of every row i in [i0, i1) to every row j in [j0, j1) to sumA[i] and sumB[j].
 * Two rows i by four rows j at a time: each value loaded serves two or four distances, which makes
 * this, the O(n²·d) part, about twice as fast as one pair at a time.
 */
export function addDistancesBetween(
  data: Float64Array,
  d: number,
  i0: number,
  i1: number,
  j0: number,
  j1: number,
  sumA: Float64Array,
  sumB: Float64Array,
): void {
  let i = i0;
  for (; i + 1 < i1; i += 2) {
    const p0 = i * d;
    const p1 = p0 + d;
    let row0 = 0;
    let row1 = 0;
    let j = j0;
    for (; j + 3 < j1; j += 4) {
      const q0 = j * d;
      const q1 = q0 + d;
      const q2 = q1 + d;
      const q3 = q2 + d;
      let s00 = 0;
      let s01 = 0;
      let s02 = 0;
      let s03 = 0;
      let s10 = 0;
      let s11 = 0;
      let s12 = 0;
      let s13 = 0;
      for (let t = 0; t < d; t++) {
        const x0 = data[p0 + t] as number;
        const x1 = data[p1 + t] as number;
        const y0 = data[q0 + t] as number;
        const y1 = data[q1 + t] as number;
        const y2 = data[q2 + t] as number;
        const y3 = data[q3 + t] as number;
        let diff = x0 - y0;
        s00 += diff * diff;
        diff = x0 - y1;
        s01 += diff * diff;
        diff = x0 - y2;
        s02 += diff * diff;
        diff = x0 - y3;
        s03 += diff * diff;
        diff = x1 - y0;
        s10 += diff * diff;
        diff = x1 - y1;
        s11 += diff * diff;
        diff = x1 - y2;
        s12 += diff * diff;
        diff = x1 - y3;
        s13 += diff * diff;
      }
      const d00 = Math.sqrt(s00);
      const d01 = Math.sqrt(s01);
      const d02 = Math.sqrt(s02);
      const d03 = Math.sqrt(s03);
      const d10 = Math.sqrt(s10);
      const d11 = Math.sqrt(s11);
      const d12 = Math.sqrt(s12);
      const d13 = Math.sqrt(s13);
      row0 += d00 + d01 + d02 + d03;
      row1 += d10 + d11 + d12 + d13;
      sumB[j] = (sumB[j] as number) + d00 + d10;
      sumB[j + 1] = (sumB[j + 1] as number) + d01 + d11;
      sumB[j + 2] = (sumB[j + 2] as number) + d02 + d12;
      sumB[j + 3] = (sumB[j + 3] as number) + d03 + d13;
    }
    for (; j < j1; j++) {
      const dist0 = pairDistance(data, p0, j * d, d);
      const dist1 = pairDistance(data, p1, j * d, d);
      row0 += dist0;
      row1 += dist1;
      sumB[j] = (sumB[j] as number) + dist0 + dist1;
    }
    sumA[i] = (sumA[i] as number) + row0;
    sumA[i + 1] = (sumA[i + 1] as number) + row1;
  }
  if (i < i1) {
    let rowSum = 0;
    for (let j = j0; j < j1; j++) {
      const dist = pairDistance(data, i * d, j * d, d);
      rowSum += dist;
      sumB[j] = (sumB[j] as number) + dist;
    }
    sumA[i] = (sumA[i] as number) + rowSum;
  }
}

/** Euclidean distance between data[p .. p + d) and data[q .. q + d). */
function pairDistance(data: Float64Array, p: number, q: number, d: number): number {
  let s = 0;
  for (let t = 0; t < d; t++) {
    const diff = (data[p + t] as number) - (data[q + t] as number);
    s += diff * diff;
  }
  return Math.sqrt(s);
}
