/**
 * Checks the `dbpulse.alerts` settings (pure): what is wrong with each channel
 * in one clear line, and the channels that may be used. A channel with a
 * problem is left out rather than half used. URLs never carry credentials, and
 * a problem never repeats a URL's path or query (a Slack webhook's path is itself a secret).
 */
import {
  ALERT_EVENTS,
  type AlertChannelFilter,
  type AlertEmailSetting,
  type AlertSettings,
  type AlertWebhookSetting,
} from '../../shared/alertSettings';
import { DEFAULT_QUIET_PERIOD_MS } from './policy';

export interface CheckedAlertSettings {
  enabled: boolean;
  quietPeriodMs: number;
  webhooks: AlertWebhookSetting[];
  email?: AlertEmailSetting;
  problems: string[];
}

const ID_RE = /^[A-Za-z0-9_.-]+$/;
/** One address, no display name, no line breaks (no header injection). */
const ADDRESS_RE = /^[^\s@<>,;"]+@[^\s@<>,;"]+$/;

/** The scheme and host of a URL, for messages (never its user info, path or query). */
export function urlOrigin(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}`;
  } catch {
    return '(not a URL)';
  }
}

function checkFilter(where: string, f: AlertChannelFilter, problems: string[]): boolean {
  let ok = true;
  if (f.events !== undefined) {
    if (!Array.isArray(f.events)) (problems.push(`${where}: "events" must be a list`), (ok = false));
    else
      for (const e of f.events)
        if (!(ALERT_EVENTS as readonly string[]).includes(e as string))
          (problems.push(`${where}: unknown event "${String(e)}" (known: ${ALERT_EVENTS.join(', ')})`), (ok = false));
  }
  if (f.tags !== undefined && (!Array.isArray(f.tags) || f.tags.some((t) => typeof t !== 'string')))
    (problems.push(`${where}: "tags" must be a list of strings`), (ok = false));
  return ok;
}

/** Problems with one webhook entry (empty when it may be used). */
export function webhookProblems(w: Partial<AlertWebhookSetting>): string[] {
  const problems: string[] = [];
  const where = `webhook '${typeof w.id === 'string' ? w.id : '?'}'`;
  if (typeof w.id !== 'string' || !ID_RE.test(w.id))
    problems.push(`${where}: "id" must be letters, digits, '_', '.' or '-' (it keys the signing secret)`);
  if (typeof w.url !== 'string' || !w.url) problems.push(`${where}: "url" is missing`);
  else {
    let u: URL | undefined;
    try {
      u = new URL(w.url);
    } catch {
      problems.push(`${where}: "url" is not a valid URL`);
    }
    if (u && u.protocol !== 'https:' && u.protocol !== 'http:')
      problems.push(`${where}: "url" must be http:// or https:// (is ${u.protocol})`);
    if (u && (u.username || u.password))
      problems.push(
        `${where}: the URL ${urlOrigin(w.url)} carries credentials (user:password@); remove them and keep a signing secret in Secret Storage (DB Pulse: Set Alert Secret)`,
      );
  }
  if (w.format !== undefined && w.format !== 'json' && w.format !== 'slack') problems.push(`${where}: "format" must be "json" or "slack"`);
  checkFilter(where, w, problems);
  return problems;
}

/** Problems with the email channel (empty when it may be used). */
export function emailProblems(e: Partial<AlertEmailSetting>): string[] {
  const problems: string[] = [];
  const where = 'email';
  if (typeof e.host !== 'string' || !e.host) problems.push(`${where}: "host" is missing`);
  else if (/[@/\s:]/.test(e.host))
    problems.push(`${where}: "host" must be a bare host name (no user, password, port or path); the SMTP password goes in Secret Storage`);
  if (e.port !== undefined && (!Number.isInteger(e.port) || e.port < 1 || e.port > 65535))
    problems.push(`${where}: "port" must be 1-65535`);
  if (e.user !== undefined && (typeof e.user !== 'string' || /[\r\n]/.test(e.user)))
    problems.push(`${where}: "user" must be one line of text`);
  if (typeof e.from !== 'string' || !ADDRESS_RE.test(e.from))
    problems.push(`${where}: "from" must be one address such as alerts@example.com`);
  if (!Array.isArray(e.to) || e.to.length === 0) problems.push(`${where}: "to" must list at least one address`);
  else
    for (const a of e.to)
      if (typeof a !== 'string' || !ADDRESS_RE.test(a))
        problems.push(`${where}: ${JSON.stringify(String(a).slice(0, 80))} in "to" is not an address`);
  checkFilter(where, e, problems);
  return problems;
}

/** The settings as sent by the client, checked; unusable channels dropped with a problem each. */
export function checkAlertSettings(raw: Partial<AlertSettings> | null | undefined): CheckedAlertSettings {
  const problems: string[] = [];
  const s = raw ?? {};
  let quietPeriodMs = DEFAULT_QUIET_PERIOD_MS;
  if (s.quietPeriodMinutes !== undefined) {
    if (typeof s.quietPeriodMinutes === 'number' && Number.isFinite(s.quietPeriodMinutes) && s.quietPeriodMinutes >= 0)
      quietPeriodMs = s.quietPeriodMinutes * 60_000;
    else problems.push(`quietPeriodMinutes must be a number ≥ 0 (using ${DEFAULT_QUIET_PERIOD_MS / 60_000})`);
  }
  const webhooks: AlertWebhookSetting[] = [];
  const seen = new Set<string>();
  for (const w of Array.isArray(s.webhooks) ? s.webhooks : []) {
    const p = w && typeof w === 'object' ? webhookProblems(w) : ['webhooks: every entry must be an object'];
    if (!p.length && seen.has(w.id)) p.push(`webhook '${w.id}': the id is used twice`);
    problems.push(...p);
    if (!p.length) (seen.add(w.id), webhooks.push(w));
  }
  const out: CheckedAlertSettings = { enabled: s.enabled !== false, quietPeriodMs, webhooks, problems };
  if (s.email && typeof s.email === 'object') {
    const p = emailProblems(s.email);
    problems.push(...p);
    if (!p.length) out.email = s.email;
  }
  return out;
}
