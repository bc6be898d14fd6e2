/** Which files have outlived their retention (pure). */
import { DAY_MS } from './hourly';
import { nextMonthStart } from './layout';

export interface RetentionPolicy {
  rawDays: number;
  rollupDays: number;
  eventDays: number;
}

export const DEFAULT_RETENTION: RetentionPolicy = { rawDays: 30, rollupDays: 365, eventDays: 365 };

export function checkRetention(p: RetentionPolicy): void {
  for (const [k, v] of Object.entries(p)) {
    if (!Number.isFinite(v) || v <= 0) throw new RangeError(`retention ${k} must be a positive number of days (got ${String(v)})`);
  }
  if (p.rollupDays < p.rawDays)
    throw new RangeError(`roll-ups must be kept at least as long as raw results (${p.rollupDays} < ${p.rawDays} days)`);
}

/** A raw day expires once all of it is older than the raw retention. */
export function rawDayExpired(day: number, now: number, p: RetentionPolicy): boolean {
  return day + DAY_MS <= now - p.rawDays * DAY_MS;
}

/** A monthly file expires once all of its month is older than `days`. */
export function monthExpired(month: number, now: number, days: number): boolean {
  return nextMonthStart(month) <= now - days * DAY_MS;
}
