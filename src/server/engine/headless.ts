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
import type { ConnectionConfig, ConnectionSecret } from '../../shared/connection';
import type { ConnectionHealth } from '../../shared/health';
import { errorMessage } from '../../shared/errors';
import { MonitoringService } from '../monitoring';
import { HistoryStore } from '../store';
import type { Clock } from './clock';
import type { ProbeRunner } from './deadline';
import { resolveSettings, type EngineSettings } from './defaults';
import { formatEvent, type LogFormat } from './eventLog';
import { alertSecretValues, missingAlertEnv, parseHeadlessAlerts, readAlertSecret, type HeadlessAlerts } from './headlessAlerts';
import { readRegularText } from '../config/regularFile';
import { takeShard, type Shard } from '../fleet/shard';
import {
  HeadlessConfigError,
  missingSecretEnv,
  parseHeadlessConfig,
  secretFromEnv,
  type HeadlessConnection,
  type SecretFileReader,
} from './headlessConfig';
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
  /** Monitor only the connections of this shard (`--shard I/N`). */
  shard?: Shard;
  /** Told how long each probe result took to be acknowledged by the store, seconds. */
  observeStoreWrite?: (seconds: number) => void;
  /** The probe; the real `runProbe` (classified by the service's diagnoser) by default. */
  probe?: ProbeRunner;
  clock?: Clock;
  openStore?: (dir: string) => Promise<HistoryStore>;
  /** Start without scheduling (for `--once`). */
  unscheduled?: boolean;
  /** DB Pulse's version, for the alert payloads' `User-Agent`. */
  version?: string;
}

/** What a reload changed (connection ids). */
export interface ReloadOutcome {
  added: string[];
  changed: string[];
  removed: string[];
}

export interface HeadlessMonitor {
  readonly service: MonitoringService;
  /** The connections monitored now (this shard's). */
  connections(): ConnectionConfig[];
  /**
   * Reads the config again and applies it: added connections start, removed ones stop, the
   * unchanged ones keep their history, breaker and schedule. A config that does not load is
   * refused (HeadlessUsageError) and the running set is kept.
   */
  reload(reason: string): Promise<ReloadOutcome>;
  /** False once the store is closed (the monitor stopped). */
  storeOpen(): boolean;
  /** Called after every applied reload with the new connection list. */
  onReload(listener: (connections: ConnectionConfig[]) => void): { dispose(): void };
  /** Stops monitoring, waits for in-flight probes (up to the grace period) and alerts, and closes the store. Idempotent. */
  stop(reason?: string): Promise<void>;
}

/** Errors the user caused (bad config, missing variables): the CLI exits 2 on these. */
export class HeadlessUsageError extends Error {}

/** Bound on a secret file (a password, key or service-account JSON). */
const MAX_SECRET_FILE_BYTES = 64 * 1024;

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

/** Secret files are named relative to the config file's folder. */
function secretFileReader(configPath: string): SecretFileReader {
  return (file) => readRegularText(path.resolve(path.dirname(configPath), file), MAX_SECRET_FILE_BYTES);
}

/** Masks every secret the config's environment variables, secret files and alert secrets hold, plus URL passwords. */
export function makeLogRedactor(
  connections: HeadlessConnection[],
  env: NodeJS.ProcessEnv,
  readFile?: SecretFileReader,
  alertSecrets: readonly string[] = [],
): Redactor {
  const secrets: ConnectionSecret[] = connections
    .map((c) => secretFromEnv(c, env, readFile))
    .filter((s): s is ConnectionSecret => s !== null);
  for (const v of alertSecrets) secrets.push({ password: v });
  return makeRedactor({ secrets, secretUsers: connections.map((c) => c.config.user) });
}

interface LoadedConfig {
  connections: HeadlessConnection[];
  interval?: IntervalSpec;
  warnings: string[];
  /** Connections in the file, before the shard took its part. */
  total: number;
  /** The file's `alerts` object, as written (checked by parseHeadlessAlerts). */
  alerts?: unknown;
}

/** Reads, parses and checks the config, and takes this shard's connections. Throws HeadlessUsageError. */
async function readHeadlessConfig(o: HeadlessOptions, readFile: SecretFileReader): Promise<LoadedConfig> {
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
  const connections = takeShard(config.connections, (c) => c.config.id, o.shard);
  const missing = missingSecretEnv({ connections }, o.env, readFile);
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
  for (const c of connections)
    if (c.config.interval !== undefined) checkInterval(c.config.interval, `connection "${c.config.id}" interval`);
  if (o.shard && connections.length === 0)
    warnings.push(
      `shard ${o.shard.index}/${o.shard.count} takes none of the ${config.connections.length} connection(s); waiting for a reload`,
    );
  return {
    connections,
    ...(interval !== undefined ? { interval } : {}),
    warnings,
    total: config.connections.length,
    alerts: config.alerts,
  };
}

export async function startHeadlessMonitor(o: HeadlessOptions): Promise<HeadlessMonitor> {
  const readFile = secretFileReader(o.configPath);
  let loaded = await readHeadlessConfig(o, readFile);

  let alerts: HeadlessAlerts;
  try {
    alerts = parseHeadlessAlerts(loaded.alerts, o.configPath, path.dirname(o.configPath));
  } catch (err) {
    if (err instanceof HeadlessConfigError) throw new HeadlessUsageError(err.message);
    throw err;
  }
  const missingAlerts = missingAlertEnv(alerts, o.env);
  if (missingAlerts.length) throw new HeadlessUsageError(`environment variables not set: ${missingAlerts.join(', ')}`);

  const format = o.logFormat ?? 'text';
  const alertValues = alertSecretValues(alerts, o.env);
  let redact = makeLogRedactor(loaded.connections, o.env, readFile, alertValues);
  const say = (message: string, extra: Record<string, unknown> = {}): void =>
    o.log(
      format === 'json'
        ? JSON.stringify({ event: 'log', message: redact(message), ...extra }) + '\n'
        : `dbpulse monitor: ${redact(message)}\n`,
    );
  for (const w of loaded.warnings) say(`warning: ${w}`);

  let byId = new Map(loaded.connections.map((c) => [c.config.id, c]));
  const openStore = o.openStore;
  const observe = o.observeStoreWrite;
  // The store write latency, measured where the service hands results to the store.
  const timed = async (dir: string, role: 'auto' | 'writer'): Promise<HistoryStore> => {
    const store = await (openStore ? openStore(dir) : HistoryStore.open({ dir, role }));
    if (!observe) return store;
    const append = store.appendProbe.bind(store);
    store.appendProbe = async (result) => {
      const t0 = performance.now();
      await append(result);
      observe((performance.now() - t0) / 1000);
    };
    return store;
  };
  const service = new MonitoringService({
    version: o.version ?? '0.0.0-dev',
    secretFor: async (c) => {
      const entry = byId.get(c.id);
      return entry ? secretFromEnv(entry, o.env, readFile) : null;
    },
    alertSecretFor: async (target) => readAlertSecret(alerts, o.env, target),
    storage: { historyDir: o.storageDir, role: 'writer', diagnosisDir: path.join(o.storageDir, DIAGNOSIS_DIR) },
    settings: o.settings,
    initialState: { version: 1, enabled: false, interval: loaded.interval ?? o.settings?.intervalMs ?? 300_000, overrides: {} },
    ...(o.probe ? { probe: o.probe } : {}),
    ...(o.clock ? { clock: o.clock } : {}),
    ...(openStore || observe ? { openStore: timed } : {}),
  });
  service.on('engine', (event) => o.log(formatEvent(event, format, (text) => redact(text))));
  service.on('log', (m) => say(m));
  service.on('warn', (m) => say(`warning: ${m}`));
  await service.ready(); // a store another process writes fails here (exit 1)
  service.setAlertSettings(alerts.settings);
  service.setConnections(loaded.connections.map((c) => c.config));
  const shardText = o.shard ? ` (shard ${o.shard.index}/${o.shard.count} of ${loaded.total})` : '';
  if (!o.unscheduled) {
    await service.setMonitoring({ enabled: true });
    say(`monitoring ${loaded.connections.length} connection(s)${shardText} into ${o.storageDir}`, {
      connections: loaded.connections.length,
    });
  }

  const reloadListeners = new Set<(connections: ConnectionConfig[]) => void>();
  let reloading: Promise<unknown> = Promise.resolve();
  const applyReload = async (reason: string): Promise<ReloadOutcome> => {
    let next: LoadedConfig;
    try {
      next = await readHeadlessConfig(o, readFile);
    } catch (err) {
      say(`reload (${reason}) refused, still monitoring ${byId.size} connection(s): ${errorMessage(err)}`);
      throw err;
    }
    const before = byId;
    const outcome: ReloadOutcome = { added: [], changed: [], removed: [] };
    for (const c of next.connections) {
      const old = before.get(c.config.id);
      if (!old) outcome.added.push(c.config.id);
      else if (JSON.stringify(old) !== JSON.stringify(c)) outcome.changed.push(c.config.id);
    }
    const nextIds = new Set(next.connections.map((c) => c.config.id));
    for (const id of before.keys()) if (!nextIds.has(id)) outcome.removed.push(id);
    for (const w of next.warnings) say(`warning: ${w}`);
    // The new secrets are known to the redactor before a probe can use them.
    redact = makeLogRedactor([...before.values(), ...next.connections], o.env, readFile, alertValues);
    byId = new Map(next.connections.map((c) => [c.config.id, c]));
    service.setConnections(next.connections.map((c) => c.config));
    if (!o.unscheduled && next.interval !== loaded.interval)
      await service.setMonitoring({ enabled: true, interval: next.interval ?? o.settings?.intervalMs ?? 300_000 });
    // The removed connections' secrets stay in the redactor: their abandoned rounds may still log.
    loaded = next;
    say(
      `reloaded (${reason}): ${next.connections.length} connection(s); added ${outcome.added.length}, changed ${outcome.changed.length}, removed ${outcome.removed.length}`,
      { added: outcome.added, changed: outcome.changed, removed: outcome.removed },
    );
    const list = (service.parts()?.engine.snapshot() ?? [])
      .map((s) => byId.get(s.connectionId)?.config)
      .filter((c): c is ConnectionConfig => c !== undefined);
    for (const listener of reloadListeners) {
      try {
        listener(list);
      } catch {
        // A listener's bug must not stop the monitor.
      }
    }
    return outcome;
  };

  let stopping: Promise<void> | undefined;
  let storeOpen = true;
  return {
    service,
    storeOpen: () => storeOpen,
    connections: () => [...byId.values()].map((c) => c.config),
    reload(reason) {
      if (stopping) return Promise.reject(new Error('the monitor is stopping'));
      // One reload at a time, in the order asked.
      const run = reloading.then(() => applyReload(reason));
      reloading = run.catch(() => undefined);
      return run;
    },
    onReload(listener) {
      reloadListeners.add(listener);
      return { dispose: () => void reloadListeners.delete(listener) };
    },
    stop(reason = 'stop requested') {
      stopping ??= (async () => {
        await reloading;
        say(`stopping (${reason}): finishing in-flight probes`);
        await service.dispose();
        storeOpen = false;
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
