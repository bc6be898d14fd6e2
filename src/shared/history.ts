/**
 * History as the store keeps it and the client shows it: records and query results.
 * Plain values only.
 */
import type { ErrorCategory } from './categories';
import type { HealthState } from './probe';
import type { Prediction } from './prediction';

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
  | 'test_alert_sent'
  | 'incident_acknowledged'
  | 'incident_snoozed'
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

/**
 * A forecast made after a probe, as the monitoring service records it: the first one of a
 * connection after start, each change of risk level, and otherwise at most one an hour.
 */
export interface PredictionRecord {
  at: number;
  connectionId: string;
  prediction: Prediction;
}

/** An alert the monitoring service sent (or tried to): the event and each channel's outcome. */
export interface AlertRecord {
  at: number;
  connectionId: string;
  /** `down`, `recovered`, `degraded`, `prediction`, `flapping` or `test`. */
  event: string;
  state: HealthState | 'unknown';
  /** One per channel: `webhook:<id>` or `email`, whether it was delivered, and what happened (never a secret). */
  outcomes: Array<{ channel: string; ok: boolean; detail: string }>;
}

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

/** A request for one connection's series over a time range (`auto` picks raw points or hourly buckets). */
export interface SeriesQuery {
  connectionId: string;
  from: number;
  to: number;
  resolution?: 'auto' | 'raw' | 'hour';
}
