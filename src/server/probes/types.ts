/**
 * The provider contract: what `runProbe` hands a provider module and what the
 * provider hands back. Providers only talk to their database; timeouts,
 * timing bookkeeping, error classification and sanitising are `runProbe`'s job.
 */
import type { ConnectionConfig, ConnectionSecret } from '../../shared/connection';
import type { MetricValue, ProbeTimings, TlsInfo } from '../../shared/probe';
import { errorMessage } from '../../shared/errors';

/** Time source, injectable for tests. */
export interface ProbeClock {
  /** Epoch milliseconds (for `ProbeResult.startedAt`). */
  now(): number;
  /** Monotonic milliseconds, for durations (performance.now()). */
  monotonic(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface ProbeRequest {
  config: ConnectionConfig;
  /** Secret material for this probe only; never stored, logged or returned. */
  secret: ConnectionSecret;
  /** Cancels the probe (the caller gave up); the result is then `down`. */
  signal?: AbortSignal;
  clock?: ProbeClock;
  /**
   * Read health metrics (default `true`). `false` asks for a liveness check only:
   * connect, authenticate, the cheapest round trip, close; the result's metrics
   * are then `{ metrics_skipped: true }` (see `MetricsCadence` for who decides).
   * Providers without a cheaper path ignore it and read their metrics.
   */
  collectMetrics?: boolean;
}

/** The phases a probe can time, in the order they happen. */
export type ProbePhase = 'dns' | 'connect' | 'tls' | 'auth' | 'firstQuery';

/** Records phase durations; a phase is timed from `start` to `end` (or from the previous phase's end). */
export interface PhaseRecorder {
  /** Starts a phase now (implicitly ends the running one). */
  start(phase: ProbePhase): void;
  /** Ends a phase now; when it was never started, it is timed from the end of the previous phase. */
  end(phase: ProbePhase): void;
  /** Sets a phase's duration directly (ms). */
  set(phase: ProbePhase, ms: number): void;
  /** Timings so far, `totalMs` from the recorder's creation to now. */
  snapshot(): ProbeTimings;
}

/** What `runProbe` gives a provider besides the request. */
export interface ProbeContext {
  /** Aborted when a deadline passes or the caller cancels; providers stop waiting and close. */
  signal: AbortSignal;
  phases: PhaseRecorder;
  clock: ProbeClock;
  /** Effective connect timeout (ms): DNS + TCP + TLS + authentication. */
  connectTimeoutMs: number;
  /** Effective per-statement timeout (ms), also the budget of the whole query phase. */
  statementTimeoutMs: number;
  /**
   * Call once connected and authenticated: the connect deadline is lifted and the
   * query-phase deadline (`statementTimeoutMs`) starts.
   */
  connected(): void;
  /**
   * Registers a cleanup (close a socket, end a client). Run by `runProbe` when the
   * probe is abandoned on a deadline or cancelled, and after the provider returns or throws.
   * Cleanups must not throw; if they do, the error is swallowed.
   */
  onCleanup(fn: () => void | Promise<void>): void;
  /** Secret strings to strip from any text the provider builds (warnings, fields). */
  redact(text: string): string;
}

/** A provider's answer when it could connect (failures are thrown, with the driver's own error). */
export interface ProviderOutcome {
  /** Defaults to `degraded` when `warnings` is non-empty, else `up`. */
  state?: 'up' | 'degraded';
  serverVersion?: string;
  /** TLS in use, or `null` when the connection is not encrypted. */
  tls?: TlsInfo | null;
  metrics: Record<string, MetricValue>;
  warnings?: string[];
}

export interface ProviderModule {
  /** Connects with the real driver, reads health metrics read-only, closes. Throws the driver's error on failure. */
  probe(req: ProbeRequest, ctx: ProbeContext): Promise<ProviderOutcome>;
}

/**
 * Thrown by a provider to attach what it learnt before failing (server version,
 * TLS) while keeping the driver's error as `cause` for classification.
 */
export class ProbeFailure extends Error {
  override readonly cause: unknown;
  readonly partial: Partial<Pick<ProviderOutcome, 'serverVersion' | 'tls'>>;
  constructor(cause: unknown, partial: Partial<Pick<ProviderOutcome, 'serverVersion' | 'tls'>> = {}) {
    super(errorMessage(cause));
    this.name = 'ProbeFailure';
    this.cause = cause;
    this.partial = partial;
  }
}
