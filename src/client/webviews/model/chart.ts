/**
 * The latency chart's geometry: scales, tick values, decimation and SVG path
 * strings. Pure numbers in, strings and numbers out; the webview only turns
 * the result into SVG elements.
 */
import type { Series } from '../../../shared/history';
import type { HourBucket, RawPoint } from '../../../shared/history';

export interface Pt {
  x: number;
  y: number;
}

/** A linear map from [d0, d1] to [r0, r1]; a zero-width domain maps to the middle of the range. */
export function linearScale(d0: number, d1: number, r0: number, r1: number): (v: number) => number {
  const span = d1 - d0;
  if (span === 0 || !Number.isFinite(span)) return () => (r0 + r1) / 2;
  const k = (r1 - r0) / span;
  return (v) => r0 + (v - d0) * k;
}

/** "Nice" tick values (1, 2, 5 × 10^n steps) covering [min, max], about `count` of them. */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max) || count < 1) return [];
  if (max < min) [min, max] = [max, min];
  if (max === min) return [min];
  const raw = (max - min) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const norm = raw / mag;
  // d3's thresholds: round the raw step to the nearest of 1, 2, 5, 10 on a log scale.
  const step = (norm >= Math.sqrt(50) ? 10 : norm >= Math.sqrt(10) ? 5 : norm >= Math.sqrt(2) ? 2 : 1) * mag;
  // Integer multiples of the step, rounded to the step's decimals: no drift from repeated addition.
  const decimals = Math.max(0, -Math.floor(Math.log10(step)));
  const first = Math.ceil(min / step - 1e-9);
  const last = Math.floor(max / step + 1e-9);
  const out: number[] = [];
  for (let k = first; k <= last; k++) out.push(Number((k * step).toFixed(Math.min(20, decimals))));
  return out;
}

/** The smallest nice value ≥ v (for the top of the y axis). */
export function niceCeil(v: number): number {
  if (!(v > 0)) return 1;
  const mag = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) if (m * mag >= v) return m * mag;
  return 10 * mag;
}

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const TIME_STEPS = [MIN, 5 * MIN, 10 * MIN, 15 * MIN, 30 * MIN, HOUR, 2 * HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, DAY, 2 * DAY, 7 * DAY];

/**
 * Time ticks for [from, to]: the smallest step from a fixed ladder giving at
 * most `count` ticks, aligned to multiples of the step in local time
 * (`offsetMs` = minutes east of UTC × 60000, so days start at local midnight).
 */
export function timeTicks(from: number, to: number, count = 6, offsetMs = 0): { step: number; ticks: number[] } {
  if (!(to > from) || count < 1) return { step: MIN, ticks: [] };
  const step = TIME_STEPS.find((s) => (to - from) / s <= count) ?? Math.ceil((to - from) / count / DAY) * DAY;
  const first = Math.ceil((from + offsetMs) / step) * step - offsetMs;
  const ticks: number[] = [];
  for (let t = first; t <= to; t += step) ticks.push(t);
  return { step, ticks };
}

/**
 * Keeps the shape of a long series with at most about `2 × buckets` points:
 * per x bucket, the lowest and the highest point in their time order (spikes
 * survive, unlike averaging). Input in x order; NaN y values (gaps) are kept.
 */
export function decimateMinMax(points: readonly Pt[], buckets: number): Pt[] {
  if (points.length <= buckets * 2 || buckets < 1) return points.slice();
  const x0 = points[0].x;
  const span = points[points.length - 1].x - x0 || 1;
  const out: Pt[] = [];
  let i = 0;
  while (i < points.length) {
    const b = Math.min(buckets - 1, Math.floor(((points[i].x - x0) / span) * buckets));
    let lo = -1;
    let hi = -1;
    let gap = -1;
    for (; i < points.length && Math.min(buckets - 1, Math.floor(((points[i].x - x0) / span) * buckets)) === b; i++) {
      const y = points[i].y;
      if (Number.isNaN(y)) {
        if (gap < 0) gap = i;
        continue;
      }
      if (lo < 0 || y < points[lo].y) lo = i;
      if (hi < 0 || y > points[hi].y) hi = i;
    }
    const keep = [lo, hi, gap].filter((k, n, a) => k >= 0 && a.indexOf(k) === n).sort((a, b2) => a - b2);
    for (const k of keep) out.push(points[k]);
  }
  return out;
}

function num(v: number): string {
  return String(Math.round(v * 10) / 10);
}

/** An SVG path through the points; a NaN y breaks the line (a new `M` after the gap). */
export function linePath(points: readonly Pt[]): string {
  let d = '';
  let pen = false;
  for (const p of points) {
    if (Number.isNaN(p.y) || Number.isNaN(p.x)) {
      pen = false;
      continue;
    }
    d += `${pen ? 'L' : 'M'}${num(p.x)} ${num(p.y)}`;
    pen = true;
  }
  return d;
}

/**
 * A closed band between an upper and a lower line sharing x values; a NaN in
 * either breaks the band into separate closed shapes.
 */
export function bandPath(upper: readonly Pt[], lower: readonly Pt[]): string {
  let d = '';
  let run: number[] = [];
  const flush = (): void => {
    if (run.length > 0) {
      const top = run.map((i, n) => `${n === 0 ? 'M' : 'L'}${num(upper[i].x)} ${num(upper[i].y)}`).join('');
      const bottom = run
        .slice()
        .reverse()
        .map((i) => `L${num(lower[i].x)} ${num(lower[i].y)}`)
        .join('');
      d += `${top}${bottom}Z`;
    }
    run = [];
  };
  const n = Math.min(upper.length, lower.length);
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(upper[i].y) || Number.isNaN(lower[i].y)) flush();
    else run.push(i);
  }
  flush();
  return d;
}

export interface ChartBox {
  width: number;
  height: number;
  /** Space for the axes' labels. */
  left: number;
  right: number;
  top: number;
  bottom: number;
}

export const DEFAULT_BOX: ChartBox = { width: 720, height: 240, left: 52, right: 12, top: 12, bottom: 28 };

export interface Tick {
  /** Pixel position along the axis. */
  at: number;
  value: number;
}

export interface Mark {
  x: number;
  /** When: epoch ms. */
  at: number;
  /** 0..1: the share of failed probes (1 for a raw failed probe). */
  weight: number;
  label: string;
}

export interface LatencyChart {
  kind: 'raw' | 'hour';
  box: ChartBox;
  /** True when there is no latency to draw (no probes, or only failures). */
  empty: boolean;
  yMax: number;
  yTicks: Tick[];
  xTicks: Tick[];
  xStep: number;
  /** Raw: latency of up/degraded probes; hour: the p50 line. */
  line: string;
  /** Hour: the p95 line and the p50–p95 band. */
  upperLine?: string;
  band?: string;
  /** Failed probes (raw) or hours with failures (hour). */
  downMarks: Mark[];
  /** Degraded probes (raw) or hours with degraded probes (hour). */
  degradedMarks: Mark[];
  /** Points drawn on the latency line (after decimation) and points received. */
  drawnPoints: number;
  inputPoints: number;
}

/** The largest value (0 for none), without spreading a long array into arguments. */
function maxOf<T>(list: readonly T[], f: (v: T) => number): number {
  let m = 0;
  for (const v of list) {
    const n = f(v);
    if (n > m) m = n;
  }
  return m;
}

/**
 * The median spacing of consecutive x values (for gap detection); 0 with
 * fewer than 2. Long series use an evenly strided sample of 4,096 spacings:
 * the median barely moves and sorting stays cheap.
 */
export function medianSpacing(ats: readonly number[]): number {
  if (ats.length < 2) return 0;
  const d: number[] = [];
  const stride = Math.max(1, Math.floor((ats.length - 1) / 4096));
  for (let i = 1; i < ats.length; i += stride) d.push(ats[i] - ats[i - 1]);
  d.sort((a, b) => a - b);
  return d[Math.floor(d.length / 2)];
}

/**
 * Latency chart for a series over [from, to]. Raw series: a line through the
 * latency of up and degraded probes, broken where no probe ran for more than
 * five times the usual spacing, failed probes as marks (their time is time to
 * failure, not latency). Hourly series: the p50 line under a p50–p95 band,
 * hours with failures as marks weighted by their share of failed probes.
 */
export function buildLatencyChart(series: Series, from: number, to: number, box: ChartBox = DEFAULT_BOX, offsetMs = 0): LatencyChart {
  const x = linearScale(from, to, box.left, box.width - box.right);
  const plotW = Math.max(1, box.width - box.left - box.right);
  const downMarks: Mark[] = [];
  const degradedMarks: Mark[] = [];
  const inRange = <T extends { at: number }>(list: readonly T[]): T[] => list.filter((p) => p.at >= from && p.at <= to);
  const { step: xStep, ticks } = timeTicks(from, to, Math.max(2, Math.floor(plotW / 110)), offsetMs);
  const xTicks = ticks.map((t) => ({ at: x(t), value: t }));

  if (series.resolution === 'raw') {
    const points: RawPoint[] = inRange(series.points);
    const ok = points.filter((p) => p.state !== 'down');
    const yMax = niceCeil(maxOf(ok, (p) => p.latencyMs) * 1.1);
    const y = linearScale(0, yMax, box.height - box.bottom, box.top);
    const ats = new Array<number>(points.length);
    for (let i = 0; i < points.length; i++) ats[i] = points[i].at;
    const spacing = medianSpacing(ats);
    const pts: Pt[] = [];
    let prev: number | undefined;
    for (const p of points) {
      if (p.state === 'down') {
        downMarks.push({ x: x(p.at), at: p.at, weight: 1, label: p.category ?? 'down' });
        continue;
      }
      if (p.state === 'degraded') degradedMarks.push({ x: x(p.at), at: p.at, weight: 1, label: 'degraded' });
      if (prev !== undefined && spacing > 0 && p.at - prev > spacing * 5) pts.push({ x: x((prev + p.at) / 2), y: NaN });
      pts.push({ x: x(p.at), y: y(p.latencyMs) });
      prev = p.at;
    }
    const drawn = decimateMinMax(pts, Math.ceil(plotW));
    return {
      kind: 'raw',
      box,
      empty: ok.length === 0,
      yMax,
      yTicks: niceTicks(0, yMax, 4).map((v) => ({ at: y(v), value: v })),
      xTicks,
      xStep,
      line: linePath(drawn),
      downMarks: thinMarks(downMarks),
      degradedMarks: thinMarks(degradedMarks),
      drawnPoints: drawn.filter((p) => !Number.isNaN(p.y)).length,
      inputPoints: points.length,
    };
  }

  const buckets: HourBucket[] = inRange(series.buckets);
  const withLatency = buckets.filter((b) => b.latency);
  const yMax = niceCeil(maxOf(withLatency, (b) => b.latency?.p95 ?? 0) * 1.1);
  const y = linearScale(0, yMax, box.height - box.bottom, box.top);
  const mid = (b: HourBucket): number => x(b.at + 30 * MIN);
  const p50: Pt[] = [];
  const p95: Pt[] = [];
  let prev: number | undefined;
  for (const b of buckets) {
    if (b.down > 0)
      downMarks.push({ x: mid(b), at: b.at, weight: b.count ? b.down / b.count : 1, label: `${b.down} of ${b.count} failed` });
    if (b.degraded > 0)
      degradedMarks.push({
        x: mid(b),
        at: b.at,
        weight: b.count ? b.degraded / b.count : 1,
        label: `${b.degraded} of ${b.count} degraded`,
      });
    if (!b.latency) continue;
    if (prev !== undefined && b.at - prev > HOUR) {
      p50.push({ x: x(prev + HOUR), y: NaN });
      p95.push({ x: x(prev + HOUR), y: NaN });
    }
    p50.push({ x: mid(b), y: y(b.latency.p50) });
    p95.push({ x: mid(b), y: y(b.latency.p95) });
    prev = b.at;
  }
  return {
    kind: 'hour',
    box,
    empty: withLatency.length === 0,
    yMax,
    yTicks: niceTicks(0, yMax, 4).map((v) => ({ at: y(v), value: v })),
    xTicks,
    xStep,
    line: linePath(p50),
    upperLine: linePath(p95),
    band: bandPath(p95, p50),
    downMarks,
    degradedMarks,
    drawnPoints: withLatency.length,
    inputPoints: buckets.length,
  };
}

/** At most one mark per pixel column (the heaviest), so 10,000 failures do not mean 10,000 SVG nodes. */
export function thinMarks(marks: readonly Mark[]): Mark[] {
  const byPx = new Map<number, Mark>();
  for (const m of marks) {
    const k = Math.round(m.x);
    const cur = byPx.get(k);
    if (!cur || m.weight > cur.weight) byPx.set(k, m);
  }
  return [...byPx.values()].sort((a, b) => a.x - b.x);
}
