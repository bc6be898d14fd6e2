import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { requireBuiltCli, runCli } from '../support/builtCli';

const pkg = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../package.json'), 'utf8'));

/** Every subcommand of dbpulse --help (each has its own output tests in its file, through dist/cli.js too). */
const SUBCOMMANDS = ['lint', 'probe', 'diagnose', 'monitor', 'history', 'anomaly'];

describe('dbpulse (built dist/cli.js)', function () {
  this.timeout(60_000);
  before(requireBuiltCli);

  it('--version prints the package version', () => {
    const r = runCli(['--version']);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim(), pkg.version);
  });

  it('--help lists every subcommand; each has its own --help', () => {
    const help = runCli(['--help']);
    assert.equal(help.status, 0, help.stderr);
    for (const c of SUBCOMMANDS) {
      assert.match(help.stdout, new RegExp(`^  ${c}\\b`, 'm'));
      const sub = runCli([c, '--help']);
      assert.equal(sub.status, 0, `${c} --help: ${sub.stderr}`);
      assert.match(sub.stdout, new RegExp(`^Usage:(\\s+|.*)dbpulse ${c}\\b`, 'm'), `${c} --help prints its usage`);
      assert.ok(!/not available/.test(sub.stdout), `${c} is still a placeholder`);
    }
  });

  it('an unknown command exits 2 with a message on stderr', () => {
    const r = runCli(['frobnicate']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /unknown command 'frobnicate'/);
  });

  it('no command prints the help and exits 2', () => {
    const r = runCli([]);
    assert.equal(r.status, 2);
    assert.match(r.stdout, /^Usage: dbpulse <command>/m);
  });

  for (const c of SUBCOMMANDS)
    it(`${c} with an unknown option exits 2, names it and prints its usage on stderr, nothing on stdout`, () => {
      const r = runCli([c, '--no-such-option']);
      assert.equal(r.status, 2, r.stderr);
      assert.match(r.stderr, new RegExp(`^dbpulse ${c}: .*--no-such-option`));
      assert.match(r.stderr, new RegExp(`^Usage:(\\s+|.*)dbpulse ${c}\\b`, 'm'));
      assert.equal(r.stdout, '');
    });

  it('loads no database driver for commands that need none (lint, diagnose)', () => {
    // A preload hook reports every module file loaded when the process exits.
    const hook = path.join(fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'dbpulse-hook-')), 'hook.js');
    fs.writeFileSync(hook, "process.on('exit', () => process.stderr.write('\\nLOADED ' + JSON.stringify(Object.keys(require.cache))));");
    const loaded = (args: string[], input = ''): string[] => {
      const r = runCli(args, { input, nodeArgs: ['--require', hook] });
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
