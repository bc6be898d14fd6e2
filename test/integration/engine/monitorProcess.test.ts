/**
 * `dbpulse monitor` as a real process: stopped with SIGTERM (clean exit, store
 * closed), and killed with `kill -9` in a loop while it writes. Every result
 * the process logged as stored (acknowledged by the store) must be in the
 * store afterwards, and the store must reopen each time (the dead writer's
 * lock is taken over). The store's own record-level crash tests live with the
 * store; this one covers the monitor process end to end.
 */
import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { promises as fsp } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { HistoryStore } from '../../../src/server/store';
import { closedPort } from '../../servers/ports';

const REPO = path.resolve(__dirname, '../../..');
const CLI = path.join(REPO, 'src/cli/main.ts');
const SECRET = 'Kill9-Secret-Pw';

interface Running {
  child: ChildProcess;
  lines: Record<string, unknown>[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function startMonitor(configFile: string, storage: string): Running {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', CLI, 'monitor', '--config', configFile, '--storage', storage, '--log', 'json', '--concurrency', '16'],
    {
      cwd: REPO,
      env: { ...process.env, CRASH_PW: SECRET },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  const lines: Record<string, unknown>[] = [];
  let buffer = '';
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (chunk: string) => {
    buffer += chunk;
    let nl: number;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      try {
        lines.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        lines.push({ event: 'raw', text: line });
      }
    }
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, lines, exited };
}

async function until(what: string, check: () => boolean, ms: number, r?: Running): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${r ? `; stderr: ${JSON.stringify(r.lines.slice(-5))}` : ''}`);
    await new Promise((res) => setTimeout(res, 25));
  }
}

const storedOf = (r: Running): Record<string, unknown>[] => r.lines.filter((l) => l.event === 'result' && l.stored === true);

describe('integration: dbpulse monitor as a process', function () {
  this.timeout(180_000);
  let dir: string;
  let configFile: string;
  const children: ChildProcess[] = [];

  before(async () => {
    dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'dbpulse-monitor-proc-'));
    const port = await closedPort();
    configFile = path.join(dir, 'monitor.json');
    // 40 connections refused at once on loopback: a steady stream of results (and retries) to write.
    const connections = Array.from({ length: 40 }, (_, i) => ({
      id: `c${i}`,
      name: `refused ${i}`,
      provider: 'postgres',
      host: '127.0.0.1',
      port,
      user: 'app',
      database: 'app',
      passwordEnv: 'CRASH_PW',
      connectTimeoutMs: 1000,
    }));
    await fsp.writeFile(configFile, JSON.stringify({ intervalMs: 1000, connections }));
  });

  afterEach(() => {
    for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  });

  after(async () => {
    if (dir) await fsp.rm(dir, { recursive: true, force: true });
  });

  it('stops cleanly on SIGTERM: exit 0, store closed, everything it acknowledged stored', async () => {
    const storage = path.join(dir, 'term-store');
    const r = startMonitor(configFile, storage);
    children.push(r.child);
    await until('20 stored results', () => storedOf(r).length >= 20, 60_000, r);
    r.child.kill('SIGTERM');
    const exit = await r.exited;
    assert.deepEqual(exit, { code: 0, signal: null });
    assert.ok(
      r.lines.some((l) => l.event === 'log' && /^stopped: /.test(String(l.message))),
      'said it stopped',
    );
    assert.doesNotMatch(JSON.stringify(r.lines), new RegExp(SECRET));

    const store = await HistoryStore.open({ dir: storage, role: 'writer' });
    try {
      assert.equal(store.currentRole, 'writer', 'the lock was released on exit');
      assert.ok(!store.reports.some((x) => x.kind === 'torn_tail' || x.kind === 'stale_lock_taken_over'), JSON.stringify(store.reports));
      await assertAllPresent(store, storedOf(r));
    } finally {
      await store.close();
    }
  });

  it('survives kill -9 in a loop during writes: nothing acknowledged is lost, and the store reopens', async () => {
    const storage = path.join(dir, 'kill-store');
    const acknowledged: Record<string, unknown>[] = [];
    const rounds = 5;
    for (let round = 0; round < rounds; round++) {
      const r = startMonitor(configFile, storage);
      children.push(r.child);
      await until(
        `round ${round}: monitoring started`,
        () => r.lines.some((l) => l.event === 'log' && /^monitoring \d+ connection/.test(String(l.message))),
        60_000,
        r,
      );
      const target = 10 + Math.floor(Math.random() * 40);
      await until(`round ${round}: ${target} stored results`, () => storedOf(r).length >= target, 60_000, r);
      r.child.kill('SIGKILL');
      const exit = await r.exited;
      assert.equal(exit.signal, 'SIGKILL');
      acknowledged.push(...storedOf(r));
      assert.doesNotMatch(JSON.stringify(r.lines), new RegExp(SECRET));
    }
    const store = await HistoryStore.open({ dir: storage, role: 'writer' });
    try {
      assert.equal(store.currentRole, 'writer', 'the dead writer’s lock was taken over');
      await assertAllPresent(store, acknowledged);
    } finally {
      await store.close();
    }
  });
});

async function assertAllPresent(store: HistoryStore, acknowledged: Record<string, unknown>[]): Promise<void> {
  const byConn = new Map<string, Set<number>>();
  for (const id of new Set(acknowledged.map((a) => String(a.connectionId)))) {
    byConn.set(id, new Set((await store.lastResults(id, 100_000)).map((x) => x.startedAt)));
  }
  const missing = acknowledged.filter((a) => !byConn.get(String(a.connectionId))?.has(a.startedAt as number));
  assert.equal(
    missing.length,
    0,
    `${missing.length} of ${acknowledged.length} acknowledged results missing: ${JSON.stringify(missing.slice(0, 3))}`,
  );
  assert.ok(acknowledged.length > 0);
}
