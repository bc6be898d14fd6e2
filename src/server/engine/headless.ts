/**
 * The monitoring service without an editor (`dbpulse monitor`): reads the JSON
 * config, takes secrets from the environment variables (or files) it names, and
 * runs the same pipeline as the editor: every result, diagnosis category,
 * forecast, transition and alert outcome goes to the history store in
 * `--storage`, alerts go out through the same policy and senders, log lines go
 * to the given sink (stderr). `stop()` finishes or abandons in-flight probes,
 * waits for alerts in flight and closes the store, so everything acknowledged is on disk.
 */
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import type { ConnectionSecret } from '../../shared/connection';
import type { ConnectionHealth } from '../../shared/health';
import { MonitoringService } from '../monitoring';
import type { HistoryStore } from '../store';
import type { Clock } from './clock';
import type { ProbeRunner } from './deadline';
import { resolveSettings, type EngineSettings } from './defaults';
import { formatEvent, type LogFormat } from './eventLog';
import { alertSecretValues, missingAlertEnv, parseHeadlessAlerts, readAlertSecret, type HeadlessAlerts } from './headlessAlerts';
import { HeadlessConfigError, missingSecretEnv, parseHeadlessConfig, secretFromEnv, type HeadlessConnection } from './headlessConfig';
import { makeRedactor, type Redactor } from '../secrets';
import { parseSchedule, type IntervalSpec } from './schedule';

/** The diagnosis statistics live beside the history, in `<storage>/diagnosis`. */
export const DIAGNOSIS_DIR = 'diagnosis';

export interface HeadlessOptions {
  configPath: string;
  storageDir: string;
  env: NodeJS.ProcessEnv;
  /** Where log lines go (stderr). */
  log: (line: string) => void;
  logFormat?: LogFormat;
  /** Overrides the config's `intervalMs` (milliseconds or a cron expression). */
  interval?: IntervalSpec;
  settings?: Partial<EngineSettings>;
  /** The probe; the real `runProbe` (classified by the service's diagnoser) by default. */
  probe?: ProbeRunner;
  clock?: Clock;
  openStore?: (dir: string) => Promise<HistoryStore>;
  /** Start without scheduling (for `--once`). */
  unscheduled?: boolean;
  /** DB Pulse's version, for the alert payloads' `User-Agent`. */
  version?: string;
}

export interface HeadlessMonitor {
  readonly service: MonitoringService;
  /** Stops monitoring, waits for in-flight probes (up to the grace period) and alerts, and closes the store. Idempotent. */
  stop(reason?: string): Promise<void>;
}

/** Errors the user caused (bad config, missing variables): the CLI exits 2 on these. */
export class HeadlessUsageError extends Error {}

async function loadConfig(configPath: string): Promise<string> {
  try {
    return await fsp.readFile(configPath, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new HeadlessUsageError(
      code === 'ENOENT' ? `config file ${configPath} not found` : `cannot read config file ${configPath}: ${(err as Error).message}`,
    );
  }
}

/** Masks every secret the config's environment variables (and alert secret files) hold, plus URL passwords. */
export function makeLogRedactor(connections: HeadlessConnection[], env: NodeJS.ProcessEnv, alertSecrets: readonly string[] = []): Redactor {
  const secrets: ConnectionSecret[] = connections.map((c) => secretFromEnv(c, env)).filter((s): s is ConnectionSecret => s !== null);
  for (const v of alertSecrets) secrets.push({ password: v });
  return makeRedactor({ secrets, secretUsers: connections.map((c) => c.config.user) });
}

export async function startHeadlessMonitor(o: HeadlessOptions): Promise<HeadlessMonitor> {
  const text = await loadConfig(o.configPath);
  let parsed: ReturnType<typeof parseHeadlessConfig>;
  try {
    parsed = parseHeadlessConfig(text, o.configPath);
  } catch (err) {
    if (err instanceof HeadlessConfigError) throw new HeadlessUsageError(err.message);
    throw err;
  }
  const { config, warnings } = parsed;
  if (config.connections.length === 0) throw new HeadlessUsageError(`${o.configPath}: "connections" is empty: nothing to monitor`);
  const missing = missingSecretEnv(config, o.env);
  if (missing.length) throw new HeadlessUsageError(`environment variables not set: ${missing.join(', ')}`);

  const interval = o.interval ?? config.interval;
  // Intervals are checked before the store opens: a typo is a usage error, not a silent fallback.
  const minIntervalMs = resolveSettings(o.settings).minIntervalMs;
  const checkInterval = (spec: IntervalSpec, where: string): void => {
    try {
      parseSchedule(spec, minIntervalMs);
    } catch (err) {
      throw new HeadlessUsageError(`${where}: ${(err as Error).message}`);
    }
  };
  if (interval !== undefined) checkInterval(interval, 'interval');
  for (const c of config.connections)
    if (c.config.interval !== undefined) checkInterval(c.config.interval, `connection "${c.config.id}" interval`);

  let alerts: HeadlessAlerts;
  try {
    alerts = parseHeadlessAlerts(config.alerts, o.configPath, path.dirname(o.configPath));
  } catch (err) {
    if (err instanceof HeadlessConfigError) throw new HeadlessUsageError(err.message);
    throw err;
  }
  const missingAlerts = missingAlertEnv(alerts, o.env);
  if (missingAlerts.length) throw new HeadlessUsageError(`environment variables not set: ${missingAlerts.join(', ')}`);

  const format = o.logFormat ?? 'text';
  const redact = makeLogRedactor(config.connections, o.env, alertSecretValues(alerts, o.env));
  const say = (message: string, extra: Record<string, unknown> = {}): void =>
    o.log(
      format === 'json'
        ? JSON.stringify({ event: 'log', message: redact(message), ...extra }) + '\n'
        : `dbpulse monitor: ${redact(message)}\n`,
    );
  for (const w of warnings) say(`warning: ${w}`);

  const byId = new Map(config.connections.map((c) => [c.config.id, c]));
  const openStore = o.openStore;
  const service = new MonitoringService({
    version: o.version ?? '0.0.0-dev',
    secretFor: async (c) => {
      const entry = byId.get(c.id);
      return entry ? secretFromEnv(entry, o.env) : null;
    },
    alertSecretFor: async (target) => readAlertSecret(alerts, o.env, target),
    storage: { historyDir: o.storageDir, role: 'writer', diagnosisDir: path.join(o.storageDir, DIAGNOSIS_DIR) },
    settings: o.settings,
    initialState: { version: 1, enabled: false, interval: interval ?? o.settings?.intervalMs ?? 300_000, overrides: {} },
    ...(o.probe ? { probe: o.probe } : {}),
    ...(o.clock ? { clock: o.clock } : {}),
    ...(openStore ? { openStore: (dir: string) => openStore(dir) } : {}),
  });
  service.on('engine', (event) => o.log(formatEvent(event, format, redact)));
  service.on('log', (m) => say(m));
  service.on('warn', (m) => say(`warning: ${m}`));
  await service.ready(); // a store another process writes fails here (exit 1)
  service.setAlertSettings(alerts.settings);
  service.setConnections(config.connections.map((c) => c.config));
  if (!o.unscheduled) {
    await service.setMonitoring({ enabled: true });
    say(`monitoring ${config.connections.length} connection(s) into ${o.storageDir}`, { connections: config.connections.length });
  }

  let stopping: Promise<void> | undefined;
  return {
    service,
    stop(reason = 'stop requested') {
      stopping ??= (async () => {
        say(`stopping (${reason}): finishing in-flight probes`);
        await service.dispose();
        const after = await service.stats();
        say(
          `stopped: ${after.completed} probe(s), ${after.stored} result(s) stored, ${after.abandoned} abandoned, ${after.storeErrors} store error(s)`,
          {
            completed: after.completed,
            stored: after.stored,
          },
        );
      })();
      return stopping;
    },
  };
}

/** One pass over every connection (`dbpulse monitor --once`): no schedule, no retries. */
export async function probeOnceHeadless(o: HeadlessOptions): Promise<ConnectionHealth[]> {
  const monitor = await startHeadlessMonitor({ ...o, unscheduled: true });
  try {
    return await monitor.service.probeAll();
  } finally {
    await monitor.stop('--once done');
  }
}
