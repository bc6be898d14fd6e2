/**
 * Which alerts fire, from the stream of health and breaker transitions and
 * predictions. Deterministic and I/O-free: the caller passes every time in.
 *
 * - `down` on a transition to down (the engine reports it after its retries), at most one per
 *   connection per quiet period; further downs in that period are counted, not sent.
 * - `recovered` when a connection whose outage was announced leaves down (with the outage length).
 * - `flapping` when a quiet period ends with suppressed downs: one summary ("flapped N times")
 *   with the state now; a summary in state down announces the outage, so its recovery is sent too.
 * - `degraded` on a transition to degraded from up or unknown, at most one per quiet period.
 * - `prediction` when a forecast enters IMMEDIATE_ACTION_REQUIRED with enough confidence and the
 *   connection is not down, at most one per quiet period.
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

export type PolicyInput =
  | { kind: 'health'; connectionId: string; at: number; from: HealthState | null; to: HealthState }
  | { kind: 'breaker'; connectionId: string; at: number; to: BreakerState }
  /** `state`: the health of the probe the forecast was made after. */
  | { kind: 'prediction'; connectionId: string; at: number; riskLevel: RiskLevel; confidence: number; state: HealthState }
  | { kind: 'tick'; at: number };

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

export interface PolicyOptions {
  quietPeriodMs?: number;
  minConfidence?: number;
}

interface ConnState {
  health: HealthState | null;
  breaker?: BreakerState;
  downSince?: number;
  /** Receivers were told this outage (a `down`, or a `flapping` summary in state down). */
  announced: boolean;
  /** End of the quiet period opened by the last `down` or `flapping` alert. */
  downQuietUntil: number;
  degradedQuietUntil: number;
  predictionQuietUntil: number;
  /** Downs suppressed since the quiet period opened. */
  flaps: number;
  risk?: RiskLevel;
}

export class AlertPolicy {
  private readonly conns = new Map<string, ConnState>();
  private quietMs: number;
  private readonly minConfidence: number;

  constructor(options: PolicyOptions = {}) {
    this.quietMs = Math.max(0, options.quietPeriodMs ?? DEFAULT_QUIET_PERIOD_MS);
    this.minConfidence = options.minConfidence ?? MIN_ALERT_CONFIDENCE;
  }

  get quietPeriodMs(): number {
    return this.quietMs;
  }

  /** A new quiet period applies to windows opened from now on. */
  setQuietPeriod(ms: number): void {
    this.quietMs = Math.max(0, ms);
  }

  /** Connections no longer configured: their state (and pending summaries) go. */
  retain(connectionIds: ReadonlySet<string>): void {
    for (const id of [...this.conns.keys()]) if (!connectionIds.has(id)) this.conns.delete(id);
  }

  /** When a `flapping` summary falls due (call `step({ kind: 'tick' })` then), or undefined. */
  nextDueAt(): number | undefined {
    let due: number | undefined;
    for (const c of this.conns.values()) if (c.flaps > 0 && (due === undefined || c.downQuietUntil < due)) due = c.downQuietUntil;
    return due;
  }

  /** The alerts this input fires (summaries that fell due before `input.at` first). */
  step(input: PolicyInput): AlertDecision[] {
    const out = this.dueSummaries(input.at);
    if (input.kind === 'tick') return out;
    const c = this.conn(input.connectionId);
    switch (input.kind) {
      case 'health':
        this.onHealth(input.connectionId, c, input.at, input.to, out);
        break;
      case 'breaker':
        c.breaker = input.to;
        break;
      case 'prediction': {
        const entered = input.riskLevel === 'IMMEDIATE_ACTION_REQUIRED' && c.risk !== 'IMMEDIATE_ACTION_REQUIRED';
        c.risk = input.riskLevel;
        if (entered && input.state !== 'down' && input.confidence >= this.minConfidence && input.at >= c.predictionQuietUntil) {
          c.predictionQuietUntil = input.at + this.quietMs;
          out.push({
            ...this.base('prediction', input.connectionId, c, input.at),
            state: input.state,
            riskLevel: input.riskLevel,
            confidence: input.confidence,
          });
        }
        break;
      }
    }
    return out;
  }

  private onHealth(id: string, c: ConnState, at: number, to: HealthState, out: AlertDecision[]): void {
    const from = c.health;
    if (from === to) return;
    c.health = to;
    if (to === 'down') {
      c.downSince = at;
      if (at < c.downQuietUntil) {
        c.flaps++;
        return;
      }
      c.downQuietUntil = at + this.quietMs;
      c.flaps = 0;
      c.announced = true;
      out.push({ ...this.base('down', id, c, at), previousState: from });
      return;
    }
    if (from === 'down') {
      const downSince = c.downSince ?? at;
      c.downSince = undefined;
      if (c.announced) {
        c.announced = false;
        out.push({ ...this.base('recovered', id, c, at), previousState: from, downSince, outageMs: at - downSince });
      }
      return;
    }
    if (to === 'degraded' && at >= c.degradedQuietUntil) {
      c.degradedQuietUntil = at + this.quietMs;
      out.push({ ...this.base('degraded', id, c, at), previousState: from });
    }
  }

  private dueSummaries(now: number): AlertDecision[] {
    const out: AlertDecision[] = [];
    for (const [id, c] of this.conns) {
      if (c.flaps === 0 || now < c.downQuietUntil) continue;
      const at = c.downQuietUntil;
      out.push({ ...this.base('flapping', id, c, at), flaps: c.flaps, windowMs: this.quietMs });
      if (c.health === 'down') c.announced = true;
      c.flaps = 0;
      c.downQuietUntil = at + this.quietMs;
    }
    return out;
  }

  private base(event: AlertEvent, connectionId: string, c: ConnState, at: number): AlertDecision {
    const d: AlertDecision = { event, connectionId, at, state: c.health ?? 'unknown' };
    if (c.breaker) d.breaker = c.breaker;
    if (c.downSince !== undefined) d.downSince = c.downSince;
    return d;
  }

  private conn(id: string): ConnState {
    let c = this.conns.get(id);
    if (!c) {
      c = {
        health: null,
        announced: false,
        downQuietUntil: -Infinity,
        degradedQuietUntil: -Infinity,
        predictionQuietUntil: -Infinity,
        flaps: 0,
      };
      this.conns.set(id, c);
    }
    return c;
  }
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
