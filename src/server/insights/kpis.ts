/**
 * The KPIs of the monitoring dashboard, computed from stored events. Each KPI returns its value
 * (null while there is nothing to count), the definition it was computed by, and references to
 * the events it counted, so the dashboard can link a figure to its evidence. Pure: `now` is a
 * parameter and nothing is read or written.
 */
import type { AuditEntry, FeedbackRecord, TransitionRecord } from '../../shared/history';
import { DEFAULT_OUTCOME_WINDOW_MS, verdictOf, type ProbeSeen } from './fixOutcome';

export const DAY_MS = 86_400_000;
/** The baseline for "uptime improvement": the first days a workspace was monitored. */
export const BASELINE_DAYS = 30;

/** A stored event a KPI counted: its kind, time and connection identify it in the history. */
export interface EventRef {
  type: 'probe' | 'transition' | 'feedback' | 'audit' | 'recommendation';
  at: number;
  connectionId?: string;
}

export interface Kpi<V = number> {
  value: V | null;
  definition: string;
  /** The events in the numerator (e.g. fixes followed by a successful probe). */
  counted: EventRef[];
  /** The events in the denominator (e.g. every fix applied). */
  outOf: EventRef[];
}

/** An advisor recommendation the user applied, with what it was estimated to save and what it did. */
export interface AppliedRecommendation {
  id: string;
  connectionId: string;
  appliedAt: number;
  /** Estimated saving per month, in the workspace's currency. */
  estimatedMonthly: number;
  /** Measured saving per month since it was applied, when known. */
  realisedMonthly?: number;
}

export interface KpiInput {
  now: number;
  probes: readonly ProbeSeen[];
  transitions: readonly TransitionRecord[];
  feedback: readonly FeedbackRecord[];
  audit: readonly AuditEntry[];
  /** How many findings were shown, when the caller counts them; else the answers are the denominator. */
  shown?: { config?: number; advisor?: number };
  recommendations?: readonly AppliedRecommendation[];
  /** Fix acceptance: the window after a fix in which a successful probe counts. */
  fixWindowMs?: number;
}

export interface Kpis {
  fixAcceptanceRate: Kpi;
  configFalsePositiveRate: Kpi;
  advisorFalsePositiveRate: Kpi;
  userSatisfaction: Kpi;
  meanTimeToRecoveryMs: Kpi;
  uptimeImprovement: Kpi<{ baselinePercent: number; nowPercent: number; changePoints: number }>;
  costSavingsRealised: Kpi<{ realisedMonthly: number; estimatedMonthly: number; share: number }>;
}

const feedbackRef = (f: FeedbackRecord): EventRef => ({
  type: 'feedback',
  at: f.at,
  ...(f.connectionId ? { connectionId: f.connectionId } : {}),
});
const ratio = (n: number, d: number): number | null => (d > 0 ? n / d : null);

export function fixAcceptanceRate(input: KpiInput): Kpi {
  const windowMs = input.fixWindowMs ?? DEFAULT_OUTCOME_WINDOW_MS;
  const outOf: EventRef[] = [];
  const counted: EventRef[] = [];
  for (const a of input.audit) {
    if (a.action !== 'quick_fix_applied' || !a.connectionId) continue;
    const fixId = typeof a.details?.fixId === 'string' ? a.details.fixId : 'unknown';
    outOf.push({ type: 'audit', at: a.at, connectionId: a.connectionId });
    const v = verdictOf({ connectionId: a.connectionId, fixId, appliedAt: a.at }, input.probes, windowMs);
    if (v.verdict === 'succeeded') counted.push({ type: 'audit', at: a.at, connectionId: a.connectionId });
  }
  return {
    value: ratio(counted.length, outOf.length),
    definition: `Fixes applied to a connection whose next probe, within ${Math.round(windowMs / 60_000)} minutes, was up or degraded, over all fixes applied to a connection.`,
    counted,
    outOf,
  };
}

/** "Not a problem" answers over the findings shown (or, when shown is not counted, over all answers). */
function falsePositiveRate(input: KpiInput, subject: string, what: string, shown: number | undefined): Kpi {
  const answers = input.feedback.filter((f) => f.subject === subject);
  const dismissed = answers.filter((f) => f.verdict === 'not_helpful' || f.verdict === 'wrong');
  const denominator = shown ?? answers.length;
  return {
    value: ratio(dismissed.length, Math.max(denominator, dismissed.length)),
    definition:
      shown === undefined
        ? `${what} dismissed as "not a problem" over ${what.toLowerCase()} the user answered (the number shown is not counted).`
        : `${what} dismissed as "not a problem" over ${what.toLowerCase()} shown.`,
    counted: dismissed.map(feedbackRef),
    outOf: answers.map(feedbackRef),
  };
}

export function userSatisfaction(input: KpiInput): Kpi {
  const answers = input.feedback.filter((f) => f.verdict === 'helpful' || f.verdict === 'not_helpful');
  const up = answers.filter((f) => f.verdict === 'helpful');
  return {
    value: ratio(up.length, answers.length),
    definition: 'Thumbs-up answers over all thumbs-up and thumbs-down answers (diagnoses, fixes, findings).',
    counted: up.map(feedbackRef),
    outOf: answers.map(feedbackRef),
  };
}

/** Mean time from a connection going down to its next health change to up or degraded. */
export function meanTimeToRecovery(input: KpiInput): Kpi {
  const health = input.transitions.filter((t) => t.kind === 'health').sort((a, b) => a.at - b.at);
  const downSince = new Map<string, number>();
  const counted: EventRef[] = [];
  const outOf: EventRef[] = [];
  let total = 0;
  for (const t of health) {
    if (t.to === 'down') {
      if (!downSince.has(t.connectionId)) {
        downSince.set(t.connectionId, t.at);
        outOf.push({ type: 'transition', at: t.at, connectionId: t.connectionId });
      }
    } else {
      const since = downSince.get(t.connectionId);
      if (since === undefined) continue;
      downSince.delete(t.connectionId);
      total += t.at - since;
      counted.push({ type: 'transition', at: t.at, connectionId: t.connectionId });
    }
  }
  return {
    value: counted.length ? total / counted.length : null,
    definition:
      'Mean time from a connection going down to its recovery (up or degraded), over the outages that ended; outages still open are listed but not averaged.',
    counted,
    outOf,
  };
}

function uptimeOf(probes: readonly ProbeSeen[]): number | null {
  return probes.length ? (100 * probes.filter((p) => p.state !== 'down').length) / probes.length : null;
}

/** Uptime over the last BASELINE_DAYS against the first BASELINE_DAYS monitored (all connections). */
export function uptimeImprovement(input: KpiInput): Kpi<{ baselinePercent: number; nowPercent: number; changePoints: number }> {
  const definition = `Share of probes up or degraded in the last ${BASELINE_DAYS} days against the first ${BASELINE_DAYS} days monitored; shown once the two periods do not overlap.`;
  if (input.probes.length === 0) return { value: null, definition, counted: [], outOf: [] };
  let first = Infinity;
  for (const p of input.probes) if (p.at < first) first = p.at;
  const baselineEnd = first + BASELINE_DAYS * DAY_MS;
  const recentStart = input.now - BASELINE_DAYS * DAY_MS;
  const baseline = input.probes.filter((p) => p.at < baselineEnd);
  const recent = input.probes.filter((p) => p.at >= recentStart && p.at <= input.now);
  const ref = (p: ProbeSeen): EventRef => ({ type: 'probe', at: p.at, connectionId: p.connectionId });
  const b = uptimeOf(baseline);
  const r = uptimeOf(recent);
  const apart = recentStart >= baselineEnd;
  return {
    value: apart && b !== null && r !== null ? { baselinePercent: b, nowPercent: r, changePoints: r - b } : null,
    definition,
    counted: recent.map(ref),
    outOf: baseline.map(ref),
  };
}

export function costSavingsRealised(input: KpiInput): Kpi<{ realisedMonthly: number; estimatedMonthly: number; share: number }> {
  const applied = input.recommendations ?? [];
  const measured = applied.filter((r) => r.realisedMonthly !== undefined);
  const ref = (r: AppliedRecommendation): EventRef => ({ type: 'recommendation', at: r.appliedAt, connectionId: r.connectionId });
  const estimated = measured.reduce((s, r) => s + r.estimatedMonthly, 0);
  const realised = measured.reduce((s, r) => s + (r.realisedMonthly ?? 0), 0);
  return {
    value:
      measured.length && estimated > 0 ? { realisedMonthly: realised, estimatedMonthly: estimated, share: realised / estimated } : null,
    definition:
      'Monthly savings measured after applying advisor recommendations against what those recommendations estimated; recommendations not yet measured are listed but not counted.',
    counted: measured.map(ref),
    outOf: applied.map(ref),
  };
}

export function computeKpis(input: KpiInput): Kpis {
  return {
    fixAcceptanceRate: fixAcceptanceRate(input),
    configFalsePositiveRate: falsePositiveRate(input, 'config_validation', 'Config findings', input.shown?.config),
    advisorFalsePositiveRate: falsePositiveRate(input, 'advisor', 'Advisor findings', input.shown?.advisor),
    userSatisfaction: userSatisfaction(input),
    meanTimeToRecoveryMs: meanTimeToRecovery(input),
    uptimeImprovement: uptimeImprovement(input),
    costSavingsRealised: costSavingsRealised(input),
  };
}
