/**
 * Checks the `dbpulse.alerts` settings (pure, browser-safe: the server and the alerts page use it): what is wrong with each channel
 * in one clear line, and the channels that may be used. A channel with a
 * problem is left out rather than half used. URLs never carry credentials, and
 * a problem never repeats a URL's path or query (a Slack webhook's path is itself a secret).
 */
import { ALERT_SEVERITIES, checkRules, type AlertRule, type MaintenanceWindow } from './alertRules';
import {
  ALERT_EVENTS,
  type AlertAlertmanagerSetting,
  type AlertChannelFilter,
  type AlertEmailSetting,
  type AlertResendSetting,
  type AlertSettings,
  type AlertSmsSetting,
  type AlertWebhookSetting,
  DEFAULT_QUIET_PERIOD_MS,
} from './alertSettings';

export interface CheckedAlertSettings {
  enabled: boolean;
  quietPeriodMs: number;
  webhooks: AlertWebhookSetting[];
  email?: AlertEmailSetting;
  resend: AlertResendSetting[];
  alertmanager: AlertAlertmanagerSetting[];
  sms: AlertSmsSetting[];
  /** The rules in force (defaults unless turned off or replaced by id) and the maintenance windows. */
  rules: AlertRule[];
  maintenance: MaintenanceWindow[];
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
  const before = problems.length;
  if (f.events !== undefined) {
    if (!Array.isArray(f.events)) problems.push(`${where}: "events" must be a list`);
    else
      for (const e of f.events)
        if (!(ALERT_EVENTS as readonly string[]).includes(e as string))
          problems.push(`${where}: unknown event "${String(e)}" (known: ${ALERT_EVENTS.join(', ')})`);
  }
  if (f.tags !== undefined && (!Array.isArray(f.tags) || f.tags.some((t) => typeof t !== 'string')))
    problems.push(`${where}: "tags" must be a list of strings`);
  if (f.rules !== undefined && (!Array.isArray(f.rules) || f.rules.some((t) => typeof t !== 'string')))
    problems.push(`${where}: "rules" must be a list of rule ids`);
  if (f.minSeverity !== undefined && !(ALERT_SEVERITIES as readonly string[]).includes(f.minSeverity as string))
    problems.push(`${where}: "minSeverity" must be one of ${ALERT_SEVERITIES.join(', ')}`);
  return problems.length === before;
}

function idProblem(where: string, id: unknown, keys: string): string[] {
  return typeof id === 'string' && ID_RE.test(id) ? [] : [`${where}: "id" must be letters, digits, '_', '.' or '-' (it keys ${keys})`];
}

/** An http(s) URL without credentials; `what` names the field. */
function urlProblems(where: string, what: string, url: unknown, secretHint: string): string[] {
  if (typeof url !== 'string' || !url) return [`${where}: "${what}" is missing`];
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return [`${where}: "${what}" is not a valid URL`];
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return [`${where}: "${what}" must be http:// or https:// (is ${u.protocol})`];
  if (u.username || u.password)
    return [`${where}: the URL ${urlOrigin(url)} carries credentials (user:password@); remove them and ${secretHint}`];
  return [];
}

function addressListProblems(where: string, to: unknown, re: RegExp, example: string): string[] {
  if (!Array.isArray(to) || to.length === 0) return [`${where}: "to" must list at least one ${example}`];
  return to
    .filter((a) => typeof a !== 'string' || !re.test(a))
    .map((a) => `${where}: ${JSON.stringify(String(a).slice(0, 80))} in "to" is not ${example}`);
}

/** E.164: a plus and 8 to 15 digits. */
const E164_RE = /^\+[1-9][0-9]{7,14}$/;

/** Problems with one Resend entry. */
export function resendProblems(r: Partial<AlertResendSetting>): string[] {
  const where = `resend '${typeof r.id === 'string' ? r.id : '?'}'`;
  const problems = idProblem(where, r.id, 'the API key in Secret Storage');
  if (typeof r.from !== 'string' || !ADDRESS_RE.test(r.from.replace(/^[^<]*<([^>]+)>$/, '$1')) || /[\r\n]/.test(r.from))
    problems.push(
      `${where}: "from" must be an address on a domain verified in Resend, such as alerts@example.com or "DB Pulse <alerts@example.com>"`,
    );
  problems.push(...addressListProblems(where, r.to, ADDRESS_RE, 'an address'));
  if (r.baseUrl !== undefined) problems.push(...urlProblems(where, 'baseUrl', r.baseUrl, 'keep the API key in Secret Storage'));
  checkFilter(where, r, problems);
  return problems;
}

/** Problems with one Alertmanager entry. */
export function alertmanagerProblems(a: Partial<AlertAlertmanagerSetting>): string[] {
  const where = `alertmanager '${typeof a.id === 'string' ? a.id : '?'}'`;
  const problems = idProblem(where, a.id, 'its optional bearer token in Secret Storage');
  problems.push(...urlProblems(where, 'url', a.url, 'keep a bearer token in Secret Storage'));
  if (a.labels !== undefined) {
    if (typeof a.labels !== 'object' || a.labels === null || Array.isArray(a.labels)) problems.push(`${where}: "labels" must be an object`);
    else
      for (const [k, v] of Object.entries(a.labels)) {
        if (!/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(k) || k.startsWith('__'))
          problems.push(`${where}: label name "${k.slice(0, 40)}" is not a Prometheus label name ([a-zA-Z_][a-zA-Z0-9_]*)`);
        if (typeof v !== 'string') problems.push(`${where}: label "${k.slice(0, 40)}" must be a string`);
      }
  }
  checkFilter(where, a, problems);
  return problems;
}

/** Problems with one SMS (Twilio) entry. */
export function smsProblems(m: Partial<AlertSmsSetting>): string[] {
  const where = `sms '${typeof m.id === 'string' ? m.id : '?'}'`;
  const problems = idProblem(where, m.id, 'the Twilio credentials in Secret Storage');
  if (typeof m.from !== 'string' || !(E164_RE.test(m.from) || /^MG[0-9a-f]{32}$/.test(m.from)))
    problems.push(`${where}: "from" must be a Twilio number in E.164 form (+15551234567) or a Messaging Service SID (MG…)`);
  problems.push(...addressListProblems(where, m.to, E164_RE, 'a number in E.164 form (+15551234567)'));
  if (m.baseUrl !== undefined) problems.push(...urlProblems(where, 'baseUrl', m.baseUrl, 'keep ACCOUNT_SID:AUTH_TOKEN in Secret Storage'));
  checkFilter(where, m, problems);
  return problems;
}

/** Entries of one channel list: each checked, ids unique; unusable ones dropped with their problems. */
function checkList<T extends { id: string }>(raw: unknown, name: string, check: (e: Partial<T>) => string[], problems: string[]): T[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) {
    problems.push(`${name}: must be a list`);
    return [];
  }
  const out: T[] = [];
  const seen = new Set<string>();
  for (const e of raw as unknown[]) {
    const p = e && typeof e === 'object' ? check(e as Partial<T>) : [`${name}: every entry must be an object`];
    if (!p.length && seen.has((e as T).id)) p.push(`${name} '${(e as T).id}': the id is used twice`);
    problems.push(...p);
    if (!p.length) {
      seen.add((e as T).id);
      out.push(e as T);
    }
  }
  return out;
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
    if (!p.length) {
      seen.add(w.id);
      webhooks.push(w);
    }
  }
  const out: CheckedAlertSettings = {
    enabled: s.enabled !== false,
    quietPeriodMs,
    webhooks,
    resend: checkList<AlertResendSetting>(s.resend, 'resend', resendProblems, problems),
    alertmanager: checkList<AlertAlertmanagerSetting>(s.alertmanager, 'alertmanager', alertmanagerProblems, problems),
    sms: checkList<AlertSmsSetting>(s.sms, 'sms', smsProblems, problems),
    rules: [],
    maintenance: [],
    problems,
  };
  const checked = checkRules({ rules: s.rules, maintenance: s.maintenance, defaults: s.defaultRules });
  out.rules = checked.rules;
  out.maintenance = checked.maintenance;
  problems.push(...checked.problems);
  if (s.email && typeof s.email === 'object') {
    const p = emailProblems(s.email);
    problems.push(...p);
    if (!p.length) out.email = s.email;
  }
  return out;
}
