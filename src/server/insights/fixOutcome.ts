/**
 * The learning loop's pure core: a fix applied to a connection waits for that connection's next
 * probe, which decides whether the fix worked (the probe is up or degraded) or not (it is down).
 * The outcome updates the fix's own statistics, so the order fixes are offered in adapts per
 * workspace. No I/O; times are parameters.
 */
import type { HealthState } from '../../shared/probe';

/** How long after a fix its connection's next probe still counts as that fix's verdict. */
export const DEFAULT_OUTCOME_WINDOW_MS = 15 * 60_000;

export interface AppliedFix {
  connectionId: string;
  /** The pattern whose diagnosis offered the fix (absent for a config quick fix). */
  patternId?: string;
  fixId: string;
  appliedAt: number;
}

export interface ProbeSeen {
  connectionId: string;
  at: number;
  state: HealthState;
}

export type FixVerdict = 'succeeded' | 'failed' | 'undecided';

/**
 * The verdict on one applied fix from the probes of its connection (any order): the first probe
 * after the fix decides, if it came within `windowMs`; else the fix stays undecided (no probe ran
 * in time, so nothing was learned). Returns the deciding probe as well.
 */
export function verdictOf(
  fix: AppliedFix,
  probes: readonly ProbeSeen[],
  windowMs = DEFAULT_OUTCOME_WINDOW_MS,
): { verdict: FixVerdict; probe?: ProbeSeen } {
  let first: ProbeSeen | undefined;
  for (const p of probes) if (p.connectionId === fix.connectionId && p.at > fix.appliedAt && (!first || p.at < first.at)) first = p;
  if (!first || first.at - fix.appliedAt > windowMs) return { verdict: 'undecided' };
  return { verdict: first.state === 'down' ? 'failed' : 'succeeded', probe: first };
}

export interface FixOutcome {
  fix: AppliedFix;
  succeeded: boolean;
  decidedAt: number;
}

/** Fixes waiting for their verdict, one per connection and fix (applying it again restarts the wait). */
export class PendingFixes {
  private readonly waiting: AppliedFix[] = [];

  constructor(private readonly windowMs = DEFAULT_OUTCOME_WINDOW_MS) {}

  applied(fix: AppliedFix): void {
    const i = this.waiting.findIndex((w) => w.connectionId === fix.connectionId && w.fixId === fix.fixId);
    if (i >= 0) this.waiting.splice(i, 1);
    this.waiting.push({ ...fix });
  }

  /** A probe of a connection: every fix of that connection it decides, removed from the waiting list. */
  probed(probe: ProbeSeen): FixOutcome[] {
    const out: FixOutcome[] = [];
    for (let i = this.waiting.length - 1; i >= 0; i--) {
      const fix = this.waiting[i];
      if (fix.connectionId !== probe.connectionId || probe.at <= fix.appliedAt) continue;
      this.waiting.splice(i, 1);
      const { verdict } = verdictOf(fix, [probe], this.windowMs);
      if (verdict !== 'undecided') out.push({ fix, succeeded: verdict === 'succeeded', decidedAt: probe.at });
    }
    return out.reverse();
  }

  /** Drops fixes whose window has passed without a probe (nothing learned from them). */
  expire(now: number): AppliedFix[] {
    const gone = this.waiting.filter((w) => now - w.appliedAt > this.windowMs);
    for (const g of gone) this.waiting.splice(this.waiting.indexOf(g), 1);
    return gone;
  }

  list(): readonly AppliedFix[] {
    return this.waiting;
  }
}

/** One fix's own record in one workspace. */
export interface FixStats {
  fixId: string;
  applied: number;
  succeeded: number;
  failed: number;
  lastOutcomeAt?: number;
}

export type FixStatsTable = Readonly<Record<string, FixStats>>;

/** The table with one outcome counted on the fix itself (a new table; the old one is untouched). */
export function recordOutcome(table: FixStatsTable, outcome: FixOutcome): FixStatsTable {
  const id = outcome.fix.fixId;
  const s = table[id] ?? { fixId: id, applied: 0, succeeded: 0, failed: 0 };
  return {
    ...table,
    [id]: {
      ...s,
      applied: s.applied + 1,
      succeeded: s.succeeded + (outcome.succeeded ? 1 : 0),
      failed: s.failed + (outcome.succeeded ? 0 : 1),
      lastOutcomeAt: outcome.decidedAt,
    },
  };
}

/** Posterior mean of a fix working, Beta(1 + succeeded, 1 + failed): 0.5 for a fix never tried. */
export function fixSuccessRate(s: FixStats | undefined): number {
  return s ? (1 + s.succeeded) / (2 + s.succeeded + s.failed) : 0.5;
}

/**
 * The fixes in the order to offer them: by their success rate in this workspace, the knowledge
 * base's own order breaking ties (so with no outcomes yet the order is the curated one).
 */
export function rankFixes<T extends { id: string }>(fixes: readonly T[], table: FixStatsTable): T[] {
  return fixes
    .map((f, i) => ({ f, i, rate: fixSuccessRate(table[f.id]) }))
    .sort((a, b) => b.rate - a.rate || a.i - b.i)
    .map((x) => x.f);
}
