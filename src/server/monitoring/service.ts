/**
 * The monitoring pipeline as one core service, shared by the editor's language server and
 * `dbpulse monitor`: probe (engine) → diagnosis (diagnoser) → history (store) → forecast
 * (predictor) → alerts (an `AlertStage`). Plain methods in, typed events out; no LSP, no vscode.
 *
 * The service is usable at once: the store, the diagnoser's statistics and the saved monitoring
 * state open in the background (`ready()`), and every method that needs them waits for that, so
 * a front door can register its handlers before anything is open. With the `auto` role a store
 * that cannot be opened leaves monitoring running without history and says why in `status()`;
 * with `writer` (the headless monitor) `ready()` rejects instead.
 */
import type { AlertSecretTarget, AlertSettings, AlertChannelOutcome } from '../../shared/alertSettings';
import { checkAlertSettings, urlOrigin } from '../../shared/alertSettingsCheck';
import type { ErrorCategory, Provider } from '../../shared/categories';
import type { ConnectionConfig, ConnectionSecret } from '../../shared/connection';
import { errorMessage } from '../../shared/errors';
import type { FeedbackAnswer } from '../../shared/feedback';
import type { ConnectionHealth, MonitoringStatus } from '../../shared/health';
import type { AlertRecord, AuditAction, SeriesQuery, Series, Uptime } from '../../shared/history';
import { MAX_SNOOZE_MINUTES, type IncidentAction, type IncidentView } from '../../shared/incidents';
import type { ProbeResult } from '../../shared/probe';
import type { AlertChannel } from '../alerts/channels';
import { MIN_ALERT_CONFIDENCE } from '../alerts/policy';
import type { AlertContext } from '../alerts/render';
import { Diagnoser, JsonFileStatsStore, type LlmAsker } from '../diagnosis';
import type { Diagnosis } from '../diagnosis/types';
import { systemClock, type Clock, type TimerHandle } from '../engine/clock';
import type { ProbeRunner } from '../engine/deadline';
import { ENGINE_DEFAULTS, type EngineSettings } from '../engine/defaults';
import { MonitorEngine, type EngineStats } from '../engine/engine';
import type { EngineEvent } from '../engine/events';
import { MonitorStateFile, type MonitorState } from '../engine/monitorState';
import { assembleHealth } from '../health/assemble';
import { newPredictorState, predictFromState, updatePredictor, type PredictorState } from '../predict';
import type { Prediction } from '../predict/types';
import { runProbe } from '../probes/runProbe';
import { describeStoreReport, HistoryStore } from '../store';
import type { AlertStage, AlertStageDeps } from './alertStage';
import { IncidentFile } from '../alerts/rules/incidentFile';
import { RuleAlertStage } from './ruleAlertStage';
import { Emitter, type Disposable } from './emitter';
import { ConnectionRecords, shouldRecordPrediction, startsEpisode, type ConnectionRecord } from './records';

/** Results replayed from history into a fresh predictor state (one day at 1-minute probes). */
export const PREDICTOR_REPLAY = 1440;
/** The knowledge base is pruned at start and then this often. */
export const PRUNE_EVERY_MS = 24 * 3_600_000;

export interface MonitoringStorage {
  /** The history store's directory. */
  historyDir: string;
  /** `auto`: a second editor window on the workspace reads until the first closes; `writer`: fail if another process writes. */
  role: 'auto' | 'writer';
  /** Where the diagnosis statistics (`diagnosis-stats.json`) live. */
  diagnosisDir: string;
  /** Where monitoring on/off and intervals are kept between runs (the editor); none: `initialState` each run. */
  stateDir?: string;
}

export interface MonitoringServiceOptions {
  version: string;
  /** A connection's secret at probe time; null when none is needed. Never cached. */
  secretFor(config: ConnectionConfig): Promise<ConnectionSecret | null>;
  /** An alert channel's secret at send time: null when none is set; rejects when the lookup failed. */
  alertSecretFor?(target: AlertSecretTarget): Promise<string | null>;
  /** Why a connection may not be probed now (the editor's Restricted Mode), or undefined. */
  skipReason?(config: ConnectionConfig): string | undefined;
  /** Whether an alert channel may send (the editor's Restricted Mode); all may by default. */
  channelUsable?(channel: AlertChannel): boolean;
  /** None: no history and no learned diagnoses (`noStorageNote` says why). */
  storage?: MonitoringStorage;
  noStorageNote?: string;
  settings?: Partial<EngineSettings>;
  /** Monitoring state when there is no state file (or it holds none). */
  initialState?: MonitorState;
  /** Probe each connection once when it is first configured (the editor's tree shows live health at once). */
  probeOnSight?: boolean;
  probe?: ProbeRunner;
  clock?: Clock;
  llm?: LlmAsker;
  /** The alert stage; `RuleAlertStage` (rules, incidents, maintenance; issue 18) by default. */
  alertStage?(deps: AlertStageDeps): AlertStage;
  openStore?(dir: string, role: 'auto' | 'writer'): Promise<HistoryStore>;
}

export interface MonitoringEvents {
  /** A connection's health for the tree and status bar: after every final result, breaker change, skip. */
  health: ConnectionHealth;
  /** A forecast entered IMMEDIATE_ACTION_REQUIRED with enough confidence while the connection is not down. */
  predictionAlert: { connectionId: string; prediction: Prediction };
  /** Every forecast, after each final result (metrics export it). */
  prediction: { connectionId: string; prediction: Prediction };
  /** The LLM's answer to an analysis the knowledge base was unsure of. */
  diagnosisRefined: { connectionId?: string; diagnosis: Diagnosis };
  /** An alert sent (or tried), with each channel's outcome. */
  alertOutcome: AlertRecord;
  /** Every engine event, for front doors that log them (the headless monitor). */
  engine: EngineEvent;
  log: string;
  warn: string;
}

/** What `analyse` looks at: a connection's last failure, or a message the user selected. */
export type AnalyseTarget = { connectionId: string } | { provider: Provider; message: string; fields?: Record<string, string | number> };

export interface MonitoringSwitch {
  enabled: boolean;
  interval?: number | string;
  connectionId?: string;
}

interface Core {
  engine: MonitorEngine;
  diagnoser: Diagnoser;
  store?: HistoryStore;
  note?: string;
}

const defaultOpenStore = (dir: string, role: 'auto' | 'writer'): Promise<HistoryStore> => HistoryStore.open({ dir, role });

export class MonitoringService {
  private readonly records = new ConnectionRecords();
  private readonly events: Emitter<MonitoringEvents>;
  private readonly clock: Clock;
  private readonly stage: AlertStage;
  private readonly opening: Promise<Core>;
  private core: Core | undefined;
  private pruneTimer: TimerHandle | undefined;
  private alertProblems: string[] = [];
  private disposed: Promise<void> | undefined;
  /** Work after a probe (forecast, history writes) that `dispose()` waits for before closing the store. */
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(private readonly o: MonitoringServiceOptions) {
    this.clock = o.clock ?? systemClock;
    this.events = new Emitter((err) => this.warn(`event listener: ${errorMessage(err)}`));
    const deps: AlertStageDeps = {
      version: o.version,
      clock: this.clock,
      secret: (target) => (o.alertSecretFor ? o.alertSecretFor(target) : Promise.resolve(null)),
      usable: (c) => o.channelUsable?.(c) ?? true,
      context: (id) => this.alertContext(id),
      primary: () => this.primary(),
      outcome: (r) => this.recordAlert(r),
      log: (m) => this.log(`alerts: ${m}`),
      warn: (m) => this.warn(`alerts: ${m}`),
    };
    this.stage = o.alertStage
      ? o.alertStage(deps)
      : new RuleAlertStage(deps, o.storage ? { incidents: new IncidentFile(o.storage.stateDir ?? o.storage.diagnosisDir) } : {});
    this.opening = this.open();
    this.opening.catch(() => undefined); // callers see the failure through ready() and every method
  }

  on<K extends keyof MonitoringEvents>(event: K, listener: (value: MonitoringEvents[K]) => void): Disposable {
    return this.events.on(event, listener);
  }

  /**
   * The engine and the store, once open, for front doors that export them as they are (the team
   * services' metrics and read-only API). Everything else goes through the methods below.
   */
  parts(): { engine: MonitorEngine; store?: HistoryStore } | undefined {
    return this.core ? { engine: this.core.engine, ...(this.core.store ? { store: this.core.store } : {}) } : undefined;
  }

  /**
   * Resolves once the store, statistics and monitoring state are open. Rejects only when the
   * storage role is `writer` and the store cannot be opened (the headless monitor then exits).
   */
  async ready(): Promise<void> {
    await this.opening;
  }

  // ---- connections and probes ----

  /** The configured connections (all of them; the ones `skipReason` excludes are kept but not probed). */
  setConnections(list: readonly ConnectionConfig[]): void {
    this.records.replace(list);
    this.stage.setConnections(new Set(list.map((c) => c.id)));
    if (this.core) this.sync(this.core);
  }

  /** Re-applies `skipReason` (the editor's trust changed). */
  refreshEligibility(): void {
    if (this.core) this.sync(this.core);
  }

  /** Probes a configured connection now; its result is recorded and published like a scheduled one. */
  async probeNow(connectionId: string): Promise<ConnectionHealth> {
    const core = await this.opening;
    const r = this.records.need(connectionId);
    const reason = this.o.skipReason?.(r.config);
    if (reason) {
      const skipped: ConnectionHealth = { connectionId, state: 'skipped', skippedReason: reason };
      this.events.emit('health', skipped);
      return skipped;
    }
    await core.engine.probeNow(connectionId); // the result event records and publishes it
    return this.healthOf(core, connectionId);
  }

  /** Probes every configured connection now. */
  async probeAll(): Promise<ConnectionHealth[]> {
    const core = await this.opening;
    await core.engine.probeAllNow();
    return this.records.all().map((r) => {
      const reason = this.o.skipReason?.(r.config);
      return reason ? { connectionId: r.config.id, state: 'skipped' as const, skippedReason: reason } : this.healthOf(core, r.config.id);
    });
  }

  /** An unsaved connection (the form's Test button): probed once, nothing recorded. */
  async probeUnsaved(config: ConnectionConfig, secret: ConnectionSecret = {}): Promise<ConnectionHealth> {
    const core = await this.opening;
    const c = { ...config, id: config.id || 'unsaved' };
    let diagnosis: Diagnosis | undefined;
    const result = await runProbe(
      { config: c, secret },
      {
        classify: (provider, error, cfg) => (diagnosis = core.diagnoser.diagnose(provider, error, { connection: cfg })),
      },
    );
    return assembleHealth(c.id, result, { diagnosis: result.state === 'down' ? diagnosis : undefined });
  }

  /** The health the tree shows for a connection now. */
  async health(connectionId: string): Promise<ConnectionHealth> {
    return this.healthOf(await this.opening, connectionId);
  }

  /** The last final result, diagnosis and forecast of a connection. */
  latest(connectionId: string): { result?: ProbeResult; diagnosis?: Diagnosis; prediction?: Prediction } {
    const r = this.records.get(connectionId);
    return { result: r?.result, diagnosis: r?.diagnosis, prediction: r?.prediction };
  }

  // ---- monitoring on/off ----

  async status(): Promise<MonitoringStatus> {
    const core = await this.opening;
    const s = core.engine.monitorState();
    const out: MonitoringStatus = { enabled: s.enabled, interval: s.interval, overrides: { ...s.overrides } };
    if (core.note) out.note = core.note;
    return out;
  }

  /** Switches scheduled monitoring (all connections, or one connection's override). */
  async setMonitoring(p: MonitoringSwitch): Promise<MonitoringStatus> {
    const { engine } = await this.opening;
    if (p.connectionId) await engine.setOverride(p.connectionId, p.enabled ? p.interval : undefined);
    else if (p.enabled) {
      await engine.enable(p.interval);
      this.audit('monitoring_enabled', undefined, { interval: String(p.interval ?? engine.monitorState().interval) });
    } else {
      await engine.disable();
      this.audit('monitoring_disabled');
    }
    return this.status();
  }

  async stats(): Promise<EngineStats> {
    return (await this.opening).engine.stats();
  }

  // ---- history ----

  async series(q: SeriesQuery): Promise<Series> {
    return (await this.history()).series(q.connectionId, q.from, q.to, q.resolution ?? 'auto');
  }

  async uptime(connectionId: string): Promise<Uptime> {
    return (await this.history()).uptime(connectionId);
  }

  async errorCounts(q: { connectionId?: string; from?: number; to?: number }): Promise<Partial<Record<ErrorCategory, number>>> {
    return (await this.history()).errorCounts(q);
  }

  async lastResults(connectionId: string, limit = 100): Promise<ProbeResult[]> {
    return (await this.history()).lastResults(connectionId, Math.min(Math.max(1, limit), 10_000));
  }

  /** Writes an audit entry (when this process writes the history); never throws. */
  audit(action: AuditAction, connectionId?: string, details?: Record<string, string | number | boolean | null>): void {
    const entry: Parameters<HistoryStore['appendAudit']>[0] = { at: this.clock.now(), action };
    if (connectionId) entry.connectionId = connectionId;
    if (details) entry.details = details;
    this.track(
      this.writer()
        .then((w) => w?.appendAudit(entry))
        .catch((e: unknown) => this.warn(`audit: ${errorMessage(e)}`)),
    );
  }

  /**
   * Whether this process speaks for the storage: it writes the history (the first editor window; a
   * second takes over when the first closes), or there is no history to share. Other windows on the
   * same workspace probe too, but must not send the same alert again.
   */
  async primary(): Promise<boolean> {
    const core = await this.opening;
    return core.store ? (await this.writer()) !== undefined : true;
  }

  // ---- forecasts and diagnoses ----

  /** A fresh forecast for a connection, or null before its first probe. */
  async prediction(connectionId: string): Promise<Prediction | null> {
    const core = await this.opening;
    const r = this.records.need(connectionId);
    const state = await this.predictorOf(core, r);
    if (state.checks === 0) return null;
    r.prediction = predictFromState(state, { timeoutMs: timeoutOf(r.config) });
    return r.prediction;
  }

  /** The deterministic diagnosis now; when the knowledge base is unsure and the LLM is on, its answer follows as `diagnosisRefined`. */
  async analyse(target: AnalyseTarget): Promise<Diagnosis> {
    const core = await this.opening;
    if (!('connectionId' in target))
      return this.diagnoseWithLlm(core, target.provider, { message: target.message, ...(target.fields ?? {}) });
    const id = target.connectionId;
    const r = this.records.get(id);
    const result = r?.result ?? (core.store ? (await core.store.lastResults(id, 1))[0] : undefined);
    if (r?.diagnosis && r.diagnosis.category !== 'unknown') return r.diagnosis;
    if (!r || !result?.error)
      throw new Error(`'${id}' has no failure to analyse: its last probe ${result ? `was ${result.state}` : 'has not run'}`);
    const e = result.error;
    return this.diagnoseWithLlm(core, r.config.provider, { message: e.message, ...(e.fields ?? {}), code: e.code }, r.config, id);
  }

  /** A user's verdict on a diagnosis, fix or finding: into the statistics and the history. */
  async feedback(p: FeedbackAnswer): Promise<void> {
    const core = await this.opening;
    const targetId =
      p.type === 'config_validation'
        ? (p.ruleId ?? 'unknown')
        : p.type === 'fix_suggestion'
          ? (p.fixId ?? 'unknown')
          : (p.patternId ?? 'unknown');
    core.diagnoser.recordFeedback({ type: p.type, targetId, patternId: p.patternId, helpful: p.helpful, comment: p.comment });
    const writer = await this.writer();
    if (writer) {
      const rec: Parameters<HistoryStore['appendFeedback']>[0] = {
        at: this.clock.now(),
        subject: p.type,
        verdict: p.helpful ? 'helpful' : 'not_helpful',
      };
      if (p.connectionId) rec.connectionId = p.connectionId;
      if (p.category) rec.category = p.category;
      if (p.fixId) rec.fixId = p.fixId;
      if (p.comment) rec.comment = p.comment.slice(0, 1000);
      await writer.appendFeedback(rec);
    }
    await core.diagnoser.flush();
  }

  // ---- alerts ----

  /** New alert settings (the editor's `dbpulse.alerts.*`, the headless config's `alerts`); returns their problems. */
  setAlertSettings(raw: Partial<AlertSettings> | null | undefined, changed = false): { problems: string[] } {
    const settings = checkAlertSettings(raw);
    this.stage.setSettings(settings);
    this.alertProblems = settings.problems;
    for (const p of settings.problems) this.warn(`alerts: ${p}`);
    if (changed)
      this.audit('alerts_configured', undefined, {
        enabled: settings.enabled,
        quietPeriodMinutes: settings.quietPeriodMs / 60_000,
        webhooks: settings.webhooks.map((w) => `${w.id} ${urlOrigin(w.url)}`).join(', ') || null,
        email: settings.email ? settings.email.to.length : 0,
        problems: settings.problems.length,
      });
    return { problems: settings.problems };
  }

  async sendTestAlert(): Promise<{ outcomes: AlertChannelOutcome[]; problems: string[] }> {
    const outcomes = await this.stage.sendTest();
    this.audit('test_alert_sent', undefined, {
      delivered: outcomes.filter((o) => o.ok).length,
      failed: outcomes.filter((o) => !o.ok).length,
    });
    return { outcomes, problems: this.alertProblems };
  }

  /** Open alert incidents, newest first (none when the alert stage keeps no incidents). */
  async incidents(): Promise<IncidentView[]> {
    await this.opening;
    return this.stage.incidents?.() ?? [];
  }

  /** Acknowledges or snoozes an open incident (audited); null when it is not open (any more). */
  async incidentAction(a: IncidentAction): Promise<IncidentView | null> {
    await this.opening;
    if (!a || typeof a.incidentId !== 'string' || (a.action !== 'acknowledge' && a.action !== 'snooze'))
      throw new Error('an incident action names an incident id and "acknowledge" or "snooze"');
    if (a.action === 'snooze' && !(Number.isFinite(a.minutes) && a.minutes > 0 && a.minutes <= MAX_SNOOZE_MINUTES))
      throw new Error(`a snooze lasts 1 to ${MAX_SNOOZE_MINUTES} minutes, not ${String(a.minutes)}`);
    const view = a.action === 'acknowledge' ? this.stage.acknowledge?.(a.incidentId) : this.stage.snooze?.(a.incidentId, a.minutes);
    if (!view) return null;
    this.audit(
      a.action === 'acknowledge' ? 'incident_acknowledged' : 'incident_snoozed',
      view.subject === 'workspace' ? undefined : view.subject,
      { rule: view.ruleId, incident: view.id, ...(a.action === 'snooze' ? { minutes: a.minutes } : {}) },
    );
    return view;
  }

  /** Stops probing, waits for alerts in flight, saves the statistics and closes the store. Idempotent. */
  dispose(): Promise<void> {
    this.disposed ??= (async () => {
      const core = await this.opening;
      this.pruneTimer?.cancel();
      await core.engine.stop();
      await this.settle();
      await this.stage.dispose();
      await this.settle(); // the alerts' outcome records
      await core.diagnoser.flush().catch((e: unknown) => this.warn(`saving diagnosis statistics: ${errorMessage(e)}`));
      await core.store?.close().catch((e: unknown) => this.warn(`closing the history store: ${errorMessage(e)}`));
    })();
    return this.disposed;
  }

  // ---- internals ----

  private track(p: Promise<unknown>): void {
    const t = p.catch((e: unknown) => this.warn(errorMessage(e)));
    this.inFlight.add(t);
    void t.finally(() => this.inFlight.delete(t));
  }

  private async settle(): Promise<void> {
    while (this.inFlight.size) await Promise.allSettled([...this.inFlight]);
  }

  private log(m: string): void {
    this.events.emit('log', m);
  }

  private warn(m: string): void {
    this.events.emit('warn', m);
  }

  private async open(): Promise<Core> {
    const { o } = this;
    let store: HistoryStore | undefined;
    let note = o.storage ? undefined : o.noStorageNote;
    let initialState = o.initialState;
    let diagnoser: Diagnoser | undefined;
    if (o.storage) {
      const s = o.storage;
      const [opened, loaded, diag] = await Promise.all([
        (o.openStore ?? defaultOpenStore)(s.historyDir, s.role).then(
          (st) => ({ st }),
          (err: unknown) => ({ err }),
        ),
        s.stateDir ? new MonitorStateFile(s.stateDir, ENGINE_DEFAULTS.intervalMs).load().catch(() => undefined) : undefined,
        Diagnoser.open({
          store: new JsonFileStatsStore(s.diagnosisDir, { onWarning: (m) => this.warn(m) }),
          llm: o.llm,
          clock: () => this.clock.now(),
        }).catch((err: unknown) => {
          this.warn(`diagnosis statistics unavailable (diagnoses are not learned this session): ${errorMessage(err)}`);
          return undefined;
        }),
      ]);
      if ('st' in opened) {
        store = opened.st;
        for (const r of store.reports) this.events.emit('warn', `history store: ${describeStoreReport(r)}`);
        if (store.currentRole !== 'writer') this.log('another window writes this history: this one reads it until that window closes');
      } else {
        note = `history is not being recorded: ${errorMessage(opened.err)}`;
        this.warn(note);
        if (s.role === 'writer') throw opened.err; // the headless monitor must not run without its history
      }
      if (loaded?.warning) this.warn(loaded.warning);
      if (loaded) initialState = loaded.state;
      diagnoser = diag;
    }
    diagnoser ??= await Diagnoser.open({ llm: o.llm, clock: () => this.clock.now() });

    const engine = new MonitorEngine({
      probe:
        o.probe ?? ((req) => runProbe(req, { classify: (provider, error, config) => this.classify(diagnoser, provider, error, config) })),
      settings: o.settings,
      secrets: (config) => o.secretFor(config),
      sink: store
        ? {
            appendProbe: (r) => this.appendVia(store, (w) => w.appendProbe(r)),
            appendTransition: (t) => this.appendVia(store, (w) => w.appendTransition(t)),
          }
        : undefined,
      clock: this.clock,
      initialState,
      stateSaver: o.storage?.stateDir ? new MonitorStateFile(o.storage.stateDir, ENGINE_DEFAULTS.intervalMs) : undefined,
    });
    const core: Core = { engine, diagnoser, store, note };
    engine.on((e) => this.onEngineEvent(core, e));
    this.core = core;
    this.prune(core);
    this.sync(core);
    return core;
  }

  /** Learned patterns expire and curated confidence decays: at start, then daily. */
  private prune(core: Core): void {
    try {
      const r = core.diagnoser.prune();
      if (r.expired.length || Object.keys(r.merged).length)
        this.log(`knowledge base pruned: ${r.expired.length} learned pattern(s) expired, ${Object.keys(r.merged).length} merged`);
    } catch (err) {
      this.warn(`pruning the knowledge base: ${errorMessage(err)}`);
    }
    this.pruneTimer = this.clock.setTimer(() => this.prune(core), PRUNE_EVERY_MS);
  }

  private classify(diagnoser: Diagnoser, provider: Provider, error: unknown, config: ConnectionConfig): Diagnosis {
    const r = this.records.get(config.id);
    const history = r?.result ? [{ startedAt: r.result.startedAt, state: r.result.state, error: r.result.error }] : [];
    const d = diagnoser.diagnose(provider, error, { connection: config, history });
    if (r) r.diagnosis = d;
    return d;
  }

  /** Only connections the front door may probe enter the engine; each is probed once on first sight when asked. */
  private sync(core: Core): void {
    const probeable = this.records.all().filter((r) => !this.o.skipReason?.(r.config));
    core.engine.setConnections(probeable.map((r) => r.config));
    if (!this.o.probeOnSight) return;
    for (const r of probeable) {
      if (r.probedOnSight) continue;
      r.probedOnSight = true;
      core.engine.probeNow(r.config.id).catch((e: unknown) => this.warn(`first probe of ${r.config.id}: ${errorMessage(e)}`));
    }
  }

  private onEngineEvent(core: Core, event: EngineEvent): void {
    this.events.emit('engine', event);
    switch (event.type) {
      case 'result':
        if (event.final)
          this.track(this.onFinalResult(core, event.result).catch((e: unknown) => this.warn(`after probe: ${errorMessage(e)}`)));
        break;
      case 'health':
        this.stage.onHealthTransition({
          connectionId: event.connectionId,
          at: event.at,
          from: event.from === 'unknown' ? null : event.from,
          to: event.to,
        });
        break;
      case 'breaker':
        this.log(`${event.connectionId}: circuit ${event.from} → ${event.to}`);
        this.stage.onBreaker({ connectionId: event.connectionId, at: event.at, to: event.to });
        if (this.records.get(event.connectionId)) this.events.emit('health', this.healthOf(core, event.connectionId));
        break;
      case 'warning':
        this.warn(event.message);
        break;
      case 'sleep':
        this.log(`the machine slept for ${Math.round(event.gapMs / 1000)} s: probes rescheduled from now`);
        break;
      default:
        break;
    }
  }

  private async onFinalResult(core: Core, result: ProbeResult): Promise<void> {
    const r = this.records.get(result.connectionId);
    if (!r) return;
    r.result = result;
    if (result.state !== 'down') r.diagnosis = undefined;
    this.stage.onProbe(result);
    // Published at once, before the predictor (which may wait on the store) runs, so the tree never
    // lags the answer of the probe request; the forecast follows.
    this.events.emit('health', this.healthOf(core, r.config.id));
    const state = await this.predictorOf(core, r);
    if (this.records.get(result.connectionId) !== r) return;
    updatePredictor(state, result);
    const p = predictFromState(state, { timeoutMs: timeoutOf(r.config) });
    const at = this.clock.now();
    r.prediction = p;
    this.stage.onPrediction(r.config.id, p, result.state, at);
    this.events.emit('prediction', { connectionId: r.config.id, prediction: p });
    const level = p.prediction.risk_level;
    const entered = startsEpisode(r.risk, level);
    r.risk = level;
    // Warn ahead of a failure, once per episode: not about a connection that is already down (the
    // tree says so) and not on a forecast the predictor itself has little confidence in.
    if (entered && result.state !== 'down' && p.prediction.confidence_score >= MIN_ALERT_CONFIDENCE)
      this.events.emit('predictionAlert', { connectionId: r.config.id, prediction: p });
    if (core.store && shouldRecordPrediction(r.recorded, level, at)) {
      r.recorded = { at, level };
      await this.appendVia(core.store, (w) => w.appendPrediction({ at, connectionId: r.config.id, prediction: p })).catch((e: unknown) =>
        this.warn(`recording the forecast of ${r.config.id}: ${errorMessage(e)}`),
      );
    }
    this.events.emit('health', this.healthOf(core, r.config.id));
  }

  private predictorOf(core: Core, r: ConnectionRecord): Promise<PredictorState> {
    r.predictor ??= (async () => {
      const state = newPredictorState(r.config.id, r.config.provider);
      if (core.store) {
        try {
          for (const res of await core.store.lastResults(r.config.id, PREDICTOR_REPLAY)) updatePredictor(state, res);
        } catch (err) {
          this.warn(`could not replay history of ${r.config.id} into the predictor: ${errorMessage(err)}`);
        }
      }
      return state;
    })();
    return r.predictor;
  }

  private healthOf(core: Core, id: string): ConnectionHealth {
    const r = this.records.get(id);
    const status = core.engine.status(id);
    return assembleHealth(id, r?.result, {
      diagnosis: r?.diagnosis,
      breaker: status?.breaker,
      nextProbeAt: core.engine.enabled ? status?.nextProbeAt : undefined,
      prediction: r?.prediction,
      lastMetrics: status?.lastMetrics,
    });
  }

  private diagnoseWithLlm(core: Core, provider: Provider, error: unknown, config?: ConnectionConfig, connectionId?: string): Diagnosis {
    const { immediate, refined } = core.diagnoser.diagnoseWithLlm(provider, error, config ? { connection: config } : undefined);
    void refined.then((d) => {
      if (d) this.events.emit('diagnosisRefined', connectionId ? { connectionId, diagnosis: d } : { diagnosis: d });
    });
    return immediate;
  }

  private alertContext(connectionId: string): AlertContext {
    const r = this.records.get(connectionId);
    const out: AlertContext = {};
    if (!r) return out;
    out.connection = r.config;
    if (r.result) out.result = r.result;
    if (r.diagnosis) out.diagnosis = r.diagnosis;
    if (r.prediction) out.prediction = r.prediction;
    return out;
  }

  private recordAlert(record: AlertRecord): void {
    this.events.emit('alertOutcome', record);
    this.track(
      this.writer()
        .then((w) => w?.appendAlert(record))
        .catch((e: unknown) => this.warn(`recording the alert: ${errorMessage(e)}`)),
    );
  }

  private async history(): Promise<HistoryStore> {
    const core = await this.opening;
    if (!core.store) throw new Error(core.note ?? 'history is not available');
    return core.store;
  }

  /** The store when this process writes it: a second window reads only, and takes over when the first closes. */
  private async writer(): Promise<HistoryStore | undefined> {
    const { store } = await this.opening;
    if (!store) return undefined;
    if (store.currentRole === 'writer') return store;
    return (await store.tryPromote().catch(() => false)) ? store : undefined;
  }

  private async appendVia(store: HistoryStore, write: (w: HistoryStore) => Promise<void>): Promise<void> {
    if (store.currentRole === 'writer' || (await store.tryPromote().catch(() => false))) await write(store);
  }
}

function timeoutOf(config: ConnectionConfig): number {
  return config.connectTimeoutMs ?? ENGINE_DEFAULTS.defaultConnectTimeoutMs;
}
