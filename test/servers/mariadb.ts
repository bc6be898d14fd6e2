/**
 * A real MariaDB (Debian packages) for the MySQL-protocol integration tests and
 * the bench: `mariadb-install-db` in a temp folder, `mariadbd --no-defaults`
 * on a reserved test port (ports.ts) on 127.0.0.1 with TLS from a self-signed certificate, unix
 * socket in the temp folder. `stop()` ends exactly the mariadbd it started.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as mysql from 'mysql2/promise';
import {
  canConnect,
  makeSelfSignedCert,
  makeTempDir,
  removeDir,
  runChecked,
  spawnServer,
  waitUntil,
  type Cert,
  type ServerProcess,
} from './common';
import { reservedPort } from './ports';

function which(cmd: string): string | undefined {
  const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

const MARIADBD = process.env.DBPULSE_MARIADBD ?? (fs.existsSync('/usr/sbin/mariadbd') ? '/usr/sbin/mariadbd' : which('mariadbd'));
const INSTALL_DB = which('mariadb-install-db');

export function mariadbUnavailable(): string | undefined {
  if (!MARIADBD || !INSTALL_DB) return 'MariaDB (mariadbd, mariadb-install-db) not found (run test/servers/install-deps.sh)';
  return undefined;
}

export interface MariaStartOptions {
  ssl?: boolean;
  maxConnections?: number;
  /** Start with performance_schema on (the advisors read its digests and index usage); off by default. */
  performanceSchema?: boolean;
}

export interface MariaServer {
  host: '127.0.0.1';
  port: number;
  socket: string;
  dataDir: string;
  cert: Cert;
  logFile: string;
  readonly pid: number | undefined;
  readonly running: boolean;
  /** Runs SQL as root over the unix socket. */
  admin<T = Record<string, unknown>>(sql: string, values?: unknown[]): Promise<T[]>;
  stop(): Promise<void>;
  /** Starts again on the same port and data; `ssl` overrides the TLS setting for this run. */
  start(overrides?: MariaStartOptions): Promise<void>;
  destroy(): Promise<void>;
}

export async function startMariaDb(options: MariaStartOptions = {}): Promise<MariaServer> {
  const why = mariadbUnavailable();
  if (why) throw new Error(why);
  const root = makeTempDir('dbpulse-maria-');
  const dataDir = path.join(root, 'data');
  const socket = path.join(root, 'mysqld.sock');
  const logFile = path.join(root, 'mariadb.log');
  runChecked(INSTALL_DB as string, [
    '--no-defaults',
    `--datadir=${dataDir}`,
    '--user=root',
    '--auth-root-authentication-method=normal',
    '--skip-test-db',
    '--skip-name-resolve',
  ]);
  const certDir = path.join(root, 'tls');
  fs.mkdirSync(certDir);
  const cert = makeSelfSignedCert(certDir);
  const port = await reservedPort();

  let proc: ServerProcess | undefined;
  const admin = async <T>(sql: string, values?: unknown[]): Promise<T[]> => {
    const c = await mysql.createConnection({ socketPath: socket, user: 'root', multipleStatements: true });
    try {
      const [rows] = await c.query(sql, values);
      return rows as T[];
    } finally {
      await c.end().catch(() => undefined);
    }
  };

  const start = async (overrides: MariaStartOptions = {}) => {
    if (proc?.running) return;
    const o = { ...options, ...overrides };
    const args = [
      '--no-defaults',
      '--user=root',
      `--datadir=${dataDir}`,
      `--socket=${socket}`,
      `--port=${port}`,
      '--bind-address=127.0.0.1',
      `--pid-file=${path.join(root, 'mariadbd.pid')}`,
      `--log-error=${logFile}`,
      '--skip-name-resolve',
      '--skip-log-bin',
      `--max-connections=${o.maxConnections ?? 151}`,
      '--innodb-buffer-pool-size=32M',
      '--innodb-log-file-size=16M',
      '--innodb-flush-log-at-trx-commit=0',
      `--performance-schema=${o.performanceSchema ? 'ON' : 'OFF'}`,
    ];
    if (o.ssl !== false) args.push(`--ssl-cert=${cert.certFile}`, `--ssl-key=${cert.keyFile}`, `--ssl-ca=${cert.caFile}`);
    proc = spawnServer('mariadbd', MARIADBD as string, args, { logFile });
    const p = proc;
    await waitUntil(
      async () => {
        if (!(await canConnect(port))) return false;
        await admin('SELECT 1');
        return true;
      },
      60000,
      'mariadbd',
      logFile,
      p,
    );
  };

  await start();
  return {
    host: '127.0.0.1',
    port,
    socket,
    dataDir,
    cert,
    logFile,
    get pid() {
      return proc?.running ? proc.pid : undefined;
    },
    get running() {
      return proc?.running ?? false;
    },
    admin,
    stop: async () => {
      await proc?.stop(['SIGTERM', 'SIGKILL'], 20000);
    },
    start,
    async destroy() {
      await proc?.stop(['SIGTERM', 'SIGKILL'], 20000);
      removeDir(root);
    },
  };
}
