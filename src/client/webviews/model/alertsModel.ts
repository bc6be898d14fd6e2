/**
 * The alerts configuration page's model (pure, browser-safe): what the page lists (rules with the
 * defaults marked, channels, maintenance windows, problems) from the `dbpulse.alerts.*` settings of
 * one scope, and the edits it makes, each returning the new settings values to write. Everything is
 * checked with the server's own checker (`shared/alertSettingsCheck.ts`) before it is written: an
 * edit that would leave a problem is refused with the checker's message. Secrets never appear here.
 */
import {
  DEFAULT_RULES,
  ruleProblems,
  maintenanceProblems,
  type AlertRule,
  type MaintenanceWindow,
  type RuleCondition,
} from '../../../shared/alertRules';
import type { AlertChannelOutcome, AlertSettings } from '../../../shared/alertSettings';
import { checkAlertSettings } from '../../../shared/alertSettingsCheck';

/** The settings one scope holds (what the page edits), keys without the `dbpulse.alerts.` prefix. */
export interface ScopeSettings {
  rules: AlertRule[];
  maintenance: MaintenanceWindow[];
  defaultRules: boolean;
}

export interface RuleRow {
  id: string;
  name: string;
  severity: AlertRule['severity'];
  condition: string;
  enabled: boolean;
  /** A shipped default (possibly replaced by a configured rule with its id). */
  isDefault: boolean;
  /** Configured in this scope (editable and deletable); a default not overridden is not. */
  configured: boolean;
  channels: string;
  /** The rule itself (settings only), to start an edit from. */
  rule: AlertRule;
}

export interface ChannelRow {
  name: string;
  kind: 'webhook' | 'email' | 'resend' | 'alertmanager' | 'sms';
  /** Where it sends, without secrets or URL paths. */
  target: string;
  routing: string;
  scope: 'user' | 'workspace';
  lastOutcome?: AlertChannelOutcome;
}

export interface AlertsView {
  rules: RuleRow[];
  channels: ChannelRow[];
  maintenance: Array<{ id: string; name: string; when: string; applies: string }>;
  defaultRules: boolean;
  problems: string[];
}

/** One line for a rule's condition. */
export function describeCondition(c: RuleCondition): string {
  switch (c.kind) {
    case 'down':
      return c.minutes !== undefined && c.probes === undefined
        ? `down for ${c.minutes} min`
        : `down for ${c.probes ?? 1} probe${(c.probes ?? 1) === 1 ? '' : 's'}${c.minutes !== undefined ? ` or ${c.minutes} min` : ''}`;
    case 'latency':
      return `${c.stat} ${c.phase ?? 'totalMs'} above ${c.aboveMs} ms over ${c.windowMinutes} min`;
    case 'error_rate':
      return `error rate above ${c.abovePercent}% over ${c.windowMinutes} min`;
    case 'prediction':
      return `forecast ${c.atLeast} or worse${c.minConfidence !== undefined ? ` (confidence ≥ ${c.minConfidence})` : ''}`;
    case 'capacity':
      return `connection headroom below ${c.belowPercent}%`;
    case 'replication_lag':
      return `replication lag above ${c.aboveSeconds} s`;
    case 'tls_expiry':
      return `certificate expires within ${c.withinDays} days`;
    case 'advisor_critical':
      return 'a critical advisor finding';
    case 'config_error':
      return 'an Error-level config finding';
    case 'security_score':
      return `security score below ${c.below}`;
  }
}

function origin(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}`;
  } catch {
    return '(not a URL)';
  }
}

function routing(f: { events?: string[]; tags?: string[]; rules?: string[]; minSeverity?: string }): string {
  const parts: string[] = [];
  if (f.minSeverity) parts.push(`${f.minSeverity}+`);
  if (f.events?.length) parts.push(`events ${f.events.join(', ')}`);
  if (f.tags?.length) parts.push(`tags ${f.tags.join(', ')}`);
  if (f.rules?.length) parts.push(`rules ${f.rules.join(', ')}`);
  return parts.join('; ') || 'everything';
}

/** The page's view: `all` is the merged settings the server gets, `scope` what the chosen scope holds. */
export function buildAlertsView(all: AlertSettings, scope: ScopeSettings, outcomes: readonly AlertChannelOutcome[] = []): AlertsView {
  const checked = checkAlertSettings(all);
  const configured = new Map(scope.rules.map((r) => [r.id, r]));
  const defaultIds = new Set(DEFAULT_RULES.map((r) => r.id));
  const rows: RuleRow[] = [];
  const row = (r: AlertRule, isConfigured: boolean): RuleRow => ({
    id: r.id,
    name: r.name ?? r.id,
    severity: r.severity,
    condition: describeCondition(r.condition),
    enabled: r.enabled !== false,
    isDefault: defaultIds.has(r.id),
    configured: isConfigured,
    channels: r.channels?.length ? r.channels.join(', ') : 'all channels',
    rule: r,
  });
  if (scope.defaultRules) for (const d of DEFAULT_RULES) if (!configured.has(d.id)) rows.push(row(d, false));
  for (const r of scope.rules) rows.push(row(r, true));
  const last = new Map(outcomes.map((o) => [o.channel, o]));
  const channels: ChannelRow[] = [];
  const add = (c: Omit<ChannelRow, 'lastOutcome'>): void => {
    const o = last.get(c.name);
    channels.push(o ? { ...c, lastOutcome: o } : c);
  };
  const scopeOf = (s?: 'user' | 'workspace'): 'user' | 'workspace' => (s === 'user' ? 'user' : 'workspace');
  for (const w of all.webhooks ?? [])
    add({
      name: `webhook:${w.id}`,
      kind: 'webhook',
      target: `${origin(w.url)} (${w.format ?? 'json'})`,
      routing: routing(w),
      scope: scopeOf(w.scope),
    });
  if (all.email)
    add({
      name: 'email',
      kind: 'email',
      target: `${all.email.host} → ${all.email.to.length} address(es)`,
      routing: routing(all.email),
      scope: scopeOf(all.email.scope),
    });
  for (const r of all.resend ?? [])
    add({
      name: `resend:${r.id}`,
      kind: 'resend',
      target: `Resend → ${r.to.length} address(es)`,
      routing: routing(r),
      scope: scopeOf(r.scope),
    });
  for (const a of all.alertmanager ?? [])
    add({ name: `alertmanager:${a.id}`, kind: 'alertmanager', target: origin(a.url), routing: routing(a), scope: scopeOf(a.scope) });
  for (const m of all.sms ?? [])
    add({ name: `sms:${m.id}`, kind: 'sms', target: `Twilio → ${m.to.length} number(s)`, routing: routing(m), scope: scopeOf(m.scope) });
  const maintenance = scope.maintenance.map((w) => ({
    id: w.id,
    name: w.name ?? w.id,
    when: w.cron ? `${w.cron} for ${w.durationMinutes ?? 0} min` : `${w.start ?? '?'} → ${w.end ?? '?'}`,
    applies: [...(w.connections ?? []), ...(w.tags ?? []).map((t) => `#${t}`)].join(', ') || 'every connection',
  }));
  return { rules: rows, channels, maintenance, defaultRules: scope.defaultRules, problems: checked.problems };
}

export type AlertsEdit =
  | { kind: 'saveRule'; rule: AlertRule; replacing?: string }
  | { kind: 'deleteRule'; id: string }
  | { kind: 'setRuleEnabled'; id: string; enabled: boolean }
  | { kind: 'setDefaultRules'; enabled: boolean }
  | { kind: 'saveMaintenance'; window: MaintenanceWindow; replacing?: string }
  | { kind: 'deleteMaintenance'; id: string };

export type EditResult = { ok: true; settings: ScopeSettings; changed: Array<keyof ScopeSettings> } | { ok: false; problems: string[] };

/** Applies one edit to a scope's settings; refuses it with the checker's messages when it would leave a problem. */
export function applyAlertsEdit(scope: ScopeSettings, edit: AlertsEdit): EditResult {
  const rules = scope.rules.map((r) => ({ ...r }));
  const maintenance = scope.maintenance.map((w) => ({ ...w }));
  switch (edit.kind) {
    case 'saveRule': {
      const problems = ruleProblems(edit.rule);
      const at = rules.findIndex((r) => r.id === (edit.replacing ?? edit.rule.id));
      if (rules.some((r, i) => r.id === edit.rule.id && i !== at)) problems.push(`rule '${edit.rule.id}': the id is used twice`);
      if (problems.length) return { ok: false, problems };
      if (at >= 0) rules[at] = edit.rule;
      else rules.push(edit.rule);
      return { ok: true, settings: { ...scope, rules }, changed: ['rules'] };
    }
    case 'deleteRule': {
      const next = rules.filter((r) => r.id !== edit.id);
      if (next.length === rules.length) return { ok: false, problems: [`no rule '${edit.id}' in this scope`] };
      return { ok: true, settings: { ...scope, rules: next }, changed: ['rules'] };
    }
    case 'setRuleEnabled': {
      const at = rules.findIndex((r) => r.id === edit.id);
      if (at >= 0) rules[at] = { ...rules[at]!, enabled: edit.enabled };
      else {
        // Disabling (or re-enabling) a default writes a copy of it with its id, which replaces it.
        const d = DEFAULT_RULES.find((r) => r.id === edit.id);
        if (!d) return { ok: false, problems: [`no rule '${edit.id}'`] };
        rules.push({ ...d, enabled: edit.enabled });
      }
      return { ok: true, settings: { ...scope, rules }, changed: ['rules'] };
    }
    case 'setDefaultRules':
      return { ok: true, settings: { ...scope, defaultRules: edit.enabled }, changed: ['defaultRules'] };
    case 'saveMaintenance': {
      const problems = maintenanceProblems(edit.window);
      const at = maintenance.findIndex((w) => w.id === (edit.replacing ?? edit.window.id));
      if (maintenance.some((w, i) => w.id === edit.window.id && i !== at))
        problems.push(`maintenance window '${edit.window.id}': the id is used twice`);
      if (problems.length) return { ok: false, problems };
      if (at >= 0) maintenance[at] = edit.window;
      else maintenance.push(edit.window);
      return { ok: true, settings: { ...scope, maintenance }, changed: ['maintenance'] };
    }
    case 'deleteMaintenance': {
      const next = maintenance.filter((w) => w.id !== edit.id);
      if (next.length === maintenance.length) return { ok: false, problems: [`no maintenance window '${edit.id}' in this scope`] };
      return { ok: true, settings: { ...scope, maintenance: next }, changed: ['maintenance'] };
    }
  }
}
