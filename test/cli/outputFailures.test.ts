/**
 * Issue 11 item 10 and its class: every command of the built CLI, with standard output
 * going to a reader that has gone away (EPIPE, as `| head -1` leaves it) or to a full disk
 * (/dev/full: ENOSPC). A broken pipe ends the run quietly with 141 (128 + SIGPIPE, as a Unix
 * tool does); a failed write is said on stderr and ends it with 74 (EX_IOERR): never a stack
 * trace, never 0. Standard error failing leaves the command's own status.
 */
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EXIT_BROKEN_PIPE, EXIT_OUTPUT_FAILED } from '../../src/cli/io';
import { HistoryStore } from '../../src/server/store';
import { probe, tempDir } from '../unit/store/helpers';
import { closedPort } from '../servers/ports';

const CLI = path.resolve(__dirname, '../../dist/cli.js');
const linux = process.platform === 'linux' && fs.existsSync('/dev/full');

interface Case {
  name: string;
  args: string[];
  stdin?: string;
  /** The status when output is written normally. */
  normal: number;
}

interface Run {
  code: number | null;
  err: string;
}

/** Runs the CLI with stdout: 'closed' (our read end closed before it starts) or a file descriptor. */
function run(c: Case, stdout: 'closed' | number, stderr: 'pipe' | number = 'pipe'): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...c.args], { stdio: ['pipe', stdout === 'closed' ? 'pipe' : stdout, stderr] });
    // Closed at once: node has not started yet, so every write of the child meets EPIPE.
    if (stdout === 'closed') child.stdout!.destroy();
    let err = '';
    child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
    child.stdin!.on('error', () => {});
    child.stdin!.end(c.stdin ?? '');
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, err }));
  });
}

(linux ? describe : describe.skip)('cli: exit statuses under broken pipes and write failures (every command)', function () {
  this.timeout(120_000);
  const dirs: string[] = [];
  const cases: Case[] = [];
  let full: number;

  before(async () => {
    full = fs.openSync('/dev/full', 'w');
    const ws = tempDir('dbpulse-out-ws-');
    const storage = tempDir('dbpulse-out-store-');
    dirs.push(ws, storage);
    fs.writeFileSync(path.join(ws, '.env'), Array.from({ length: 200 }, (_, i) => `1BAD_${i}=x`).join('\n') + '\n');
    const store = await HistoryStore.open({ dir: storage, role: 'writer' });
    for (let i = 0; i < 300; i++) await store.appendProbe(probe('c', Date.now() - 300_000 + i * 1000));
    await store.close();
    const port = await closedPort();
    const config = path.join(ws, 'monitor.json');
    fs.writeFileSync(
      config,
      JSON.stringify({ connections: [{ id: 'a', provider: 'postgres', host: '127.0.0.1', port, user: 'u', database: 'd' }] }),
    );
    const csv = ['timestamp,value', ...Array.from({ length: 500 }, (_, i) => `${1_600_000_000_000 + i * 60_000},${i % 7}`)].join('\n');
    const diag = Array.from({ length: 50 }, () => JSON.stringify({ provider: 'postgres', message: 'password authentication failed' })).join(
      '\n',
    );
    cases.push(
      { name: '--help', args: ['--help'], normal: 0 },
      { name: '--version', args: ['--version'], normal: 0 },
      { name: 'lint', args: ['lint', ws], normal: 0 },
      { name: 'lint --format sarif', args: ['lint', ws, '--format', 'sarif'], normal: 0 },
      { name: 'probe', args: ['probe', `postgres://u@127.0.0.1:${port}/d`, '--json'], normal: 2 },
      { name: 'diagnose', args: ['diagnose', '--json'], stdin: diag, normal: 0 },
      { name: 'history', args: ['history', '--storage', storage], normal: 0 },
      { name: 'history --json', args: ['history', '--storage', storage, '--json'], normal: 0 },
      { name: 'anomaly', args: ['anomaly'], stdin: csv, normal: 0 },
      { name: 'probe --help', args: ['probe', '--help'], normal: 0 },
    );
  });
  after(() => {
    fs.closeSync(full);
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  it('a reader that went away (EPIPE): exit 141, nothing on stderr', async () => {
    for (const c of cases) {
      const r = await run(c, 'closed');
      assert.equal(r.code, EXIT_BROKEN_PIPE, `${c.name}: ${r.err}`);
      assert.equal(r.err, '', `${c.name} is quiet`);
    }
  });

  it('a full disk (/dev/full): exit 74 and one line on stderr, no stack trace', async () => {
    for (const c of cases) {
      const r = await run(c, full);
      assert.equal(r.code, EXIT_OUTPUT_FAILED, `${c.name}: ${r.err}`);
      assert.match(r.err, /dbpulse: cannot write to standard output: ENOSPC\n$/, c.name);
      assert.doesNotMatch(r.err, /\n\s+at /, `${c.name}: no stack trace`);
    }
  });

  it('standard error failing leaves each command its own status (monitor --once logs only to stderr)', async () => {
    const all: Case[] = [
      ...cases,
      {
        name: 'monitor --once',
        args: ['monitor', '--config', path.join(dirs[0], 'monitor.json'), '--storage', dirs[1], '--once'],
        normal: 1,
      },
    ];
    const devNull = fs.openSync('/dev/null', 'w');
    try {
      for (const c of all) {
        const r = await run(c, devNull, full);
        assert.equal(r.code, c.normal, c.name);
      }
    } finally {
      fs.closeSync(devNull);
    }
  });
});
