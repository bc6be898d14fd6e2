/**
 * The Prometheus registry of a monitor (prom-client), fed by typed observations: probe results
 * (health, per-phase durations, saturation metrics, certificate expiry), breaker states,
 * predictions, advisor findings and the monitor's own health. Gauges are filled from the
 * latest observation of each connection when scraped, so a connection that is removed
 * (`setConnections`) has no series from the next scrape on; its histogram and counter series
 * are removed at once. Observations of connections it was not given are ignored, so the label
 * sets stay bounded by the configuration. Metric names and units: docs/team.md.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { RISK_RANK, type AlertSeverity, ALERT_SEVERITIES } from '../../shared/alertRules';
import type { BreakerState } from '../../shared/history';
import type { Prediction } from '../../shared/prediction';
import type { HealthState, ProbeResult, ProbeTimings } from '../../shared/probe';
import { SATURATION_RESOURCES } from '../predict/capacity';
import { metricsCollected, METRICS_SKIPPED } from '../probes/metricsCadence';
import { redact, type Redactor } from '../secrets';
import { labelValue, tagLabels, type LabelSet, type MetricsConnection } from './labels';
import { namedSaturation, SATURATION_GAUGES } from './saturation';

/** Probe phases as the `phase` label spells them. */
export const PHASES: ReadonlyArray<readonly [keyof ProbeTimings, string]> = [
  ['dnsMs', 'dns'],
  ['connectMs', 'connect'],
  ['tlsMs', 'tls'],
  ['authMs', 'auth'],
  ['firstQueryMs', 'first_query'],
  ['totalMs', 'total'],
];

/** Seconds: loopback probes take milliseconds, a probe's deadline is tens of seconds. */
export const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
const STORE_WRITE_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1];
export const BREAKER_VALUE: Record<BreakerState, number> = { CLOSED: 0, HALF_OPEN: 1, OPEN: 2 };
const PROBE_STATES: readonly HealthState[] = ['up', 'degraded', 'down'];
/** At most this many raw metric keys per connection in `dbpulse_probe_metric`. */
export const MAX_RAW_METRICS = 64;
const RAW_KEY = /^[a-z][a-z0-9_]{0,63}$/;

/** The monitor's own health, read when scraped. */
export interface MonitorSelfHealth {
  /** Scheduled probe rounds that came due. */
  probesScheduled: number;
  /** Scheduled rounds whose first attempt produced a result. */
  probesAchieved: number;
  /** Rounds or attempts that did not run, by reason. */
  probesSkipped: Readonly<Record<string, number>>;
  probeSlotsInUse: number;
  probeSlots: number;
  probesQueued: number;
}

export interface MetricsRegistryOptions {
  /** Add a `host` label (the connection's host name). Off by default: host names can be sensitive. */
  hostLabel?: boolean;
  /** Applied to every label value (the monitor's log redactor, which knows its secrets). */
  redact?: Redactor;
  /** Per-phase histograms (default true); false keeps only `phase="total"`, for very large fleets. */
  phaseHistograms?: boolean;
  /** Node's process metrics (`process_cpu_seconds_total`, `process_resident_memory_bytes`, ...); default true. */
  processMetrics?: boolean;
}

interface Conn {
  source: MetricsConnection;
  base: LabelSet;
  tagged: LabelSet;
  health?: HealthState;
  lastProbeAt?: number;
  breaker?: BreakerState;
  named: Record<string, number>;
  saturation: Record<string, number>;
  raw: Record<string, number>;
  tlsExpiry?: number;
  prediction?: { probability: number; ttfSeconds: number | null; confidence: number; risk: number };
  advisor?: Record<AlertSeverity, number>;
}

type Fill = (set: (labels: LabelSet, value: number) => void) => void;

function finite(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

export class DbPulseMetrics {
  readonly registry = new Registry();
  private readonly conns = new Map<string, Conn>();
  private readonly redactor: Redactor;
  private readonly hostLabel: boolean;
  private readonly phaseHistograms: boolean;
  private readonly baseNames: string[];
  private taggedNames: string[] = [];
  private taggedGauges: string[] = [];
  private selfHealth: (() => MonitorSelfHealth) | undefined;
  private readonly duration: Histogram;
  private readonly probes: Counter;
  private readonly storeWrite: Histogram;

  constructor(options: MetricsRegistryOptions = {}) {
    this.redactor = options.redact ?? redact;
    this.hostLabel = options.hostLabel === true;
    this.phaseHistograms = options.phaseHistograms !== false;
    this.baseNames = this.hostLabel ? ['connection', 'provider', 'host'] : ['connection', 'provider'];
    const registers = [this.registry];
    this.duration = new Histogram({
      name: 'dbpulse_probe_duration_seconds',
      help: 'Probe duration by phase (dns, connect, tls, auth, first_query, total), seconds.',
      labelNames: [...this.baseNames, 'phase'],
      buckets: DURATION_BUCKETS,
      registers,
    });
    this.probes = new Counter({
      name: 'dbpulse_probes_total',
      help: 'Completed probe attempts by resulting state (up, degraded, down).',
      labelNames: [...this.baseNames, 'state'],
      registers,
    });
    this.storeWrite = new Histogram({
      name: 'dbpulse_monitor_store_write_seconds',
      help: 'Time until the history store acknowledged a probe result (durable), seconds.',
      buckets: STORE_WRITE_BUCKETS,
      registers,
    });
    this.defineConnectionGauges();
    this.defineSelfGauges();
    this.defineTaggedGauges();
    if (options.processMetrics !== false) collectDefaultMetrics({ register: this.registry });
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** The exposition text (what `/metrics` serves). */
  metrics(): Promise<string> {
    return this.registry.metrics();
  }

  /** The monitored connections; any other connection's series go away, unchanged ones keep their state. */
  setConnections(connections: readonly MetricsConnection[]): void {
    const seen = new Set<string>();
    for (const source of connections) {
      if (seen.has(source.id)) continue;
      seen.add(source.id);
      const base = this.baseLabels(source);
      const tagged = { ...tagLabels(source.tags, this.redactor), ...base };
      const existing = this.conns.get(source.id);
      if (existing && sameLabels(existing.base, base)) {
        existing.source = source;
        existing.tagged = tagged;
        continue;
      }
      if (existing) this.removeSeries(existing);
      this.conns.set(source.id, { source, base, tagged, named: {}, saturation: {}, raw: {} });
    }
    for (const [id, conn] of this.conns) {
      if (seen.has(id)) continue;
      this.removeSeries(conn);
      this.conns.delete(id);
    }
    const names = [...new Set([...this.conns.values()].flatMap((c) => Object.keys(c.tagged)))].sort();
    if (names.join(',') !== this.taggedNames.join(',')) {
      for (const name of this.taggedGauges) this.registry.removeSingleMetric(name);
      this.taggedNames = names;
      this.defineTaggedGauges();
    }
  }

  /**
   * One probe attempt's result. Durations and counts are taken from every attempt; health
   * (`dbpulse_up`, `dbpulse_degraded`) only from a final one (`final: false` is an attempt a
   * retry follows), so a retried blip does not flap the gauge.
   */
  observeProbe(result: ProbeResult, options: { final?: boolean } = {}): void {
    const conn = this.conns.get(result.connectionId);
    if (!conn) return;
    for (const [key, phase] of PHASES) {
      if (!this.phaseHistograms && phase !== 'total') continue;
      const ms = result.timings[key];
      if (finite(ms) && ms >= 0) this.duration.observe({ ...conn.base, phase }, ms / 1000);
    }
    if (PROBE_STATES.includes(result.state)) this.probes.inc({ ...conn.base, state: result.state });
    conn.lastProbeAt = result.startedAt;
    if (options.final !== false) conn.health = result.state;
    if (result.state !== 'down') {
      if (result.tls === null) conn.tlsExpiry = undefined;
      else if (result.tls?.validTo) {
        const t = Date.parse(result.tls.validTo);
        if (Number.isFinite(t)) conn.tlsExpiry = t / 1000;
      }
    }
    if (metricsCollected(result)) this.takeMetrics(conn, result);
  }

  observeBreaker(connectionId: string, state: BreakerState): void {
    const conn = this.conns.get(connectionId);
    if (conn && state in BREAKER_VALUE) conn.breaker = state;
  }

  /** The predictor's latest forecast (percentages as the product's JSON has them). */
  observePrediction(
    connectionId: string,
    p: Pick<Prediction['prediction'], 'failure_probability' | 'time_to_failure_hours' | 'confidence_score' | 'risk_level'>,
  ): void {
    const conn = this.conns.get(connectionId);
    if (!conn || !finite(p.failure_probability)) return;
    conn.prediction = {
      probability: clamp01(p.failure_probability / 100),
      ttfSeconds: finite(p.time_to_failure_hours) ? Math.max(0, p.time_to_failure_hours * 3600) : null,
      confidence: finite(p.confidence_score) ? clamp01(p.confidence_score / 100) : 0,
      risk: RISK_RANK[p.risk_level] ?? 0,
    };
  }

  /** The open advisor findings of one connection (only their severities are counted). */
  observeAdvisor(connectionId: string, findings: ReadonlyArray<{ severity: AlertSeverity }>): void {
    const conn = this.conns.get(connectionId);
    if (!conn) return;
    const counts = { info: 0, warning: 0, critical: 0 } as Record<AlertSeverity, number>;
    for (const f of findings) if (f.severity in counts) counts[f.severity]++;
    conn.advisor = counts;
  }

  /** How long one store write took until it was acknowledged. */
  observeStoreWrite(seconds: number): void {
    if (finite(seconds) && seconds >= 0) this.storeWrite.observe(seconds);
  }

  /** Where the monitor's own health comes from (read at every scrape). */
  setSelfHealth(source: (() => MonitorSelfHealth) | undefined): void {
    this.selfHealth = source;
  }

  // ---- internals ----

  private baseLabels(c: MetricsConnection): LabelSet {
    const base: LabelSet = { connection: labelValue(c.id, this.redactor), provider: c.provider };
    if (this.hostLabel) base.host = c.host ? labelValue(c.host, this.redactor) : '';
    return base;
  }

  private takeMetrics(conn: Conn, result: ProbeResult): void {
    const m = result.metrics;
    conn.named = namedSaturation(result.provider, m);
    conn.saturation = {};
    for (const r of SATURATION_RESOURCES[result.provider] ?? []) {
      const read = r.read(m);
      if (read && read.limit > 0) conn.saturation[r.id] = read.used / read.limit;
    }
    conn.raw = {};
    let n = 0;
    for (const [key, v] of Object.entries(m)) {
      if (n >= MAX_RAW_METRICS) break;
      if (key === METRICS_SKIPPED || !RAW_KEY.test(key)) continue;
      const value = typeof v === 'boolean' ? (v ? 1 : 0) : v;
      if (!finite(value)) continue;
      conn.raw[key] = value;
      n++;
    }
  }

  private removeSeries(conn: Conn): void {
    for (const [, phase] of PHASES) this.duration.remove({ ...conn.base, phase });
    for (const state of PROBE_STATES) this.probes.remove({ ...conn.base, state });
  }

  private gauge(name: string, help: string, labelNames: string[], fill: Fill): Gauge {
    return new Gauge({
      name,
      help,
      labelNames,
      registers: [this.registry],
      collect() {
        this.reset();
        fill((labels, value) => this.set(labels, value));
      },
    });
  }

  /** A gauge with one series per connection, from `value(conn)` (undefined: no series). */
  private perConnection(name: string, help: string, value: (c: Conn) => number | undefined): void {
    this.gauge(name, help, this.baseNames, (set) => {
      for (const c of this.conns.values()) {
        const v = value(c);
        if (v !== undefined) set(c.base, v);
      }
    });
  }

  private defineConnectionGauges(): void {
    const names = this.baseNames;
    this.perConnection('dbpulse_breaker_state', 'Circuit breaker per connection: 0 closed, 1 half-open, 2 open.', (c) =>
      c.breaker ? BREAKER_VALUE[c.breaker] : undefined,
    );
    this.perConnection('dbpulse_last_probe_timestamp_seconds', 'Start of the latest completed probe, Unix seconds.', (c) =>
      c.lastProbeAt !== undefined ? c.lastProbeAt / 1000 : undefined,
    );
    this.perConnection(
      'dbpulse_tls_cert_expiry_seconds',
      'Expiry of the server certificate the latest TLS probe saw, Unix seconds (subtract time() for the time left).',
      (c) => c.tlsExpiry,
    );
    this.perConnection(
      'dbpulse_failure_probability',
      'Predicted probability (0..1) that the connection fails within the horizon.',
      (c) => c.prediction?.probability,
    );
    this.perConnection(
      'dbpulse_time_to_failure_seconds',
      'Predicted time until the limiting resource runs out, seconds (absent when nothing is running out).',
      (c) => c.prediction?.ttfSeconds ?? undefined,
    );
    this.perConnection('dbpulse_prediction_confidence', 'Confidence (0..1) of the latest prediction.', (c) => c.prediction?.confidence);
    this.perConnection(
      'dbpulse_risk_level',
      'Risk level of the latest prediction: 0 healthy, 1 monitor closely, 2 immediate action required.',
      (c) => c.prediction?.risk,
    );
    for (const g of SATURATION_GAUGES) this.perConnection(g.name, g.help, (c) => c.named[g.name]);
    this.gauge(
      'dbpulse_saturation_ratio',
      'Used share (0..1) of a limited resource (connections against the usable limit, transaction-ID age against wraparound).',
      [...names, 'resource'],
      (set) => {
        for (const c of this.conns.values()) for (const [resource, v] of Object.entries(c.saturation)) set({ ...c.base, resource }, v);
      },
    );
    this.gauge(
      'dbpulse_probe_metric',
      'Every numeric metric the latest metric-reading probe recorded, by its key (booleans as 0/1).',
      [...names, 'metric'],
      (set) => {
        for (const c of this.conns.values()) for (const [metric, v] of Object.entries(c.raw)) set({ ...c.base, metric }, v);
      },
    );
    this.gauge('dbpulse_advisor_findings', 'Open advisor findings by severity.', [...names, 'severity'], (set) => {
      for (const c of this.conns.values()) {
        if (!c.advisor) continue;
        for (const severity of ALERT_SEVERITIES) set({ ...c.base, severity }, c.advisor[severity]);
      }
    });
  }

  /** The gauges that carry the tag labels too: recreated when the set of tag label names changes. */
  private defineTaggedGauges(): void {
    const names = [...new Set([...this.baseNames, ...this.taggedNames])];
    const tagged = (name: string, help: string, value: (c: Conn) => number | undefined): string => {
      this.gauge(name, help, names, (set) => {
        for (const c of this.conns.values()) {
          const v = value(c);
          if (v !== undefined) set(c.tagged, v);
        }
      });
      return name;
    };
    this.taggedGauges = [
      tagged('dbpulse_up', 'Whether the connection is up (1; degraded counts as up) or down (0), from the latest final probe.', (c) =>
        c.health === undefined ? undefined : c.health === 'down' ? 0 : 1,
      ),
      tagged('dbpulse_degraded', 'Whether the connection is degraded (1) or not (0), from the latest final probe.', (c) =>
        c.health === undefined ? undefined : c.health === 'degraded' ? 1 : 0,
      ),
      tagged('dbpulse_connection_info', 'One series per monitored connection with its tags as labels (value 1), for joins.', () => 1),
    ];
  }

  private defineSelfGauges(): void {
    const registers = [this.registry];
    const health = (): MonitorSelfHealth | undefined => this.selfHealth?.();
    // Totals the monitor counts itself: counters whose value is read at scrape.
    const total = (
      name: string,
      help: string,
      labelNames: string[],
      fill: (h: MonitorSelfHealth, set: (l: LabelSet, v: number) => void) => void,
    ): void =>
      void new Counter({
        name,
        help,
        labelNames,
        registers,
        collect() {
          this.reset();
          const h = health();
          if (h) fill(h, (labels, v) => this.inc(labels, Math.max(0, v)));
        },
      });
    total('dbpulse_monitor_probes_scheduled_total', 'Scheduled probe rounds that came due since the monitor started.', [], (h, set) =>
      set({}, h.probesScheduled),
    );
    total('dbpulse_monitor_probes_achieved_total', 'Scheduled probe rounds whose first attempt produced a result.', [], (h, set) =>
      set({}, h.probesAchieved),
    );
    total('dbpulse_monitor_probes_skipped_total', 'Probe rounds or attempts that did not run, by reason.', ['reason'], (h, set) => {
      for (const [reason, n] of Object.entries(h.probesSkipped)) set({ reason }, n);
    });
    const now = (name: string, help: string, read: (h: MonitorSelfHealth) => number): void =>
      void this.gauge(name, help, [], (set) => {
        const h = health();
        if (h) set({}, read(h));
      });
    now('dbpulse_monitor_probe_slots_in_use', 'Probes running now.', (h) => h.probeSlotsInUse);
    now('dbpulse_monitor_probe_slots', 'Probes that may run at once (--concurrency).', (h) => h.probeSlots);
    now('dbpulse_monitor_probes_queued', 'Probes waiting for a slot.', (h) => h.probesQueued);
    this.gauge('dbpulse_monitor_connections', 'Connections this monitor watches (its shard).', [], (set) => set({}, this.conns.size));
  }
}

function clamp01(v: number): number {
  return Math.min(1, Math.max(0, v));
}

function sameLabels(a: LabelSet, b: LabelSet): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => a[k] === b[k]);
}
