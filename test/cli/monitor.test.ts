import * as assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { promises as fsp } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createMonitorCommand } from '../../src/cli/commands/monitor';
import type { CliIo } from '../../src/cli/io';
import { HistoryStore } from '../../src/server/store';
import { EVENTS_DIR, monthName } from '../../src/server/store/layout';
import { LOCK_FILE } from '../../src/server/store/writerLock';
import { closedPort } from '../servers/ports';
import { requireBuiltCli, runCli } from '../support/builtCli';

const SECRET = 'pw-Zq81-never-logged';

function io(cwd: string, env: NodeJS.ProcessEnv = {}): CliIo & { out: string; err: string } {
  const o = {
    out: '',
    err: '',
    stdout: (t: string) => void (o.out += t),
    stderr: (t: string) => void (o.err += t),
    readStdin: async () => '',
    stdinLines: () => (async function* () {})(),
    cwd,
    env,
  };
  return o;
}

async function waitFor(check: () => boolean, ms = 15_000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('cli: dbpulse monitor', function () {
  this.timeout(30_000);
  let dir: string;
  beforeEach(async () => {
    dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'dbpulse-monitor-cli-'));
  });
  afterEach(async () => {
    await fsp.rm(dir, { recursive: true, force: true });
  });

  async function writeConfig(config: unknown): Promise<string> {
    const file = path.join(dir, 'monitor.json');
    await fsp.writeFile(file, JSON.stringify(config));
    return file;
  }

  it('monitors until SIGTERM, stores every result it logged as stored, and never logs the password', async () => {
    const port = await closedPort();
    await writeConfig({
      intervalMs: 1000,
      connections: [
        {
          id: 'pg-local',
          name: 'Local PG',
          provider: 'postgres',
          host: '127.0.0.1',
          port,
          user: 'app',
          database: 'app',
          passwordEnv: 'PG_PW',
          connectTimeoutMs: 1000,
        },
      ],
    });
    const signals = new EventEmitter();
    const cli = io(dir, { PG_PW: SECRET });
    const running = createMonitorCommand({ signals: signals as unknown as NodeJS.Process }).run(
      ['--config', 'monitor.json', '--storage', 'store', '--log', 'json'],
      cli,
    );
    await waitFor(() => (cli.err.match(/"event":"result"/g) ?? []).length >= 3);
    signals.emit('SIGTERM');
    assert.equal(await running, 0);
    assert.equal(signals.listenerCount('SIGTERM'), 0, 'signal handlers removed');
    assert.doesNotMatch(cli.err, new RegExp(SECRET));

    const lines = cli.err
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const stored = lines.filter((l) => l.event === 'result' && l.stored === true);
    assert.ok(stored.length >= 3);
    assert.ok(stored.every((l) => l.state === 'down' && l.category === 'conn_refused'));
    assert.ok(lines.some((l) => l.event === 'log' && /stopping \(SIGTERM\)/.test(String(l.message))));

    const store = await HistoryStore.open({ dir: path.join(dir, 'store'), role: 'reader' });
    try {
      const results = await store.lastResults('pg-local', 1000);
      const have = new Set(results.map((r) => r.startedAt));
      for (const l of stored) assert.ok(have.has(l.startedAt as number), `result at ${String(l.startedAt)} is in the store`);
      assert.doesNotMatch(JSON.stringify(results), new RegExp(SECRET));
    } finally {
      await store.close();
    }
  });

  it('--once probes each connection once and exits 1 when one is down', async () => {
    const port = await closedPort();
    await writeConfig({
      connections: [{ id: 'a', provider: 'postgres', host: '127.0.0.1', port, user: 'u', database: 'd', connectTimeoutMs: 1000 }],
    });
    const cli = io(dir);
    const code = await createMonitorCommand({ signals: new EventEmitter() as unknown as NodeJS.Process }).run(
      ['--config', 'monitor.json', '--storage', 'store', '--once'],
      cli,
    );
    assert.equal(code, 1);
    assert.match(cli.err, /a down conn_refused/);
    assert.match(cli.err, /1 result\(s\) stored/);
  });

  it('built dist/cli.js: --once exits 1 with the down result, a bad option exits 2 with the usage', async () => {
    requireBuiltCli();
    const port = await closedPort();
    await writeConfig({
      connections: [{ id: 'a', provider: 'postgres', host: '127.0.0.1', port, user: 'u', database: 'd', connectTimeoutMs: 1000 }],
    });
    const r = runCli(['monitor', '--config', 'monitor.json', '--storage', 'store', '--once'], { cwd: dir });
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /a down conn_refused/);
    assert.match(r.stderr, /1 result\(s\) stored/);
    const bad = runCli(['monitor', '--config', 'monitor.json', '--storage', 'store', '--fast'], { cwd: dir });
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /Unknown option '--fast'/);
    assert.match(bad.stderr, /Usage: dbpulse monitor/);
  });

  const usageCases: [string, unknown, string[], NodeJS.ProcessEnv, RegExp][] = [
    ['no --config', null, ['--storage', 's'], {}, /--config FILE is required/],
    ['missing file', null, ['--config', 'nope.json', '--storage', 's'], {}, /config file .*nope\.json not found/],
    ['bad JSON', '{"connections": [', ['--config', 'monitor.json', '--storage', 's'], {}, /not valid JSON/],
    [
      'bad provider',
      { connections: [{ id: 'x', provider: 'oracle' }] },
      ['--config', 'monitor.json', '--storage', 's'],
      {},
      /connection "x": "provider" must be one of/,
    ],
    [
      'inline password',
      { connections: [{ id: 'x', provider: 'postgres', password: SECRET }] },
      ['--config', 'monitor.json', '--storage', 's'],
      {},
      /"password" must not be in the config file; name an environment variable with "passwordEnv"/,
    ],
    [
      'unset env',
      { connections: [{ id: 'x', provider: 'postgres', passwordEnv: 'NOPE_PW' }] },
      ['--config', 'monitor.json', '--storage', 's'],
      {},
      /environment variables not set: NOPE_PW \(passwordEnv of "x"\)/,
    ],
    [
      'bad interval',
      { connections: [{ id: 'x', provider: 'postgres' }] },
      ['--config', 'monitor.json', '--storage', 's', '--interval', 'often'],
      {},
      /invalid cron expression "often"/,
    ],
    ['unknown flag', null, ['--config', 'monitor.json', '--storage', 's', '--fast'], {}, /Unknown option '--fast'/],
    ['empty', { connections: [] }, ['--config', 'monitor.json', '--storage', 's'], {}, /nothing to monitor/],
  ];
  for (const [name, config, args, env, expected] of usageCases) {
    it(`exits 2 with a clear message: ${name}`, async () => {
      if (typeof config === 'string') await fsp.writeFile(path.join(dir, 'monitor.json'), config);
      else if (config) await writeConfig(config);
      const cli = io(dir, env);
      const code = await createMonitorCommand({ signals: new EventEmitter() as unknown as NodeJS.Process }).run(args, cli);
      assert.equal(code, 2, cli.err);
      assert.match(cli.err, expected);
      assert.doesNotMatch(cli.err, new RegExp(SECRET));
    });
  }

  it('exits 1 when another process is writing the store', async () => {
    const port = await closedPort();
    await writeConfig({ connections: [{ id: 'a', provider: 'postgres', host: '127.0.0.1', port, user: 'u', database: 'd' }] });
    const holder = await HistoryStore.open({ dir: path.join(dir, 'store'), role: 'writer' });
    try {
      // The lock names this process; a second writer in the same process must still be refused.
      const cli = io(dir);
      const code = await createMonitorCommand({ signals: new EventEmitter() as unknown as NodeJS.Process }).run(
        ['--config', 'monitor.json', '--storage', 'store', '--once'],
        cli,
      );
      assert.equal(code, 1, cli.err);
      assert.match(cli.err, /being written by another process/);
    } finally {
      await holder.close();
    }
  });

  describe('lost writes and a lost writer lock (issue 11, item 4)', () => {
    async function downConfig(intervalMs?: number): Promise<void> {
      const port = await closedPort();
      await writeConfig({
        ...(intervalMs ? { intervalMs } : {}),
        connections: [{ id: 'a', provider: 'postgres', host: '127.0.0.1', port, user: 'u', database: 'd', connectTimeoutMs: 1000 }],
      });
    }

    /** A monitor probing a closed port every second, until it stops. */
    async function runningMonitor() {
      await downConfig(1000);
      const signals = new EventEmitter();
      const cli = io(dir);
      const running = createMonitorCommand({ signals: signals as unknown as NodeJS.Process }).run(
        ['--config', 'monitor.json', '--storage', 'store'],
        cli,
      );
      return { signals, cli, running };
    }

    it('--once exits 3, not 0 or 1, when a state change could not be stored (EISDIR)', async () => {
      await downConfig();
      // This month's event file is a directory: the transition to down cannot be written.
      await fsp.mkdir(path.join(dir, 'store', EVENTS_DIR, monthName(Date.now())), { recursive: true });
      const cli = io(dir);
      const code = await createMonitorCommand({ signals: new EventEmitter() as unknown as NodeJS.Process }).run(
        ['--config', 'monitor.json', '--storage', 'store', '--once'],
        cli,
      );
      assert.equal(code, 3, cli.err);
      assert.match(cli.err, /history store write failed: .*EISDIR/);
      assert.match(cli.err, /1 result\(s\) or state change\(s\) were NOT stored; exit 3/);
    });

    it('takes writer.lock back when it is deleted mid-run, logs it, and keeps storing', async () => {
      const { signals, cli, running } = await runningMonitor();
      const lock = path.join(dir, 'store', LOCK_FILE);
      await waitFor(() => /\[stored\]/.test(cli.err));
      await fsp.rm(lock);
      await waitFor(() => /writer lock .* was taken back/.test(cli.err));
      const info = JSON.parse(await fsp.readFile(lock, 'utf8')) as { pid: number };
      assert.equal(info.pid, process.pid);
      const storedBefore = (cli.err.match(/\[stored\]/g) ?? []).length;
      await waitFor(() => (cli.err.match(/\[stored\]/g) ?? []).length > storedBefore);
      signals.emit('SIGTERM');
      assert.equal(await running, 0, cli.err);
      assert.doesNotMatch(cli.err, /\[not stored\]/);
    });

    it('stops loudly and exits 3 when another process took writer.lock', async () => {
      const { signals, cli, running } = await runningMonitor();
      await waitFor(() => /\[stored\]/.test(cli.err));
      await fsp.rm(path.join(dir, 'store', LOCK_FILE));
      const other = await HistoryStore.open({ dir: path.join(dir, 'store'), role: 'writer' });
      try {
        const code = await running;
        assert.equal(code, 3, cli.err);
        assert.match(cli.err, /writer lock .* is now held by pid \d+ .*this process stopped writing history/);
        assert.match(cli.err, /stopping \(the writer lock was lost\)/);
        assert.equal(signals.listenerCount('SIGTERM'), 0);
      } finally {
        await other.close();
      }
    });
  });
});
