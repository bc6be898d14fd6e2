/**
 * `dbpulse.monitoring.autoStart`: a workspace may ask for automated monitoring to be switched on
 * when it is opened (a team's committed settings, the demo). It is applied once per value: after
 * that the user's own choice wins, so "Disable Automated Monitoring" is not undone on the next
 * start. A new value is a new request and applies again. Pure: no `vscode`.
 */

/** What the setting asks for: an interval in ms or a cron expression, or nothing. */
export type AutoStartInterval = number | string;

export type AutoStartPlan =
  | { action: 'none'; reason: 'unset' | 'applied before' | 'already on' }
  | { action: 'enable'; interval: AutoStartInterval; key: string }
  | { action: 'refuse'; message: string };

/** The memento key that records that this value was applied. */
export const autoStartKey = (interval: AutoStartInterval): string => `dbpulse.monitoring.autoStartApplied:${String(interval)}`;

/** Reads the raw setting (numbers of ms, numeric strings, or a cron expression / duration string). */
export function readAutoStart(raw: unknown): AutoStartInterval | undefined | { invalid: string } {
  if (raw === undefined || raw === null || raw === '' || raw === 0) return undefined;
  if (typeof raw === 'number') return Number.isInteger(raw) && raw > 0 ? raw : { invalid: String(raw) };
  if (typeof raw !== 'string') return { invalid: JSON.stringify(raw) };
  const text = raw.trim();
  if (!text) return undefined;
  return /^\d+$/.test(text) ? Number(text) : text;
}

export function planAutoStart(raw: unknown, appliedBefore: (key: string) => boolean, monitoringOn: boolean): AutoStartPlan {
  const interval = readAutoStart(raw);
  if (interval === undefined) return { action: 'none', reason: 'unset' };
  if (typeof interval === 'object')
    return {
      action: 'refuse',
      message: `dbpulse.monitoring.autoStart: ${interval.invalid} is not an interval (milliseconds, at least 1000, or a cron expression)`,
    };
  const key = autoStartKey(interval);
  if (appliedBefore(key)) return { action: 'none', reason: 'applied before' };
  if (monitoringOn) return { action: 'none', reason: 'already on' };
  return { action: 'enable', interval, key };
}
