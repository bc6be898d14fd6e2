/**
 * The engine without an editor (`dbpulse monitor`): reads the JSON config,
 * takes secrets from the environment variables it names, writes every result
 * and transition to the history store in `--storage`, logs to the given sink
 * (stderr), and on `stop()` finishes or abandons in-flight probes and closes
 * the store so everything acknowledged is on disk.
 */
import { promises as fsp } from 'node:fs';
import type { ConnectionSecret } from '../../shared/connection';
import type { ProbeResult } from '../../shared/probe';
import { runProbe } from '../probes/runProbe';
import { describeStoreReport, HistoryStore } from '../store';
import type { StoreReport } from '../store';
import type { Clock } from './clock';
import type { ProbeRunner } from './deadline';
import { resolveSettings, type EngineSettings } from './defaults';
import { MonitorEngine } from './engine';
import { formatEvent, type LogFormat } from './eventLog';
import type { ResultSink } from './events';
import { HeadlessConfigError, missingSecretEnv, parseHeadlessConfig, secretFromEnv, type HeadlessConnection } from './headlessConfig';
import { makeRedactor, type Redactor } from '../secrets';
import { parseSchedule, type IntervalSpec } from './schedule';
import { errorMessage } from '../../shared/errors';

/** What the headless monitor needs from the store: `HistoryStore` as it is. */
export interface HeadlessStore extends ResultSink {
  close(): Promise<void>;
  readonly reports?: readonly StoreReport[];
}

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
  /** The probe; the real `runProbe` by default. */
  probe?: ProbeRunner;
  clock?: Clock;
  openStore?: (dir: string) => Promise<HeadlessStore>;
  /** Start without scheduling (for `--once`). */
  unscheduled?: boolean;
}

export interface HeadlessMonitor {
  readonly engine: MonitorEngine;
  /** Stops monitoring, waits for in-flight probes (up to the grace period) and closes the store. Idempotent. */
  stop(reason?: string): Promise<void>;
}

/** Errors the user caused (bad config, missing variables): the CLI exits 2 on these. */
export class HeadlessUsageError extends Error {}

const defaultOpenStore = async (dir: string): Promise<HeadlessStore> => HistoryStore.open({ dir, role: 'writer' });

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

/** Masks every secret the config's environment variables hold, plus URL passwords. */
export function makeLogRedactor(connections: HeadlessConnection[], env: NodeJS.ProcessEnv): Redactor {
  const secrets: ConnectionSecret[] = connections.map((c) => secretFromEnv(c, env)).filter((s): s is ConnectionSecret => s !== null);
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

  const format = o.logFormat ?? 'text';
  const redact = makeLogRedactor(config.connections, o.env);
  const say = (message: string, extra: Record<string, unknown> = {}): void =>
    o.log(
      format === 'json'
        ? JSON.stringify({ event: 'log', message: redact(message), ...extra }) + '\n'
        : `dbpulse monitor: ${redact(message)}\n`,
    );
  for (const w of warnings) say(`warning: ${w}`);

  const store = await (o.openStore ?? defaultOpenStore)(o.storageDir);
  for (const report of store.reports ?? []) say(`store: ${describeStoreReport(report)}`);

  const byId = new Map(config.connections.map((c) => [c.config.id, c]));
  const engine = new MonitorEngine({
    probe: o.probe ?? ((req) => runProbe(req)),
    secrets: async (c) => {
      const entry = byId.get(c.id);
      return entry ? secretFromEnv(entry, o.env) : null;
    },
    sink: store,
    clock: o.clock,
    settings: o.settings,
    initialState: { version: 1, enabled: false, interval: interval ?? o.settings?.intervalMs ?? 300_000, overrides: {} },
  });
  engine.on((event) => o.log(formatEvent(event, format, redact)));
  engine.setConnections(config.connections.map((c) => c.config));
  if (!o.unscheduled) {
    await engine.enable();
    say(`monitoring ${config.connections.length} connection(s) into ${o.storageDir}`, { connections: config.connections.length });
  }

  let stopping: Promise<void> | undefined;
  return {
    engine,
    stop(reason = 'stop requested') {
      stopping ??= (async () => {
        say(`stopping (${reason}): finishing in-flight probes`);
        await engine.stop();
        try {
          await store.close();
        } catch (err) {
          say(`store close failed: ${errorMessage(err)}`);
        }
        const s = engine.stats();
        say(`stopped: ${s.completed} probe(s), ${s.stored} result(s) stored, ${s.abandoned} abandoned, ${s.storeErrors} store error(s)`, {
          completed: s.completed,
          stored: s.stored,
        });
      })();
      return stopping;
    },
  };
}

/** One pass over every connection (`dbpulse monitor --once`): no schedule, no retries. */
export async function probeOnceHeadless(o: HeadlessOptions): Promise<ProbeResult[]> {
  const monitor = await startHeadlessMonitor({ ...o, unscheduled: true });
  try {
    return await monitor.engine.probeAllNow();
  } finally {
    await monitor.stop('--once done');
  }
}
