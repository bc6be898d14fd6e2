/**
 * The monitoring engine: schedules probes per connection on one timer (a
 * min-heap of due times), runs them through a bulkhead under a hard deadline,
 * retries failures with jittered exponential backoff, keeps a circuit per
 * connection, notices sleep/suspend, and reports everything as events and to
 * the history store. Scheduled probes read health metrics at most every
 * `metricsIntervalMs` per connection (`MetricsCadence`); the ones in between
 * only check liveness. Plain values in, plain values out: no LSP, no vscode.
 */
import { setMaxListeners } from 'node:events';
import { bulkhead, BulkheadRejectedError, type BulkheadPolicy } from 'cockatiel';
import type { ConnectionConfig, ConnectionSecret } from '../../shared/connection';
import type { HealthState, MetricValue, ProbeResult } from '../../shared/probe';
import type { BreakerState } from '../../shared/history';
import { BackoffCursor, createBackoff, type RandomSource } from './backoff';
import { Circuit } from './circuit';
import { sleep, systemClock, type Clock, type TimerHandle } from './clock';
import { probeDeadlineMs, runWithDeadline, type ProbeRunner } from './deadline';
import { resolveSettings, type EngineSettings } from './defaults';
import { DueQueue } from './dueQueue';
import type { EngineEvent, EngineListener, ProbeTrigger, ResultSink, SkipReason, TransitionRecord } from './events';
import { defaultMonitorState, MAX_OVERRIDES, type MonitorState } from './monitorState';
import { firstRunAt, nextRunAt, parseSchedule, ScheduleError, type IntervalSpec, type Schedule } from './schedule';
import { WindowFailureBreaker } from './windowBreaker';
import { MetricsCadence, metricsCollected } from '../probes/metricsCadence';
import { errorMessage } from '../../shared/errors';

/** Fetches a connection's secret at probe time; `null` means "none needed". Never cached by the engine. */
export type SecretSource = (config: ConnectionConfig) => Promise<ConnectionSecret | null>;

/** Persists monitoring state (`MonitorStateFile` in the editor; nothing in headless mode). */
export interface StateSaver {
  save(state: MonitorState): Promise<void>;
}

export interface EngineOptions {
  probe: ProbeRunner;
  secrets?: SecretSource;
  sink?: ResultSink;
  clock?: Clock;
  random?: RandomSource;
  settings?: Partial<EngineSettings>;
  /** Monitoring state loaded at start (from `MonitorStateFile.load()`); defaults to disabled. */
  initialState?: MonitorState;
  stateSaver?: StateSaver;
}

export interface ConnectionStatus {
  connectionId: string;
  health: HealthState | 'unknown';
  breaker: BreakerState;
  /** The interval in force (override, connection setting or default). */
  interval: IntervalSpec;
  /** Why the configured interval was not usable (the default is used instead). */
  intervalError?: string;
  nextProbeAt?: number;
  lastResult?: ProbeResult;
  /**
   * The metrics of the latest probe that read them: when `lastResult` is a
   * liveness-only probe (`metrics_skipped`), these are the freshest figures.
   */
  lastMetrics?: { startedAt: number; metrics: Record<string, MetricValue> };
  running: boolean;
}

export interface EngineStats {
  /** Scheduled ticks that came due. */
  ticks: number;
  /** Probe attempts started (scheduled, retries and manual). */
  attempts: number;
  /** Attempts that completed with a result (including abandoned ones). */
  completed: number;
  /** Attempts abandoned at their deadline. */
  abandoned: number;
  retries: number;
  skipped: Record<SkipReason, number>;
  sleeps: number;
  /** Results acknowledged by the store. */
  stored: number;
  storeErrors: number;
  inFlight: number;
  queued: number;
}

interface ConnState {
  config: ConnectionConfig;
  schedule: Schedule;
  interval: IntervalSpec;
  intervalError?: string;
  circuit: Circuit;
  health: HealthState | 'unknown';
  lastResult?: ProbeResult;
  lastMetrics?: { startedAt: number; metrics: Record<string, MetricValue> };
  /** The scheduled round in progress (probe, retry waits), if any. */
  round?: { abort: AbortController; done: Promise<void> };
}

/** How one attempt is made and what a failure of it means. */
interface AttemptOptions {
  /** 0 for a round's first attempt, then 1, 2, … for its retries. */
  attempt: number;
  trigger: ProbeTrigger;
  /** Probe even while the circuit is open (the user asked). */
  force: boolean;
  /** Aborts the attempt when the engine stops. */
  stopSignal: AbortSignal;
  /** Whether a failure here would be retried (else it is final). */
  mayRetry: boolean;
  /** The round's last allowed retry: a failure is final. */
  lastAttempt: boolean;
}

type AttemptOutcome =
  | { kind: 'result'; result: ProbeResult; final: boolean }
  | { kind: 'skipped'; reason: SkipReason; detail?: string }
  | { kind: 'cancelled' };

const CIRCUIT_FIELDS_IGNORED = new Set(['name', 'tags', 'interval', 'scope']);

export class MonitorEngine {
  readonly settings: EngineSettings;
  private readonly clock: Clock;
  private readonly random: RandomSource;
  private readonly probe: ProbeRunner;
  private readonly secrets: SecretSource;
  private readonly sink?: ResultSink;
  private readonly stateSaver?: StateSaver;
  private readonly bulkhead: BulkheadPolicy;
  /** When each connection's metrics were last read: decides metrics vs liveness for scheduled probes. */
  private readonly metricsCadence: MetricsCadence;

  private state: MonitorState;
  private readonly conns = new Map<string, ConnState>();
  private readonly queue = new DueQueue<string>();
  private readonly listeners = new Set<EngineListener>();
  /** Every attempt or round promise still running, so `stop()` can wait for them. */
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly pendingWrites = new Set<Promise<void>>();
  /** Aborted when the engine stops for good: in-flight probes are abandoned. */
  private readonly stopAbort = new AbortController();
  private timer: TimerHandle | undefined;
  private armedFor = 0;
  private lastWake: number;
  private stopped = false;
  private readonly counters: Omit<EngineStats, 'inFlight' | 'queued'> = {
    ticks: 0,
    attempts: 0,
    completed: 0,
    abandoned: 0,
    retries: 0,
    skipped: { overrun: 0, circuit_open: 0, bulkhead_full: 0, secret_unavailable: 0 },
    sleeps: 0,
    stored: 0,
    storeErrors: 0,
  };
  private running = 0;

  constructor(options: EngineOptions) {
    this.settings = resolveSettings(options.settings);
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? Math.random;
    this.probe = options.probe;
    this.secrets = options.secrets ?? (async () => null);
    this.sink = options.sink;
    this.stateSaver = options.stateSaver;
    this.bulkhead = bulkhead(this.settings.maxConcurrentProbes, this.settings.maxQueuedProbes);
    this.metricsCadence = new MetricsCadence({ intervalMs: this.settings.metricsIntervalMs });
    this.state = cloneState(options.initialState ?? defaultMonitorState(this.settings.intervalMs));
    this.lastWake = this.clock.now();
    // One abort listener per in-flight probe (removed when it settles): not a leak, so no warning.
    setMaxListeners(0, this.stopAbort.signal);
  }

  // ---- public API ----

  on(listener: EngineListener): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => void this.listeners.delete(listener) };
  }

  get enabled(): boolean {
    return this.state.enabled;
  }

  monitorState(): MonitorState {
    return cloneState(this.state);
  }

  /** Replaces the set of monitored connections (the client sends the full list on every change). */
  setConnections(configs: readonly ConnectionConfig[]): void {
    this.assertRunning();
    const seen = new Set<string>();
    for (const config of configs) {
      if (seen.has(config.id)) {
        this.emit({
          type: 'warning',
          message: `connection id "${config.id}" appears twice; the first one is monitored`,
          connectionId: config.id,
          at: this.clock.now(),
        });
        continue;
      }
      seen.add(config.id);
      const existing = this.conns.get(config.id);
      if (!existing) {
        const conn = this.createConn(config);
        this.conns.set(config.id, conn);
        if (this.state.enabled) this.scheduleFirst(config.id, conn);
        continue;
      }
      const resetCircuit = circuitKey(existing.config) !== circuitKey(config);
      existing.config = config;
      if (resetCircuit) {
        existing.circuit.dispose();
        existing.circuit = this.createCircuit(config.id);
        existing.health = 'unknown';
        // A new endpoint: its first probe reads metrics, and the old target's figures are not its own.
        this.metricsCadence.forget(config.id);
        existing.lastMetrics = undefined;
      }
      this.refreshSchedule(config.id, existing);
    }
    for (const [id, conn] of this.conns) {
      if (seen.has(id)) continue;
      this.queue.delete(id);
      conn.round?.abort.abort();
      conn.circuit.dispose();
      this.metricsCadence.forget(id);
      this.conns.delete(id);
    }
    this.arm();
  }

  /** Turns monitoring on (optionally with a new default interval) and persists it. */
  async enable(interval?: IntervalSpec): Promise<void> {
    this.assertRunning();
    if (interval !== undefined) this.validate(interval);
    const wasEnabled = this.state.enabled;
    this.state.enabled = true;
    if (interval !== undefined) this.state.interval = interval;
    for (const [id, conn] of this.conns) {
      if (!wasEnabled) {
        this.applySchedule(conn, id);
        this.scheduleFirst(id, conn);
      } else this.refreshSchedule(id, conn);
    }
    this.arm();
    if (!wasEnabled) this.emit({ type: 'monitoring', enabled: true, at: this.clock.now() });
    await this.saveState();
  }

  /** Turns monitoring off and persists it; running rounds finish their current attempt and stop retrying. */
  async disable(): Promise<void> {
    this.assertRunning();
    const wasEnabled = this.state.enabled;
    this.state.enabled = false;
    this.queue.clear();
    for (const conn of this.conns.values()) conn.round?.abort.abort();
    this.arm();
    if (wasEnabled) this.emit({ type: 'monitoring', enabled: false, at: this.clock.now() });
    await this.saveState();
  }

  /** Sets (or, with `undefined`, clears) one connection's interval override and persists it. */
  async setOverride(connectionId: string, interval: IntervalSpec | undefined): Promise<void> {
    this.assertRunning();
    if (interval === undefined) delete this.state.overrides[connectionId];
    else {
      this.validate(interval);
      if (!(connectionId in this.state.overrides) && Object.keys(this.state.overrides).length >= MAX_OVERRIDES) {
        throw new Error(`too many interval overrides (at most ${MAX_OVERRIDES})`);
      }
      this.state.overrides[connectionId] = interval;
    }
    const conn = this.conns.get(connectionId);
    if (conn) this.refreshSchedule(connectionId, conn);
    this.arm();
    await this.saveState();
  }

  /** Probes one connection now, once (no retries); runs even when its circuit is OPEN, as its trial. */
  async probeNow(connectionId: string): Promise<ProbeResult> {
    this.assertRunning();
    const conn = this.conns.get(connectionId);
    if (!conn) throw new Error(`unknown connection "${connectionId}"`);
    const outcome = await this.track(
      this.attempt(connectionId, conn, {
        attempt: 0,
        trigger: 'manual',
        force: true,
        stopSignal: this.stopAbort.signal,
        mayRetry: false,
        lastAttempt: false,
      }),
    );
    if (outcome.kind === 'cancelled') throw new Error(`probe of "${connectionId}" was cancelled: monitoring stopped`);
    if (outcome.kind === 'skipped')
      throw new Error(`probe of "${connectionId}" did not run: ${outcome.reason}${outcome.detail ? ` (${outcome.detail})` : ''}`);
    this.noteHealth(connectionId, conn, outcome.result);
    return outcome.result;
  }

  /** "Probe All Now": every connection once, through the bulkhead. Failures are results, not rejections. */
  async probeAllNow(): Promise<ProbeResult[]> {
    this.assertRunning();
    const ids = [...this.conns.keys()];
    const settled = await Promise.allSettled(ids.map((id) => this.probeNow(id)));
    return settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  }

  status(connectionId: string): ConnectionStatus | undefined {
    const conn = this.conns.get(connectionId);
    return conn ? this.describe(connectionId, conn) : undefined;
  }

  snapshot(): ConnectionStatus[] {
    return [...this.conns].map(([id, conn]) => this.describe(id, conn));
  }

  stats(): EngineStats {
    return {
      ...this.counters,
      skipped: { ...this.counters.skipped },
      inFlight: this.running,
      queued: this.settings.maxQueuedProbes - this.bulkhead.queueSlots,
    };
  }

  /**
   * Stops for good: no new probes; running ones get `stopGraceMs` to finish,
   * then are aborted and abandoned; resolves once every store write has settled.
   */
  async stop(graceMs = this.settings.stopGraceMs): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.timer?.cancel();
    this.timer = undefined;
    this.queue.clear();
    for (const conn of this.conns.values()) conn.round?.abort.abort();
    if (this.inFlight.size && graceMs > 0) {
      let graceTimer: TimerHandle | undefined;
      const grace = new Promise<void>((resolve) => (graceTimer = this.clock.setTimer(resolve, graceMs)));
      await Promise.race([Promise.allSettled([...this.inFlight]), grace]);
      graceTimer?.cancel();
    }
    this.stopAbort.abort(new Error('monitoring stopped'));
    await Promise.allSettled([...this.inFlight]);
    await Promise.allSettled([...this.pendingWrites]);
    for (const conn of this.conns.values()) conn.circuit.dispose();
  }

  // ---- scheduling ----

  private createConn(config: ConnectionConfig): ConnState {
    const conn: ConnState = {
      config,
      schedule: { kind: 'interval', everyMs: this.settings.intervalMs },
      interval: this.settings.intervalMs,
      circuit: this.createCircuit(config.id),
      health: 'unknown',
    };
    this.applySchedule(conn, config.id);
    return conn;
  }

  private createCircuit(connectionId: string): Circuit {
    const breaker = new WindowFailureBreaker({
      threshold: this.settings.breakerFailureThreshold,
      windowMs: this.settings.breakerWindowMs,
      now: () => this.clock.now(),
    });
    return new Circuit({
      breaker,
      halfOpenAfterMs: this.settings.breakerHalfOpenAfterMs,
      clock: this.clock,
      onTransition: (t) => {
        this.emit({ type: 'breaker', connectionId, ...t });
        this.writeTransition({ kind: 'breaker', connectionId, ...t });
      },
    });
  }

  /** Resolves the interval in force: override > connection setting > default; a bad one falls back, with a warning. */
  private applySchedule(conn: ConnState, id: string): boolean {
    const candidates: [IntervalSpec | undefined, string][] = [
      [this.state.overrides[id], 'override'],
      [conn.config.interval, 'connection setting'],
      [this.state.interval, 'default interval'],
      [this.settings.intervalMs, 'built-in default'],
    ];
    const before = describeSchedule(conn.schedule);
    conn.intervalError = undefined;
    for (const [spec, source] of candidates) {
      if (spec === undefined) continue;
      try {
        conn.schedule = parseSchedule(spec, this.settings.minIntervalMs);
        conn.interval = spec;
        break;
      } catch (err) {
        const message = `${source} for "${conn.config.name || id}": ${errorMessage(err)}`;
        conn.intervalError ??= message;
        this.emit({ type: 'warning', message: `${message}; using the next one`, connectionId: id, at: this.clock.now() });
      }
    }
    return describeSchedule(conn.schedule) !== before;
  }

  private refreshSchedule(id: string, conn: ConnState): void {
    const changed = this.applySchedule(conn, id);
    if (!this.state.enabled || this.stopped) return;
    if (changed || !this.queue.has(id)) this.scheduleFirst(id, conn);
  }

  private scheduleFirst(id: string, conn: ConnState): void {
    const s = this.settings;
    const at = firstRunAt(conn.schedule, this.clock.now(), s.maxStartJitterMs, s.cronJitterMs, this.random);
    if (at === null) this.queue.delete(id);
    else this.queue.set(id, at);
  }

  /** Arms the single timer for the earliest due time, but never further out than the heartbeat. */
  private arm(): void {
    this.timer?.cancel();
    this.timer = undefined;
    if (this.stopped || !this.state.enabled) return;
    const now = this.clock.now();
    const top = this.queue.peek();
    const target = Math.min(top ? top.due : Number.POSITIVE_INFINITY, now + this.settings.heartbeatMs);
    this.armedFor = target;
    this.lastWake = now;
    this.timer = this.clock.setTimer(() => this.onWake(), Math.max(0, target - now));
  }

  private onWake(): void {
    this.timer = undefined;
    if (this.stopped || !this.state.enabled) return;
    const now = this.clock.now();
    const late = now - this.armedFor;
    const backwards = this.lastWake - now;
    if (late > this.settings.sleepThresholdMs || backwards > this.settings.sleepThresholdMs) {
      this.rescheduleAfterJump(now, late > 0 ? late : -backwards);
    }
    for (let due = this.queue.popDue(now); due; due = this.queue.popDue(now)) this.dispatch(due.key, due.due, now);
    this.arm();
  }

  /** After sleep/suspend or a clock change: one jittered probe per connection from now on, no catch-up burst. */
  private rescheduleAfterJump(now: number, gapMs: number): void {
    this.counters.sleeps++;
    for (const [id, conn] of this.conns) if (this.queue.has(id)) this.scheduleFirst(id, conn);
    this.emit({ type: 'sleep', gapMs, at: now });
  }

  private dispatch(id: string, due: number, now: number): void {
    const conn = this.conns.get(id);
    if (!conn) return;
    this.counters.ticks++;
    const next = nextRunAt(conn.schedule, due, now, this.settings.cronJitterMs, this.random);
    if (next !== null) this.queue.set(id, next);
    if (conn.round) {
      this.skip(id, 'overrun');
      return;
    }
    this.startRound(id, conn);
  }

  private startRound(id: string, conn: ConnState): void {
    const abort = new AbortController();
    const round = this.runRound(id, conn, abort.signal).catch((err: unknown) => {
      this.emit({
        type: 'warning',
        message: `monitoring round failed: ${errorMessage(err)}`,
        connectionId: id,
        at: this.clock.now(),
      });
    });
    const done = this.track(round).finally(() => {
      if (conn.round?.abort === abort) conn.round = undefined;
    });
    conn.round = { abort, done };
  }

  /** One scheduled round: an attempt, then retries with backoff while it fails and the circuit stays CLOSED. */
  private async runRound(id: string, conn: ConnState, roundSignal: AbortSignal): Promise<void> {
    const backoff = new BackoffCursor(createBackoff(this.settings, this.random));
    for (let attempt = 0; ; attempt++) {
      const outcome = await this.attempt(id, conn, {
        attempt,
        trigger: 'schedule',
        force: false,
        stopSignal: this.stopAbort.signal,
        mayRetry: true,
        lastAttempt: attempt === this.settings.maxRetries,
      });
      if (outcome.kind !== 'result' || outcome.final) {
        if (outcome.kind === 'result') this.noteHealth(id, conn, outcome.result);
        return;
      }
      if (roundSignal.aborted || this.stopped || this.conns.get(id) !== conn) return;
      const delayMs = backoff.next();
      this.counters.retries++;
      this.emit({ type: 'retry', connectionId: id, attempt: attempt + 1, delayMs, at: this.clock.now() });
      try {
        await sleep(this.clock, delayMs, roundSignal);
      } catch {
        return;
      }
      if (this.stopped || this.conns.get(id) !== conn) return;
    }
  }

  /** One probe attempt through the circuit and the bulkhead, under its deadline. */
  private async attempt(id: string, conn: ConnState, options: AttemptOptions): Promise<AttemptOutcome> {
    const { attempt, trigger, force, stopSignal, mayRetry, lastAttempt } = options;
    const circuit = conn.circuit;
    const admission = circuit.admit(force);
    if (admission === 'rejected' && !force) {
      this.skip(id, 'circuit_open');
      return { kind: 'skipped', reason: 'circuit_open' };
    }
    // Decided when the attempt starts (before the secret round trip), on the engine's clock.
    const decidedAt = this.clock.now();
    const collectMetrics =
      trigger === 'manual' || this.metricsCadence.due(id, decidedAt, conn.schedule.kind === 'cron' ? this.settings.cronJitterMs : 0);
    let secret: ConnectionSecret;
    try {
      secret = (await this.secrets(conn.config)) ?? {};
    } catch (err) {
      circuit.release(admission);
      const detail = errorMessage(err);
      this.skip(id, 'secret_unavailable', detail);
      return { kind: 'skipped', reason: 'secret_unavailable', detail };
    }
    let run: Awaited<ReturnType<typeof runWithDeadline>>;
    try {
      run = await this.bulkhead.execute(() => {
        this.counters.attempts++;
        this.running++;
        const deadlineMs = probeDeadlineMs(conn.config, this.settings);
        return runWithDeadline({
          runner: this.probe,
          config: conn.config,
          secret,
          deadlineMs,
          clock: this.clock,
          signal: stopSignal,
          collectMetrics,
        }).finally(() => {
          this.running--;
        });
      }, stopSignal);
    } catch (err) {
      circuit.release(admission);
      if (err instanceof BulkheadRejectedError) {
        this.skip(id, 'bulkhead_full');
        return { kind: 'skipped', reason: 'bulkhead_full' };
      }
      return { kind: 'cancelled' };
    }
    if (run.outcome === 'cancelled') {
      // Abandoned because the engine stopped: not an observation of the database.
      circuit.release(admission);
      return { kind: 'cancelled' };
    }
    const result = run.result;
    this.counters.completed++;
    if (run.outcome === 'abandoned') this.counters.abandoned++;
    const success = result.state !== 'down';
    if (this.conns.get(id) === conn && conn.circuit === circuit) circuit.record(success, admission);
    else circuit.release(admission);
    conn.lastResult = result;
    if (this.conns.get(id) === conn) {
      this.metricsCadence.record(id, decidedAt, result);
      if (metricsCollected(result)) conn.lastMetrics = { startedAt: result.startedAt, metrics: result.metrics };
    }
    const final = success || !mayRetry || lastAttempt || circuit.state !== 'CLOSED';
    const stored = await this.writeResult(result);
    this.emit({ type: 'result', connectionId: id, result, attempt, final, trigger, stored });
    return { kind: 'result', result, final };
  }

  private noteHealth(id: string, conn: ConnState, result: ProbeResult): void {
    const from = conn.health;
    const to = result.state;
    if (from === to) return;
    conn.health = to;
    const at = this.clock.now();
    this.emit({ type: 'health', connectionId: id, from, to, at });
    this.writeTransition({ kind: 'health', connectionId: id, from: from === 'unknown' ? null : from, to, at });
  }

  private skip(id: string, reason: SkipReason, detail?: string): void {
    this.counters.skipped[reason]++;
    this.emit({ type: 'skipped', connectionId: id, reason, at: this.clock.now(), ...(detail ? { detail } : {}) });
  }

  // ---- output ----

  private async writeResult(result: ProbeResult): Promise<boolean> {
    if (!this.sink) return false;
    const write = this.sink.appendProbe(result);
    this.pendingWrites.add(write);
    try {
      await write;
      this.counters.stored++;
      return true;
    } catch (err) {
      this.counters.storeErrors++;
      this.emit({
        type: 'warning',
        message: `history store write failed: ${errorMessage(err)}`,
        connectionId: result.connectionId,
        at: this.clock.now(),
      });
      return false;
    } finally {
      this.pendingWrites.delete(write);
    }
  }

  private writeTransition(record: TransitionRecord): void {
    if (!this.sink) return;
    const write = this.sink.appendTransition(record).catch((err: unknown) => {
      this.counters.storeErrors++;
      this.emit({
        type: 'warning',
        message: `history store write failed: ${errorMessage(err)}`,
        connectionId: record.connectionId,
        at: this.clock.now(),
      });
    });
    this.pendingWrites.add(write);
    void write.finally(() => this.pendingWrites.delete(write));
  }

  private emit(event: EngineEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // A listener's bug must not stop monitoring.
      }
    }
  }

  private async saveState(): Promise<void> {
    if (!this.stateSaver) return;
    try {
      await this.stateSaver.save(cloneState(this.state));
    } catch (err) {
      this.emit({
        type: 'warning',
        message: `could not save monitoring state: ${errorMessage(err)}`,
        at: this.clock.now(),
      });
    }
  }

  // ---- helpers ----

  private track<T>(p: Promise<T>): Promise<T> {
    this.inFlight.add(p);
    const remove = (): void => void this.inFlight.delete(p);
    p.then(remove, remove);
    return p;
  }

  private validate(interval: IntervalSpec): void {
    try {
      parseSchedule(interval, this.settings.minIntervalMs);
    } catch (err) {
      if (err instanceof ScheduleError) throw err;
      throw new ScheduleError(String(err));
    }
  }

  private assertRunning(): void {
    if (this.stopped) throw new Error('the monitoring engine has stopped');
  }

  private describe(id: string, conn: ConnState): ConnectionStatus {
    const nextProbeAt = this.queue.dueOf(id);
    return {
      connectionId: id,
      health: conn.health,
      breaker: conn.circuit.state,
      interval: conn.interval,
      ...(conn.intervalError ? { intervalError: conn.intervalError } : {}),
      ...(nextProbeAt !== undefined ? { nextProbeAt } : {}),
      ...(conn.lastResult ? { lastResult: conn.lastResult } : {}),
      ...(conn.lastMetrics ? { lastMetrics: conn.lastMetrics } : {}),
      running: conn.round !== undefined,
    };
  }
}

function cloneState(s: MonitorState): MonitorState {
  return { version: 1, enabled: s.enabled, interval: s.interval, overrides: { ...s.overrides } };
}

function describeSchedule(s: Schedule): string {
  return s.kind === 'interval' ? `every ${s.everyMs}` : `cron ${s.expression}`;
}

/** The fields that identify the endpoint: when one changes, the old circuit says nothing about the new target. */
function circuitKey(config: ConnectionConfig): string {
  const entries = Object.entries(config).filter(([k]) => !CIRCUIT_FIELDS_IGNORED.has(k));
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify(entries);
}
