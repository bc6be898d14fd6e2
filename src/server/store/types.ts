/**
 * Public types of the durable history store: what goes in (records) and what
 * comes out (queries). Plain values only, so the LSP adapter can send them as-is.
 */
import type { ErrorCategory } from '../../shared/categories';
import type { HealthState, ProbeResult } from '../../shared/probe';

/** The store's only view of time (structurally compatible with engine/clock.ts `Clock`). */
export interface StoreClock {
  now(): number;
}

export type BreakerState = 'CLOSED' | 'OPEN' | 'HALF_OPEN';

/** A change of a connection's health (up/degraded/down) or of its circuit breaker. */
export type TransitionRecord =
  | { kind: 'health'; connectionId: string; at: number; from: HealthState | null; to: HealthState; reason?: string }
  | { kind: 'breaker'; connectionId: string; at: number; from: BreakerState | null; to: BreakerState; reason?: string };

/** What the user did. Details are redacted (no password, key or token ever stored). */
export type AuditAction =
  | 'connection_added'
  | 'connection_removed'
  | 'connection_changed'
  | 'monitoring_enabled'
  | 'monitoring_disabled'
  | 'alerts_configured'
  | 'quick_fix_applied';

export interface AuditEntry {
  at: number;
  action: AuditAction;
  connectionId?: string;
  /** Free-form facts (interval, fix id, file, alert rule ...). Secret-looking keys and URL passwords are redacted. */
  details?: Record<string, string | number | boolean | null>;
}

/** A user's verdict on something DB Pulse said (a diagnosis, a fix, an alert, an anomaly). */
export interface FeedbackRecord {
  at: number;
  /** What the feedback is about: `diagnosis`, `fix_suggestion`, `fix_outcome`, `alert`, `anomaly` ... */
  subject: string;
  verdict: 'helpful' | 'not_helpful' | 'wrong' | 'worked' | 'did_not_work' | string;
  connectionId?: string;
  category?: ErrorCategory;
  /** The category the user says is right, when the diagnosis was wrong. */
  correctedCategory?: ErrorCategory;
  fixId?: string;
  comment?: string;
}

export type StoredRecord =
  | { type: 'probe'; value: ProbeResult }
  | { type: 'transition'; value: TransitionRecord }
  | { type: 'feedback'; value: FeedbackRecord }
  | { type: 'audit'; value: AuditEntry };

export interface StoreOptions {
  /** The storage directory (workspace storage, or `--storage DIR`). Created when missing. */
  dir: string;
  clock?: StoreClock;
  /** Raw probe results are kept this many days, then rolled up hourly. Default 30. */
  rawRetentionDays?: number;
  /** Hourly roll-ups are kept this many days. Default 365. */
  rollupRetentionDays?: number;
  /** Transitions, feedback and audit entries are kept this many days. Default 365. */
  eventRetentionDays?: number;
  /**
   * `auto` (default): become the writer when the lock is free, else open read-only.
   * `writer`: fail when another live process holds the lock. `reader`: never write.
   */
  role?: 'auto' | 'writer' | 'reader';
  /** Compress record payloads (deflate with a preset dictionary). Default true. */
  compress?: boolean;
}

/** Something found and handled while opening or maintaining the store. */
export type StoreReport =
  | { kind: 'torn_tail'; file: string; droppedBytes: number }
  | { kind: 'quarantined'; file: string; movedTo: string; salvagedRecords: number; badRegions: number }
  | { kind: 'index_rebuilt'; file: string; reason: string }
  | { kind: 'rolled_up'; file: string; connections: number; hours: number }
  | { kind: 'expired'; file: string }
  | { kind: 'stale_lock_taken_over'; previousPid: number }
  | { kind: 'error'; file: string; message: string };

export interface LatestState {
  connectionId: string;
  /** The latest probe's state and time, when a probe is stored. */
  state?: HealthState;
  at?: number;
  latencyMs?: number;
  category?: ErrorCategory;
  breaker?: BreakerState;
  breakerAt?: number;
}

/** One raw probe in a series. */
export interface RawPoint {
  at: number;
  state: HealthState;
  /** `timings.totalMs` of the probe (time to failure when down). */
  latencyMs: number;
  category?: ErrorCategory;
}

/** One hour of probes for one connection. Latency figures cover up and degraded probes only. */
export interface HourBucket {
  /** Start of the hour, epoch ms (UTC). */
  at: number;
  count: number;
  up: number;
  degraded: number;
  down: number;
  latency: { min: number; max: number; mean: number; p50: number; p95: number } | null;
  errors: Partial<Record<ErrorCategory, number>>;
}

export type Series =
  | { connectionId: string; from: number; to: number; resolution: 'raw'; points: RawPoint[] }
  | { connectionId: string; from: number; to: number; resolution: 'hour'; buckets: HourBucket[] };

export interface UptimeFigure {
  /** (up + degraded) / probes, in percent; null with no probe in the window. */
  percent: number | null;
  probes: number;
  up: number;
  degraded: number;
  down: number;
}

export interface Uptime {
  connectionId: string;
  at: number;
  h24: UptimeFigure;
  d7: UptimeFigure;
  d30: UptimeFigure;
}

export interface TimeRange {
  from?: number;
  to?: number;
}
