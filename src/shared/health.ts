/** What the editor shows for a connection: its health, the short diagnosis, monitoring status. */
import type { ErrorCategory } from './categories';
import type { BreakerState } from './history';
import type { Prediction } from './prediction';
import type { HealthState, ProbeResult } from './probe';

/** The short diagnosis shown with a failed probe (the full analysis has its own request). */
export interface DiagnosisSummary {
  category: ErrorCategory;
  confidence: number;
  rootCause: string;
  fixes: string[];
  docsUrl?: string;
}

/** Everything the tree, status bar and dashboards show for one connection. */
export interface ConnectionHealth {
  connectionId: string;
  /** The latest failure prediction (after each probe when history exists). */
  prediction?: Prediction;
  state: HealthState | 'unknown' | 'skipped';
  /** Why the connection is not probed (Restricted Mode, missing secret, ...). */
  skippedReason?: string;
  result?: ProbeResult;
  /** When `result.metrics` were read (scheduled probes read metrics at most once a minute; between, liveness only). */
  metricsAt?: number;
  diagnosis?: DiagnosisSummary;
  breaker?: BreakerState;
  /** Epoch ms of the next scheduled probe, when monitoring is on. */
  nextProbeAt?: number;
}

/** Whether scheduled monitoring runs, and at what interval. */
export interface MonitoringStatus {
  enabled: boolean;
  /** Default interval: milliseconds or a cron expression. */
  interval: number | string;
  /** Per-connection overrides set with "Enable Automated Monitoring". */
  overrides: Record<string, number | string>;
  /** Why monitoring cannot run (no storage, Restricted Mode ...). */
  note?: string;
}
