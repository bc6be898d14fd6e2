// One isolated code-server for one test run: its own run folder (user data, extensions, TMPDIR, XDG_*),
// the .vsix installed into it, listening on 127.0.0.1 on a port the OS picks, in its own process group
// (extension hosts and the language server outlive a plain kill of the parent; the group is killed).
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** User settings that keep the editor quiet and offline: no telemetry, updates, experiments or marketplace. */
const OFFLINE_SETTINGS = {
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'workbench.enableExperiments': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.settings.enableNaturalLanguageSearch': false,
  'security.workspace.trust.enabled': false,
  'chat.disableAIFeatures': true,
  'git.enabled': false,
  'npm.fetchOnlinePackageInfo': false,
  'json.schemaDownload.enable': false,
  'typescript.disableAutomaticTypeAcquisition': true,
};

/** The folders of one run, all under `runDir`. */
export function runLayout(runDir) {
  const p = (...s) => path.join(runDir, ...s);
  return {
    runDir,
    data: p('data'),
    extensions: p('ext'),
    tmp: p('tmp'),
    xdg: {
      config: p('xdg', 'config'),
      data: p('xdg', 'data'),
      cache: p('xdg', 'cache'),
      state: p('xdg', 'state'),
      runtime: p('xdg', 'runtime'),
    },
    workspace: p('workspace'),
    harness: p('harness'),
    results: p('results.json'),
    hold: p('hold'),
    pageRequests: p('page-requests'),
    log: p('code-server.log'),
    browserProfile: p('chromium-profile'),
    config: p('code-server.yaml'),
  };
}

/** TMPDIR and XDG_* pointing into the run folder (for code-server and chromium alike). */
export function isolatedEnv(layout, extra = {}) {
  for (const d of [layout.tmp, ...Object.values(layout.xdg)]) fs.mkdirSync(d, { recursive: true, mode: 0o700 });
  const env = {
    ...process.env,
    TMPDIR: layout.tmp,
    XDG_CONFIG_HOME: layout.xdg.config,
    XDG_DATA_HOME: layout.xdg.data,
    XDG_CACHE_HOME: layout.xdg.cache,
    XDG_STATE_HOME: layout.xdg.state,
    XDG_RUNTIME_DIR: layout.xdg.runtime,
    // An empty gallery: no marketplace (code-server would use open-vsx.org).
    EXTENSIONS_GALLERY: '{}',
    ...extra,
  };
  // The parent's node/npm wiring must not leak into the editor's node (it may be another major).
  for (const k of Object.keys(env)) if (k.startsWith('npm_') || k === 'NODE_OPTIONS' || k === 'VSCODE_IPC_HOOK_CLI') delete env[k];
  return env;
}

/** Prepares the run folder: settings, config, and the fixture workspace copied in (the editor may write to it). */
export function prepareRunFolder(layout, fixtureDir) {
  fs.mkdirSync(path.join(layout.data, 'User'), { recursive: true });
  fs.mkdirSync(layout.extensions, { recursive: true });
  fs.mkdirSync(layout.pageRequests, { recursive: true });
  fs.writeFileSync(path.join(layout.data, 'User', 'settings.json'), JSON.stringify(OFFLINE_SETTINGS, null, 2));
  fs.writeFileSync(layout.config, 'bind-addr: 127.0.0.1:0\nauth: none\ncert: false\n');
  fs.cpSync(fixtureDir, layout.workspace, { recursive: true });
}

/** Whether this code-server has `--vscode-option` (4.139+ gates test payloads behind enable-smoke-test-driver). */
function supportsVscodeOption(editor) {
  const cli = path.join(path.dirname(editor.entry), 'cli.js');
  return fs.existsSync(cli) && fs.readFileSync(cli, 'utf8').includes('"vscode-option"');
}

function baseArgs(editor, layout) {
  return [editor.entry, '--config', layout.config, '--user-data-dir', layout.data, '--extensions-dir', layout.extensions];
}

/** `code-server --install-extension <vsix>` into the run's extensions folder; returns the installed folder. */
export function installExtension(editor, layout, vsix, env) {
  const r = spawnSync(editor.node, [...baseArgs(editor, layout), '--install-extension', vsix, '--force'], {
    env,
    encoding: 'utf8',
    timeout: 180_000,
  });
  const out = `${r.stdout ?? ''}${r.stderr ?? ''}`.trim();
  if (r.status !== 0) throw new Error(`code-server --install-extension failed (exit ${r.status ?? r.signal}): ${out.slice(-2000)}`);
  const installed = fs.readdirSync(layout.extensions).find((d) => d.startsWith('dbpulse.dbpulse-'));
  if (!installed) throw new Error(`the .vsix did not install into ${layout.extensions}: ${out.slice(-2000)}`);
  return path.join(layout.extensions, installed);
}

/**
 * Starts code-server on 127.0.0.1 with an OS-assigned port, opening nothing yet (the page URL names
 * the folder). Resolves once it listens: `{ url, authority, proc, stop() }`.
 */
export function startCodeServer(editor, layout, env, { timeoutMs = 90_000 } = {}) {
  const args = [
    ...baseArgs(editor, layout),
    '--bind-addr',
    '127.0.0.1:0',
    '--auth',
    'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--ignore-last-opened',
    '--log',
    'info',
  ];
  if (supportsVscodeOption(editor)) args.push('--vscode-option', 'enable-smoke-test-driver');
  const logFd = fs.openSync(layout.log, 'a');
  // detached: its own process group, so stop() can signal the extension host and server too.
  const proc = spawn(editor.node, args, { cwd: layout.runDir, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let exited = null;
  const stop = () => stopGroup(proc, () => exited !== null);
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => fail(new Error(`code-server did not listen within ${timeoutMs} ms; log: ${layout.log}`)), timeoutMs);
    const onData = (chunk) => {
      fs.writeSync(logFd, chunk);
      if (seen === null) return;
      seen += chunk.toString();
      const m = /HTTP server listening on (http:\/\/127\.0\.0\.1:(\d+))\/?/.exec(seen);
      if (m) {
        seen = null;
        clearTimeout(timer);
        resolve({ url: m[1], authority: `127.0.0.1:${m[2]}`, proc, stop, exited: () => exited });
      }
    };
    proc.stdout.on('data', onData);
    proc.stderr.on('data', onData);
    proc.on('exit', (code, signal) => {
      exited = { code, signal };
      fail(new Error(`code-server exited (${code ?? signal}) before listening; log: ${layout.log}`));
    });
    proc.on('close', () => fs.closeSync(logFd));
    proc.on('error', fail);
    function fail(err) {
      if (seen === null) return;
      seen = null;
      clearTimeout(timer);
      void stop().finally(() => reject(err));
    }
  });
}

/** SIGTERM the process group, then SIGKILL it if anything is left after a grace period. */
async function stopGroup(proc, hasExited) {
  const pgid = proc.pid;
  if (!pgid) return;
  const signal = (s) => {
    try {
      process.kill(-pgid, s);
      return true;
    } catch {
      return false; // ESRCH: the group is gone
    }
  };
  if (!signal('SIGTERM')) return;
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    if (hasExited() && !signal(0)) return;
  }
  signal('SIGKILL');
}
