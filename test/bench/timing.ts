/** Small helpers shared by the benchmarks: timings are repeated, and the fastest and the median reported. */

export function fastest<T extends { seconds: number }>(runs: readonly T[]): T {
  return runs.reduce((a, b) => (b.seconds < a.seconds ? b : a));
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Seconds to the millisecond. */
export function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
