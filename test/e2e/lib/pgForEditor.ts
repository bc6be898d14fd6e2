/**
 * A real PostgreSQL 15 for one real-editor run (test/servers/postgres.ts), run as a child process of
 * test/e2e/run.mjs through tsx: `node --import tsx test/e2e/lib/pgForEditor.ts`.
 *
 * It starts the server on 127.0.0.1 (a port the OS picks), creates a login role with a password and a
 * database it owns, and prints ONE line of JSON on stdout:
 *   {"ok":true,"host":"127.0.0.1","port":…,"pid":…,"user":…,"password":…,"database":…,"maxConnections":…,"serverVersion":…}
 * or, when PostgreSQL cannot run here, {"ok":false,"skip":"<why>"} (and exits 0).
 * It stops the server and deletes its folder when its stdin closes (the runner ended or died), or on
 * SIGTERM/SIGINT. The in-editor suite stops the postmaster itself (signal to `pid`) to see it go down.
 */
import { randomBytes } from 'node:crypto';
import { postgresUnavailable, startPostgres, type PgServer } from '../../servers/postgres';

export interface PgForEditor {
  ok: true;
  host: '127.0.0.1';
  port: number;
  /** The postmaster: SIGINT is PostgreSQL's fast shutdown. */
  pid: number;
  user: string;
  password: string;
  database: string;
  /** As the server reports them (SHOW), so the suite can check the probe's figures against them. */
  maxConnections: number;
  serverVersion: string;
}

export type PgForEditorLine = PgForEditor | { ok: false; skip: string };

const USER = 'editor_app';
const DATABASE = 'editor_db';

let pg: PgServer | undefined;
let stopping: Promise<void> | undefined;

/** Stops the server (once) and deletes its folder. */
function stop(): Promise<void> {
  stopping ??= (pg?.destroy() ?? Promise.resolve()).catch((err: unknown) => {
    process.stderr.write(`pgForEditor: stopping PostgreSQL failed: ${String(err)}\n`);
  });
  return stopping;
}

async function main(): Promise<void> {
  const why = postgresUnavailable();
  if (why) {
    process.stdout.write(`${JSON.stringify({ ok: false, skip: why } satisfies PgForEditorLine)}\n`);
    return;
  }
  const stopAndExit = (): void => void stop().finally(() => process.exit(0));
  // Registered before the server starts: a runner that goes away early still gets the server stopped.
  process.stdin.on('end', stopAndExit);
  process.stdin.on('close', stopAndExit);
  process.stdin.resume();
  process.once('SIGTERM', stopAndExit);
  process.once('SIGINT', stopAndExit);

  pg = await startPostgres();
  // A fresh password each run, with characters a URL must carry as they are (no percent-encoding needed).
  const password = `Ed1tor-${randomBytes(9).toString('base64url')}`;
  await pg.admin(`CREATE ROLE ${USER} LOGIN PASSWORD '${password}'`);
  await pg.admin(`CREATE DATABASE ${DATABASE} OWNER ${USER}`);
  const [{ max_connections: maxConnections }] = await pg.admin<{ max_connections: string }>('SHOW max_connections');
  const [{ server_version: serverVersion }] = await pg.admin<{ server_version: string }>('SHOW server_version');
  const pid = pg.pid;
  if (!pid) throw new Error('PostgreSQL started but has no postmaster pid');
  const line: PgForEditorLine = {
    ok: true,
    host: '127.0.0.1',
    port: pg.port,
    pid,
    user: USER,
    password,
    database: DATABASE,
    maxConnections: Number(maxConnections),
    serverVersion,
  };
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`pgForEditor: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  void stop().finally(() => process.exit(1));
});
