/**
 * The alert stage of the monitoring pipeline, behind a small interface so another stage (e.g.
 * `RuleAlerting`) can replace it. The default, `PolicyAlertStage`, is today's behaviour: the
 * health/breaker transitions and forecasts go through `AlertPolicy`, what fires is rendered and
 * sent to the channels the checked settings describe, and every send's outcome is reported.
 * Secrets are asked at send time through `secret` (the editor's Secret Storage, or the headless
 * monitor's environment) and dropped after. A failed send is logged, never thrown.
 */
import type { AlertChannelOutcome, AlertSecretTarget } from '../../shared/alertSettings';
import { checkAlertSettings, type CheckedAlertSettings } from '../../shared/alertSettingsCheck';
import type { AlertRecord } from '../../shared/history';
import type { IncidentView } from '../../shared/incidents';
import type { HealthState, ProbeResult } from '../../shared/probe';
import type { BreakerState } from '../../shared/history';
import type { AlertChannel } from '../alerts/channels';
import { AlertDelivery } from './delivery';
import { AlertPolicy, channelAccepts, type AlertDecision, type PolicyInput } from '../alerts/policy';
import { renderAlert, type AlertContext } from '../alerts/render';
import type { Clock, TimerHandle } from '../engine/clock';
import type { Prediction } from '../predict/types';

export interface AlertStage {
  setSettings(settings: CheckedAlertSettings): void;
  setConnections(ids: ReadonlySet<string>): void;
  onHealthTransition(t: { connectionId: string; at: number; from: HealthState | null; to: HealthState }): void;
  onBreaker(t: { connectionId: string; at: number; to: BreakerState }): void;
  onProbe(result: ProbeResult): void;
  onPrediction(connectionId: string, prediction: Prediction, state: HealthState, at: number): void;
  /** A test alert through every channel, each outcome reported. */
  sendTest(): Promise<AlertChannelOutcome[]>;
  /** Open incidents and what may be done to them (stages that keep incidents). */
  incidents?(): IncidentView[];
  acknowledge?(incidentId: string, by?: string): IncidentView | undefined;
  snooze?(incidentId: string, minutes: number): IncidentView | undefined;
  /** Waits (at most a few seconds) for sends in flight. */
  dispose(): Promise<void>;
}

export interface AlertStageDeps {
  version: string;
  clock: Clock;
  /** A channel's secret: resolves null when none is set, rejects when the lookup failed. */
  secret(target: AlertSecretTarget): Promise<string | null>;
  /** Whether a channel may send (the editor's Restricted Mode keeps workspace channels out). */
  usable(channel: AlertChannel): boolean;
  /** What the alert says about the connection (its config, last result, diagnosis, forecast). */
  context(connectionId: string): AlertContext;
  /** Whether this process sends for the workspace (of two windows, the history writer does). */
  primary(): Promise<boolean>;
  /** Each alert sent (or tried): the service records it in history and emits it. */
  outcome(record: AlertRecord): void;
  log(message: string): void;
  warn(message: string): void;
}

export { NOT_USABLE } from './delivery';

export class PolicyAlertStage implements AlertStage {
  private settings: CheckedAlertSettings = checkAlertSettings({ webhooks: [] });
  private readonly policy = new AlertPolicy({ quietPeriodMs: this.settings.quietPeriodMs });
  private readonly delivery: AlertDelivery;
  private timer: TimerHandle | undefined;

  constructor(private readonly deps: AlertStageDeps) {
    this.delivery = new AlertDelivery(deps);
  }

  setSettings(settings: CheckedAlertSettings): void {
    this.settings = settings;
    this.policy.setQuietPeriod(settings.quietPeriodMs);
  }

  setConnections(ids: ReadonlySet<string>): void {
    this.policy.retain(ids);
    this.arm();
  }

  onHealthTransition(t: { connectionId: string; at: number; from: HealthState | null; to: HealthState }): void {
    this.feed({ kind: 'health', ...t });
  }

  onBreaker(t: { connectionId: string; at: number; to: BreakerState }): void {
    this.feed({ kind: 'breaker', ...t });
  }

  onProbe(): void {
    // The policy works on transitions; the engine reports those separately.
  }

  onPrediction(connectionId: string, p: Prediction, state: HealthState, at: number): void {
    this.feed({
      kind: 'prediction',
      connectionId,
      at,
      riskLevel: p.prediction.risk_level,
      confidence: p.prediction.confidence_score,
      state,
    });
  }

  sendTest(): Promise<AlertChannelOutcome[]> {
    return this.delivery.sendTest(this.settings);
  }

  async dispose(): Promise<void> {
    this.timer?.cancel();
    this.timer = undefined;
    await this.delivery.settle();
  }

  private channels(): AlertChannel[] {
    return this.delivery.channels(this.settings);
  }

  private track<T>(p: Promise<T>): Promise<T> {
    return this.delivery.track(p);
  }

  private feed(input: PolicyInput): void {
    try {
      for (const d of this.policy.step(input)) this.dispatch(d);
    } catch (err) {
      this.deps.warn(`alert policy: ${err instanceof Error ? err.message : String(err)}`);
    }
    this.arm();
  }

  /** A `flapping` summary falls due at the end of a quiet period: wake up then. */
  private arm(): void {
    this.timer?.cancel();
    this.timer = undefined;
    const due = this.policy.nextDueAt();
    if (due === undefined) return;
    this.timer = this.deps.clock.setTimer(
      () => this.feed({ kind: 'tick', at: this.deps.clock.now() }),
      Math.max(0, due - this.deps.clock.now()),
    );
  }

  private dispatch(d: AlertDecision): void {
    if (!this.settings.enabled) return;
    const ctx = this.deps.context(d.connectionId);
    const targets = this.channels().filter(
      (c) => this.deps.usable(c) && channelAccepts(c.name, c.filter, { event: d.event, connectionTags: ctx.connection?.tags }),
    );
    if (!targets.length) return;
    const rendered = renderAlert(d, ctx, this.deps.version);
    void this.track(
      this.deps.primary().then(async (primary) => {
        if (!primary) return this.deps.log(`${d.event} of ${d.connectionId} left to the window that writes this workspace's history`);
        const outcomes = await Promise.all(
          targets.map(async (c) => {
            const o = await this.track(c.send(rendered));
            if (o.ok) this.deps.log(`${d.event} of ${d.connectionId} sent to ${c.name} (${o.detail})`);
            else this.deps.warn(`${d.event} of ${d.connectionId} not delivered to ${c.name}: ${o.detail}`);
            return { channel: c.name, ok: o.ok, detail: o.detail };
          }),
        );
        this.deps.outcome({ at: d.at, connectionId: d.connectionId, event: d.event, state: d.state, outcomes });
      }),
    ).catch((err: unknown) => this.deps.warn(`alert ${d.event} of ${d.connectionId}: ${String(err)}`));
  }
}
