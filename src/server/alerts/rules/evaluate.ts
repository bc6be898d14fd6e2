/**
 * Rule conditions over a connection's recent probes (pure, I/O-free; the caller passes times in).
 * Each probe, prediction or workspace fact updates a small per-connection window; `evaluate`
 * says, for every rule that applies, whether its condition holds now and the measured value
 * against its threshold. Work per probe is bounded by the window, which keeps only what the
 * longest window of the rules in force needs.
 */
import type { AlertRule, LatencyPhase, RuleCondition } from '../../../shared/alertRules';
import { RISK_RANK, appliesTo } from '../../../shared/alertRules';
import type { Provider } from '../../../shared/categories';
import type { RiskLevel } from '../../../shared/prediction';
import type { HealthState, MetricValue, ProbeResult } from '../../../shared/probe';
import { SATURATION_RESOURCES } from '../../predict/capacity';

/** What one rule found for one subject (a connection, or the workspace). */
export interface ConditionReading {
  firing: boolean;
  /** The measured value and the threshold it is judged against, in `unit`. */
  value: number | null;
  threshold: number;
  unit: 'probes' | 'minutes' | 'ms' | '%' | 's' | 'days' | 'risk' | 'findings' | 'score';
  /** One line: what was measured (no secret: numbers and names only). */
  text: string;
}

interface Sample {
  at: number;
  state: HealthState;
  timings: Partial<Record<LatencyPhase, number>>;
}

interface ConnWindow {
  provider: Provider;
  tags: string[];
  samples: Sample[];
  consecutiveDown: number;
  downSince: number | null;
  metrics: Record<string, MetricValue>;
  certValidTo: number | null;
  risk?: { level: RiskLevel; confidence: number };
  /** Open critical advisor findings (ids). */
  criticalFindings: number;
}

export interface WorkspaceFacts {
  configErrors: number;
  securityScore: number | null;
}

/** Samples kept at most per connection, whatever the windows (a guard for very short intervals). */
export const MAX_SAMPLES = 2048;
const DAY_MS = 86_400_000;

function certExpiry(result: ProbeResult): number | null {
  const v = result.tls?.validTo;
  if (typeof v !== 'string') return null;
  const t = Date.parse(v);
  return Number.isFinite(t) ? t : null;
}

/** The q-quantile (0..1) of sorted values, nearest-rank. */
function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

export class RuleEvaluator {
  private readonly conns = new Map<string, ConnWindow>();
  private workspace: WorkspaceFacts = { configErrors: 0, securityScore: null };
  private keepMs = 0;

  constructor(private rules: readonly AlertRule[] = []) {
    this.setRules(rules);
  }

  setRules(rules: readonly AlertRule[]): void {
    this.rules = rules.filter((r) => r.enabled !== false);
    let keep = 0;
    for (const r of this.rules) {
      const c = r.condition;
      if (c.kind === 'latency' || c.kind === 'error_rate') keep = Math.max(keep, c.windowMinutes * 60_000);
    }
    this.keepMs = keep;
  }

  get activeRules(): readonly AlertRule[] {
    return this.rules;
  }

  /** Connections no longer configured lose their window. */
  retain(ids: ReadonlySet<string>): void {
    for (const id of [...this.conns.keys()]) if (!ids.has(id)) this.conns.delete(id);
  }

  /** A final probe result (after the engine's retries). */
  observeProbe(result: ProbeResult, tags: readonly string[] = []): void {
    const c = this.conn(result.connectionId, result.provider, tags);
    const at = result.startedAt;
    c.tags = [...tags];
    const timings: Partial<Record<LatencyPhase, number>> = {};
    for (const [k, v] of Object.entries(result.timings)) if (typeof v === 'number') timings[k as LatencyPhase] = v;
    if (this.keepMs > 0) {
      c.samples.push({ at, state: result.state, timings });
      const from = at - this.keepMs;
      let drop = 0;
      while (drop < c.samples.length && (c.samples[drop]!.at < from || c.samples.length - drop > MAX_SAMPLES)) drop++;
      if (drop) c.samples.splice(0, drop);
    }
    if (result.state === 'down') {
      c.consecutiveDown++;
      if (c.downSince === null) c.downSince = at;
    } else {
      c.consecutiveDown = 0;
      c.downSince = null;
    }
    if (result.state !== 'down') c.metrics = result.metrics;
    const exp = certExpiry(result);
    if (exp !== null) c.certValidTo = exp;
  }

  observePrediction(connectionId: string, provider: Provider, level: RiskLevel, confidence: number): void {
    this.conn(connectionId, provider).risk = { level, confidence };
  }

  observeAdvisor(connectionId: string, provider: Provider, openCriticalFindings: number): void {
    this.conn(connectionId, provider).criticalFindings = openCriticalFindings;
  }

  observeWorkspace(facts: WorkspaceFacts): void {
    this.workspace = { ...facts };
  }

  /** Every rule that applies to the connection, with its reading at `now`. */
  evaluateConnection(connectionId: string, now: number): { rule: AlertRule; reading: ConditionReading }[] {
    const c = this.conns.get(connectionId);
    if (!c) return [];
    const out: { rule: AlertRule; reading: ConditionReading }[] = [];
    const memo = new Map<string, number[]>();
    for (const rule of this.rules) {
      if (rule.condition.kind === 'config_error' || rule.condition.kind === 'security_score') continue;
      if (!appliesTo(rule, connectionId, c.tags)) continue;
      const reading = this.read(rule.condition, c, now, memo);
      if (reading) out.push({ rule, reading });
    }
    return out;
  }

  /** The workspace rules (config findings, security score). */
  evaluateWorkspace(): { rule: AlertRule; reading: ConditionReading }[] {
    const out: { rule: AlertRule; reading: ConditionReading }[] = [];
    for (const rule of this.rules) {
      const cond = rule.condition;
      if (cond.kind === 'config_error') {
        const n = this.workspace.configErrors;
        out.push({
          rule,
          reading: {
            firing: n > 0,
            value: n,
            threshold: 0,
            unit: 'findings',
            text: `${n} Error-level config finding${n === 1 ? '' : 's'} in the workspace`,
          },
        });
      } else if (cond.kind === 'security_score') {
        const s = this.workspace.securityScore;
        out.push({
          rule,
          reading: {
            firing: s !== null && s < cond.below,
            value: s,
            threshold: cond.below,
            unit: 'score',
            text: s === null ? 'no security score yet' : `workspace security score ${s} (alert below ${cond.below})`,
          },
        });
      }
    }
    return out;
  }

  private sorted(c: ConnWindow, phase: LatencyPhase, windowMs: number, now: number, memo: Map<string, number[]>): number[] {
    const key = `${phase}|${windowMs}`;
    let v = memo.get(key);
    if (!v) {
      v = [];
      const from = now - windowMs;
      for (const s of c.samples) if (s.at >= from && s.state !== 'down' && s.timings[phase] !== undefined) v.push(s.timings[phase]!);
      v.sort((a, b) => a - b);
      memo.set(key, v);
    }
    return v;
  }

  private read(cond: RuleCondition, c: ConnWindow, now: number, memo: Map<string, number[]>): ConditionReading | null {
    switch (cond.kind) {
      case 'down': {
        const byProbes = cond.probes !== undefined && c.consecutiveDown >= cond.probes;
        const downMin = c.downSince === null ? 0 : (now - c.downSince) / 60_000;
        const byMinutes = cond.minutes !== undefined && c.downSince !== null && downMin >= cond.minutes;
        const useMinutes = cond.probes === undefined;
        return {
          firing: byProbes || byMinutes,
          value: useMinutes ? Math.round(downMin * 10) / 10 : c.consecutiveDown,
          threshold: useMinutes ? cond.minutes! : cond.probes!,
          unit: useMinutes ? 'minutes' : 'probes',
          text: c.consecutiveDown
            ? `down for ${c.consecutiveDown} probe${c.consecutiveDown === 1 ? '' : 's'} (${downMin.toFixed(1)} min)`
            : 'up',
        };
      }
      case 'latency': {
        const phase = cond.phase ?? 'totalMs';
        const v = this.sorted(c, phase, cond.windowMinutes * 60_000, now, memo);
        if (v.length < (cond.minProbes ?? 1)) {
          return {
            firing: false,
            value: null,
            threshold: cond.aboveMs,
            unit: 'ms',
            text: `${v.length} probe${v.length === 1 ? '' : 's'} in the last ${cond.windowMinutes} min`,
          };
        }
        const value = cond.stat === 'max' ? v[v.length - 1]! : quantile(v, cond.stat === 'p50' ? 0.5 : 0.95);
        return {
          firing: value > cond.aboveMs,
          value,
          threshold: cond.aboveMs,
          unit: 'ms',
          text: `${cond.stat} ${phase} ${Math.round(value)} ms over ${v.length} probes in ${cond.windowMinutes} min (limit ${cond.aboveMs} ms)`,
        };
      }
      case 'error_rate': {
        const from = now - cond.windowMinutes * 60_000;
        let n = 0;
        let failed = 0;
        for (const s of c.samples) {
          if (s.at < from) continue;
          n++;
          if (s.state === 'down') failed++;
        }
        if (n < (cond.minProbes ?? 1))
          return {
            firing: false,
            value: null,
            threshold: cond.abovePercent,
            unit: '%',
            text: `${n} probes in the last ${cond.windowMinutes} min`,
          };
        const pct = (failed / n) * 100;
        return {
          firing: pct > cond.abovePercent,
          value: Math.round(pct * 10) / 10,
          threshold: cond.abovePercent,
          unit: '%',
          text: `${failed} of ${n} probes failed in ${cond.windowMinutes} min`,
        };
      }
      case 'prediction': {
        if (!c.risk) return null;
        const ok = RISK_RANK[c.risk.level] >= RISK_RANK[cond.atLeast] && c.risk.confidence >= (cond.minConfidence ?? 0);
        return {
          firing: ok && c.consecutiveDown === 0,
          value: RISK_RANK[c.risk.level],
          threshold: RISK_RANK[cond.atLeast],
          unit: 'risk',
          text: `forecast ${c.risk.level} (confidence ${Math.round(c.risk.confidence)})`,
        };
      }
      case 'capacity': {
        const res = SATURATION_RESOURCES[c.provider]?.find((r) => r.id === 'connections');
        const u = res?.read(c.metrics);
        if (!u) return null;
        const headroom = ((u.limit - u.used) / u.limit) * 100;
        return {
          firing: headroom < cond.belowPercent,
          value: Math.round(headroom * 10) / 10,
          threshold: cond.belowPercent,
          unit: '%',
          text: `${u.used} of ${u.limit} usable connections in use (${headroom.toFixed(1)}% headroom)`,
        };
      }
      case 'replication_lag': {
        const raw = c.metrics.replication_lag_s ?? c.metrics.repl_lag_s;
        if (typeof raw !== 'number') return null;
        return {
          firing: raw > cond.aboveSeconds,
          value: raw,
          threshold: cond.aboveSeconds,
          unit: 's',
          text: `replication lag ${raw} s (limit ${cond.aboveSeconds} s)`,
        };
      }
      case 'tls_expiry': {
        if (c.certValidTo === null) return null;
        const days = (c.certValidTo - now) / DAY_MS;
        return {
          firing: days <= cond.withinDays,
          value: Math.round(days * 10) / 10,
          threshold: cond.withinDays,
          unit: 'days',
          text:
            days < 0
              ? `the server certificate expired ${(-days).toFixed(1)} days ago`
              : `the server certificate expires in ${days.toFixed(1)} days`,
        };
      }
      case 'advisor_critical':
        return {
          firing: c.criticalFindings > 0,
          value: c.criticalFindings,
          threshold: 0,
          unit: 'findings',
          text: `${c.criticalFindings} open critical advisor finding${c.criticalFindings === 1 ? '' : 's'}`,
        };
      default:
        return null;
    }
  }

  private conn(id: string, provider: Provider, tags?: readonly string[]): ConnWindow {
    let c = this.conns.get(id);
    if (!c) {
      c = {
        provider,
        tags: [...(tags ?? [])],
        samples: [],
        consecutiveDown: 0,
        downSince: null,
        metrics: {},
        certValidTo: null,
        criticalFindings: 0,
      };
      this.conns.set(id, c);
    }
    return c;
  }
}
