import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { command, parseTime } from '../../src/cli/commands/history';
import type { ProbeResult } from '../../src/shared/probe';
import { HistoryStore } from '../../src/server/store';
import { runCli } from '../support/builtCli';
import { fakeIo } from '../support/cliIo';

const T = Date.UTC(2025, 2, 1, 10);

function result(conn: string, i: number): ProbeResult {
  const down = i % 4 === 3;
  return {
    connectionId: conn,
    provider: 'postgres',
    startedAt: T + i * 60_000,
    state: down ? 'down' : 'up',
    timings: { totalMs: 10 + i },
    metrics: { i },
    ...(down
      ? { error: { message: 'password authentication failed for user "app"', code: '28P01', category: 'auth_failed' as const } }
      : {}),
  };
}

describe('dbpulse history', function () {
  this.timeout(30000);
  let dir: string;
  let writer: HistoryStore;
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dbpulse-history-cli-'));
    // The writer stays open: history must read next to a running writer.
    writer = await HistoryStore.open({ dir, clock: { now: () => T + 3_600_000 } });
    for (let i = 0; i < 12; i++) {
      await writer.appendProbe(result('pg', i));
      await writer.appendProbe(result('my', i));
    }
    await writer.appendAudit({ at: T, action: 'monitoring_enabled', details: { intervalMs: 300000 } });
    await writer.appendTransition({ kind: 'breaker', connectionId: 'pg', at: T + 5, from: 'CLOSED', to: 'OPEN' });
  });
  after(async () => {
    await writer.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('prints every stored result as JSON Lines, oldest first', async () => {
    const io = fakeIo();
    assert.equal(await command.run(['--storage', dir, '--json'], io), 0, io.err);
    const rows = io.out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as ProbeResult);
    assert.equal(rows.length, 24);
    assert.deepEqual(
      rows.filter((r) => r.connectionId === 'pg'),
      Array.from({ length: 12 }, (_, i) => result('pg', i)),
    );
    for (let i = 1; i < rows.length; i++) assert.ok(rows[i].startedAt >= rows[i - 1].startedAt);
  });

  it('filters by connection, --since/--until and --limit', async () => {
    const io = fakeIo();
    const since = new Date(T + 5 * 60_000).toISOString();
    assert.equal(
      await command.run(['--storage', dir, '--connection', 'pg', '--since', since, '--until', String(T + 9 * 60_000), '--json'], io),
      0,
      io.err,
    );
    assert.deepEqual(
      io.out
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as ProbeResult).metrics.i),
      [5, 6, 7, 8],
    );
    const last = fakeIo();
    assert.equal(await command.run(['--storage', dir, '--connection=my', '--limit', '3', '--json'], last), 0);
    assert.deepEqual(
      last.out
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as ProbeResult).metrics.i),
      [9, 10, 11],
    );
  });

  it('prints readable lines by default, with the category of failures', async () => {
    const io = fakeIo();
    assert.equal(await command.run(['--storage', dir, '--connection', 'pg', '--limit', '1'], io), 0);
    assert.equal(
      io.out,
      `${new Date(T + 11 * 60_000).toISOString()}  pg  down      21 ms  auth_failed: password authentication failed for user "app"\n`,
    );
  });

  it('prints transitions and audit entries with --kind', async () => {
    const io = fakeIo();
    assert.equal(await command.run(['--storage', dir, '--kind', 'transitions', '--json'], io), 0);
    assert.deepEqual(JSON.parse(io.out), { kind: 'breaker', connectionId: 'pg', at: T + 5, from: 'CLOSED', to: 'OPEN' });
    const a = fakeIo();
    assert.equal(await command.run(['--storage', dir, '--kind', 'audit'], a), 0);
    assert.match(a.out, /monitoring_enabled/);
  });

  it('explains usage errors and a missing storage directory with exit code 2', async () => {
    for (const args of [
      [],
      ['--storage'],
      ['--storage', dir, '--since', 'yesterday'],
      ['--storage', dir, '--limit', '0'],
      ['--storage', dir, '--kind', 'x'],
      ['--storage', dir, '--bogus'],
    ]) {
      const io = fakeIo();
      assert.equal(await command.run(args, io), 2, args.join(' '));
      assert.match(io.err, /^dbpulse history: /);
    }
    const io = fakeIo();
    assert.equal(await command.run(['--storage', path.join(dir, 'nope')], io), 2);
    assert.match(io.err, /no storage directory/);
    assert.ok(!fs.existsSync(path.join(dir, 'nope')), 'reading never creates the directory');
  });

  it('reads relative times back from now', () => {
    assert.equal(parseTime('24h', 100 * 3.6e6), 76 * 3.6e6);
    assert.equal(parseTime('2025-03-01T10:00:00Z', 0), T);
    assert.ok(Number.isNaN(parseTime('soon', 0)));
  });

  it('built dist/cli.js: prints the stored results, and a usage error exits 2 with the usage', () => {
    const r = runCli(['history', '--storage', dir, '--connection', 'my', '--json']);
    assert.equal(r.status, 0, r.stderr);
    const lines = r.stdout.trim().split('\n');
    assert.equal(lines.length, 12);
    assert.ok(lines.every((l) => (JSON.parse(l) as { connectionId?: string }).connectionId === 'my'));
    const bad = runCli(['history', '--storage', dir, '--limit', '0']);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /^dbpulse history: /);
    assert.match(bad.stderr, /Usage: dbpulse history/);
    assert.equal(bad.stdout, '');
  });
});
