/**
 * The rule-based alert stage (issue 18): every final probe and forecast goes to `RuleAlerting`
 * (rules, incidents, maintenance windows); each notification it decides on is routed to the
 * channels that take it (rule's channel list, events, tags, rules, lowest severity) and sent, and
 * the outcome reported like any alert. The incident book is saved after every change and loaded
 * at start, so a restart mid-incident does not re-alert. Acknowledge and snooze act on the book.
 */
import type { AlertChannelOutcome } from '../../shared/alertSettings';
import { checkAlertSettings, type CheckedAlertSettings } from '../../shared/alertSettingsCheck';
import type { ProbeResult } from '../../shared/probe';
import { errorMessage } from '../../shared/errors';
import type { AlertChannel } from '../alerts/channels';
import type { RuleNotice } from '../alerts/notice';
import { channelAccepts } from '../alerts/policy';
import type { IncidentFile } from '../alerts/rules/incidentFile';
import type { IncidentView } from '../../shared/incidents';
import type { Incident } from '../alerts/rules/incidents';
import { RuleAlerting } from '../alerts/rules/ruleAlerting';
import type { TimerHandle } from '../engine/clock';
import type { Prediction } from '../predict/types';
import type { AlertStage, AlertStageDeps } from './alertStage';
import { AlertDelivery } from './delivery';

export interface RuleAlertStageOptions {
  /** Where the incident book is kept between runs; none: in memory only. */
  incidents?: IncidentFile;
}

export class RuleAlertStage implements AlertStage {
  private settings: CheckedAlertSettings = checkAlertSettings({ webhooks: [] });
  private readonly alerting: RuleAlerting;
  private readonly delivery: AlertDelivery;
  private timer: TimerHandle | undefined;
  private readonly restoring: Promise<void>;

  constructor(
    private readonly deps: AlertStageDeps,
    private readonly options: RuleAlertStageOptions = {},
  ) {
    this.delivery = new AlertDelivery(deps);
    const file = options.incidents;
    this.alerting = new RuleAlerting({
      now: () => deps.clock.now(),
      version: deps.version,
      deliver: (notice, tags) => this.deliver(notice, tags),
      contextFor: (subject) => deps.context(subject),
      recordSuppressed: (s) =>
        deps.log(`${s.kind} of ${s.incident.ruleId} on ${s.incident.subject} not sent (${s.reason.replace('_', ' ')})`),
      persist: file ? (state) => void file.save(state, (m) => deps.warn(m)) : undefined,
    });
    this.restoring = file
      ? file.load().then(({ state, warning }) => {
          if (warning) deps.warn(warning);
          if (state === undefined) return;
          const { restored, skipped } = this.alerting.restore(state);
          if (restored || skipped) deps.log(`incidents restored: ${restored}${skipped ? `, ${skipped} unreadable entries skipped` : ''}`);
          this.arm();
        })
      : Promise.resolve();
  }

  /** Resolves once the saved incident book is back (probes that arrive earlier wait for it). */
  ready(): Promise<void> {
    return this.restoring;
  }

  setSettings(settings: CheckedAlertSettings): void {
    this.settings = settings;
    for (const p of this.alerting.setRules(settings.rules, settings.maintenance, settings.quietPeriodMs)) this.deps.warn(p);
    this.arm();
  }

  setConnections(ids: ReadonlySet<string>): void {
    this.alerting.setConnections([...ids].map((id) => ({ id, tags: this.deps.context(id).connection?.tags ?? [] })));
    this.arm();
  }

  onHealthTransition(): void {
    // Rules read every final probe (onProbe); transitions are the policy stage's input.
  }

  onBreaker(): void {
    // An open breaker skips probes; the rules see the results that do come.
  }

  onProbe(result: ProbeResult): void {
    this.after(() => this.alerting.onProbe(result));
  }

  onPrediction(connectionId: string, p: Prediction): void {
    const provider = this.deps.context(connectionId).connection?.provider;
    if (!provider) return;
    this.after(() => this.alerting.onPrediction(connectionId, provider, p.prediction.risk_level, p.prediction.confidence_score));
  }

  /** Open incidents, newest first. */
  incidents(): IncidentView[] {
    return this.alerting
      .openIncidents()
      .map(viewOf)
      .sort((a, b) => b.openedAt - a.openedAt);
  }

  acknowledge(incidentId: string, by?: string): IncidentView | undefined {
    const inc = this.alerting.acknowledge(incidentId, by);
    return inc && inc.resolvedAt === undefined ? viewOf(inc) : undefined;
  }

  snooze(incidentId: string, minutes: number): IncidentView | undefined {
    const inc = this.alerting.snooze(incidentId, minutes);
    this.arm();
    return inc && inc.resolvedAt === undefined ? viewOf(inc) : undefined;
  }

  sendTest(): Promise<AlertChannelOutcome[]> {
    return this.delivery.sendTest(this.settings);
  }

  async dispose(): Promise<void> {
    this.timer?.cancel();
    this.timer = undefined;
    await this.delivery.settle([this.options.incidents?.flush()]);
  }

  /** Runs `f` once the saved book is restored (in order), then re-arms the flapping timer. */
  private after(f: () => void): void {
    void this.track(
      this.restoring.then(() => {
        try {
          f();
        } catch (err) {
          this.deps.warn(`alert rules: ${errorMessage(err)}`);
        }
        this.arm();
      }),
    );
  }

  private channels(): AlertChannel[] {
    return this.delivery.channels(this.settings);
  }

  private track<T>(p: Promise<T>): Promise<T> {
    return this.delivery.track(p);
  }

  /** A flapping summary or the end of a snooze falls due without a probe: wake up then. */
  private arm(): void {
    this.timer?.cancel();
    this.timer = undefined;
    const due = this.alerting.nextDueAt();
    if (due === undefined) return;
    this.timer = this.deps.clock.setTimer(
      () => {
        this.alerting.tick();
        this.arm();
      },
      Math.max(0, due - this.deps.clock.now()),
    );
  }

  private deliver(notice: RuleNotice, tags: readonly string[]): void {
    if (!this.settings.enabled) return;
    const inc = notice.notification.incident;
    const targets = this.channels().filter(
      (c) =>
        this.deps.usable(c) &&
        channelAccepts(c.name, c.filter, {
          event: notice.event,
          connectionTags: tags,
          ruleId: notice.rule.id,
          severity: inc.severity,
          ruleChannels: notice.rule.channels,
        }),
    );
    if (!targets.length) return;
    const label = `${notice.event} of ${inc.subject}`;
    const rule = ` [rule ${notice.rule.id}, ${inc.severity}]`;
    void this.track(
      this.deps.primary().then(async (primary) => {
        if (!primary) return this.deps.log(`${label} left to the window that writes this workspace's history${rule}`);
        const outcomes = await Promise.all(
          targets.map(async (c) => {
            const o = await this.track(c.send(notice.rendered));
            if (o.ok) this.deps.log(`${label} sent to ${c.name} (${o.detail})${rule}`);
            else this.deps.warn(`${label} not delivered to ${c.name}: ${o.detail}${rule}`);
            return { channel: c.name, ok: o.ok, detail: o.detail };
          }),
        );
        const state = this.deps.context(inc.subject).result?.state ?? 'unknown';
        this.deps.outcome({ at: notice.notification.at, connectionId: inc.subject, event: notice.event, state, outcomes });
      }),
    ).catch((err: unknown) => this.deps.warn(`alert ${label}: ${errorMessage(err)}`));
  }
}

/** An incident as the editor shows it (no internal bookkeeping). */
function viewOf(i: Incident): IncidentView {
  return {
    id: i.id,
    ruleId: i.ruleId,
    subject: i.subject,
    severity: i.severity,
    openedAt: i.openedAt,
    value: i.value,
    threshold: i.threshold,
    unit: i.unit,
    text: i.text,
    notifications: i.notifications,
    ...(i.acknowledgedAt !== undefined ? { acknowledgedAt: i.acknowledgedAt } : {}),
    ...(i.acknowledgedBy !== undefined ? { acknowledgedBy: i.acknowledgedBy } : {}),
    ...(i.snoozedUntil !== undefined ? { snoozedUntil: i.snoozedUntil } : {}),
  };
}
