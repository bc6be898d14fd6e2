/**
 * Alertmanager sender: `POST {url}/api/v2/alerts` with one postable alert per notice (Alertmanager's
 * v2 API). Labels identify the alert for Alertmanager's grouping, inhibition and silences:
 * `alertname` (from the rule's condition, e.g. `DBPulseDown`), `connection` (id), `provider`,
 * `rule`, `severity`, `tags` (`,a,b,` so a matcher `tags=~".*,prod,.*"` works) and the channel's own
 * static labels; they never carry a secret, a host name or an error message (those go in the
 * annotations, redacted by the renderer). An open incident is posted with `endsAt` a few resend
 * intervals ahead and re-posted while open (as Prometheus does), so a monitor that dies leaves the
 * alert to expire rather than fire for ever; a resolved one is posted with `endsAt` = its end.
 */
import type { AlertAlertmanagerSetting } from '../../shared/alertSettings';
import { postHttp, type SendOutcome } from './http';
import type { AlertPayload } from './render';

/** How often open incidents are re-posted; `endsAt` of an open one is 4 of these ahead. */
export const ALERTMANAGER_RESEND_MS = 60_000;
const ENDS_AHEAD_MS = 4 * ALERTMANAGER_RESEND_MS;

export interface PostableAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt?: string;
  generatorURL?: string;
}

const pascal = (s: string): string =>
  s
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');

/** Label values: one line, bounded. */
const labelValue = (s: string): string => s.replace(/[\r\n]+/g, ' ').slice(0, 200);

/** The postable alert for one payload (pure). `now` is when it is (re-)posted. */
export function postableAlert(p: AlertPayload, setting: Pick<AlertAlertmanagerSetting, 'labels'>, now: number): PostableAlert {
  const condition = p.rule?.condition ?? p.event;
  const labels: Record<string, string> = { ...(setting.labels ?? {}) };
  Object.assign(labels, {
    alertname: `DBPulse${pascal(condition)}`,
    connection: labelValue(p.connection.id),
    provider: p.connection.provider,
    // The incident's severity, also on its resolved notice: Alertmanager knows an alert by its labels.
    severity: p.incident?.severity ?? p.severity ?? (p.event === 'down' ? 'critical' : 'warning'),
    source: 'dbpulse',
  });
  if (p.rule) labels.rule = labelValue(p.rule.id);
  if (p.connection.tags.length) labels.tags = `,${p.connection.tags.map(labelValue).join(',')},`;
  const annotations: Record<string, string> = { summary: p.summary, connection_name: p.connection.name };
  if (p.measured) annotations.measured = p.measured.text;
  if (p.measured && p.measured.value !== null) {
    annotations.value = String(p.measured.value);
    annotations.threshold = String(p.measured.threshold);
  }
  if (p.diagnosis) annotations.description = `${p.diagnosis.category}: ${p.diagnosis.rootCause}`;
  else if (p.error) annotations.description = p.error.message;
  if (p.incident) annotations.incident = p.incident.id;
  const startsAt = p.incident?.openedAt ?? p.downSince ?? p.at;
  const resolved = p.incident?.notice === 'resolved' || p.event === 'recovered' || p.event === 'resolved';
  const endsAt = resolved ? (p.incident?.resolvedAt ?? p.at) : new Date(now + ENDS_AHEAD_MS).toISOString();
  return { labels, annotations, startsAt, endsAt };
}

export function postAlertmanager(
  setting: AlertAlertmanagerSetting,
  alerts: PostableAlert[],
  bearer: string | null,
  opts: { timeoutMs?: number; attempts?: number; initialDelayMs?: number; userAgent?: string } = {},
  signal?: AbortSignal,
): Promise<SendOutcome> {
  const base = setting.url.replace(/\/+$/, '');
  const headers: Record<string, string> = {};
  if (bearer) headers.authorization = `Bearer ${bearer}`;
  return postHttp({ url: `${base}/api/v2/alerts`, body: JSON.stringify(alerts), headers, ...opts }, signal);
}
