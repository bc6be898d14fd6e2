// The packaged extension the real-editor tests install: rebuilt with `npm run package` when it is
// missing or older than anything it is made from.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Inputs of the package: a newer one makes the .vsix stale. */
const INPUTS = [
  'src',
  'media',
  'package.json',
  'esbuild.mjs',
  'scripts/package.mjs',
  '.vscodeignore',
  'README.md',
  'LICENSE',
  'docs/rules',
];

function newestMtime(p) {
  if (!fs.existsSync(p)) return 0;
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const e of fs.readdirSync(p, { withFileTypes: true })) newest = Math.max(newest, newestMtime(path.join(p, e.name)));
  return newest;
}

/** Why the .vsix must be (re)built, or null when it is up to date. */
export function vsixStaleness(repoRoot, vsix) {
  if (!fs.existsSync(vsix)) return `${path.basename(vsix)} does not exist`;
  const built = fs.statSync(vsix).mtimeMs;
  const newer = INPUTS.filter((i) => newestMtime(path.join(repoRoot, i)) > built);
  return newer.length ? `${newer.join(', ')} changed since ${path.basename(vsix)} was built` : null;
}

/** Path of the up-to-date .vsix, packaging it first when needed. */
export function ensureVsix(repoRoot, log = console.log) {
  const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
  const vsix = path.join(repoRoot, `${pkg.name}-${pkg.version}.vsix`);
  const why = vsixStaleness(repoRoot, vsix);
  if (why) {
    log(`packaging: ${why}: npm run package`);
    const r = spawnSync('npm', ['run', '--silent', 'package'], { cwd: repoRoot, stdio: 'inherit' });
    if (r.status !== 0) throw new Error(`npm run package failed (exit ${r.status ?? r.signal})`);
    if (!fs.existsSync(vsix)) throw new Error(`npm run package made no ${path.basename(vsix)}`);
  }
  return vsix;
}
