/**
 * Public types of the durable history store: what goes in (records) and what
 * comes out (queries). Plain values only, so the LSP adapter can send them as-is.
 */
import type { ProbeResult } from '../../shared/probe';
import type { AlertRecord, AuditEntry, FeedbackRecord, PredictionRecord, TransitionRecord } from '../../shared/history';
export type * from '../../shared/history';

/** The store's only view of time (structurally compatible with engine/clock.ts `Clock`). */
export interface StoreClock {
  now(): number;
}

export type StoredRecord =
  | { type: 'probe'; value: ProbeResult }
  | { type: 'transition'; value: TransitionRecord }
  | { type: 'feedback'; value: FeedbackRecord }
  | { type: 'audit'; value: AuditEntry }
  | { type: 'prediction'; value: PredictionRecord }
  | { type: 'alert'; value: AlertRecord };

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
  /**
   * Called with each report made after opening (a writer lock taken back or lost, a record
   * skipped while reading), as well as being kept in `reports`.
   */
  onReport?: (r: StoreReport) => void;
}

/** Something found and handled while opening or maintaining the store. */
export type StoreReport =
  | { kind: 'torn_tail'; file: string; droppedBytes: number }
  | {
      kind: 'quarantined';
      file: string;
      /** The untouched copy of the damaged file. */
      movedTo: string;
      salvagedRecords: number;
      /** Records in the damaged bytes (at least one per damaged region). */
      lostRecords: number;
      badBytes: number;
      badRegions: number;
    }
  /** A reader skipped damage it may not repair (the writer quarantines it on its next open). */
  | { kind: 'damaged'; file: string; keptRecords: number; lostRecords: number; badBytes: number }
  /** A record whose frame checks out but whose payload cannot be decoded: skipped, the rest is read. */
  | { kind: 'record_skipped'; file: string; offset: number; reason: string }
  | { kind: 'index_rebuilt'; file: string; reason: string }
  | { kind: 'rolled_up'; file: string; connections: number; hours: number }
  | { kind: 'expired'; file: string }
  | { kind: 'stale_lock_taken_over'; previousPid: number }
  /** writer.lock was deleted under this writer and taken back (no other process held it). */
  | { kind: 'lock_reacquired'; file: string }
  /** Another process holds writer.lock now: this process stopped writing (appends are rejected). */
  | { kind: 'lock_lost'; file: string; holder: string }
  | { kind: 'error'; file: string; message: string };
