/**
 * LSP adapter for the monitoring path: probe → diagnosis → store → predictor →
 * client. Binds the core (engine, store, diagnoser, predictor) to the typed
 * requests of src/shared/protocol.ts. Storage lives in the workspace storage
 * folder the client passes; with none, monitoring still runs but keeps no history.
 */
import * as path from 'node:path';
import type { ConnectionConfig } from '../../shared/connection';
import type { AuditAction } from '../../shared/history';
import type { ProbeResult } from '../../shared/probe';
import {
  AnalyzeErrorRequest,
  AuditRequest,
  DiagnosisRefinedNotification,
  ErrorCountsRequest,
  FeedbackRequest,
  HistorySeriesRequest,
  LastResultsRequest,
  MonitoringStatusRequest,
  PredictionAlertNotification,
  PredictRequest,
  ProbeAllRequest,
  ProbeConnectionRequest,
  SetMonitoringRequest,
  UptimeRequest,
} from '../../shared/protocol';
import { ConnectionHealth, MonitoringStatus } from '../../shared/health';
import { MONITORING_SETTING_KEYS } from '../../shared/monitoringSettings';
import { MIN_ALERT_CONFIDENCE } from '../alerts/policy';
import { Diagnoser, JsonFileStatsStore } from '../diagnosis';
import type { Diagnosis } from '../diagnosis/types';
import { ENGINE_DEFAULTS, resolveSettings, type EngineSettings } from '../engine/defaults';
import { MonitorEngine } from '../engine/engine';
import type { EngineListener } from '../engine/events';
import { MonitorStateFile } from '../engine/monitorState';
import { assembleHealth, RiskEpisodes } from '../health/assemble';
import { newPredictorState, predictFromState, updatePredictor, type PredictorState } from '../predict';
import type { Prediction } from '../predict/types';
import { runProbe } from '../probes/runProbe';
import { HistoryStore } from '../store';
import type { ConnectionsFeature } from './connectionsFeature';
import type { FeatureContext } from './context';
import { settingsBackedAsker } from './llmAsker';

/** Results replayed from history into a fresh predictor state at start (one day at 1-minute probes). */
const PREDICTOR_REPLAY = 1440;

export interface MonitoringFeature {
  dispose(): Promise<void>;
  /** Engine events (health and breaker transitions ...), for the alerts feature. */
  onEngineEvent(listener: EngineListener): void;
  /** Each forecast made after a probe, with that probe's state. */
  onPrediction(listener: (connectionId: string, prediction: Prediction, state: ProbeResult['state']) => void): void;
  /** The last final result, diagnosis and forecast of a connection. */
  latest(connectionId: string): { result?: ProbeResult; diagnosis?: Diagnosis; prediction?: Prediction };
  audit(action: AuditAction, connectionId?: string, details?: Record<string, string | number | boolean | null>): void;
  /**
   * Whether this server speaks for the workspace: it writes the history (the first window; a
   * second window takes over when the first closes), or there is no history to share. Other
   * windows on the same workspace probe too, but must not send the same alert again.
   */
  primary(): Promise<boolean>;
}

export async function registerMonitoringFeature(ctx: FeatureContext, connections: ConnectionsFeature): Promise<MonitoringFeature> {
  const { connection } = ctx;
  const log = (m: string): void => connection.console.info(`DB Pulse: ${m}`);
  const warn = (m: string): void => connection.console.warn(`DB Pulse: ${m}`);
  const storageDir = ctx.options().storagePath ?? ctx.options().globalStoragePath;

  let store: HistoryStore | undefined;
  let stateFile: MonitorStateFile | undefined;
  let diagnoser: Diagnoser;
  let note: string | undefined;
  if (storageDir) {
    try {
      store = await HistoryStore.open({ dir: path.join(storageDir, 'history'), role: 'auto' });
      for (const r of store.reports) warn(`history store: ${JSON.stringify(r)}`);
    } catch (err) {
      note = `history is not being recorded: ${err instanceof Error ? err.message : String(err)}`;
      warn(note);
    }
    stateFile = new MonitorStateFile(storageDir, ENGINE_DEFAULTS.intervalMs);
    diagnoser = await Diagnoser.open({
      store: new JsonFileStatsStore(path.join(storageDir, 'diagnosis'), { onWarning: warn }),
      llm: settingsBackedAsker(connection),
    });
  } else {
    note = 'no workspace storage: history and learned diagnoses are not kept';
    diagnoser = await Diagnoser.open({ llm: settingsBackedAsker(connection) });
  }
  const loaded = stateFile ? await stateFile.load() : undefined;
  if (loaded?.warning) warn(loaded.warning);

  const lastDiagnosis = new Map<string, Diagnosis>();
  const lastResult = new Map<string, ProbeResult>();
  const predictors = new Map<string, PredictorState>();
  const predictions = new Map<string, Prediction>();
  const episodes = new RiskEpisodes();
  const predictionListeners: Array<Parameters<MonitoringFeature['onPrediction']>[0]> = [];
  const byId = new Map<string, ConnectionConfig>();

  const probe = (req: Parameters<typeof runProbe>[0]): Promise<ProbeResult> =>
    runProbe(req, {
      classify: (provider, error, config) => {
        const history = (lastResult.get(config.id) ? [lastResult.get(config.id)!] : []).map((r) => ({
          startedAt: r.startedAt,
          state: r.state,
          error: r.error,
        }));
        const d = diagnoser.diagnose(provider, error, { connection: config, history });
        lastDiagnosis.set(config.id, d);
        return d;
      },
    });

  // A second editor window on the same workspace opens the store read-only: it records
  // nothing until the first window's server exits and this one takes over as the writer.
  const sink = store
    ? {
        async ready(): Promise<HistoryStore | undefined> {
          if (store!.currentRole === 'writer') return store;
          return (await store!.tryPromote().catch(() => false)) ? store : undefined;
        },
        async appendProbe(r: ProbeResult): Promise<void> {
          await (await this.ready())?.appendProbe(r);
        },
        async appendTransition(t: Parameters<HistoryStore['appendTransition']>[0]): Promise<void> {
          await (await this.ready())?.appendTransition(t);
        },
      }
    : undefined;
  if (store && store.currentRole !== 'writer')
    log('another window writes this workspace history: this one reads it until that window closes');

  // User overrides of the engine defaults (dbpulse.monitoring.*); a bad value is reported and the defaults stand.
  let settings: Partial<EngineSettings> | undefined;
  const requested = Object.fromEntries(
    Object.entries(ctx.options().monitoring ?? {}).filter(
      ([k, v]) => (MONITORING_SETTING_KEYS as readonly string[]).includes(k) && typeof v === 'number',
    ),
  );
  try {
    resolveSettings(requested);
    settings = requested;
  } catch (err) {
    warn(`dbpulse.monitoring settings ignored: ${err instanceof Error ? err.message : String(err)}`);
  }

  const engine = new MonitorEngine({
    probe,
    settings,
    secrets: async (config) => connections.secretFor(config),
    sink,
    initialState: loaded?.state,
    stateSaver: stateFile,
  });

  async function predictorFor(id: string, provider: ConnectionConfig['provider']): Promise<PredictorState> {
    let state = predictors.get(id);
    if (state) return state;
    state = newPredictorState(id, provider);
    if (store) {
      try {
        for (const r of await store.lastResults(id, PREDICTOR_REPLAY)) updatePredictor(state, r);
      } catch (err) {
        warn(`could not replay history of ${id} into the predictor: ${String(err)}`);
      }
    }
    predictors.set(id, state);
    return state;
  }

  function healthOf(id: string): ConnectionHealth {
    const status = engine.status(id);
    return assembleHealth(id, lastResult.get(id), {
      diagnosis: lastDiagnosis.get(id),
      breaker: status?.breaker,
      nextProbeAt: engine.enabled ? status?.nextProbeAt : undefined,
      prediction: predictions.get(id),
      lastMetrics: status?.lastMetrics,
    });
  }

  async function onFinalResult(result: ProbeResult): Promise<void> {
    const id = result.connectionId;
    lastResult.set(id, result);
    if (result.state !== 'down') lastDiagnosis.delete(id);
    // Publish the new state at once, before the predictor (which may wait on the store) has
    // run, so the tree never lags the answer of the probe request; the forecast follows below.
    connections.publish(healthOf(id));
    const config = byId.get(id);
    if (config) {
      const state = await predictorFor(id, config.provider);
      updatePredictor(state, result);
      const p = predictFromState(state, { timeoutMs: config.connectTimeoutMs ?? ENGINE_DEFAULTS.defaultConnectTimeoutMs });
      predictions.set(id, p);
      for (const l of predictionListeners) l(id, p, result.state);
      // Warn ahead of a failure, once per episode: not about a connection that is already down
      // (the tree says so) and not on a forecast the predictor itself has little confidence in.
      const entered = episodes.update(id, p.prediction.risk_level);
      if (entered && result.state !== 'down' && p.prediction.confidence_score >= MIN_ALERT_CONFIDENCE)
        void connection.sendNotification(PredictionAlertNotification.type, { connectionId: id, prediction: p });
    }
    connections.publish(healthOf(id));
  }

  engine.on((event) => {
    switch (event.type) {
      case 'result':
        if (event.final) void onFinalResult(event.result).catch((e: unknown) => warn(`after probe: ${String(e)}`));
        break;
      case 'breaker':
        log(`${event.connectionId}: circuit ${event.from} → ${event.to}`);
        connections.publish(healthOf(event.connectionId));
        break;
      case 'warning':
        warn(event.message);
        break;
      case 'sleep':
        log(`the machine slept for ${Math.round(event.gapMs / 1000)} s: probes rescheduled from now`);
        break;
      default:
        break;
    }
  });

  // Only connections the server may probe enter the engine (Restricted Mode keeps workspace ones out).
  // Each connection is probed once when the server first sees it, so the tree shows live health at once.
  const firstSeen = new Set<string>();
  const syncConnections = (list: ConnectionConfig[]): void => {
    byId.clear();
    for (const c of list) byId.set(c.id, c);
    const probeable = list.filter((c) => !connections.skipReason(c));
    engine.setConnections(probeable);
    for (const c of probeable) {
      if (firstSeen.has(c.id)) continue;
      firstSeen.add(c.id);
      engine.probeNow(c.id).catch((e: unknown) => warn(`first probe of ${c.id}: ${String(e)}`));
    }
    for (const id of [...predictors.keys()]) if (!byId.has(id)) (predictors.delete(id), predictions.delete(id), episodes.forget(id));
  };
  connections.onConnectionsChanged(syncConnections);
  connections.onTrustChanged(() => syncConnections([...byId.values()]));

  const status = (): MonitoringStatus => {
    const s = engine.monitorState();
    const out: MonitoringStatus = { enabled: s.enabled, interval: s.interval, overrides: { ...s.overrides } };
    if (note) out.note = note;
    return out;
  };

  const audit: MonitoringFeature['audit'] = (action, connectionId, details) => {
    if (!sink) return;
    const entry: Parameters<HistoryStore['appendAudit']>[0] = { at: Date.now(), action };
    if (connectionId) entry.connectionId = connectionId;
    if (details) entry.details = details;
    void sink
      .ready()
      .then((w) => w?.appendAudit(entry))
      .catch((e: unknown) => warn(`audit: ${String(e)}`));
  };

  connection.onRequest(MonitoringStatusRequest.type, () => status());
  connection.onRequest(SetMonitoringRequest.type, async (p) => {
    if (p.connectionId) {
      await engine.setOverride(p.connectionId, p.enabled ? p.interval : undefined);
    } else if (p.enabled) {
      await engine.enable(p.interval);
      audit('monitoring_enabled', undefined, { interval: String(p.interval ?? engine.monitorState().interval) });
    } else {
      await engine.disable();
      audit('monitoring_disabled');
    }
    return status();
  });

  connection.onRequest(ProbeConnectionRequest.type, async (params) => {
    if ('connectionId' in params) {
      const config = byId.get(params.connectionId);
      if (!config) throw new Error(`No connection with id '${params.connectionId}'`);
      const reason = connections.skipReason(config);
      if (reason) {
        const skipped: ConnectionHealth = { connectionId: config.id, state: 'skipped', skippedReason: reason };
        connections.publish(skipped);
        return skipped;
      }
      await engine.probeNow(config.id); // the result event publishes and records it
      return healthOf(config.id);
    }
    // An unsaved connection from the form: the user tests it explicitly; nothing is recorded.
    const config = { ...params.config, id: params.config.id || 'unsaved' };
    const result = await probe({ config, secret: params.secret ?? {} });
    const d = result.state === 'down' ? lastDiagnosis.get(config.id) : undefined;
    lastDiagnosis.delete(config.id);
    return assembleHealth(config.id, result, { diagnosis: d });
  });

  connection.onRequest(ProbeAllRequest.type, async () => {
    await engine.probeAllNow();
    return [...byId.keys()].map((id) =>
      connections.skipReason(byId.get(id)!)
        ? { connectionId: id, state: 'skipped' as const, skippedReason: connections.skipReason(byId.get(id)!) }
        : healthOf(id),
    );
  });

  const needStore = (): HistoryStore => {
    if (!store) throw new Error(note ?? 'history is not available');
    return store;
  };
  connection.onRequest(HistorySeriesRequest.type, (p) => needStore().series(p.connectionId, p.from, p.to, p.resolution ?? 'auto'));
  connection.onRequest(UptimeRequest.type, (p) => needStore().uptime(p.connectionId));
  connection.onRequest(ErrorCountsRequest.type, (p) => needStore().errorCounts(p));
  connection.onRequest(LastResultsRequest.type, (p) =>
    needStore().lastResults(p.connectionId, Math.min(Math.max(1, p.limit ?? 100), 10_000)),
  );

  connection.onRequest(PredictRequest.type, async ({ connectionId }) => {
    const config = byId.get(connectionId);
    if (!config) throw new Error(`No connection with id '${connectionId}'`);
    const state = await predictorFor(connectionId, config.provider);
    if (state.checks === 0) return null;
    const p = predictFromState(state, { timeoutMs: config.connectTimeoutMs ?? ENGINE_DEFAULTS.defaultConnectTimeoutMs });
    predictions.set(connectionId, p);
    return p;
  });

  /** Deterministic answer now; when the knowledge base is unsure and the LLM is on, its answer follows as a notification. */
  const analyse = (
    provider: ConnectionConfig['provider'],
    error: unknown,
    ctxConfig: ConnectionConfig | undefined,
    connectionId?: string,
  ): Diagnosis => {
    const { immediate, refined } = diagnoser.diagnoseWithLlm(provider, error, ctxConfig ? { connection: ctxConfig } : undefined);
    void refined.then((d) => {
      if (d)
        void connection.sendNotification(
          DiagnosisRefinedNotification.type,
          connectionId ? { connectionId, diagnosis: d } : { diagnosis: d },
        );
    });
    return immediate;
  };

  connection.onRequest(AnalyzeErrorRequest.type, async (p) => {
    if ('connectionId' in p) {
      const config = byId.get(p.connectionId);
      const r = lastResult.get(p.connectionId) ?? (store ? (await store.lastResults(p.connectionId, 1))[0] : undefined);
      const d = lastDiagnosis.get(p.connectionId);
      if (d && (d.category !== 'unknown' || !config)) return d;
      if (!config || !r?.error)
        throw new Error(`'${p.connectionId}' has no failure to analyse: its last probe ${r ? `was ${r.state}` : 'has not run'}`);
      return analyse(config.provider, { message: r.error.message, ...(r.error.fields ?? {}), code: r.error.code }, config, p.connectionId);
    }
    return analyse(p.provider, { message: p.message, ...(p.fields ?? {}) }, undefined);
  });

  connection.onRequest(FeedbackRequest.type, async (p) => {
    const targetId =
      p.type === 'config_validation'
        ? (p.ruleId ?? 'unknown')
        : p.type === 'fix_suggestion'
          ? (p.fixId ?? 'unknown')
          : (p.patternId ?? 'unknown');
    diagnoser.recordFeedback({ type: p.type, targetId, patternId: p.patternId, helpful: p.helpful, comment: p.comment });
    const writer = await sink?.ready();
    if (writer) {
      const rec: Parameters<HistoryStore['appendFeedback']>[0] = {
        at: Date.now(),
        subject: p.type,
        verdict: p.helpful ? 'helpful' : 'not_helpful',
      };
      if (p.connectionId) rec.connectionId = p.connectionId;
      if (p.category) rec.category = p.category;
      if (p.fixId) rec.fixId = p.fixId;
      if (p.comment) rec.comment = p.comment.slice(0, 1000);
      await writer.appendFeedback(rec);
    }
    await diagnoser.flush();
  });

  connection.onRequest(AuditRequest.type, (p) => audit(p.action, p.connectionId, p.details));

  // Learned patterns expire and curated confidence decays: prune once a day.
  const pruneTimer = setInterval(() => diagnoser.prune(), 24 * 3600_000);
  pruneTimer.unref();

  return {
    onEngineEvent: (l) => void engine.on(l),
    onPrediction: (l) => void predictionListeners.push(l),
    latest: (id) => ({ result: lastResult.get(id), diagnosis: lastDiagnosis.get(id), prediction: predictions.get(id) }),
    audit,
    primary: async () => (sink ? (await sink.ready()) !== undefined : true),
    async dispose() {
      clearInterval(pruneTimer);
      await engine.stop();
      await diagnoser.flush().catch(() => undefined);
      await store?.close().catch(() => undefined);
    },
  };
}
