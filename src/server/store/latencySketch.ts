/**
 * A mergeable quantile sketch for latencies (pure), after DDSketch (Masson, Rim, Lee,
 * VLDB 2019): values fall into logarithmic bins so any quantile is within 1% relative
 * error, and two sketches merge by adding bin counts, which lets hourly roll-ups be
 * combined into daily or monthly figures exactly as if built from the raw values.
 * Hand-written because it is 60 lines and its serialised form is part of our file format.
 */
const ALPHA = 0.01;
const GAMMA = (1 + ALPHA) / (1 - ALPHA);
const INV_LOG_GAMMA = 1 / Math.log(GAMMA);
/** Values at or below this (ms) count as zero. */
const MIN_POSITIVE = 1e-3;

export interface SketchData {
  min: number;
  max: number;
  sum: number;
  n: number;
  zeros: number;
  /** [bin index, count], sorted by index. */
  bins: Array<[number, number]>;
}

export class LatencySketch {
  min = Infinity;
  max = -Infinity;
  sum = 0;
  n = 0;
  zeros = 0;
  private readonly bins = new Map<number, number>();

  add(value: number, count = 1): void {
    if (!Number.isFinite(value) || count <= 0) return;
    this.n += count;
    this.sum += value * count;
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
    if (value <= MIN_POSITIVE) this.zeros += count;
    else {
      const i = Math.ceil(Math.log(value) * INV_LOG_GAMMA);
      this.bins.set(i, (this.bins.get(i) ?? 0) + count);
    }
  }

  merge(other: SketchData | LatencySketch): void {
    const d = other instanceof LatencySketch ? other.toJSON() : other;
    if (d.n === 0) return;
    this.n += d.n;
    this.sum += d.sum;
    this.zeros += d.zeros;
    if (d.min < this.min) this.min = d.min;
    if (d.max > this.max) this.max = d.max;
    for (const [i, c] of d.bins) this.bins.set(i, (this.bins.get(i) ?? 0) + c);
  }

  /** The q-quantile (0..1), within 1% relative error; NaN when empty. */
  quantile(q: number): number {
    if (this.n === 0) return NaN;
    const rank = Math.max(0, Math.min(1, q)) * (this.n - 1);
    let seen = this.zeros;
    if (rank < seen) return Math.max(this.min, 0);
    const keys = [...this.bins.keys()].sort((a, b) => a - b);
    for (const i of keys) {
      seen += this.bins.get(i)!;
      if (rank < seen) return Math.min(this.max, Math.max(this.min, (2 * GAMMA ** i) / (GAMMA + 1)));
    }
    return this.max;
  }

  mean(): number {
    return this.n === 0 ? NaN : this.sum / this.n;
  }

  toJSON(): SketchData {
    const bins = [...this.bins.entries()].sort((a, b) => a[0] - b[0]);
    return { min: this.min, max: this.max, sum: this.sum, n: this.n, zeros: this.zeros, bins };
  }

  static from(d: SketchData): LatencySketch {
    const s = new LatencySketch();
    s.merge(d);
    return s;
  }
}
