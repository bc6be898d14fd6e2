/**
 * What an alert says, in every channel's shape (pure): the JSON payload, the
 * `{ text, content }` body Slack, Teams and Discord incoming webhooks take, and a
 * plain-text + minimal HTML email. Error text and root causes go through the
 * diagnosis redaction (secrets and user names removed); the connection is named
 * by id, name, provider and tags only, never by URL, host or user.
 */
import type { ErrorCategory, Provider } from '../../shared/categories';
import type { ConnectionConfig } from '../../shared/connection';
import type { Prediction } from '../../shared/prediction';
import type { ProbeResult, ProbeTimings } from '../../shared/probe';
import { redact, redactValue } from '../secrets';
import type { AlertSeverity } from '../../shared/alertRules';
import type { AlertDecision, AlertEvent } from './policy';

/** Bumped when a field changes meaning or goes away (new fields do not bump it). */
export const ALERT_PAYLOAD_VERSION = 1;

export interface AlertPayload {
  version: typeof ALERT_PAYLOAD_VERSION;
  source: 'dbpulse';
  /** The extension's version. */
  dbpulseVersion: string;
  event: AlertEvent;
  /** ISO 8601, UTC. */
  at: string;
  /** One line, as the chat and email variants say it. */
  summary: string;
  connection: { id: string; name: string; provider: Provider | 'unknown'; tags: string[] };
  state: AlertDecision['state'];
  previousState?: AlertDecision['previousState'];
  breaker?: AlertDecision['breaker'];
  diagnosis?: { category: ErrorCategory; rootCause: string };
  /** `degraded` when the probe answered with warnings. */
  error?: { category: ErrorCategory | 'degraded'; code?: string; message: string };
  timings?: ProbeTimings;
  downSince?: string;
  outageMs?: number;
  flaps?: number;
  windowMs?: number;
  prediction?: { riskLevel?: string; confidence?: number; failureProbability?: number; timeToFailureHours?: number | null };
  /** Rule alerts: how bad (`info`, `warning`, `critical`). */
  severity?: AlertSeverity;
  /** Rule alerts: the rule that fired. */
  rule?: { id: string; name?: string; condition: string };
  /** Rule alerts: the measured value against its threshold (`value` null when nothing could be measured). */
  measured?: { value: number | null; threshold: number; unit: string; text: string };
  /** Rule alerts: the incident this notice belongs to. */
  incident?: {
    id: string;
    notice: 'opened' | 'repeat' | 'resolved' | 'flapping';
    /** The incident's own severity (a resolved notice's `severity` is `info`). */
    severity: AlertSeverity;
    openedAt: string;
    resolvedAt?: string;
    notices: number;
  };
}

/** What the server knows about the connection when the alert fires. */
export interface AlertContext {
  connection?: Pick<ConnectionConfig, 'id' | 'name' | 'provider' | 'tags' | 'user'>;
  diagnosis?: { category: ErrorCategory; rootCause: string };
  result?: ProbeResult;
  prediction?: Prediction;
}

export interface RenderedAlert {
  payload: AlertPayload;
  /** Raw bodies, exactly as sent (the webhook signature is over these bytes). */
  json: string;
  slack: string;
  email: { subject: string; text: string; html: string };
}

const MAX_LINE = 300;

/** Secrets and user names out, first line only, bounded. */
function oneLine(text: string, user: string | undefined): string {
  const clean = redact(text, { users: true, literals: user ? [user] : [] });
  const first = clean.split(/\r?\n/, 1)[0]!.trim();
  return first.length > MAX_LINE ? `${first.slice(0, MAX_LINE - 1)}…` : first;
}

export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return s % 60 ? `${m} min ${s % 60} s` : `${m} min`;
  const h = Math.floor(m / 60);
  return m % 60 ? `${h} h ${m % 60} min` : `${h} h`;
}

function summaryOf(p: Omit<AlertPayload, 'summary'>): string {
  const who = `${p.connection.name} (${p.connection.provider})`;
  switch (p.event) {
    case 'down': {
      const why = p.diagnosis ? `${p.diagnosis.category}: ${p.diagnosis.rootCause}` : (p.error?.message ?? 'no answer');
      return `DB Pulse: ${who} is DOWN: ${why}`;
    }
    case 'recovered':
      return `DB Pulse: ${who} recovered after ${formatDuration(p.outageMs ?? 0)} down (now ${p.state})`;
    case 'degraded':
      return `DB Pulse: ${who} is DEGRADED${p.measured ? `: ${p.measured.text}` : p.error ? `: ${p.error.message}` : ''}`;
    case 'flapping':
      return `DB Pulse: ${who} flapped ${p.flaps ?? 0} times in ${formatDuration(p.windowMs ?? 0)} (now ${p.state})`;
    case 'prediction': {
      const pr = p.prediction ?? {};
      const prob = pr.failureProbability !== undefined ? `, failure probability ${Math.round(pr.failureProbability * 100)}%` : '';
      const ttf =
        typeof pr.timeToFailureHours === 'number' ? `, time to failure about ${formatDuration(pr.timeToFailureHours * 3600_000)}` : '';
      return `DB Pulse: ${who} is likely to fail (${pr.riskLevel ?? 'IMMEDIATE_ACTION_REQUIRED'}, confidence ${pr.confidence ?? '?'}${prob}${ttf})`;
    }
    case 'alert':
      return `DB Pulse: ${who}: ${p.rule?.name ?? p.rule?.id ?? 'rule'}: ${p.measured?.text ?? ''}`;
    case 'resolved':
      return `DB Pulse: ${who}: resolved: ${p.rule?.name ?? p.rule?.id ?? 'rule'} (${p.measured?.text ?? 'condition cleared'})`;
    case 'test':
      return 'DB Pulse: test alert; this channel works';
  }
}

/** What a rule's notice adds to the payload (see `notice.ts`). */
export type RuleFields = Required<Pick<AlertPayload, 'severity' | 'rule' | 'measured' | 'incident'>>;

/** The JSON payload of one alert. */
export function alertPayload(d: AlertDecision, ctx: AlertContext, dbpulseVersion: string, rule?: RuleFields): AlertPayload {
  const c = ctx.connection;
  const user = c?.user;
  const body: Omit<AlertPayload, 'summary'> = {
    version: ALERT_PAYLOAD_VERSION,
    source: 'dbpulse',
    dbpulseVersion,
    event: d.event,
    at: new Date(d.at).toISOString(),
    connection: { id: d.connectionId, name: c?.name ?? d.connectionId, provider: c?.provider ?? 'unknown', tags: [...(c?.tags ?? [])] },
    state: d.state,
  };
  if (d.previousState !== undefined) body.previousState = d.previousState;
  if (d.breaker) body.breaker = d.breaker;
  if (ctx.diagnosis && (d.event === 'down' || d.event === 'flapping'))
    body.diagnosis = { category: ctx.diagnosis.category, rootCause: oneLine(ctx.diagnosis.rootCause, user) };
  const r = ctx.result;
  if (r?.error && d.state !== 'up') {
    body.error = { category: r.error.category, message: oneLine(r.error.message, user) };
    if (r.error.code) body.error.code = oneLine(r.error.code, user);
  } else if (r?.warnings?.length && d.state === 'degraded') {
    body.error = { category: 'degraded', message: oneLine(r.warnings.join('; '), user) };
  }
  if (r) body.timings = { ...r.timings };
  if (d.downSince !== undefined) body.downSince = new Date(d.downSince).toISOString();
  if (d.outageMs !== undefined) body.outageMs = d.outageMs;
  if (d.flaps !== undefined) body.flaps = d.flaps;
  if (d.windowMs !== undefined) body.windowMs = d.windowMs;
  if (d.event === 'prediction') {
    const pred = ctx.prediction?.prediction;
    body.prediction = { riskLevel: d.riskLevel, confidence: d.confidence };
    if (pred) {
      body.prediction.failureProbability = pred.failure_probability;
      body.prediction.timeToFailureHours = pred.time_to_failure_hours;
    }
  }
  if (rule) Object.assign(body, rule);
  // Names and tags come from settings: redacted too, in case someone pasted a key into one.
  body.connection.name = oneLine(body.connection.name, undefined);
  body.connection.tags = body.connection.tags.map((t) => oneLine(t, undefined));
  const payload = { ...body, summary: summaryOf(body) } as AlertPayload;
  return redactValue(payload);
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** Label/value lines shared by the plain-text and HTML email. */
function facts(p: AlertPayload): Array<[string, string]> {
  const rows: Array<[string, string]> = [
    ['Connection', `${p.connection.name} (${p.connection.id}, ${p.connection.provider})`],
    ['Event', p.event],
    ['State', p.previousState ? `${p.previousState} → ${p.state}` : p.state],
    ['At', p.at],
  ];
  if (p.severity) rows.splice(1, 0, ['Severity', p.severity]);
  if (p.rule) rows.push(['Rule', p.rule.name ? `${p.rule.name} (${p.rule.id})` : p.rule.id]);
  if (p.measured) rows.push(['Measured', p.measured.text]);
  if (p.connection.tags.length) rows.push(['Tags', p.connection.tags.join(', ')]);
  if (p.breaker) rows.push(['Circuit', p.breaker]);
  if (p.diagnosis) rows.push(['Category', p.diagnosis.category], ['Root cause', p.diagnosis.rootCause]);
  if (p.error) rows.push(['Error', `${p.error.code ? `${p.error.code}: ` : ''}${p.error.message}`]);
  if (p.downSince) rows.push(['Down since', p.downSince]);
  if (p.outageMs !== undefined) rows.push(['Outage', formatDuration(p.outageMs)]);
  if (p.timings) rows.push(['Probe time', `${Math.round(p.timings.totalMs)} ms`]);
  return rows;
}

/** Every channel's body for one alert. */
export function renderAlert(d: AlertDecision, ctx: AlertContext, dbpulseVersion: string, rule?: RuleFields): RenderedAlert {
  const payload = alertPayload(d, ctx, dbpulseVersion, rule);
  const rows = facts(payload);
  const text = `${payload.summary}\n\n${rows.map(([k, v]) => `${k}: ${v}`).join('\n')}\n`;
  const html =
    `<!doctype html><html><body style="font-family:sans-serif">` +
    `<p><strong>${escapeHtml(payload.summary)}</strong></p><table>` +
    rows.map(([k, v]) => `<tr><th align="left">${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join('') +
    `</table></body></html>`;
  // Slack and Teams read `text`, Discord reads `content` (at most 2,000 characters).
  const chat = payload.summary.length > 1900 ? `${payload.summary.slice(0, 1899)}…` : payload.summary;
  return {
    payload,
    json: JSON.stringify(payload),
    slack: JSON.stringify({ text: chat, content: chat }),
    email: {
      subject: `[DB Pulse]${payload.severity ? ` [${payload.severity.toUpperCase()}]` : ''} ${payload.summary.replace(/^DB Pulse: /, '').slice(0, 150)}`,
      text,
      html,
    },
  };
}
