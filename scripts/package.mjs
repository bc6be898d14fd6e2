// npm run package: production build, then dbpulse-<version>.vsix with @vscode/vsce.
// The bundles hold every dependency, so the package carries no node_modules (--no-dependencies).
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';

const pkg = JSON.parse(fs.readFileSync('package.json', 'utf8'));
const out = `dbpulse-${pkg.version}.vsix`;
const run = (cmd, args) => execFileSync(cmd, args, { stdio: 'inherit' });

run(process.execPath, ['esbuild.mjs', '--production']);
run(process.execPath, ['node_modules/@vscode/vsce/vsce', 'package', '--no-dependencies', '--skip-license', '-o', out]);
console.log(`packaged ${out} (${(fs.statSync(out).size / 1024).toFixed(1)} KB)`);
