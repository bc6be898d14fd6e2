/**
 * How often a connection's health metrics are read. Reading statistics catalogs
 * (pg_stat_activity, SHOW GLOBAL STATUS ...) costs a fresh backend several
 * milliseconds: a 5-second probe loop should not pay that on every probe, while
 * a probe every 5 minutes should always bring fresh metrics. `MetricsCadence`
 * decides, per connection id, from the time metrics were last collected and an
 * interval: pure, times are passed in (any clock, as long as it is one clock).
 *
 * A probe that skips metrics still proves the connection works (cheapest round
 * trip); its result carries `metrics: { metrics_skipped: true }`.
 */
import type { MetricValue, ProbeResult } from '../../shared/probe';

/** Metrics at most once a minute per connection, unless configured otherwise. */
export const DEFAULT_METRICS_INTERVAL_MS = 60_000;
/**
 * Timers fire a little late and never early, so two probes one interval apart
 * can be measured a few milliseconds short of it: metrics are due this much
 * before the interval has fully passed, so a probe every `intervalMs` still
 * collects every time.
 */
export const DEFAULT_METRICS_SLACK_MS = 1_000;

/** The metric key a liveness-only result carries. */
export const METRICS_SKIPPED = 'metrics_skipped';

export interface MetricsCadenceOptions {
  /** Minimum time between two metric collections of one connection, ms; 0 collects on every probe. */
  intervalMs?: number;
  /** Tolerance for timer lateness, ms (default 1 s, at most the interval). */
  slackMs?: number;
}

/** True when the result brought metrics (it is not down and did not skip them). */
export function metricsCollected(result: Pick<ProbeResult, 'state' | 'metrics'>): boolean {
  return result.state !== 'down' && !metricsSkipped(result.metrics);
}

/** True for the metrics of a liveness-only probe. */
export function metricsSkipped(metrics: Readonly<Record<string, MetricValue>> | undefined): boolean {
  return metrics?.[METRICS_SKIPPED] === true;
}

function nonNegative(v: number | undefined, fallback: number, name: string): number {
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0)
    throw new RangeError(`${name} must be a non-negative finite number of milliseconds, got ${String(v)}`);
  return v;
}

export class MetricsCadence {
  readonly intervalMs: number;
  readonly slackMs: number;
  private readonly last = new Map<string, number>();

  constructor(options: MetricsCadenceOptions = {}) {
    this.intervalMs = nonNegative(options.intervalMs, DEFAULT_METRICS_INTERVAL_MS, 'metrics interval');
    this.slackMs = Math.min(this.intervalMs, nonNegative(options.slackMs, DEFAULT_METRICS_SLACK_MS, 'metrics slack'));
  }

  /**
   * Whether a probe of `connectionId` starting at `now` should read metrics:
   * yes when none were collected yet, when the interval (less the slack, plus
   * `extraSlackMs` for schedules that jitter, such as cron ticks) has passed,
   * or when the clock went backwards.
   */
  due(connectionId: string, now: number, extraSlackMs = 0): boolean {
    if (this.intervalMs === 0) return true;
    const last = this.last.get(connectionId);
    if (last === undefined || now < last) return true;
    return now - last >= this.intervalMs - this.slackMs - Math.max(0, extraSlackMs);
  }

  /**
   * Notes a finished probe that started at `startedAt` (the time given to `due`).
   * A result that brought metrics restarts the interval; a liveness-only one
   * changes nothing; a failed one makes the next probe due, so the first probe
   * after an outage (a restart, a failover) reads fresh figures.
   */
  record(connectionId: string, startedAt: number, result: Pick<ProbeResult, 'state' | 'metrics'>): void {
    if (result.state === 'down') this.last.delete(connectionId);
    // Set even when earlier than the last one: after the clock went back, the interval restarts from the new time.
    else if (!metricsSkipped(result.metrics)) this.last.set(connectionId, startedAt);
  }

  /** When metrics of `connectionId` were last collected (the probe's start), if ever. */
  lastCollectedAt(connectionId: string): number | undefined {
    return this.last.get(connectionId);
  }

  /** Drops a connection (removed, or its endpoint changed: the next probe collects). */
  forget(connectionId: string): void {
    this.last.delete(connectionId);
  }

  /** Connections tracked. */
  get size(): number {
    return this.last.size;
  }
}
