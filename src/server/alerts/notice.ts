/**
 * A rule's incident notification as an alert every channel can carry (pure): the event name the
 * channel filters know, the decision the renderer takes, and the rule fields (severity, rule id,
 * measured value against its threshold, incident) that every payload carries.
 */
import type { AlertRule, ConditionKind } from '../../shared/alertRules';
import type { AlertEventName } from '../../shared/alertSettings';
import type { HealthState } from '../../shared/probe';
import type { AlertContext, RenderedAlert, RuleFields } from './render';
import { renderAlert } from './render';
import type { AlertDecision } from './policy';
import type { Notification } from './rules/incidents';

/** The event a channel's `events` filter sees for a notification of a rule with this condition. */
export function noticeEvent(condition: ConditionKind, kind: Notification['kind']): AlertEventName {
  if (kind === 'flapping') return 'flapping';
  const resolved = kind === 'resolved';
  switch (condition) {
    case 'down':
      return resolved ? 'recovered' : 'down';
    case 'latency':
    case 'error_rate':
      return resolved ? 'resolved' : 'degraded';
    case 'prediction':
      return resolved ? 'resolved' : 'prediction';
    default:
      return resolved ? 'resolved' : 'alert';
  }
}

export interface RuleNotice {
  event: AlertEventName;
  notification: Notification;
  rule: AlertRule;
  rendered: RenderedAlert;
}

/** Renders one notification for the channels. `state` is the connection's health now, when known. */
export function renderNotice(
  n: Notification,
  rule: AlertRule,
  ctx: AlertContext,
  dbpulseVersion: string,
  state: HealthState | 'unknown' = ctx.result?.state ?? 'unknown',
): RuleNotice {
  const inc = n.incident;
  const event = noticeEvent(rule.condition.kind, n.kind);
  const d: AlertDecision = { event, connectionId: inc.subject, at: n.at, state };
  if (rule.condition.kind === 'down') {
    d.downSince = inc.openedAt;
    if (n.kind === 'resolved' && inc.resolvedAt !== undefined) d.outageMs = inc.resolvedAt - inc.openedAt;
  }
  if (n.kind === 'flapping') {
    d.flaps = n.flaps ?? 0;
    d.windowMs = n.windowMs ?? 0;
  }
  if (rule.condition.kind === 'prediction' && ctx.prediction) {
    d.riskLevel = ctx.prediction.prediction.risk_level;
    d.confidence = ctx.prediction.prediction.confidence_score;
  }
  const fields: RuleFields = {
    severity: n.kind === 'resolved' ? 'info' : inc.severity,
    rule: { id: rule.id, condition: rule.condition.kind, ...(rule.name ? { name: rule.name } : {}) },
    measured: { value: inc.value, threshold: inc.threshold, unit: inc.unit, text: inc.text },
    incident: {
      id: inc.id,
      notice: n.kind,
      severity: inc.severity,
      openedAt: new Date(inc.openedAt).toISOString(),
      notices: inc.notifications,
      ...(inc.resolvedAt !== undefined ? { resolvedAt: new Date(inc.resolvedAt).toISOString() } : {}),
    },
  };
  // A down's context (diagnosis, error) belongs to its opening and repeats, not to its recovery.
  const c: AlertContext = n.kind === 'resolved' ? { ...ctx, diagnosis: undefined } : ctx;
  return { event, notification: n, rule, rendered: renderAlert(d, c, dbpulseVersion, fields) };
}
