/**
 * Least-squares line through the (time, value) points of a sliding time window: O(1) amortised
 * per point (running sums, with the oldest points subtracted as they leave the window), irregular
 * sampling welcome. Unlike an exponentially weighted fit, a window that lies wholly inside a
 * climb has no lag from the flat history before it. Gives the current level, the slope per ms
 * and the slope's standard error, from which capacity forecasts extrapolate.
 * Times are kept in minutes relative to a base that moves on each recompute, so the sums stay
 * small. Plain-data state (serialisable).
 */
export interface TrendState {
  windowMs: number;
  /** Minutes since `base` of the points in the window, oldest first, from index `head`. */
  times: number[];
  values: number[];
  head: number;
  baseMs: number | null;
  n: number;
  st: number;
  stt: number;
  sx: number;
  sxx: number;
  stx: number;
  /** Points seen in total. */
  seen: number;
}

const MINUTE = 60_000;

export function newTrend(windowMs: number): TrendState {
  if (!(windowMs > 0)) throw new RangeError('trend window must be positive');
  return { windowMs, times: [], values: [], head: 0, baseMs: null, n: 0, st: 0, stt: 0, sx: 0, sxx: 0, stx: 0, seen: 0 };
}

function add(s: TrendState, t: number, x: number, sign: 1 | -1): void {
  s.n += sign;
  s.st += sign * t;
  s.stt += sign * t * t;
  s.sx += sign * x;
  s.sxx += sign * x * x;
  s.stx += sign * t * x;
}

/** Rebase times on the oldest point in the window and recompute the sums exactly. */
function compact(s: TrendState): void {
  const times = s.times.slice(s.head);
  const values = s.values.slice(s.head);
  const shift = times.length ? times[0] : 0;
  s.baseMs = (s.baseMs ?? 0) + shift * MINUTE;
  s.times = times.map((t) => t - shift);
  s.values = values;
  s.head = 0;
  s.n = s.st = s.stt = s.sx = s.sxx = s.stx = 0;
  for (let i = 0; i < s.times.length; i++) add(s, s.times[i], s.values[i], 1);
}

export function trendUpdate(s: TrendState, tMs: number, x: number): void {
  if (!Number.isFinite(tMs) || !Number.isFinite(x)) return;
  if (s.baseMs === null) s.baseMs = tMs;
  const t = (tMs - s.baseMs) / MINUTE;
  const lastIdx = s.times.length - 1;
  if (lastIdx >= s.head && t < s.times[lastIdx]) return; // out of order: ignore rather than corrupt the fit
  s.times.push(t);
  s.values.push(x);
  add(s, t, x, 1);
  s.seen++;
  const windowMin = s.windowMs / MINUTE;
  while (s.head < s.times.length - 1 && t - s.times[s.head] > windowMin) {
    add(s, s.times[s.head], s.values[s.head], -1);
    s.head++;
  }
  if (s.head > 64 && s.head * 2 > s.times.length) compact(s);
}

export interface TrendFit {
  /** Fitted value now (at the latest timestamp). */
  level: number;
  /** Units per ms. */
  slope: number;
  /** Standard error of the slope (units per ms); Infinity when undetermined. */
  slopeSe: number;
  /** Residual standard deviation around the line. */
  residualSd: number;
  /** Share of the variance the line explains, 0..1. */
  r2: number;
  /** Points in the window and the time they span (ms). */
  points: number;
  spanMs: number;
  windowMs: number;
}

export function trendFit(s: TrendState): TrendFit | null {
  const n = s.n;
  if (n < 3) return null;
  const now = s.times[s.times.length - 1];
  const spanMs = (now - s.times[s.head]) * MINUTE;
  const mt = s.st / n;
  const mx = s.sx / n;
  const vtt = s.stt / n - mt * mt;
  const vxx = Math.max(0, s.sxx / n - mx * mx);
  const ctx = s.stx / n - mt * mx;
  if (!(vtt > 1e-12))
    return { level: mx, slope: 0, slopeSe: Infinity, residualSd: Math.sqrt(vxx), r2: 0, points: n, spanMs, windowMs: s.windowMs };
  const slopePerMin = ctx / vtt;
  const level = mx + slopePerMin * (now - mt);
  const residVar = Math.max(0, vxx - slopePerMin * ctx);
  const sigma2 = (residVar * n) / Math.max(1, n - 2);
  const sePerMin = Math.sqrt(sigma2 / (vtt * n));
  const r2 = vxx > 0 ? Math.min(1, Math.max(0, (slopePerMin * ctx) / vxx)) : 0;
  return {
    level,
    slope: slopePerMin / MINUTE,
    slopeSe: sePerMin / MINUTE,
    residualSd: Math.sqrt(sigma2),
    r2,
    points: n,
    spanMs,
    windowMs: s.windowMs,
  };
}
