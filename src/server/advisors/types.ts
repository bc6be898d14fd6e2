/**
 * The pieces every advisor shares: a snapshot section (the rows one catalog
 * query returned, or why it could not run), the options with the thresholds,
 * and what an analysis returns. Pure types and helpers; no I/O.
 */
import type { Finding, FindingKind, FindingSeverity, SkippedCheck } from '../../shared/advisors';
import { categoryOfKind } from '../../shared/advisors';

/** One query's outcome: its rows, or the reason it could not run (missing privilege, extension, version). */
export type Section<T> = { ok: true; rows: T[] } | { ok: false; reason: string };

export function rowsOf<T>(s: Section<T> | undefined): T[] | undefined {
  return s && s.ok ? s.rows : undefined;
}

export interface Analysis {
  findings: Finding[];
  skipped: SkippedCheck[];
}

/** Thresholds, each with the default taken from PgHero / MySQLTuner / Supabase's splinter (docs/advisors.md). */
export interface Thresholds {
  longRunningSeconds: number;
  idleInTransactionSeconds: number;
  slowQueryMs: number;
  slowQueryCalls: number;
  /** A statement taking at least this share of all statement time… */
  topTimeShare: number;
  /** …and at least this much time in total is a top-time query. */
  topTimeMinMs: number;
  /** Tables with fewer live rows never get a missing-index finding. */
  missingIndexMinRows: number;
  /** Share of reads by index below which a large table lacks an index (PgHero: 95 %). */
  missingIndexMinIndexShare: number;
  cacheHitMin: number;
  /** Blocks read from cache + disk below which a hit rate is noise. */
  cacheMinBlocks: number;
  bloatDeadShare: number;
  bloatMinDeadRows: number;
  xidWarnAge: number;
  xidCriticalAge: number;
  sequenceWarnShare: number;
  connectionWarnShare: number;
  connectionCriticalShare: number;
  /** Average session shorter than this with at least `churnMinSessions` sessions is churn. */
  churnMaxAvgSessionMs: number;
  churnMinSessions: number;
  tmpDiskShare: number;
  tmpMinTables: number;
  threadCacheMinHit: number;
  threadCacheMinConnections: number;
}

export const DEFAULT_THRESHOLDS: Thresholds = {
  longRunningSeconds: 60,
  idleInTransactionSeconds: 60,
  slowQueryMs: 20,
  slowQueryCalls: 100,
  topTimeShare: 0.2,
  topTimeMinMs: 60_000,
  missingIndexMinRows: 10_000,
  missingIndexMinIndexShare: 0.95,
  cacheHitMin: 0.99,
  cacheMinBlocks: 1_000,
  bloatDeadShare: 0.2,
  bloatMinDeadRows: 10_000,
  xidWarnAge: 1_500_000_000,
  xidCriticalAge: 2_000_000_000,
  sequenceWarnShare: 0.9,
  connectionWarnShare: 0.8,
  connectionCriticalShare: 0.95,
  churnMaxAvgSessionMs: 1_000,
  churnMinSessions: 1_000,
  tmpDiskShare: 0.25,
  tmpMinTables: 100,
  threadCacheMinHit: 0.5,
  threadCacheMinConnections: 1_000,
};

export function finding(
  kind: FindingKind,
  severity: FindingSeverity,
  title: string,
  evidence: Finding['evidence'],
  more: { object?: string; fix?: Finding['fix']; docs?: string } = {},
): Finding {
  return { kind, category: categoryOfKind(kind), severity, title, ...more, evidence };
}

/** Runs `check` when its section was read, otherwise records it as skipped with the section's reason. */
export function withSection<T>(out: Analysis, checks: string | string[], section: Section<T> | undefined, check: (rows: T[]) => Finding[]) {
  const names = Array.isArray(checks) ? checks : [checks];
  if (!section) return;
  if (!section.ok) {
    for (const c of names) out.skipped.push({ check: c, reason: section.reason });
    return;
  }
  out.findings.push(...check(section.rows));
}

/** Numbers from driver values (pg returns bigint and numeric as strings). */
export function num(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'string' && v.trim() !== '') return Number(v);
  return NaN;
}

const GROUPED = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function grouped(n: number): string {
  return GROUPED.format(Math.round(n));
}

export function percent(share: number): string {
  return `${Math.round(share * 1000) / 10}%`;
}

export function round(n: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

/** A PostgreSQL / MySQL identifier quoted for a reviewable fix. */
export function quoteIdent(name: string, quote: '"' | '`' = '"'): string {
  return /^[a-z_][a-z0-9_]*$/.test(name) ? name : `${quote}${name.split(quote).join(quote + quote)}${quote}`;
}
