// npm start: the demo on a fresh machine. Installs what is missing (npm packages,
// code-server), builds and packages the extension, starts an embedded PostgreSQL
// (PGlite over its socket server: nothing to install), opens a demo workspace whose
// files show DB Pulse's diagnostics and whose settings hold a live connection to that
// database, and prints the URL to open. Ctrl+C stops everything it started.
//   DBPULSE_DEMO_PORT=8080   port for the editor (default 8080, or a free one if taken)
//   DBPULSE_DEMO_EDITOR=4.100.3|4.139
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const say = (m) => console.log(`dbpulse demo: ${m}`);

if (!fs.existsSync(path.join(root, 'node_modules', 'esbuild'))) {
  say('installing npm packages (npm ci)');
  const r = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const imp = (rel) => import(pathToFileURL(path.join(root, rel)).href);
const { ensureEditors } = await imp('scripts/editors.mjs');
const { ensureVsix } = await imp('test/e2e/lib/vsix.mjs');
const { runLayout, isolatedEnv, installExtension, startCodeServer } = await imp('test/e2e/lib/codeServer.mjs');
const { PGlite } = await imp('node_modules/@electric-sql/pglite/dist/index.js');
const { PGLiteSocketServer } = await imp('node_modules/@electric-sql/pglite-socket/dist/index.js');

const portFree = (port) =>
  new Promise((resolve) => {
    const s = net
      .createServer()
      .once('error', () => resolve(false))
      .listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });

const label = process.env.DBPULSE_DEMO_EDITOR ?? '4.100.3';
const [editor] = ensureEditors([label]);
const vsix = ensureVsix(root, say);

// The embedded database the demo monitors.
const db = await PGlite.create();
await db.exec(`CREATE TABLE IF NOT EXISTS orders (id serial primary key, total numeric, created_at timestamptz default now());
  INSERT INTO orders (total) SELECT (random() * 100)::numeric(10,2) FROM generate_series(1, 500);`);
const pgServer = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0 });
await pgServer.start();
const pgPort = Number(String(pgServer.getServerConn()).split(':').pop());
say(`embedded PostgreSQL (PGlite) on 127.0.0.1:${pgPort}`);

// A fresh run folder with the demo workspace and its live connection. It lies outside the
// repository: inside it, the repository's own .gitignore would cover the demo's files and the
// linter would rightly call the demo's uncovered .env git-ignored.
const runDir = path.join(os.tmpdir(), 'dbpulse-demo');
fs.rmSync(runDir, { recursive: true, force: true });
const layout = runLayout(runDir);
fs.mkdirSync(path.join(layout.data, 'User'), { recursive: true });
fs.mkdirSync(layout.extensions, { recursive: true });
fs.writeFileSync(
  path.join(layout.data, 'User', 'settings.json'),
  JSON.stringify(
    {
      'telemetry.telemetryLevel': 'off',
      'update.mode': 'none',
      'extensions.autoCheckUpdates': false,
      'workbench.startupEditor': 'none',
      'security.workspace.trust.enabled': false,
      'git.openRepositoryInParentFolders': 'never',
    },
    null,
    2,
  ),
);
fs.cpSync(path.join(root, 'demo', 'workspace'), layout.workspace, { recursive: true });
fs.mkdirSync(path.join(layout.workspace, '.vscode'), { recursive: true });
fs.writeFileSync(
  path.join(layout.workspace, '.vscode', 'settings.json'),
  JSON.stringify(
    {
      'dbpulse.connections': [
        {
          id: 'demo-pg',
          name: 'Demo PostgreSQL (embedded)',
          provider: 'postgres',
          host: '127.0.0.1',
          port: pgPort,
          database: 'postgres',
          user: 'postgres',
          tls: { mode: 'disable' },
          connectTimeoutMs: 5000,
          tags: ['local', 'demo'],
        },
      ],
      // Monitoring on from the first start, every 10 s: the dashboard fills within a minute.
      'dbpulse.monitoring.autoStart': 10000,
    },
    null,
    2,
  ),
);
const port = Number(process.env.DBPULSE_DEMO_PORT ?? 8080);
fs.writeFileSync(layout.config, `bind-addr: 127.0.0.1:${(await portFree(port)) ? port : 0}\nauth: none\ncert: false\n`);
const env = isolatedEnv(layout);
installExtension(editor, layout, vsix, env);
const server = await startCodeServer(editor, layout, env);
const url = `${server.url}/?folder=${encodeURIComponent(layout.workspace)}`;
say(`code-server ${editor.version} (VS Code ${editor.vscodeVersion}) with DB Pulse installed`);
console.log(`\n  Open ${url}\n`);
say('open .env, docker-compose.yml or prisma/schema.prisma for diagnostics and quick fixes; the DB Pulse view shows the live database,');
say('monitored every 10 s from the start: "DB Pulse: Open Dashboard" fills within a minute.');
say('Ctrl+C to stop.');

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  say('stopping');
  await server.stop();
  await pgServer.stop();
  await db.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
