/**
 * When a connection is probed: a fixed interval in milliseconds or a cron
 * expression (croner, 5 or 6 fields). Pure: the caller passes the time and
 * the random source.
 */
import { Cron } from 'croner';
import type { RandomSource } from './backoff';
import { errorMessage } from '../../shared/errors';

export type IntervalSpec = number | string;

export type Schedule = { kind: 'interval'; everyMs: number } | { kind: 'cron'; expression: string; cron: Cron };

export class ScheduleError extends Error {}

/**
 * Parses a user's interval: a number of milliseconds, a numeric string, or a
 * cron expression. Throws `ScheduleError` with a message fit for the user.
 */
export function parseSchedule(spec: IntervalSpec, minIntervalMs: number): Schedule {
  if (typeof spec === 'number' || /^\s*\d+\s*$/.test(spec)) {
    const ms = typeof spec === 'number' ? spec : Number(spec);
    if (!Number.isFinite(ms) || !Number.isInteger(ms))
      throw new ScheduleError(`interval must be a whole number of milliseconds, got ${String(spec)}`);
    if (ms < minIntervalMs) throw new ScheduleError(`interval ${ms} ms is shorter than the minimum of ${minIntervalMs} ms`);
    return { kind: 'interval', everyMs: ms };
  }
  const expression = spec.trim();
  if (!expression) throw new ScheduleError('interval is empty: give milliseconds or a cron expression such as "*/5 * * * *"');
  let cron: Cron;
  try {
    // No callback: croner only computes dates here and never starts a timer of its own.
    cron = new Cron(expression, { paused: true });
  } catch (err) {
    throw new ScheduleError(`invalid cron expression "${expression}": ${errorMessage(err)}`);
  }
  if (cron.nextRun(new Date()) === null) throw new ScheduleError(`cron expression "${expression}" never fires`);
  return { kind: 'cron', expression, cron };
}

/** A rough period, used to bound jitter: the interval, or the gap between two cron runs. */
export function nominalPeriodMs(schedule: Schedule, now: number): number {
  if (schedule.kind === 'interval') return schedule.everyMs;
  const [a, b] = schedule.cron.nextRuns(2, new Date(now));
  return a && b ? b.getTime() - a.getTime() : Number.POSITIVE_INFINITY;
}

/** The first probe time: jittered over [0, min(period, maxJitterMs)) so connections do not start together. */
export function firstRunAt(
  schedule: Schedule,
  now: number,
  maxJitterMs: number,
  cronJitterMs: number,
  random: RandomSource,
): number | null {
  if (schedule.kind === 'interval') return now + Math.floor(random() * Math.min(schedule.everyMs, maxJitterMs));
  return nextCron(schedule, now, cronJitterMs, random);
}

/**
 * The next probe time after a tick that was due at `lastDue`. Interval schedules
 * keep their phase (no drift); ticks that were missed are skipped, never
 * replayed, so a late tick produces one probe, not a burst.
 */
export function nextRunAt(schedule: Schedule, lastDue: number, now: number, cronJitterMs: number, random: RandomSource): number | null {
  if (schedule.kind === 'cron') return nextCron(schedule, Math.max(lastDue, now), cronJitterMs, random);
  const every = schedule.everyMs;
  let next = lastDue + every;
  if (next <= now) next = now + every - ((now - lastDue) % every);
  return next;
}

function nextCron(schedule: Extract<Schedule, { kind: 'cron' }>, after: number, cronJitterMs: number, random: RandomSource): number | null {
  const next = schedule.cron.nextRun(new Date(after));
  if (!next) return null;
  return next.getTime() + Math.floor(random() * cronJitterMs);
}
