/**
 * LSP adapter for the monitoring service (src/server/monitoring): each request is one call into
 * the service, each notification one of its events. Handlers are registered when the server
 * module loads, before the `initialize` reply; they wait for `start()` (called from
 * `onInitialize` with the client's options) and for the service to be ready, so no request gets
 * MethodNotFound. The service's code (engine, diagnoser and its knowledge base, predictor, store,
 * alert senders) loads only after the first config diagnostics are out (`configPublished()`),
 * on the first request that needs it, or a second after start, whichever comes first; its store
 * then opens in the background. Storage lives in the workspace storage folder the client passes;
 * with none, monitoring still runs without history.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  AnalyzeErrorRequest,
  AuditRequest,
  DiagnosisRefinedNotification,
  ErrorCountsRequest,
  FeedbackRequest,
  GetAlertSecretRequest,
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
import type { AlertSettings } from '../../shared/alertSettings';
import { checkAlertSettings } from '../../shared/alertSettingsCheck';
import { errorMessage } from '../../shared/errors';
import { MONITORING_SETTING_KEYS } from '../../shared/monitoringSettings';
import { resolveSettings, type EngineSettings } from '../engine/defaults';
import type * as MonitoringModule from '../monitoring';
import type { MonitoringService } from '../monitoring';
import type { ConnectionsFeature } from './connectionsFeature';
import type { FeatureContext } from './context';
import { settingsBackedAsker } from './llmAsker';

export interface MonitoringFeature {
  /** The client's options are known (from `onInitialize`); returns at once. */
  start(): void;
  /** The first config diagnostics were sent: the service may load now. */
  configPublished(): void;
  /** Alert settings from the client: kept until the service exists (their problems are answered at once). */
  setAlertSettings(settings: Partial<AlertSettings> | null | undefined, changed: boolean): { problems: string[] };
  /** The service (loaded and created on first call after `start()`). */
  service(): Promise<MonitoringService>;
  /** Database drivers loaded so far (none until the service's code has loaded). */
  loadedDrivers(): string[];
  dispose(): Promise<void>;
}

/** With no document to lint and no request, the service loads this long after start. */
const LOAD_FALLBACK_MS = 1000;

export function registerMonitoringFeature(ctx: FeatureContext, connections: ConnectionsFeature, version: string): MonitoringFeature {
  const { connection } = ctx;
  const warn = (m: string): void => connection.console.warn(`DB Pulse: ${m}`);
  let created: MonitoringService | undefined;
  let pendingAlerts: { settings: Partial<AlertSettings> | null | undefined; changed: boolean } | undefined;
  let resolveStarted!: () => void;
  const started = new Promise<void>((r) => (resolveStarted = r));
  let fallback: NodeJS.Timeout | undefined;
  const service = async (): Promise<MonitoringService> => {
    await started;
    return create();
  };
  const ready = async (): Promise<MonitoringService> => {
    const s = await service();
    await s.ready();
    return s;
  };

  const create = (): MonitoringService => {
    if (created) return created;
    if (fallback) clearTimeout(fallback);
    const { MonitoringService } = loadMonitoring();
    const storageDir = ctx.options().storagePath ?? ctx.options().globalStoragePath;
    const s = new MonitoringService({
      version,
      secretFor: (config) => connections.secretFor(config),
      // A failed lookup rejects (nothing is sent then); only the client's `null` means "no secret set".
      alertSecretFor: (target) => connection.sendRequest(GetAlertSecretRequest.type, target),
      skipReason: (config) => connections.skipReason(config),
      channelUsable: (c) => ctx.options().workspaceTrusted || c.scope === 'user',
      storage: storageDir
        ? {
            historyDir: path.join(storageDir, 'history'),
            role: 'auto',
            diagnosisDir: path.join(storageDir, 'diagnosis'),
            stateDir: storageDir,
          }
        : undefined,
      noStorageNote: 'no workspace storage: history and learned diagnoses are not kept',
      settings: engineSettings(ctx.options().monitoring, warn),
      probeOnSight: true,
      llm: settingsBackedAsker(connection),
    });
    s.on('log', (m) => connection.console.info(`DB Pulse: ${m}`));
    s.on('warn', warn);
    s.on('health', (h) => connections.publish(h));
    s.on('predictionAlert', (p) => void connection.sendNotification(PredictionAlertNotification.type, p));
    s.on('diagnosisRefined', (p) => void connection.sendNotification(DiagnosisRefinedNotification.type, p));
    connections.onConnectionsChanged((list) => s.setConnections(list));
    connections.onTrustChanged(() => s.refreshEligibility());
    s.setConnections(connections.connections());
    if (pendingAlerts) s.setAlertSettings(pendingAlerts.settings, pendingAlerts.changed);
    created = s;
    return s;
  };

  connection.onRequest(MonitoringStatusRequest.type, async () => (await ready()).status());
  connection.onRequest(SetMonitoringRequest.type, async (p) => (await ready()).setMonitoring(p));
  connection.onRequest(ProbeConnectionRequest.type, async (p) =>
    'connectionId' in p ? (await ready()).probeNow(p.connectionId) : (await ready()).probeUnsaved(p.config, p.secret),
  );
  connection.onRequest(ProbeAllRequest.type, async () => (await ready()).probeAll());
  connection.onRequest(HistorySeriesRequest.type, async (p) => (await ready()).series(p));
  connection.onRequest(UptimeRequest.type, async (p) => (await ready()).uptime(p.connectionId));
  connection.onRequest(ErrorCountsRequest.type, async (p) => (await ready()).errorCounts(p));
  connection.onRequest(LastResultsRequest.type, async (p) => (await ready()).lastResults(p.connectionId, p.limit));
  connection.onRequest(PredictRequest.type, async (p) => (await ready()).prediction(p.connectionId));
  connection.onRequest(AnalyzeErrorRequest.type, async (p) => (await ready()).analyse(p));
  connection.onRequest(FeedbackRequest.type, async (p) => (await ready()).feedback(p));
  connection.onRequest(AuditRequest.type, async (p) => (await ready()).audit(p.action, p.connectionId, p.details));

  return {
    start() {
      resolveStarted();
      fallback = setTimeout(() => void service(), LOAD_FALLBACK_MS);
      fallback.unref();
    },
    setAlertSettings(settings, changed) {
      if (created) return created.setAlertSettings(settings, changed);
      // An earlier unsent change still counts as a change (it is audited once the service exists).
      pendingAlerts = { settings, changed: changed || (pendingAlerts?.changed ?? false) };
      return { problems: checkAlertSettings(settings).problems };
    },
    configPublished() {
      if (!created) setImmediate(() => void service());
    },
    service,
    loadedDrivers: () => (created ? loadMonitoring().loadedDrivers() : []),
    async dispose() {
      if (fallback) clearTimeout(fallback);
      await created?.dispose().catch((e: unknown) => warn(`stopping monitoring: ${errorMessage(e)}`));
    },
  };
}

/**
 * The service's code on first use: bundled, `dist/monitoring.js` next to the running bundle (a
 * bundle of its own, so the server's start compiles none of it); from sources (tsx, tests), the
 * module itself. A non-literal require keeps esbuild from inlining it into the server bundle.
 */
export function loadMonitoring(): typeof MonitoringModule {
  const dynamicRequire: (id: string) => unknown = require;
  const bundled = path.join(__dirname, 'monitoring.js');
  return dynamicRequire(fs.existsSync(bundled) ? bundled : '../monitoring') as typeof MonitoringModule;
}

/** The user's overrides of the engine defaults (`dbpulse.monitoring.*`); a bad value is reported and the defaults stand. */
function engineSettings(raw: Record<string, unknown> | undefined, warn: (m: string) => void): Partial<EngineSettings> | undefined {
  const requested = Object.fromEntries(
    Object.entries(raw ?? {}).filter(([k, v]) => (MONITORING_SETTING_KEYS as readonly string[]).includes(k) && typeof v === 'number'),
  );
  try {
    resolveSettings(requested);
    return requested;
  } catch (err) {
    warn(`dbpulse.monitoring settings ignored: ${errorMessage(err)}`);
    return undefined;
  }
}
