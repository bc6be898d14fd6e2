/**
 * Alert routing, pure: which channel takes which alert (rule, severity, event, tags), the
 * decision a rendered alert describes, and the forecast confidence below which nothing is sent.
 * Which alerts fire is the rules' business (src/server/alerts/rules/).
 */
import { SEVERITY_RANK, type AlertSeverity } from '../../shared/alertRules';
import type { AlertChannelFilter, AlertEventName } from '../../shared/alertSettings';
import type { BreakerState } from '../../shared/history';
import type { HealthState } from '../../shared/probe';
import type { RiskLevel } from '../../shared/prediction';

/** Below this `confidence_score` an IMMEDIATE_ACTION_REQUIRED forecast raises no alert (editor notification or channel). */
export const MIN_ALERT_CONFIDENCE = 40;
import { DEFAULT_QUIET_PERIOD_MS } from '../../shared/alertSettings';
export { DEFAULT_QUIET_PERIOD_MS };

export type AlertEvent = AlertEventName | 'test';

export interface AlertDecision {
  event: AlertEvent;
  connectionId: string;
  at: number;
  state: HealthState | 'unknown';
  previousState?: HealthState | null;
  breaker?: BreakerState;
  /** When the current (or just ended) outage began. */
  downSince?: number;
  /** `recovered`: how long the connection was down. */
  outageMs?: number;
  /** `flapping`: downs counted (not sent) in the quiet period that just ended. */
  flaps?: number;
  /** `flapping`: the quiet period's length. */
  windowMs?: number;
  /** `prediction`. */
  riskLevel?: RiskLevel;
  confidence?: number;
}

/** What routing looks at for one alert. Rule alerts carry the rule, its severity and the channels it names. */
export interface RoutedAlert {
  event: AlertEvent;
  connectionTags?: readonly string[];
  ruleId?: string;
  /** The incident's severity (a resolved notice routes like the incident it ends). */
  severity?: AlertSeverity;
  /** The rule's own channel list (ids such as `webhook:ops`, `resend:team`); all channels when absent. */
  ruleChannels?: readonly string[];
}

/**
 * Whether a channel takes this alert: the rule's channel list (when it names any), the channel's
 * events (a `flapping` summary goes where `down` goes), tags (any), rules and lowest severity.
 * Tests go everywhere.
 */
export function channelAccepts(channelId: string, filter: AlertChannelFilter, a: RoutedAlert): boolean {
  if (a.event === 'test') return true;
  if (a.ruleChannels?.length && !a.ruleChannels.includes(channelId)) return false;
  const events = filter.events ?? [];
  if (events.length && !events.includes(a.event) && !(a.event === 'flapping' && events.includes('down'))) return false;
  const rules = filter.rules ?? [];
  if (rules.length && (a.ruleId === undefined || !rules.includes(a.ruleId))) return false;
  if (filter.minSeverity && a.severity && SEVERITY_RANK[a.severity] < SEVERITY_RANK[filter.minSeverity]) return false;
  const tags = filter.tags ?? [];
  return tags.length === 0 || tags.some((t) => (a.connectionTags ?? []).includes(t));
}
