/**
 * Every settable default of the monitoring engine, in one place. The product
 * spec's numbers: a 5-minute interval, retry backoff 1 → 2 → 4 → 8 → 16 s with
 * ±25% jitter, a circuit that opens after 5 failures within 5 minutes and goes
 * half-open after 30 s; health metrics read at most once a minute per connection
 * (probes in between check liveness only). Callers override any of them with
 * `Partial<EngineSettings>`.
 */
import { DEFAULT_METRICS_INTERVAL_MS } from '../probes/metricsCadence';

export interface EngineSettings {
  /** Interval between scheduled probes of one connection, when nothing overrides it. */
  intervalMs: number;
  /** The shortest interval accepted (a guard against `interval: 1`). */
  minIntervalMs: number;
  /** Start times are spread at random over [0, min(interval, maxStartJitterMs)). */
  maxStartJitterMs: number;
  /** Cron ticks are delayed by a random [0, cronJitterMs) so connections sharing an expression do not fire together. */
  cronJitterMs: number;

  /**
   * Scheduled probes read health metrics at most this often per connection; the
   * probes in between only check liveness (connect + the cheapest round trip).
   * Manual probes always read them. 0 reads them on every probe.
   */
  metricsIntervalMs: number;

  /** Retries after a failed attempt within one scheduled round (so 1 + maxRetries attempts at most). */
  maxRetries: number;
  /** First retry delay; each next one doubles (cockatiel's exponential backoff). */
  backoffInitialMs: number;
  /** Cap on a single retry delay. */
  backoffMaxMs: number;
  /** Each delay is multiplied by a random factor in [1 - jitter, 1 + jitter]. */
  backoffJitter: number;

  /** The circuit opens after this many failed attempts ... */
  breakerFailureThreshold: number;
  /** ... within this sliding window. */
  breakerWindowMs: number;
  /** How long the circuit stays OPEN before it goes HALF_OPEN and lets one trial probe through. */
  breakerHalfOpenAfterMs: number;

  /** At most this many probes run at the same time (the bulkhead). */
  maxConcurrentProbes: number;
  /** At most this many probes wait for a bulkhead slot; more are skipped (`bulkhead_full`). */
  maxQueuedProbes: number;

  /** A probe gets this much more than its own connect + statement timeouts before it is abandoned. */
  probeGraceMs: number;
  /** Used when a connection sets no `connectTimeoutMs`/`statementTimeoutMs`. */
  defaultConnectTimeoutMs: number;
  defaultStatementTimeoutMs: number;
  /** Hard upper bound on a probe's deadline, whatever the connection says. */
  maxProbeDeadlineMs: number;

  /** The scheduler's timer never sleeps longer than this, so wall-clock jumps are noticed. */
  heartbeatMs: number;
  /** A timer firing this late (or the wall clock moving back this much) means the machine slept: reschedule from now. */
  sleepThresholdMs: number;

  /** On stop, in-flight probes get this long to finish before they are aborted and abandoned. */
  stopGraceMs: number;
}

export const ENGINE_DEFAULTS: Readonly<EngineSettings> = Object.freeze({
  intervalMs: 5 * 60_000,
  minIntervalMs: 1_000,
  maxStartJitterMs: 30_000,
  cronJitterMs: 5_000,

  metricsIntervalMs: DEFAULT_METRICS_INTERVAL_MS,

  maxRetries: 5,
  backoffInitialMs: 1_000,
  backoffMaxMs: 16_000,
  backoffJitter: 0.25,

  breakerFailureThreshold: 5,
  breakerWindowMs: 5 * 60_000,
  breakerHalfOpenAfterMs: 30_000,

  maxConcurrentProbes: 8,
  maxQueuedProbes: 10_000,

  probeGraceMs: 2_000,
  defaultConnectTimeoutMs: 10_000,
  defaultStatementTimeoutMs: 5_000,
  maxProbeDeadlineMs: 120_000,

  heartbeatMs: 10_000,
  sleepThresholdMs: 30_000,

  stopGraceMs: 5_000,
});

/** The file, in the storage directory, that keeps monitoring on/off and intervals across restarts. */
export const MONITOR_STATE_FILE = 'monitoring.json';

/** Merges overrides onto the defaults and rejects values that would break the engine. */
export function resolveSettings(overrides: Partial<EngineSettings> = {}): EngineSettings {
  const s: EngineSettings = { ...ENGINE_DEFAULTS };
  for (const [key, value] of Object.entries(overrides) as [keyof EngineSettings, number | undefined][]) {
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new RangeError(`engine setting ${key} must be a non-negative finite number, got ${String(value)}`);
    }
    s[key] = value;
  }
  if (s.backoffJitter >= 1) throw new RangeError(`engine setting backoffJitter must be below 1, got ${s.backoffJitter}`);
  if (s.maxConcurrentProbes < 1) throw new RangeError('engine setting maxConcurrentProbes must be at least 1');
  if (s.breakerFailureThreshold < 1) throw new RangeError('engine setting breakerFailureThreshold must be at least 1');
  if (s.heartbeatMs < 1) throw new RangeError('engine setting heartbeatMs must be at least 1');
  return s;
}
