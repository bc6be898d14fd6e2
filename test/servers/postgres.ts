/**
 * A real PostgreSQL 15 (Debian packages) for the integration tests and the
 * bench: initdb in a temp folder owned by the `postgres` OS user, TLS with a
 * self-signed certificate, pg_stat_statements preloaded, unix socket in the
 * temp folder, a reserved test port (ports.ts) on 127.0.0.1. `stop()` ends exactly the postmaster
 * it started.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Client } from 'pg';
import {
  canConnect,
  chownTree,
  makeSelfSignedCert,
  makeTempDir,
  removeDir,
  runChecked,
  spawnServer,
  userIds,
  waitUntil,
  type Cert,
  type ServerProcess,
} from './common';
import { reservedPort } from './ports';

export const PG_BIN = process.env.DBPULSE_PG_BIN ?? '/usr/lib/postgresql/15/bin';

/** Why PostgreSQL cannot be started here, or undefined when it can. */
export function postgresUnavailable(): string | undefined {
  if (!fs.existsSync(path.join(PG_BIN, 'initdb')) || !fs.existsSync(path.join(PG_BIN, 'postgres'))) {
    return `PostgreSQL 15 binaries not found in ${PG_BIN} (run test/servers/install-deps.sh)`;
  }
  if (typeof process.getuid === 'function' && process.getuid() === 0 && !userIds('postgres'))
    return 'no `postgres` OS user to run the server as';
  return undefined;
}

export interface PgStartOptions {
  maxConnections?: number;
  ssl?: boolean;
  /** Extra pg_hba.conf lines, inserted before the defaults (first match wins). */
  hbaLines?: string[];
}

export interface PgServer {
  host: '127.0.0.1';
  port: number;
  socketDir: string;
  dataDir: string;
  cert: Cert;
  logFile: string;
  /** The postmaster's pid while running. */
  readonly pid: number | undefined;
  readonly running: boolean;
  /** Runs SQL as the superuser over the unix socket (trust auth). */
  admin<T = Record<string, unknown>>(sql: string, database?: string): Promise<T[]>;
  /** Turns TLS on/off for new connections (ALTER SYSTEM + reload). */
  setSsl(on: boolean): Promise<void>;
  /** Stops the server (fast shutdown); the data stays for `start()`. */
  stop(): Promise<void>;
  /** Starts it again on the same port and data. */
  start(): Promise<void>;
  /** Stops and deletes the temp folder. */
  destroy(): Promise<void>;
}

export async function startPostgres(options: PgStartOptions = {}): Promise<PgServer> {
  const why = postgresUnavailable();
  if (why) throw new Error(why);
  const as = userIds('postgres');
  const root = makeTempDir('dbpulse-pg-');
  const dataDir = path.join(root, 'data');
  const logFile = path.join(root, 'postgres.log');
  fs.chmodSync(root, 0o755);
  chownTree(root, as);
  runChecked(
    path.join(PG_BIN, 'initdb'),
    [
      '-D',
      dataDir,
      '-U',
      'postgres',
      '-E',
      'UTF8',
      '--locale=C',
      '--auth-local=trust',
      '--auth-host=scram-sha-256',
      '--no-sync',
      '--no-instructions',
    ],
    {
      as,
      env: { ...process.env, LC_ALL: 'C' },
    },
  );
  const certDir = path.join(root, 'tls');
  fs.mkdirSync(certDir);
  const cert = makeSelfSignedCert(certDir);
  chownTree(certDir, as);
  const port = await reservedPort();
  const conf = [
    '',
    '# dbpulse test server',
    `port = ${port}`,
    "listen_addresses = '127.0.0.1'",
    `unix_socket_directories = '${root}'`,
    `max_connections = ${options.maxConnections ?? 40}`,
    'superuser_reserved_connections = 3',
    `ssl = ${options.ssl === false ? 'off' : 'on'}`,
    `ssl_cert_file = '${cert.certFile}'`,
    `ssl_key_file = '${cert.keyFile}'`,
    "shared_preload_libraries = 'pg_stat_statements'",
    'fsync = off',
    'synchronous_commit = off',
    'full_page_writes = off',
    "password_encryption = 'scram-sha-256'",
    'logging_collector = off',
    '',
  ].join('\n');
  fs.appendFileSync(path.join(dataDir, 'postgresql.conf'), conf);
  const hba = [
    'local all all trust',
    ...(options.hbaLines ?? []),
    'hostssl all all 127.0.0.1/32 scram-sha-256',
    'host all all 127.0.0.1/32 scram-sha-256',
    '',
  ].join('\n');
  fs.writeFileSync(path.join(dataDir, 'pg_hba.conf'), hba);
  chownTree(dataDir, as);

  let proc: ServerProcess | undefined;
  const adminQuery = async <T>(sql: string, database = 'postgres'): Promise<T[]> => {
    const c = new Client({ host: root, port, user: 'postgres', database });
    c.on('error', () => undefined);
    await c.connect();
    try {
      const r = await c.query(sql);
      const last = Array.isArray(r) ? r[r.length - 1] : r;
      return (last?.rows ?? []) as T[];
    } finally {
      await c.end().catch(() => undefined);
    }
  };

  const start = async () => {
    if (proc?.running) return;
    proc = spawnServer('postgres', path.join(PG_BIN, 'postgres'), ['-D', dataDir], { as, logFile });
    const p = proc;
    await waitUntil(
      async () => {
        if (!(await canConnect(port))) return false;
        await adminQuery('SELECT 1');
        return true;
      },
      30000,
      'postgres',
      logFile,
      p,
    );
  };

  const stop = async () => {
    // SIGINT = fast shutdown; SIGQUIT = immediate; SIGKILL last (only this postmaster's pid).
    await proc?.stop(['SIGINT', 'SIGQUIT', 'SIGKILL'], 15000);
  };

  await start();
  return {
    host: '127.0.0.1',
    port,
    socketDir: root,
    dataDir,
    cert,
    logFile,
    get pid() {
      return proc?.running ? proc.pid : undefined;
    },
    get running() {
      return proc?.running ?? false;
    },
    admin: adminQuery,
    async setSsl(on) {
      await adminQuery(`ALTER SYSTEM SET ssl = ${on ? 'on' : 'off'}`);
      await adminQuery('SELECT pg_reload_conf()');
      // The reload is asynchronous: wait until the setting shows.
      await waitUntil(
        async () => (await adminQuery<{ ssl: string }>('SHOW ssl'))[0]?.ssl === (on ? 'on' : 'off'),
        10000,
        'ssl reload',
        logFile,
      );
    },
    stop,
    start,
    async destroy() {
      await stop();
      removeDir(root);
    },
  };
}

/**
 * For a mocha `before`: skips the suite (saying why) when PostgreSQL is not installed, otherwise
 * starts a server with one application role owning one database.
 */
export async function startPostgresWithApp(
  ctx: Mocha.Context,
  app: { role: string; database: string; password: string },
): Promise<PgServer> {
  const why = postgresUnavailable();
  if (why) {
    console.log(`      skipped: ${why}`);
    ctx.skip();
  }
  const pg = await startPostgres();
  await pg.admin(`CREATE ROLE ${app.role} LOGIN PASSWORD '${app.password}'`);
  await pg.admin(`CREATE DATABASE ${app.database} OWNER ${app.role}`);
  return pg;
}
