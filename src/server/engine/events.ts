/**
 * What the engine tells the outside world. The LSP adapter forwards these to
 * the client (tree, status bar); the headless monitor logs them to stderr.
 * No event carries a secret.
 */
import type { BreakerState } from '../../shared/history';
import type { HealthState, ProbeResult } from '../../shared/probe';

export type ProbeTrigger = 'schedule' | 'manual';

export type SkipReason =
  /** The previous round of this connection (its probe or its retries) is still running. */
  | 'overrun'
  /** The circuit is OPEN, or HALF_OPEN with its trial already running. */
  | 'circuit_open'
  /** More probes are waiting for a bulkhead slot than `maxQueuedProbes`. */
  | 'bulkhead_full'
  /** The secret could not be fetched (client gone, SecretStorage error). */
  | 'secret_unavailable';

export type EngineEvent =
  | {
      type: 'result';
      connectionId: string;
      result: ProbeResult;
      /** 0 for the first attempt of a round, 1.. for retries. */
      attempt: number;
      /** True when no retry follows this attempt. */
      final: boolean;
      trigger: ProbeTrigger;
      /** Whether the result reached the store (false when there is no store, or the write failed). */
      stored: boolean;
    }
  | { type: 'health'; connectionId: string; from: HealthState | 'unknown'; to: HealthState; at: number }
  | { type: 'breaker'; connectionId: string; from: BreakerState; to: BreakerState; at: number }
  | { type: 'skipped'; connectionId: string; reason: SkipReason; at: number; detail?: string }
  | { type: 'retry'; connectionId: string; attempt: number; delayMs: number; at: number }
  /** The wall clock jumped (sleep, suspend, clock change): every connection was rescheduled from now. */
  | { type: 'sleep'; gapMs: number; at: number }
  | { type: 'monitoring'; enabled: boolean; at: number }
  /** Something the user should hear about that did not stop the engine (bad interval, store write failed). */
  | { type: 'warning'; message: string; connectionId?: string; at: number };

export type EngineListener = (event: EngineEvent) => void;

/**
 * A state change as the history store keeps it (the same shape as the store's
 * `TransitionRecord`; `from: null` when the previous state was not known).
 */
export type { TransitionRecord } from '../../shared/history';
import type { TransitionRecord } from '../../shared/history';

/**
 * Where results and transitions go: the history store (`HistoryStore` fits as
 * it is). `appendProbe` resolves once the record is durable: that is the
 * acknowledgement.
 */
export interface ResultSink {
  appendProbe(result: ProbeResult): Promise<void>;
  appendTransition(record: TransitionRecord): Promise<void>;
}
