/**
 * The advisor report: findings, skipped checks and the cost report, exactly as
 * `/work/shared/spec/advisor-findings.md` fixes them (the CLI's `--json`, the
 * language server's answers, stored history, alerts and the dashboard all use
 * these). Kind ids are a public contract: add, never rename.
 */
import type { Provider } from './categories';

export const FINDING_CATEGORIES = ['performance', 'security', 'cost'] as const;
export type FindingCategory = (typeof FINDING_CATEGORIES)[number];

/** The seed's alert severities. */
export const FINDING_SEVERITIES = ['info', 'warning', 'critical'] as const;
export type FindingSeverity = (typeof FINDING_SEVERITIES)[number];

export const PERFORMANCE_KINDS = [
  'missing_index',
  'unused_index',
  'duplicate_index',
  'invalid_index',
  'unindexed_foreign_key',
  'slow_query',
  'top_time_query',
  'low_cache_hit',
  'table_bloat',
  'vacuum_overdue',
  'txid_wraparound',
  'sequence_exhaustion',
  'idle_in_transaction',
  'long_running_query',
  'connection_saturation',
  'connection_churn',
  'tmp_tables_on_disk',
  'collection_scan',
  'rls_initplan',
  'multiple_permissive_policies',
] as const;

export const SECURITY_KINDS = [
  'superuser_application_role',
  'role_without_password',
  'public_schema_create',
  'trust_auth_rule',
  'server_tls_off',
  'weak_tls_version',
  'insecure_transport_allowed',
  'anonymous_user',
  'remote_root',
  'rls_disabled',
  'security_definer_view',
  'function_search_path_mutable',
  'auth_users_exposed',
  'open_security_rules',
] as const;

export const RECOMMENDATION_KINDS = ['pooling', 'query_optimization', 'instance_sizing', 'caching', 'storage_cleanup'] as const;

export type PerformanceKind = (typeof PERFORMANCE_KINDS)[number];
export type SecurityKind = (typeof SECURITY_KINDS)[number];
export type FindingKind = PerformanceKind | SecurityKind;
export type RecommendationKind = (typeof RECOMMENDATION_KINDS)[number];

export function categoryOfKind(kind: FindingKind): Exclude<FindingCategory, 'cost'> {
  return (SECURITY_KINDS as readonly string[]).includes(kind) ? 'security' : 'performance';
}

/** Measured values only: never row data, never a secret. */
export type Evidence = Record<string, number | string | boolean | null>;

export interface Finding {
  kind: FindingKind;
  category: FindingCategory;
  severity: FindingSeverity;
  title: string;
  /** The schema-qualified object (table, index, role, setting) the finding is about. */
  object?: string;
  evidence: Evidence;
  /** `sql` is for the user to review and run; the advisors never run it. */
  fix?: { text: string; sql?: string };
  docs?: string;
}

export interface SkippedCheck {
  /** A finding kind, or the name of a group of checks. */
  check: string;
  /** The missing extension, privilege or version, in words. */
  reason: string;
}

export const PRIORITIES = ['HIGH', 'MEDIUM', 'LOW'] as const;
export type Priority = (typeof PRIORITIES)[number];
export type Level = 'low' | 'medium' | 'high';

export interface CostModel {
  source: 'default' | 'settings' | 'measured';
  perRequest?: number;
  /** Instance model: the price per hour of the instance the user names. */
  instancePerHour?: number;
  /** The formula in use, in words (always shown). */
  formula?: string;
}

export interface Recommendation {
  kind: RecommendationKind;
  title: string;
  priority: Priority;
  effort: Level;
  impact: Level;
  monthlySavings: number;
  /** Months until the effort is paid back; null when nothing is saved. */
  roiMonths: number | null;
  /** `<finding kind>:<object>` (or a metric name) of everything the recommendation rests on. */
  basedOn: string[];
}

export interface CostReport {
  currency: 'USD';
  model: CostModel;
  /** null when no counter could be read. */
  requestsPerMonth: number | null;
  /** How the request volume was measured (hours observed, counters). */
  basis?: string;
  monthly: { current: number | null; optimized: number | null };
  recommendations: Recommendation[];
}

export interface AdvisorReport {
  connection: string;
  provider: Provider;
  serverVersion: string | null;
  at: string;
  findings: Finding[];
  skipped: SkippedCheck[];
  cost?: CostReport;
}

export const FINDING_KINDS_SET: ReadonlySet<string> = new Set<string>([...PERFORMANCE_KINDS, ...SECURITY_KINDS]);
