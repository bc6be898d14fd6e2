/**
 * Hourly aggregation of raw index entries and of stored roll-ups (pure).
 * Latency figures cover up and degraded probes only: a down probe's time is time to failure.
 */
import type { ErrorCategory } from '../../shared/categories';
import type { CategoryCodes } from './codes';
import { STATE_DEGRADED, STATE_DOWN, STATE_UP } from './codes';
import type { EntryList } from './entries';
import { RecordKind } from './frame';
import { LatencySketch } from './latencySketch';
import type { SketchData } from './latencySketch';
import type { HourBucket } from './types';

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

export function hourStart(t: number): number {
  return Math.floor(t / HOUR_MS) * HOUR_MS;
}

/** The stored form of one connection-hour (a roll-up record's payload). */
export interface RollupData {
  connectionId: string;
  hour: number;
  count: number;
  up: number;
  degraded: number;
  down: number;
  latency: SketchData | null;
  errors: Partial<Record<ErrorCategory, number>>;
}

export class HourAccumulator {
  count = 0;
  up = 0;
  degraded = 0;
  down = 0;
  readonly sketch = new LatencySketch();
  readonly errors: Partial<Record<ErrorCategory, number>> = {};

  addProbe(state: number, latencyMs: number, category: ErrorCategory | undefined): void {
    this.count++;
    if (state === STATE_UP) this.up++;
    else if (state === STATE_DEGRADED) this.degraded++;
    else if (state === STATE_DOWN) this.down++;
    if (state === STATE_UP || state === STATE_DEGRADED) this.sketch.add(latencyMs);
    if (category) this.errors[category] = (this.errors[category] ?? 0) + 1;
  }

  addRollup(r: RollupData): void {
    this.count += r.count;
    this.up += r.up;
    this.degraded += r.degraded;
    this.down += r.down;
    if (r.latency) this.sketch.merge(r.latency);
    for (const [k, v] of Object.entries(r.errors) as Array<[ErrorCategory, number]>) this.errors[k] = (this.errors[k] ?? 0) + v;
  }

  toRollup(connectionId: string, hour: number): RollupData {
    return {
      connectionId,
      hour,
      count: this.count,
      up: this.up,
      degraded: this.degraded,
      down: this.down,
      latency: this.sketch.n ? this.sketch.toJSON() : null,
      errors: { ...this.errors },
    };
  }

  toBucket(at: number): HourBucket {
    const s = this.sketch;
    return {
      at,
      count: this.count,
      up: this.up,
      degraded: this.degraded,
      down: this.down,
      latency: s.n ? { min: s.min, max: s.max, mean: s.mean(), p50: s.quantile(0.5), p95: s.quantile(0.95) } : null,
      errors: { ...this.errors },
    };
  }
}

/** Adds the probe entries of `list` within [from, to) to per-hour accumulators. */
export function accumulateEntries(
  list: EntryList,
  from: number,
  to: number,
  codes: CategoryCodes,
  into: Map<number, HourAccumulator>,
): void {
  let h = NaN;
  let acc: HourAccumulator | undefined;
  for (let i = list.lowerBound(from); i < list.count; i++) {
    const ts = list.ts(i);
    if (ts >= to) break;
    if (list.kind(i) !== RecordKind.Probe) continue;
    const hour = hourStart(ts);
    if (hour !== h) {
      h = hour;
      acc = into.get(h);
      if (!acc) into.set(h, (acc = new HourAccumulator()));
    }
    const c = list.category(i);
    acc!.addProbe(list.state(i), list.latency(i), c === 0 ? undefined : codes.name(c));
  }
}
