/** Text for the webviews: durations, percentages, times, category and risk labels. Pure. */
import type { ErrorCategory } from '../../../shared/categories';
import type { RiskLevel } from '../../../shared/prediction';

export const DASH = '—';

/** "850 ms", "1.25 s", "2 min 5 s"; a dash for no value. */
export function formatMs(ms: number | null | undefined): string {
  if (typeof ms !== 'number' || !Number.isFinite(ms)) return DASH;
  if (ms < 0) return DASH;
  if (ms < 10) return `${Math.round(ms * 10) / 10} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1).replace(/\.?0+$/, '')} s`;
  const m = Math.floor(ms / 60_000);
  const s = Math.round((ms % 60_000) / 1000);
  return s ? `${m} min ${s} s` : `${m} min`;
}

/** Short axis label: "0", "250 ms", "1.5 s". */
export function formatAxisMs(ms: number): string {
  if (ms === 0) return '0';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${Math.round(ms / 100) / 10} s`;
}

/** "99.95%" (two decimals under 100, none at 100 or 0); a dash for no value. */
export function formatPercent(p: number | null | undefined, digits = 2): string {
  if (typeof p !== 'number' || !Number.isFinite(p)) return DASH;
  if (p >= 100) return '100%';
  if (p <= 0) return '0%';
  const fixed = p.toFixed(digits);
  // 99.999 must not round up to a misleading "100.00%".
  return `${Number(fixed) >= 100 ? (100 - 10 ** -digits).toFixed(digits) : fixed}%`;
}

/** Hours as people say them: "40 min", "3.5 h", "2.1 days". */
export function formatHours(h: number | null | undefined): string {
  if (typeof h !== 'number' || !Number.isFinite(h) || h < 0) return DASH;
  if (h < 1) return `${Math.max(1, Math.round(h * 60))} min`;
  if (h < 48) return `${Math.round(h * 10) / 10} h`;
  return `${Math.round((h / 24) * 10) / 10} days`;
}

/** A 90% interval of hours: "2–6 h", "at least 2 h" (open end), a dash for none. */
export function formatHoursInterval(iv: [number, number | null] | null | undefined): string {
  if (!iv) return DASH;
  const [lo, hi] = iv;
  if (hi === null || !Number.isFinite(hi)) return `at least ${formatHours(lo)}`;
  const a = formatHours(lo);
  const b = formatHours(hi);
  const unit = (s: string): string => s.replace(/^[\d.]+ /, '');
  if (unit(a) === unit(b)) return `${a.replace(/ .*$/, '')}–${b}`;
  return `${a} – ${b}`;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * An axis time label for a tick `step` apart: "14:05" under a day, "3 Mar" for
 * whole days, "3 Mar 14:00" otherwise. `offsetMs` shifts UTC to local time
 * (minutes east of UTC × 60000) so the result does not depend on the machine.
 */
export function formatTick(at: number, step: number, offsetMs = 0): string {
  const d = new Date(at + offsetMs);
  const hm = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
  const day = `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]}`;
  if (step < 86_400_000) return hm === '00:00' && step >= 3_600_000 ? day : hm;
  return hm === '00:00' ? day : `${day} ${hm}`;
}

/** "3 Mar 14:05:09" for tooltips and "last probe" lines. */
export function formatDateTime(at: number, offsetMs = 0): string {
  const d = new Date(at + offsetMs);
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

const CATEGORY_LABELS: Readonly<Record<ErrorCategory, string>> = {
  conn_refused: 'Connection refused',
  dns_failure: 'Host name does not resolve',
  network_unreachable: 'Network unreachable',
  timeout: 'Timed out',
  connection_reset: 'Connection dropped',
  auth_failed: 'Wrong user name or password',
  auth_method_unsupported: 'Authentication method not supported',
  host_not_allowed: 'Client address not allowed',
  ssl_required: 'Server requires TLS',
  ssl_unsupported: 'Server does not offer TLS',
  ssl_certificate: 'Certificate check failed',
  database_not_found: 'Database does not exist',
  schema_missing: 'Table or collection missing',
  permission_denied: 'Permission denied',
  too_many_connections: 'Too many connections',
  pool_exhausted: 'Connection pool exhausted',
  server_unavailable: 'Server unavailable',
  read_only: 'Read-only server',
  disk_full: 'Server disk full',
  invalid_config: 'Invalid connection settings',
  credentials_missing: 'Credentials missing',
  credentials_invalid: 'Credentials invalid',
  clock_skew: 'Local clock is off',
  api_key_invalid: 'Invalid API key',
  jwt_expired: 'Token expired',
  quota_exceeded: 'Quota or rate limit exceeded',
  project_unavailable: 'Project unavailable',
  unknown: 'Unknown error',
};

/** A category id in words ("conn_refused" → "Connection refused"); unknown ids are shown as they are. */
export function categoryLabel(category: string): string {
  return (CATEGORY_LABELS as Record<string, string>)[category] ?? category;
}

export const RISK_LABELS: Readonly<Record<RiskLevel, string>> = {
  IMMEDIATE_ACTION_REQUIRED: 'Immediate action required',
  MONITOR_CLOSELY: 'Monitor closely',
  HEALTHY: 'Healthy',
};

/** The CSS modifier for a risk level: `bad`, `warn`, `ok`. */
export function riskTone(level: RiskLevel): 'bad' | 'warn' | 'ok' {
  return level === 'IMMEDIATE_ACTION_REQUIRED' ? 'bad' : level === 'MONITOR_CLOSELY' ? 'warn' : 'ok';
}

/** A 0..1 confidence as a whole percent: "87%". */
export function formatConfidence(c: number | null | undefined): string {
  if (typeof c !== 'number' || !Number.isFinite(c)) return DASH;
  return `${Math.round(Math.min(1, Math.max(0, c)) * 100)}%`;
}

/** The CSS modifier for a 0–100 security score. */
export function scoreTone(score: number): 'bad' | 'warn' | 'ok' {
  return score < 50 ? 'bad' : score < 80 ? 'warn' : 'ok';
}
