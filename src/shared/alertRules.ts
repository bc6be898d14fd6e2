/**
 * Alert rules, maintenance windows and their validation: the one checker the server, the CLI's
 * monitor config and the alerts configuration page all use (browser-safe: no Node built-ins).
 * A rule names a condition, a severity, where it goes and how often it repeats.
 */
import type { RiskLevel } from './prediction';

export const ALERT_SEVERITIES = ['info', 'warning', 'critical'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

export const SEVERITY_RANK: Record<AlertSeverity, number> = { info: 0, warning: 1, critical: 2 };

/** Probe phases a latency rule can read (ProbeTimings keys). */
export const LATENCY_PHASES = ['totalMs', 'dnsMs', 'connectMs', 'tlsMs', 'authMs', 'firstQueryMs'] as const;
export type LatencyPhase = (typeof LATENCY_PHASES)[number];
export const LATENCY_STATS = ['p50', 'p95', 'max'] as const;
export type LatencyStat = (typeof LATENCY_STATS)[number];
const RISK_LEVELS: readonly RiskLevel[] = ['HEALTHY', 'MONITOR_CLOSELY', 'IMMEDIATE_ACTION_REQUIRED'];
export const RISK_RANK: Record<RiskLevel, number> = { HEALTHY: 0, MONITOR_CLOSELY: 1, IMMEDIATE_ACTION_REQUIRED: 2 };

export type RuleCondition =
  /** Down for N consecutive final probes, or continuously for N minutes (either, when both are given). */
  | { kind: 'down'; probes?: number; minutes?: number }
  /** A latency statistic of one phase over the last `windowMinutes` of probes above `aboveMs`. */
  | { kind: 'latency'; stat: LatencyStat; phase?: LatencyPhase; aboveMs: number; windowMinutes: number; minProbes?: number }
  /** Share of failed probes over the window above `abovePercent`. */
  | { kind: 'error_rate'; abovePercent: number; windowMinutes: number; minProbes?: number }
  /** The failure forecast at or above a risk level (with at least `minConfidence`). */
  | { kind: 'prediction'; atLeast: RiskLevel; minConfidence?: number }
  /** Connections used against the usable limit: headroom below `belowPercent` of the limit. */
  | { kind: 'capacity'; belowPercent: number }
  | { kind: 'replication_lag'; aboveSeconds: number }
  /** The server certificate expires within `withinDays` (or has expired). */
  | { kind: 'tls_expiry'; withinDays: number }
  /** Security events: a new critical advisor finding, a new Error-level config finding, a workspace score drop. */
  | { kind: 'advisor_critical' }
  | { kind: 'config_error' }
  | { kind: 'security_score'; below: number };

export type ConditionKind = RuleCondition['kind'];
export const CONDITION_KINDS: readonly ConditionKind[] = [
  'down',
  'latency',
  'error_rate',
  'prediction',
  'capacity',
  'replication_lag',
  'tls_expiry',
  'advisor_critical',
  'config_error',
  'security_score',
];
/** Conditions about the workspace rather than one connection. */
export const WORKSPACE_CONDITIONS: readonly ConditionKind[] = ['config_error', 'security_score'];

export interface AlertRule {
  id: string;
  name?: string;
  enabled?: boolean;
  severity: AlertSeverity;
  condition: RuleCondition;
  /** Only these connections (ids) / connections with one of these tags; all when absent. */
  connections?: string[];
  tags?: string[];
  /** Channel ids it goes to; all channels whose routing takes it when absent. */
  channels?: string[];
  /** Notify again every N minutes while the incident is open (0 or absent: once). */
  repeatMinutes?: number;
  /** Send a resolved notice when the condition clears (default true). */
  notifyResolved?: boolean;
}

/** A period in which alerts for the matching connections are suppressed (and marked in history). */
export interface MaintenanceWindow {
  id: string;
  name?: string;
  /** One-off: ISO start and end. */
  start?: string;
  end?: string;
  /** Recurring: a cron expression for the start and a duration. */
  cron?: string;
  durationMinutes?: number;
  connections?: string[];
  tags?: string[];
}

/** The rules a new user gets with nothing configured. */
export const DEFAULT_RULES: readonly AlertRule[] = [
  { id: 'default-down', name: 'Connection down', severity: 'critical', condition: { kind: 'down', probes: 1 } },
  {
    id: 'default-latency',
    name: 'Degraded latency',
    severity: 'warning',
    condition: { kind: 'latency', stat: 'p95', phase: 'totalMs', aboveMs: 2000, windowMinutes: 15, minProbes: 3 },
  },
  {
    id: 'default-prediction',
    name: 'Failure predicted',
    severity: 'critical',
    condition: { kind: 'prediction', atLeast: 'IMMEDIATE_ACTION_REQUIRED', minConfidence: 40 },
  },
  { id: 'default-tls-expiry', name: 'Certificate expiring', severity: 'warning', condition: { kind: 'tls_expiry', withinDays: 14 } },
];

export interface CheckedRules {
  rules: AlertRule[];
  maintenance: MaintenanceWindow[];
  problems: string[];
}

const ID_RE = /^[A-Za-z0-9_.-]{1,64}$/;
/** Five or six cron fields, or a nickname (@daily): the server checks it fully with croner. */
const CRON_RE = /^(@\w+|(\S+\s+){4,5}\S+)$/;

type Raw = Record<string, unknown>;
const isObj = (v: unknown): v is Raw => !!v && typeof v === 'object' && !Array.isArray(v);
const posNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v > 0;
const nonNeg = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;

function stringList(where: string, name: string, v: unknown, problems: string[]): string[] | undefined {
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) {
    problems.push(`${where}: "${name}" must be a list of strings`);
    return undefined;
  }
  return v as string[];
}

/** Problems with one condition (empty when it may be used). */
export function conditionProblems(where: string, c: unknown): string[] {
  const p: string[] = [];
  if (!isObj(c)) return [`${where}: "condition" must be an object with a "kind"`];
  const kind = c.kind as ConditionKind;
  if (!CONDITION_KINDS.includes(kind))
    return [`${where}: unknown condition kind ${JSON.stringify(c.kind)} (known: ${CONDITION_KINDS.join(', ')})`];
  const need = (name: string, ok: (v: unknown) => boolean, what: string, optional = false) => {
    if (c[name] === undefined && optional) return;
    if (!ok(c[name])) p.push(`${where}: "${name}" must be ${what}`);
  };
  switch (kind) {
    case 'down':
      need('probes', (v) => Number.isInteger(v) && (v as number) >= 1, 'a whole number ≥ 1', true);
      need('minutes', posNum, 'a number of minutes > 0', true);
      if (c.probes === undefined && c.minutes === undefined) p.push(`${where}: a down rule needs "probes" or "minutes"`);
      break;
    case 'latency':
      need('stat', (v) => (LATENCY_STATS as readonly unknown[]).includes(v), `one of ${LATENCY_STATS.join(', ')}`);
      need('phase', (v) => (LATENCY_PHASES as readonly unknown[]).includes(v), `one of ${LATENCY_PHASES.join(', ')}`, true);
      need('aboveMs', posNum, 'a number of milliseconds > 0');
      need('windowMinutes', posNum, 'a number of minutes > 0');
      need('minProbes', (v) => Number.isInteger(v) && (v as number) >= 1, 'a whole number ≥ 1', true);
      break;
    case 'error_rate':
      need('abovePercent', (v) => nonNeg(v) && (v as number) < 100, 'a percentage from 0 to below 100');
      need('windowMinutes', posNum, 'a number of minutes > 0');
      need('minProbes', (v) => Number.isInteger(v) && (v as number) >= 1, 'a whole number ≥ 1', true);
      break;
    case 'prediction':
      need('atLeast', (v) => RISK_LEVELS.includes(v as RiskLevel), `one of ${RISK_LEVELS.join(', ')}`);
      need('minConfidence', (v) => nonNeg(v) && (v as number) <= 100, 'a number from 0 to 100', true);
      break;
    case 'capacity':
      need('belowPercent', (v) => posNum(v) && (v as number) <= 100, 'a percentage from above 0 to 100');
      break;
    case 'replication_lag':
      need('aboveSeconds', nonNeg, 'a number of seconds ≥ 0');
      break;
    case 'tls_expiry':
      need('withinDays', posNum, 'a number of days > 0');
      break;
    case 'security_score':
      need('below', (v) => posNum(v) && (v as number) <= 100, 'a score from above 0 to 100');
      break;
    case 'advisor_critical':
    case 'config_error':
      break;
  }
  return p;
}

/** Problems with one rule (empty when it may be used). */
export function ruleProblems(r: unknown): string[] {
  if (!isObj(r)) return ['rules: every entry must be an object'];
  const where = `rule '${typeof r.id === 'string' ? r.id : '?'}'`;
  const p: string[] = [];
  if (typeof r.id !== 'string' || !ID_RE.test(r.id)) p.push(`${where}: "id" must be 1-64 letters, digits, '_', '.' or '-'`);
  if (r.name !== undefined && typeof r.name !== 'string') p.push(`${where}: "name" must be text`);
  if (r.enabled !== undefined && typeof r.enabled !== 'boolean') p.push(`${where}: "enabled" must be true or false`);
  if (!(ALERT_SEVERITIES as readonly unknown[]).includes(r.severity))
    p.push(`${where}: "severity" must be one of ${ALERT_SEVERITIES.join(', ')}`);
  p.push(...conditionProblems(where, r.condition));
  for (const k of ['connections', 'tags', 'channels']) stringList(where, k, r[k], p);
  if (r.repeatMinutes !== undefined && !nonNeg(r.repeatMinutes)) p.push(`${where}: "repeatMinutes" must be a number of minutes ≥ 0`);
  if (r.notifyResolved !== undefined && typeof r.notifyResolved !== 'boolean') p.push(`${where}: "notifyResolved" must be true or false`);
  return p;
}

function isoTime(v: unknown): number | null {
  if (typeof v !== 'string') return null;
  const t = Date.parse(v);
  return Number.isFinite(t) ? t : null;
}

/** Problems with one maintenance window (empty when it may be used). */
export function maintenanceProblems(w: unknown): string[] {
  if (!isObj(w)) return ['maintenance: every entry must be an object'];
  const where = `maintenance window '${typeof w.id === 'string' ? w.id : '?'}'`;
  const p: string[] = [];
  if (typeof w.id !== 'string' || !ID_RE.test(w.id)) p.push(`${where}: "id" must be 1-64 letters, digits, '_', '.' or '-'`);
  const oneOff = w.start !== undefined || w.end !== undefined;
  const recurring = w.cron !== undefined || w.durationMinutes !== undefined;
  if (oneOff && recurring) p.push(`${where}: give either "start" and "end" or "cron" and "durationMinutes", not both`);
  else if (oneOff) {
    const s = isoTime(w.start);
    const e = isoTime(w.end);
    if (s === null) p.push(`${where}: "start" must be a date and time such as 2026-12-24T22:00:00Z`);
    if (e === null) p.push(`${where}: "end" must be a date and time such as 2026-12-25T02:00:00Z`);
    if (s !== null && e !== null && e <= s) p.push(`${where}: "end" must come after "start"`);
  } else if (recurring) {
    if (typeof w.cron !== 'string' || !CRON_RE.test(w.cron.trim()))
      p.push(`${where}: "cron" must be a cron expression such as "0 2 * * 0"`);
    if (!posNum(w.durationMinutes)) p.push(`${where}: "durationMinutes" must be a number of minutes > 0`);
  } else p.push(`${where}: needs "start" and "end", or "cron" and "durationMinutes"`);
  stringList(where, 'connections', w.connections, p);
  stringList(where, 'tags', w.tags, p);
  return p;
}

/**
 * The configured rules (the defaults when none are given, unless `defaults: false`) and windows,
 * checked: an entry with a problem is left out, with one line saying why.
 */
export function checkRules(raw: { rules?: unknown; maintenance?: unknown; defaults?: unknown } | null | undefined): CheckedRules {
  const problems: string[] = [];
  const rules: AlertRule[] = [];
  const maintenance: MaintenanceWindow[] = [];
  const r = raw ?? {};
  const seen = new Set<string>();
  if (r.rules !== undefined && !Array.isArray(r.rules)) problems.push('rules: must be a list');
  const given = Array.isArray(r.rules) ? (r.rules as unknown[]) : [];
  const useDefaults = r.defaults !== false;
  // A configured rule with a default's id replaces it (so a default can be tuned or disabled).
  const configuredIds = new Set(given.filter(isObj).map((x) => x.id));
  const all: unknown[] = [...(useDefaults ? DEFAULT_RULES.filter((d) => !configuredIds.has(d.id)) : []), ...given];
  for (const entry of all) {
    const p = ruleProblems(entry);
    const id = isObj(entry) ? entry.id : undefined;
    if (!p.length && seen.has(id as string)) p.push(`rule '${String(id)}': the id is used twice`);
    problems.push(...p);
    if (!p.length) {
      seen.add(id as string);
      rules.push(entry as unknown as AlertRule);
    }
  }
  if (r.maintenance !== undefined && !Array.isArray(r.maintenance)) problems.push('maintenance: must be a list');
  const wseen = new Set<string>();
  for (const entry of Array.isArray(r.maintenance) ? (r.maintenance as unknown[]) : []) {
    const p = maintenanceProblems(entry);
    const id = isObj(entry) ? entry.id : undefined;
    if (!p.length && wseen.has(id as string)) p.push(`maintenance window '${String(id)}': the id is used twice`);
    problems.push(...p);
    if (!p.length) {
      wseen.add(id as string);
      maintenance.push(entry as unknown as MaintenanceWindow);
    }
  }
  return { rules, maintenance, problems };
}

/** Whether a rule or window applies to a connection (no filter: every connection). */
export function appliesTo(
  filter: { connections?: string[]; tags?: string[] },
  connectionId: string,
  tags: readonly string[] = [],
): boolean {
  const byId = filter.connections?.length ? filter.connections.includes(connectionId) : undefined;
  const byTag = filter.tags?.length ? filter.tags.some((t) => tags.includes(t)) : undefined;
  if (byId === undefined && byTag === undefined) return true;
  return byId === true || byTag === true;
}
