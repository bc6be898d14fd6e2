/**
 * What the parts of the history store (segments, event log, maintenance, queries) share:
 * the directory, the clock, the role, the category codes and the report list. The façade
 * (historyStore.ts) implements it; the parts never reach into each other's files.
 */
import type { CategoryCodes } from './codes';
import type { RepairOptions } from './fileRecovery';
import type { RetentionPolicy } from './retention';
import type { LatestState, StoreReport } from './types';

export interface StoreContext {
  readonly dir: string;
  readonly compress: boolean;
  readonly retention: RetentionPolicy;
  /** True while this process holds the writer lock. */
  readonly writer: boolean;
  readonly codes: CategoryCodes;
  /** Latest probe and breaker state per connection (kept by the segments and the event log). */
  readonly latest: Map<string, LatestState>;
  now(): number;
  /** A path inside the storage directory. */
  sub(name: string): string;
  report(r: StoreReport): void;
  repairOpts(): RepairOptions;
  /** Sorted names in `dir`; [] when it does not exist. */
  listDir(dir: string): string[];
}
