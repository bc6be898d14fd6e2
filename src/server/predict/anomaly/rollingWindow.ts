/**
 * A fixed-capacity window over the last N numbers with O(1) mean and variance.
 * Sums are recomputed from the buffer every `capacity` pushes so floating-point drift stays bounded
 * (amortised O(1)). Plain-data state, so it serialises as JSON.
 */
export interface RollingWindowState {
  capacity: number;
  values: number[];
  /** Index of the oldest value once the buffer is full. */
  head: number;
  sum: number;
  sumSq: number;
  sinceRecompute: number;
}

export function newRollingWindow(capacity: number): RollingWindowState {
  if (!Number.isInteger(capacity) || capacity < 1)
    throw new RangeError(`rolling window capacity must be a positive integer, got ${capacity}`);
  return { capacity, values: [], head: 0, sum: 0, sumSq: 0, sinceRecompute: 0 };
}

export function rollingPush(w: RollingWindowState, x: number): void {
  if (w.values.length < w.capacity) {
    w.values.push(x);
  } else {
    const old = w.values[w.head];
    w.values[w.head] = x;
    w.head = (w.head + 1) % w.capacity;
    w.sum -= old;
    w.sumSq -= old * old;
  }
  w.sum += x;
  w.sumSq += x * x;
  if (++w.sinceRecompute >= w.capacity) {
    let s = 0;
    let s2 = 0;
    for (const v of w.values) {
      s += v;
      s2 += v * v;
    }
    w.sum = s;
    w.sumSq = s2;
    w.sinceRecompute = 0;
  }
}

export function rollingCount(w: RollingWindowState): number {
  return w.values.length;
}

export function rollingMean(w: RollingWindowState): number {
  return w.values.length === 0 ? 0 : w.sum / w.values.length;
}

/** Population variance (as numpy's default, which Numenta's estimateNormal uses). */
export function rollingVariance(w: RollingWindowState): number {
  const n = w.values.length;
  if (n === 0) return 0;
  const m = w.sum / n;
  return Math.max(0, w.sumSq / n - m * m);
}

/** The most recent `k` values, oldest first. */
export function rollingLast(w: RollingWindowState, k: number): number[] {
  const n = w.values.length;
  const out: number[] = [];
  for (let j = Math.max(0, n - k); j < n; j++) out.push(w.values[(w.head + j) % n]);
  return out;
}
