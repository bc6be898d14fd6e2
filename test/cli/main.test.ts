import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const cli = path.resolve(__dirname, '../../dist/cli.js');
const pkg = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../package.json'), 'utf8'));

describe('dbpulse (built dist/cli.js)', () => {
  before(function () {
    if (!fs.existsSync(cli)) throw new Error('dist/cli.js is missing: run node esbuild.mjs (npm test does)');
  });

  it('--version prints the package version', () => {
    assert.equal(execFileSync(process.execPath, [cli, '--version'], { encoding: 'utf8' }).trim(), pkg.version);
  });

  it('--help lists every subcommand; each has its own --help', () => {
    const help = execFileSync(process.execPath, [cli, '--help'], { encoding: 'utf8' });
    for (const c of ['lint', 'probe', 'diagnose', 'monitor', 'history', 'anomaly']) {
      assert.match(help, new RegExp(`^  ${c}\\b`, 'm'));
      const sub = spawnSync(process.execPath, [cli, c, '--help'], { encoding: 'utf8' });
      assert.equal(sub.status, 0, `${c} --help: ${sub.stderr}`);
      assert.ok(!/not available/.test(sub.stdout), `${c} is still a placeholder`);
    }
  });

  it('an unknown command exits 2 with a message on stderr', () => {
    const r = spawnSync(process.execPath, [cli, 'frobnicate'], { encoding: 'utf8' });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /unknown command 'frobnicate'/);
  });

  it('loads no database driver for commands that need none (lint, diagnose)', () => {
    // A preload hook reports every module file loaded when the process exits.
    const hook = path.join(fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'dbpulse-hook-')), 'hook.js');
    fs.writeFileSync(hook, "process.on('exit', () => process.stderr.write('\\nLOADED ' + JSON.stringify(Object.keys(require.cache))));");
    const loaded = (args: string[], input = ''): string[] => {
      const r = spawnSync(process.execPath, ['--require', hook, cli, ...args], { encoding: 'utf8', input });
      const line = r.stderr.split('\n').find((l) => l.startsWith('LOADED '));
      assert.ok(line, `no module report: ${r.stderr}`);
      return JSON.parse(line.slice('LOADED '.length)) as string[];
    };
    const drivers = (mods: string[]): string[] =>
      mods.filter((m) => /node_modules\/(pg|mysql2|mongodb|firebase-admin)\/|dist\/probes\//.test(m));
    const base = loaded(['--version']);
    assert.ok(
      base.some((m) => m.endsWith('cli.js')),
      'the hook saw the CLI load',
    );
    assert.deepEqual(drivers(base), []);
    assert.deepEqual(drivers(loaded(['diagnose', '--json'], '{"provider":"postgres","message":"x","fields":{"code":"28P01"}}\n')), []);
  });
});
