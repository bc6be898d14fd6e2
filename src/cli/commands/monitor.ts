/**
 * `dbpulse monitor --config FILE --storage DIR`: the monitoring engine without
 * an editor, for CI and servers. Logs to stderr (never a secret); stops
 * cleanly on SIGTERM/SIGINT, finishing or abandoning in-flight probes and
 * closing the store, so every result logged as stored is on disk.
 */
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { HeadlessUsageError, startHeadlessMonitor } from '../../server/engine/headless';
import { ScheduleError } from '../../server/engine/schedule';
import { describeStoreReport, HistoryStore } from '../../server/store';
import type { StoreReport } from '../../server/store';
import { watchConfigFile, type ConfigWatcher } from '../../server/fleet/configWatch';
import { parseShard, ShardError, type Shard } from '../../server/fleet/shard';
import { AddressError, parseListenAddress, type ListenAddress } from '../../server/serve/address';
import { loadToken, TokenError } from '../../server/serve/auth';
import { ServeError } from '../../server/serve/httpServer';
import { startTeamServices, TeamServiceError, type TeamServices } from '../../server/team/services';
import { headlessTeamSource } from '../../server/team/source';
import type { CliIo } from '../io';
import type { Subcommand } from '../main';
import { errorMessage } from '../../shared/errors';

declare const DBPULSE_VERSION: string;
const version = typeof DBPULSE_VERSION === 'string' ? DBPULSE_VERSION : '0.0.0-dev';

const USAGE = `Usage: dbpulse monitor --config FILE --storage DIR [options]

Runs the monitoring engine headless: probes every connection in FILE on its
interval, retries with backoff, keeps a circuit breaker per connection, and
writes every result and state change to the history store in DIR (read it
with 'dbpulse history --storage DIR'). Stops cleanly on SIGTERM or SIGINT.

FILE is JSON: { "connections": [ { "id", "name", "provider", "host", ...,
  "passwordEnv": "PG_PASSWORD", "apiKeyEnv": ..., "serviceAccountEnv": ...,
  "interval": 60000 | "*/5 * * * *" } ], "intervalMs": 300000,
  "alerts": { ...the editor's dbpulse.alerts.* settings, without the prefix } }
Secrets are read from the environment variables named there, never from FILE;
an alert channel names its secret with "secretEnv" (webhooks), "passwordEnv"
(email), "apiKeyEnv" (resend), "tokenEnv" (alertmanager), "credentialsEnv"
(sms), or the same with "File" for a file holding it.

History holds every result with its diagnosis category, the forecasts, state
changes and each alert's delivery outcome, as the editor's does.

Options:
  --config FILE        connections to monitor (required)
  --storage DIR        history store directory (required; created if missing)
  --interval SPEC      default interval: milliseconds or a cron expression
                       (overrides "intervalMs"; a connection's "interval" wins)
  --concurrency N      at most N probes at once (default 8)
  --retries N          retries after a failed probe within a round (default 5;
                       0 reports every failure at once, e.g. for Prometheus)
  --duration MS        stop by itself after MS milliseconds
  --once               probe every connection once, store, and exit:
                       0 when none is down, 1 otherwise
  --log text|json      stderr log format (default text)
  --shard I/N          monitor only the connections of shard I of N (1-based):
                       32-bit FNV-1a of the connection id, mod N, plus 1
  --metrics HOST:PORT  serve Prometheus metrics at /metrics, plus /healthz
                       and /readyz (e.g. 127.0.0.1:9464)
  --metrics-host-label add a "host" label to the metrics (off: host names
                       can be sensitive)
  --serve HOST:PORT    serve the read-only team JSON API under /api/v1/;
                       needs a bearer token unless bound to loopback
  --token-file FILE    the team API's bearer token (else $DBPULSE_TEAM_TOKEN)
  --tls-cert FILE, --tls-key FILE
                       serve the team API (and metrics on the same address)
                       over TLS with this PEM certificate and key
  --no-watch           do not reload when FILE changes (SIGHUP still does)

Connections may also read secrets from files ("passwordFile", "apiKeyFile",
"serviceAccountFile", relative to FILE's folder: Docker/Kubernetes secrets).
SIGHUP or a change to FILE reloads it: added connections start, removed ones
stop, unchanged ones keep their history and breaker; a bad FILE is refused
and the running set kept. See docs/team.md.

Exit status: 0 stopped cleanly, 1 runtime failure (store locked by another
process, unreadable storage, port in use), 2 usage or config error, 3 some
results or state changes were NOT stored (a store write failed, or another
process took the writer lock: monitoring then stops). With --once, 3 wins over 1.
A writer.lock deleted while running is taken back (and logged).`;

type Signals = Pick<NodeJS.Process, 'on' | 'once' | 'removeListener'>;

export interface MonitorCommandDeps {
  /** Where SIGTERM/SIGINT come from (the process; tests may pass an emitter). */
  signals?: Signals;
}

export function createMonitorCommand(deps: MonitorCommandDeps = {}): Subcommand {
  return {
    summary: 'run the monitoring engine headless (CI, servers)',
    usage: USAGE,
    run: (args, io) => runMonitor(args, io, deps.signals ?? process),
  };
}

export const command: Subcommand = createMonitorCommand();

async function runMonitor(args: string[], io: CliIo, signals: Signals): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        config: { type: 'string' },
        storage: { type: 'string' },
        interval: { type: 'string' },
        concurrency: { type: 'string' },
        retries: { type: 'string' },
        duration: { type: 'string' },
        once: { type: 'boolean' },
        log: { type: 'string' },
        shard: { type: 'string' },
        metrics: { type: 'string' },
        'metrics-host-label': { type: 'boolean' },
        serve: { type: 'string' },
        'token-file': { type: 'string' },
        'tls-cert': { type: 'string' },
        'tls-key': { type: 'string' },
        'no-watch': { type: 'boolean' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    io.stderr(`dbpulse monitor: ${(err as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  const usage = (message: string): number => {
    io.stderr(`dbpulse monitor: ${message}\nRun 'dbpulse monitor --help' for usage.\n`);
    return 2;
  };
  if (typeof values.config !== 'string') return usage('--config FILE is required');
  if (typeof values.storage !== 'string') return usage('--storage DIR is required');
  const logFormat = values.log ?? 'text';
  if (logFormat !== 'text' && logFormat !== 'json') return usage('--log must be text or json');
  const concurrency = values.concurrency === undefined ? undefined : Number(values.concurrency);
  if (concurrency !== undefined && !(Number.isInteger(concurrency) && concurrency >= 1))
    return usage('--concurrency must be a whole number of at least 1');
  const retries = values.retries === undefined ? undefined : Number(values.retries);
  if (retries !== undefined && !(Number.isInteger(retries) && retries >= 0 && retries <= 20))
    return usage('--retries must be a whole number from 0 to 20');
  const duration = values.duration === undefined ? undefined : Number(values.duration);
  if (duration !== undefined && !(Number.isFinite(duration) && duration > 0))
    return usage('--duration must be a positive number of milliseconds');
  const interval =
    typeof values.interval === 'string' ? (/^\d+$/.test(values.interval) ? Number(values.interval) : values.interval) : undefined;

  let shard: Shard | undefined;
  let metricsAt: ListenAddress | undefined;
  let serveAt: ListenAddress | undefined;
  let token: string | undefined;
  try {
    if (typeof values.shard === 'string') shard = parseShard(values.shard);
    if (typeof values.metrics === 'string') metricsAt = parseListenAddress(values.metrics, '--metrics');
    if (typeof values.serve === 'string') serveAt = parseListenAddress(values.serve, '--serve');
    if (serveAt) {
      const file = typeof values['token-file'] === 'string' ? path.resolve(io.cwd, values['token-file']) : undefined;
      token = loadToken({ envName: 'DBPULSE_TEAM_TOKEN', env: io.env, ...(file ? { file } : {}) });
    }
  } catch (err) {
    if (err instanceof ShardError || err instanceof AddressError || err instanceof TokenError) return usage(err.message);
    throw err;
  }
  const certFile = values['tls-cert'];
  const keyFile = values['tls-key'];
  if ((typeof certFile === 'string') !== (typeof keyFile === 'string')) return usage('--tls-cert and --tls-key go together');
  if (values.once && (metricsAt || serveAt)) return usage('--metrics and --serve need a running monitor, not --once');

  // Store failures decide the exit status; a lost writer lock stops the run (see storeWatch).
  const watch = storeWatch(io, logFormat as 'text' | 'json');
  const options = {
    openStore: watch.open,
    configPath: path.resolve(io.cwd, values.config),
    storageDir: path.resolve(io.cwd, values.storage),
    env: io.env,
    version,
    log: (line: string) => io.stderr(line),
    logFormat: logFormat as 'text' | 'json',
    ...(interval !== undefined ? { interval } : {}),
    settings: {
      ...(concurrency !== undefined ? { maxConcurrentProbes: concurrency } : {}),
      ...(retries !== undefined ? { maxRetries: retries } : {}),
    },
    ...(shard ? { shard } : {}),
  };

  const fail = (err: unknown): number => {
    if (err instanceof HeadlessUsageError || err instanceof ScheduleError || err instanceof TeamServiceError) return usage(err.message);
    io.stderr(`dbpulse monitor: ${errorMessage(err)}\n`);
    return 1;
  };

  if (values.once) {
    let once: Awaited<ReturnType<typeof startHeadlessMonitor>>;
    try {
      once = await startHeadlessMonitor({ ...options, unscheduled: true });
    } catch (err) {
      return fail(err);
    }
    let down = false;
    try {
      down = (await once.service.probeAll()).some((r) => r.state === 'down');
    } finally {
      await once.stop('--once done');
    }
    return watch.exitStatus((await once.service.stats()).storeErrors) ?? (down ? 1 : 0);
  }

  // (main.ts loads this module only for `dbpulse monitor`, so `dbpulse --help` loads no engine or store.)
  // The listeners come first: a port in use fails before the store is opened; /readyz waits for the monitor.
  let team: TeamServices | undefined;
  if (metricsAt || serveAt) {
    try {
      team = await startTeamServices({
        ...(metricsAt ? { metrics: metricsAt } : {}),
        ...(serveAt ? { serve: serveAt } : {}),
        ...(token !== undefined ? { token } : {}),
        ...(typeof certFile === 'string' && typeof keyFile === 'string'
          ? { tls: { certFile: path.resolve(io.cwd, certFile), keyFile: path.resolve(io.cwd, keyFile) } }
          : {}),
        hostLabel: values['metrics-host-label'] === true,
      });
    } catch (err) {
      if (err instanceof ServeError) {
        io.stderr(`dbpulse monitor: ${err.message}\n`);
        return 1;
      }
      return fail(err);
    }
  }
  let monitor: Awaited<ReturnType<typeof startHeadlessMonitor>>;
  try {
    monitor = await startHeadlessMonitor({
      ...options,
      ...(team ? { observeStoreWrite: (s: number) => team.metrics.observeStoreWrite(s) } : {}),
    });
  } catch (err) {
    await team?.close();
    return fail(err);
  }
  // The one place the team services meet the monitor (re-pointed at the monitoring service later).
  team?.attach(headlessTeamSource(monitor));
  const say = (line: string): void =>
    io.stderr(logFormat === 'json' ? JSON.stringify({ event: 'log', message: line }) + '\n' : `dbpulse monitor: ${line}\n`);
  if (team?.urls.metrics) say(`metrics at ${team.urls.metrics}/metrics`);
  if (team?.urls.serve) say(`team API at ${team.urls.serve}/api/v1/${token === undefined ? ' (loopback, no token)' : ''}`);

  const reload = (reason: string): void => void monitor.reload(reason).catch(() => undefined); // refused reloads are logged
  const onHup = (): void => reload('SIGHUP');
  signals.on('SIGHUP', onHup);
  const watcher: ConfigWatcher | undefined = values['no-watch']
    ? undefined
    : watchConfigFile(options.configPath, () => reload('config file changed'), { onError: say });

  await new Promise<void>((resolve) => {
    let timer: NodeJS.Timeout | undefined;
    const finish = (reason: string): void => {
      signals.removeListener('SIGTERM', onTerm);
      signals.removeListener('SIGINT', onInt);
      signals.removeListener('SIGHUP', onHup);
      watcher?.close();
      if (timer) clearTimeout(timer);
      void monitor
        .stop(reason)
        .catch((err: unknown) => {
          io.stderr(`dbpulse monitor: stopping failed: ${errorMessage(err)}\n`);
        })
        .then(() => team?.close())
        .then(resolve, resolve);
    };
    const onTerm = (): void => finish('SIGTERM');
    const onInt = (): void => finish('SIGINT');
    signals.once('SIGTERM', onTerm);
    signals.once('SIGINT', onInt);
    if (duration !== undefined) timer = setTimeout(() => finish(`--duration ${duration} ms elapsed`), duration);
    watch.onLockLost(() => finish('the writer lock was lost'));
  });
  return watch.exitStatus((await monitor.service.stats()).storeErrors) ?? 0;
}

/** Exit status when history was not stored (a write failed, or the writer lock was lost). */
const NOT_STORED = 3;

/**
 * Opens the writer store with its later reports logged (lock taken back, lock lost), and
 * tells the run when another process has taken the lock.
 */
function storeWatch(io: CliIo, format: 'text' | 'json') {
  let lost = false;
  let onLost: () => void = () => {};
  const log = (r: StoreReport): void => {
    const message = `store: ${describeStoreReport(r)}`;
    io.stderr(format === 'json' ? `${JSON.stringify({ event: 'store', kind: r.kind, message })}\n` : `dbpulse monitor: ${message}\n`);
    if (r.kind === 'lock_lost') {
      lost = true;
      onLost();
    }
  };
  return {
    open: (dir: string) => HistoryStore.open({ dir, role: 'writer', onReport: log }),
    onLockLost: (f: () => void): void => {
      onLost = f;
      if (lost) f();
    },
    exitStatus: (storeErrors: number): number | undefined => {
      if (!lost && storeErrors === 0) return undefined;
      io.stderr(
        `dbpulse monitor: ${storeErrors} result(s) or state change(s) were NOT stored${lost ? ' (the writer lock was lost)' : ''}; exit ${NOT_STORED}\n`,
      );
      return NOT_STORED;
    },
  };
}
