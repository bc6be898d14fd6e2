/** One line of plain text per store report (pure), for the CLI and the server's log. */
import type { StoreReport } from './types';

/** Reports that mean history was lost or skipped (as opposed to routine upkeep). */
export function isDataLossReport(r: StoreReport): boolean {
  return r.kind === 'quarantined' || r.kind === 'damaged' || r.kind === 'record_skipped' || r.kind === 'error' || r.kind === 'lock_lost';
}

export function describeStoreReport(r: StoreReport): string {
  switch (r.kind) {
    case 'torn_tail':
      return `a torn last record in ${r.file} was cut (${r.droppedBytes} bytes of one unfinished write; it had never been acknowledged)`;
    case 'quarantined':
      return (
        `damaged file ${r.file}: ${r.lostRecords} record(s) lost in ${r.badBytes} damaged byte(s), ${r.salvagedRecords} kept; ` +
        `the original is copied to ${r.movedTo}`
      );
    case 'damaged':
      return `damaged file ${r.file}: ${r.lostRecords} record(s) in ${r.badBytes} damaged byte(s) skipped, ${r.keptRecords} read (the writer will quarantine it)`;
    case 'record_skipped':
      return `one record in ${r.file} at byte ${r.offset} was skipped: ${r.reason}`;
    case 'index_rebuilt':
      return `index ${r.file} rebuilt (${r.reason})`;
    case 'rolled_up':
      return `${r.file} rolled up (${r.connections} connection(s), ${r.hours} hour(s))`;
    case 'expired':
      return `${r.file} expired`;
    case 'stale_lock_taken_over':
      return `took over the writer lock of pid ${r.previousPid}, which is gone`;
    case 'lock_reacquired':
      return `the writer lock ${r.file} was deleted while this process was writing; it was taken back (no other process held it)`;
    case 'lock_lost':
      return `the writer lock ${r.file} is now held by ${r.holder}: this process stopped writing history (results from now on are not stored)`;
    case 'error':
      return `${r.file}: ${r.message}`;
  }
}
