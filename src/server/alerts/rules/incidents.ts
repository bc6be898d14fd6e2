/**
 * Incidents from rule readings (pure, I/O-free, every time passed in; its state is plain JSON so
 * it survives a restart of the server or the monitor).
 *
 * - A reading that fires with no incident open for its (rule, subject) opens one and notifies
 *   `opened`; the incident resolves when a reading no longer fires, and `resolved` goes to the same
 *   channels (unless the rule says `notifyResolved: false`), only for an incident that was announced.
 * - Flapping: per (rule, subject) at most one `opened` per quiet period. Incidents opened again
 *   inside it are counted, not sent; when the period ends with such openings, one `flapping`
 *   summary says how many, and an incident still open then is announced by it (so its resolve follows).
 * - Repeats: with `repeatMinutes`, an open, announced incident notifies `repeat` every N minutes,
 *   unless acknowledged or snoozed (until the snooze ends).
 * - Maintenance: while a window covers the subject nothing is sent; incidents opened and resolved
 *   inside it are recorded as suppressed; one still open when the window ends is announced then. An
 *   incident announced before the window still sends its `resolved` (its receivers were told it opened).
 */
import { DEFAULT_QUIET_PERIOD_MS } from '../../../shared/alertSettings';
import type { AlertRule } from '../../../shared/alertRules';
import type { IncidentView } from '../../../shared/incidents';
import type { ConditionReading } from './evaluate';

export type NotificationKind = 'opened' | 'repeat' | 'resolved' | 'flapping';

/** An incident: what the editor sees of it (`IncidentView`) plus the book's own state. */
export interface Incident extends Omit<IncidentView, 'unit'> {
  unit: ConditionReading['unit'];
  announced: boolean;
  lastNotifiedAt: number | null;
  /** Opened while a maintenance window covered the subject (id of the window). */
  suppressedBy?: string;
  resolvedAt?: number;
}

export interface Notification {
  kind: NotificationKind;
  at: number;
  incident: Incident;
  /** `flapping`: incidents opened (not sent) in the quiet period that just ended, and its length. */
  flaps?: number;
  windowMs?: number;
}

/** What a step did, for history: notifications to send, and incidents opened/resolved silently. */
export interface IncidentStep {
  notifications: Notification[];
  /** Opened or resolved under maintenance or inside a quiet period: recorded, not sent. */
  suppressed: { kind: 'opened' | 'resolved'; incident: Incident; reason: 'maintenance' | 'quiet_period' }[];
}

interface KeyState {
  /** End of the quiet period opened by the last announced opening. */
  quietUntil: number;
  flaps: number;
}

export interface IncidentState {
  version: 1;
  open: Incident[];
  keys: Record<string, KeyState>;
  seq: number;
}

export { DEFAULT_QUIET_PERIOD_MS };
/** Resolved incidents kept in memory for the incidents list (history keeps them all). */
export const RECENT_RESOLVED = 200;

const keyOf = (ruleId: string, subject: string) => `${ruleId}\u0000${subject}`;

export class IncidentBook {
  private readonly open = new Map<string, Incident>();
  private readonly keys = new Map<string, KeyState>();
  private readonly recent: Incident[] = [];
  private seq = 0;

  constructor(private quietMs = DEFAULT_QUIET_PERIOD_MS) {}

  setQuietPeriod(ms: number): void {
    this.quietMs = Math.max(0, ms);
  }

  /** Incidents open now, oldest first. */
  openIncidents(): Incident[] {
    return [...this.open.values()].sort((a, b) => a.openedAt - b.openedAt);
  }

  recentlyResolved(): Incident[] {
    return [...this.recent];
  }

  /**
   * One reading of one rule for one subject. `maintenance` names the window covering the subject
   * now, if any.
   */
  step(rule: AlertRule, subject: string, reading: ConditionReading, at: number, maintenance?: string): IncidentStep {
    const out: IncidentStep = { notifications: [], suppressed: [] };
    const k = keyOf(rule.id, subject);
    const ks = this.keyState(k);
    this.summaryDue(k, ks, at, maintenance, out);
    const inc = this.open.get(k);
    if (reading.firing) {
      if (!inc) this.openIncident(k, ks, rule, subject, reading, at, maintenance, out);
      else {
        inc.value = reading.value;
        inc.text = reading.text;
        inc.severity = rule.severity;
        if (!inc.announced && !maintenance && inc.suppressedBy) {
          // The maintenance window ended with the condition still holding: tell now, or count it as
          // a flap when the quiet period of an earlier opening is still running.
          inc.suppressedBy = undefined;
          if (at < ks.quietUntil) ks.flaps++;
          else {
            this.announce(inc, 'opened', at, out);
            ks.quietUntil = at + this.quietMs;
            ks.flaps = 0;
          }
        } else if (inc.announced && !maintenance) this.maybeRepeat(rule, inc, at, out);
      }
    } else if (inc) {
      inc.resolvedAt = at;
      inc.value = reading.value;
      inc.text = reading.text;
      this.open.delete(k);
      this.remember(inc);
      // An announced incident resolves at its receivers even inside a maintenance window: they were told it opened.
      if (inc.announced && rule.notifyResolved !== false) out.notifications.push({ kind: 'resolved', at, incident: { ...inc } });
      else
        out.suppressed.push({
          kind: 'resolved',
          incident: { ...inc },
          reason: maintenance || inc.suppressedBy ? 'maintenance' : 'quiet_period',
        });
    }
    return out;
  }

  /** Flapping summaries that fell due by `at` for keys not stepped since (call on a timer). */
  tick(at: number): IncidentStep {
    const out: IncidentStep = { notifications: [], suppressed: [] };
    for (const [k, ks] of this.keys) this.summaryDue(k, ks, at, undefined, out);
    return out;
  }

  /** When the next flapping summary falls due, or undefined. */
  nextDueAt(): number | undefined {
    let due: number | undefined;
    for (const ks of this.keys.values()) if (ks.flaps > 0 && (due === undefined || ks.quietUntil < due)) due = ks.quietUntil;
    return due;
  }

  acknowledge(incidentId: string, at: number, by?: string): Incident | undefined {
    const inc = this.find(incidentId);
    if (!inc) return undefined;
    inc.acknowledgedAt = at;
    if (by) inc.acknowledgedBy = by;
    return { ...inc };
  }

  snooze(incidentId: string, until: number): Incident | undefined {
    const inc = this.find(incidentId);
    if (!inc) return undefined;
    inc.snoozedUntil = until;
    return { ...inc };
  }

  /** Rules or subjects no longer configured: their incidents close silently. */
  retain(isKept: (ruleId: string, subject: string) => boolean, at: number): Incident[] {
    const closed: Incident[] = [];
    for (const [k, inc] of this.open)
      if (!isKept(inc.ruleId, inc.subject)) {
        inc.resolvedAt = at;
        this.open.delete(k);
        this.keys.delete(k);
        this.remember(inc);
        closed.push({ ...inc });
      }
    return closed;
  }

  snapshot(): IncidentState {
    const keys: Record<string, KeyState> = {};
    for (const [k, v] of this.keys)
      if (v.flaps > 0 || v.quietUntil > -Infinity) keys[k] = { ...v, quietUntil: Number.isFinite(v.quietUntil) ? v.quietUntil : -1 };
    return { version: 1, open: this.openIncidents().map((i) => ({ ...i })), keys, seq: this.seq };
  }

  /** Restores a snapshot (entries that do not look right are skipped, and counted). */
  restore(state: unknown): { restored: number; skipped: number } {
    let restored = 0;
    let skipped = 0;
    if (!state || typeof state !== 'object') return { restored, skipped };
    const s = state as Partial<IncidentState>;
    if (typeof s.seq === 'number' && Number.isFinite(s.seq)) this.seq = Math.max(this.seq, s.seq);
    for (const i of Array.isArray(s.open) ? s.open : []) {
      if (
        i &&
        typeof i.id === 'string' &&
        typeof i.ruleId === 'string' &&
        typeof i.subject === 'string' &&
        typeof i.openedAt === 'number'
      ) {
        this.open.set(keyOf(i.ruleId, i.subject), { ...i });
        restored++;
      } else skipped++;
    }
    for (const [k, v] of Object.entries(s.keys && typeof s.keys === 'object' ? s.keys : {}))
      if (v && typeof v.quietUntil === 'number' && typeof v.flaps === 'number')
        this.keys.set(k, { quietUntil: v.quietUntil, flaps: v.flaps });
    return { restored, skipped };
  }

  private find(id: string): Incident | undefined {
    for (const inc of this.open.values()) if (inc.id === id) return inc;
    return undefined;
  }

  private openIncident(
    k: string,
    ks: KeyState,
    rule: AlertRule,
    subject: string,
    r: ConditionReading,
    at: number,
    maintenance: string | undefined,
    out: IncidentStep,
  ): void {
    const inc: Incident = {
      id: `${at.toString(36)}-${(++this.seq).toString(36)}`,
      ruleId: rule.id,
      subject,
      severity: rule.severity,
      openedAt: at,
      value: r.value,
      threshold: r.threshold,
      unit: r.unit,
      text: r.text,
      announced: false,
      lastNotifiedAt: null,
      notifications: 0,
    };
    this.open.set(k, inc);
    if (maintenance) {
      inc.suppressedBy = maintenance;
      out.suppressed.push({ kind: 'opened', incident: { ...inc }, reason: 'maintenance' });
      return;
    }
    if (at < ks.quietUntil) {
      ks.flaps++;
      out.suppressed.push({ kind: 'opened', incident: { ...inc }, reason: 'quiet_period' });
      return;
    }
    ks.quietUntil = at + this.quietMs;
    ks.flaps = 0;
    this.announce(inc, 'opened', at, out);
  }

  private announce(inc: Incident, kind: NotificationKind, at: number, out: IncidentStep, extra?: Partial<Notification>): void {
    inc.announced = true;
    inc.lastNotifiedAt = at;
    inc.notifications++;
    out.notifications.push({ kind, at, incident: { ...inc }, ...extra });
  }

  private maybeRepeat(rule: AlertRule, inc: Incident, at: number, out: IncidentStep): void {
    const every = (rule.repeatMinutes ?? 0) * 60_000;
    if (every <= 0 || inc.acknowledgedAt !== undefined) return;
    if (inc.snoozedUntil !== undefined && at < inc.snoozedUntil) return;
    if (inc.lastNotifiedAt !== null && at - inc.lastNotifiedAt < every) return;
    this.announce(inc, 'repeat', at, out);
  }

  private summaryDue(k: string, ks: KeyState, at: number, maintenance: string | undefined, out: IncidentStep): void {
    if (ks.flaps === 0 || at < ks.quietUntil) return;
    const flaps = ks.flaps;
    const due = ks.quietUntil;
    ks.flaps = 0;
    ks.quietUntil = due + this.quietMs;
    if (maintenance) return;
    const inc = this.open.get(k);
    const windowMs = this.quietMs;
    if (inc && !inc.announced) this.announce(inc, 'flapping', due, out, { flaps, windowMs });
    else if (inc) out.notifications.push({ kind: 'flapping', at: due, incident: { ...inc }, flaps, windowMs });
    else {
      let last: Incident | undefined;
      for (let i = this.recent.length - 1; i >= 0 && !last; i--)
        if (keyOf(this.recent[i]!.ruleId, this.recent[i]!.subject) === k) last = this.recent[i];
      if (last) out.notifications.push({ kind: 'flapping', at: due, incident: { ...last }, flaps, windowMs });
    }
  }

  private remember(inc: Incident): void {
    this.recent.push(inc);
    if (this.recent.length > RECENT_RESOLVED) this.recent.splice(0, this.recent.length - RECENT_RESOLVED);
  }

  private keyState(k: string): KeyState {
    let ks = this.keys.get(k);
    if (!ks) {
      ks = { quietUntil: -Infinity, flaps: 0 };
      this.keys.set(k, ks);
    }
    return ks;
  }
}
