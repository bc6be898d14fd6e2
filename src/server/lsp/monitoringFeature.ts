/**
 * LSP adapter for the monitoring service (src/server/monitoring): each request is one call into
 * the service, each notification one of its events. Handlers are registered when the server
 * module loads, before the `initialize` reply; they wait for `start()` (called from
 * `onInitialize` with the client's options) and for the service to be ready, so no request gets
 * MethodNotFound and opening the store never delays the first config diagnostics. Storage lives in
 * the workspace storage folder the client passes; with none, monitoring still runs without history.
 */
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
import { errorMessage } from '../../shared/errors';
import { MONITORING_SETTING_KEYS } from '../../shared/monitoringSettings';
import { resolveSettings, type EngineSettings } from '../engine/defaults';
import { MonitoringService } from '../monitoring';
import type { ConnectionsFeature } from './connectionsFeature';
import type { FeatureContext } from './context';
import { settingsBackedAsker } from './llmAsker';

export interface MonitoringFeature {
  /** Creates the service from the client's options (from `onInitialize`); returns at once. */
  start(): MonitoringService;
  /** The service, once `start()` has run. */
  service(): Promise<MonitoringService>;
  dispose(): Promise<void>;
}

export function registerMonitoringFeature(ctx: FeatureContext, connections: ConnectionsFeature, version: string): MonitoringFeature {
  const { connection } = ctx;
  const warn = (m: string): void => connection.console.warn(`DB Pulse: ${m}`);
  let started: MonitoringService | undefined;
  let resolveStarted!: (s: MonitoringService) => void;
  const starting = new Promise<MonitoringService>((r) => (resolveStarted = r));
  const ready = async (): Promise<MonitoringService> => {
    const s = await starting;
    await s.ready();
    return s;
  };

  const start = (): MonitoringService => {
    if (started) return started;
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
    started = s;
    resolveStarted(s);
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
    start,
    service: () => starting,
    async dispose() {
      await started?.dispose().catch((e: unknown) => warn(`stopping monitoring: ${errorMessage(e)}`));
    },
  };
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
