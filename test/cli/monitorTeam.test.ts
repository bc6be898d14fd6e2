/**
 * `dbpulse monitor` as a team service, in process with real sockets: --shard splits one config
 * between two monitors exactly, two monitors on one storage folder are refused, SIGHUP and a
 * config file change reload without losing the unchanged connections' breaker, a bad config on
 * reload is refused, and --serve off loopback needs a token.
 */
import * as assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { promises as fsp } from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { createMonitorCommand } from '../../src/cli/commands/monitor';
import type { ConnectionHealth } from '../../src/shared/health';
import { fakeIo } from '../support/cliIo';
import { closedPort } from '../servers/ports';

type TestIo = ReturnType<typeof fakeIo>;

function io(cwd: string, env: NodeJS.ProcessEnv = {}): TestIo {
  return Object.assign(fakeIo('', env), { cwd });
}

/** A port with nothing listening (connections are refused at once). */

async function waitFor<T>(check: () => Promise<T | undefined> | T | undefined, what: string, ms = 20_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

interface Running {
  io: TestIo;
  signals: EventEmitter;
  done: Promise<number>;
  url(kind: 'metrics' | 'team API'): Promise<string>;
}

function start(dir: string, args: string[], env: NodeJS.ProcessEnv = {}): Running {
  const signals = new EventEmitter();
  const cli = io(dir, env);
  const done = createMonitorCommand({ signals: signals as unknown as NodeJS.Process }).run(args, cli);
  return {
    io: cli,
    signals,
    done,
    url: (kind) => waitFor(() => new RegExp(`${kind} at (https?://[^/\\s]+)`).exec(cli.err)?.[1], `the ${kind} URL in: ${cli.err}`),
  };
}

const connectionsOf = (text: string): string[] =>
  [...text.matchAll(/^dbpulse_connection_info\{[^}]*connection="([^"]+)"/gm)].map((m) => m[1]).sort();

describe('cli: dbpulse monitor as a team service', function () {
  this.timeout(60_000);
  let dir: string;
  let port: number;
  beforeEach(async () => {
    dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'dbpulse-team-cli-'));
    port = await closedPort();
  });
  afterEach(async () => {
    await fsp.rm(dir, { recursive: true, force: true });
  });

  const conn = (id: string, p = port) => ({
    id,
    provider: 'postgres',
    host: '127.0.0.1',
    port: p,
    user: 'u',
    database: 'd',
    connectTimeoutMs: 500,
  });
  const writeConfig = (connections: unknown[], file = 'monitor.json') =>
    fsp.writeFile(path.join(dir, file), JSON.stringify({ intervalMs: 1000, connections }));

  it('two shards over one config cover every connection exactly once; one storage folder takes one monitor', async () => {
    const ids = Array.from({ length: 12 }, (_, i) => `db-${i}`);
    await writeConfig(ids.map((id) => conn(id)));
    const base = ['--config', 'monitor.json', '--retries', '0', '--metrics', '127.0.0.1:0', '--no-watch'];
    const one = start(dir, [...base, '--storage', 's1', '--shard', '1/2']);
    const two = start(dir, [...base, '--storage', 's2', '--shard', '2/2']);
    try {
      const [a, b] = await Promise.all([one.url('metrics'), two.url('metrics')]);
      const [ta, tb] = await Promise.all([(await fetch(`${a}/metrics`)).text(), (await fetch(`${b}/metrics`)).text()]);
      const [ca, cb] = [connectionsOf(ta), connectionsOf(tb)];
      assert.ok(ca.length > 0 && cb.length > 0, `${ca} / ${cb}`);
      assert.deepEqual([...ca, ...cb].sort(), [...ids].sort());
      assert.match(ta, new RegExp(`^dbpulse_monitor_connections ${ca.length}$`, 'm'));
      assert.match(one.io.err, new RegExp(`monitoring ${ca.length} connection\\(s\\) \\(shard 1/2 of 12\\)`));

      // The same shard again on s1: the writer lock refuses it, clearly.
      const again = start(dir, ['--config', 'monitor.json', '--storage', 's1', '--shard', '1/2', '--no-watch']);
      assert.equal(await again.done, 1, again.io.err);
      assert.match(again.io.err, /being written by another process/);
    } finally {
      one.signals.emit('SIGTERM');
      two.signals.emit('SIGTERM');
      assert.equal(await one.done, 0, one.io.err);
      assert.equal(await two.done, 0, two.io.err);
    }
  });

  it('reloads on SIGHUP and on a file change: added, changed and removed, the unchanged keep their breaker; a bad file is refused', async () => {
    const other = await closedPort();
    await writeConfig([conn('keep'), conn('edit'), conn('drop')]);
    const m = start(dir, [
      '--config',
      'monitor.json',
      '--storage',
      'store',
      '--retries',
      '0',
      '--serve',
      '127.0.0.1:0',
      '--metrics',
      '127.0.0.1:0',
    ]);
    try {
      const api = await m.url('team API');
      const metrics = await m.url('metrics');
      const health = async (): Promise<Map<string, ConnectionHealth>> => {
        const body = (await (await fetch(`${api}/api/v1/health`)).json()) as ConnectionHealth[];
        return new Map(body.map((h) => [h.connectionId, h]));
      };
      // Five refused probes in the window open every breaker.
      await waitFor(async () => [...(await health()).values()].every((h) => h.breaker === 'OPEN') || undefined, 'every breaker OPEN');
      const keptAt = (await health()).get('keep')?.result?.startedAt;

      await writeConfig([conn('keep'), conn('edit', other), conn('new')]);
      m.signals.emit('SIGHUP');
      await waitFor(
        () => /reloaded \(SIGHUP\): 3 connection\(s\); added 1, changed 1, removed 1/.test(m.io.err) || undefined,
        'the reload',
      );
      const after = await health();
      assert.deepEqual([...after.keys()].sort(), ['edit', 'keep', 'new']);
      assert.equal(after.get('keep')?.breaker, 'OPEN', 'unchanged: breaker kept');
      assert.ok((after.get('keep')?.result?.startedAt ?? 0) >= (keptAt ?? Infinity), 'unchanged: last result kept');
      assert.equal(after.get('edit')?.breaker, 'CLOSED', 'a new endpoint starts with a fresh breaker');
      const text = await (await fetch(`${metrics}/metrics`)).text();
      assert.deepEqual(connectionsOf(text), ['edit', 'keep', 'new']);
      assert.doesNotMatch(text, /connection="drop"/);

      await fsp.writeFile(path.join(dir, 'monitor.json'), '{ "connections": [ {"id": "broken" ');
      await waitFor(
        () => /reload \(config file changed\) refused, still monitoring 3 connection\(s\): .*not valid JSON/.test(m.io.err) || undefined,
        'the refusal',
      );
      assert.deepEqual([...(await health()).keys()].sort(), ['edit', 'keep', 'new']);

      await writeConfig([conn('keep')]);
      await waitFor(
        () => /reloaded \(config file changed\): 1 connection\(s\); added 0, changed 0, removed 2/.test(m.io.err) || undefined,
        'the file reload',
      );
      assert.equal((await health()).get('keep')?.breaker, 'OPEN');
    } finally {
      m.signals.emit('SIGTERM');
      assert.equal(await m.done, 0, m.io.err);
    }
  });

  it('--serve off loopback without a token is refused; a short token is refused; a port in use is a clear error', async () => {
    await writeConfig([conn('a')]);
    const args = ['--config', 'monitor.json', '--storage', 'store'];
    const open = start(dir, [...args, '--serve', '0.0.0.0:0']);
    assert.equal(await open.done, 2, open.io.err);
    assert.match(open.io.err, /--serve 0\.0\.0\.0:0 is reachable from other machines: set a bearer token/);
    const short = start(dir, [...args, '--serve', '0.0.0.0:0'], { DBPULSE_TEAM_TOKEN: 'abc' });
    assert.equal(await short.done, 2);
    assert.match(short.io.err, /too short/);
    assert.doesNotMatch(short.io.err, /abc/);
    const holder = net.createServer();
    await new Promise<void>((r) => holder.listen(0, '127.0.0.1', r));
    try {
      const busy = start(dir, [...args, '--metrics', `127.0.0.1:${(holder.address() as net.AddressInfo).port}`]);
      assert.equal(await busy.done, 1);
      assert.match(busy.io.err, /--metrics: 127\.0\.0\.1:\d+ is already in use/);
    } finally {
      holder.close();
    }
  });
});
