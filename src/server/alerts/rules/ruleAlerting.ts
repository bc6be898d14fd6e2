/**
 * Rule-based alerting for one monitoring service (core, no LSP): every final probe, forecast,
 * advisor count and workspace fact goes to the rule evaluator; each rule's reading steps the
 * incident book under the maintenance calendar; what the book says to send is rendered and handed
 * to `deliver` with the routing facts; what it suppressed (maintenance, quiet period) is handed to
 * `recordSuppressed` for history. The incident state (open incidents, quiet periods, acks, snoozes)
 * goes to `persist` after every change and comes back through `restore`, so a restart in the
 * middle of an incident does not re-alert. The clock is injected; nothing here touches I/O.
 */
import type { AlertRule, MaintenanceWindow } from '../../../shared/alertRules';
import type { Provider } from '../../../shared/categories';
import type { RiskLevel } from '../../../shared/prediction';
import type { ProbeResult } from '../../../shared/probe';
import { renderNotice, type RuleNotice } from '../notice';
import type { AlertContext } from '../render';
import { RuleEvaluator, type WorkspaceFacts } from './evaluate';
import { IncidentBook, type Incident, type IncidentState, type IncidentStep } from './incidents';
import { MaintenanceCalendar } from './maintenance';

export const WORKSPACE_SUBJECT = 'workspace';

export interface RuleAlertingDeps {
  now(): number;
  /** Sends one rendered notice to the channels that take it (routing is the caller's, with `channelAccepts`). */
  deliver(notice: RuleNotice, tags: readonly string[]): void;
  /** What is known about a connection when a notice is rendered (diagnosis, last result, forecast). */
  contextFor(subject: string): AlertContext;
  recordSuppressed?(s: IncidentStep['suppressed'][number]): void;
  persist?(state: IncidentState): void;
  version: string;
  /** Time zone for cron maintenance windows (default: the process's). */
  timezone?: string;
}

export class RuleAlerting {
  private readonly evaluator = new RuleEvaluator();
  private readonly book: IncidentBook;
  private readonly calendar: MaintenanceCalendar;
  private rules = new Map<string, AlertRule>();
  private tags = new Map<string, readonly string[]>();

  constructor(
    private readonly deps: RuleAlertingDeps,
    quietPeriodMs?: number,
  ) {
    this.book = new IncidentBook(quietPeriodMs);
    this.calendar = new MaintenanceCalendar([], deps.timezone);
  }

  /** The rules in force and the maintenance windows (already checked: `checkAlertSettings`). Problems of cron parsing are returned. */
  setRules(rules: readonly AlertRule[], maintenance: readonly MaintenanceWindow[], quietPeriodMs?: number): string[] {
    this.evaluator.setRules(rules);
    this.rules = new Map(this.evaluator.activeRules.map((r) => [r.id, r]));
    this.calendar.set(maintenance);
    if (quietPeriodMs !== undefined) this.book.setQuietPeriod(quietPeriodMs);
    // Incidents of rules that went away close silently (no resolved notice for a rule the user deleted).
    this.book.retain((ruleId) => this.rules.has(ruleId), this.deps.now());
    this.changed();
    return [...this.calendar.problems];
  }

  /** The connections configured now, with their tags; incidents of removed ones close silently. */
  setConnections(list: readonly { id: string; tags?: readonly string[] }[]): void {
    this.tags = new Map(list.map((c) => [c.id, [...(c.tags ?? [])]]));
    const ids = new Set(this.tags.keys());
    this.evaluator.retain(ids);
    this.book.retain((ruleId, subject) => this.rules.has(ruleId) && (subject === WORKSPACE_SUBJECT || ids.has(subject)), this.deps.now());
    this.changed();
  }

  onProbe(result: ProbeResult): void {
    this.evaluator.observeProbe(result, this.tags.get(result.connectionId) ?? []);
    this.evaluate(result.connectionId);
  }

  onPrediction(connectionId: string, provider: Provider, level: RiskLevel, confidence: number): void {
    this.evaluator.observePrediction(connectionId, provider, level, confidence);
    this.evaluate(connectionId);
  }

  onAdvisor(connectionId: string, provider: Provider, openCriticalFindings: number): void {
    this.evaluator.observeAdvisor(connectionId, provider, openCriticalFindings);
    this.evaluate(connectionId);
  }

  onWorkspace(facts: WorkspaceFacts): void {
    this.evaluator.observeWorkspace(facts);
    const now = this.deps.now();
    const window = this.calendar.activeForWorkspace(now);
    for (const { rule, reading } of this.evaluator.evaluateWorkspace())
      this.apply(this.book.step(rule, WORKSPACE_SUBJECT, reading, now, window));
    this.changed();
  }

  /** Runs what falls due without a probe (flapping summaries); the caller arms a timer at `nextDueAt`. */
  tick(): void {
    this.apply(this.book.tick(this.deps.now()));
    this.changed();
  }

  nextDueAt(): number | undefined {
    return this.book.nextDueAt();
  }

  acknowledge(incidentId: string, by?: string): Incident | undefined {
    const inc = this.book.acknowledge(incidentId, this.deps.now(), by);
    this.changed();
    return inc;
  }

  snooze(incidentId: string, minutes: number): Incident | undefined {
    const inc = this.book.snooze(incidentId, this.deps.now() + Math.max(0, minutes) * 60_000);
    this.changed();
    return inc;
  }

  openIncidents(): Incident[] {
    return this.book.openIncidents();
  }

  recentlyResolved(): Incident[] {
    return this.book.recentlyResolved();
  }

  /** Restores the state `persist` was given (entries that do not look right are skipped). */
  restore(state: unknown): { restored: number; skipped: number } {
    return this.book.restore(state);
  }

  private evaluate(connectionId: string): void {
    const now = this.deps.now();
    const window = this.calendar.activeFor(connectionId, this.tags.get(connectionId) ?? [], now);
    for (const { rule, reading } of this.evaluator.evaluateConnection(connectionId, now))
      this.apply(this.book.step(rule, connectionId, reading, now, window));
    this.changed();
  }

  private apply(step: IncidentStep): void {
    for (const s of step.suppressed) this.deps.recordSuppressed?.(s);
    for (const n of step.notifications) {
      const rule = this.rules.get(n.incident.ruleId);
      if (!rule) continue;
      const subject = n.incident.subject;
      this.deps.deliver(renderNotice(n, rule, this.deps.contextFor(subject), this.deps.version), this.tags.get(subject) ?? []);
    }
  }

  private changed(): void {
    this.deps.persist?.(this.book.snapshot());
  }
}
