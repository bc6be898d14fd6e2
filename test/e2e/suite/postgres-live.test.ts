/**
 * Issue 4 in a real editor, against the real PostgreSQL 15 the runner started for this run
 * (test/e2e/lib/pgForEditor.ts, facts in DBPULSE_E2E_PG):
 * - "Scan Workspace for Connections" adds the fixture's connections to the settings with no password
 *   there, and a discovered connection probes healthy with the password it moved to Secret Storage;
 * - a connection added from a connection string turns `up` with metrics, then `down` with the
 *   diagnosis `conn_refused` once the server stops; the Connections tree shows both (checked on the
 *   page by the runner, with screenshots).
 * Tests that need the server skip (saying why) when the runner started none.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ConnectionConfig } from '../../../src/shared/connection';
import type { ConnectionHealth } from '../../../src/shared/health';
import {
  askRunnerToCheckPage,
  dbPulse,
  livePostgres,
  pollUntil,
  removeConnectionsFromSettings,
  storedConnections,
  tcpRefused,
  workspaceRoot,
  type LivePostgres,
} from './helpers';

/** Literal passwords in the fixture workspace (compose's may have been moved to compose/.env by now). */
const FIXTURE_PASSWORDS = ['s3cret', 'C0mpose-pw-9x', 'Pr1sma-pw-7q'];

const probe = (id: string) => vscode.commands.executeCommand<ConnectionHealth | undefined>('dbpulse.probeNow', id);
const showHealth = (h: ConnectionHealth | undefined): string =>
  h
    ? JSON.stringify({ state: h.state, error: h.result?.error, diagnosis: h.diagnosis?.category, skipped: h.skippedReason })
    : 'no health (unknown connection?)';

const isUp = (h: ConnectionHealth | undefined): h is ConnectionHealth => h?.state === 'up';
const isDown = (h: ConnectionHealth | undefined): h is ConnectionHealth => h?.state === 'down';

async function settingsFileText(): Promise<string> {
  const uri = vscode.Uri.joinPath(workspaceRoot(), '.vscode', 'settings.json');
  try {
    return Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8');
  } catch {
    return '';
  }
}

function assertNoSecretIn(where: string, text: string, secrets: readonly string[]): void {
  const leaked = secrets.filter((s) => text.includes(s));
  assert.deepEqual(
    leaked.map((s) => `${s.slice(0, 2)}…`),
    [],
    `${where} holds a password`,
  );
}

describe('connections against a real PostgreSQL 15 in a real editor (issue 4)', function () {
  this.timeout(90_000);
  const live = livePostgres();
  const pg: LivePostgres | undefined = 'skip' in live ? undefined : live;
  const secrets = [...FIXTURE_PASSWORDS, ...(pg ? [pg.password] : [])];
  const added: string[] = [];

  before(async () => {
    await dbPulse();
  });

  after(async () => {
    // The runner's page checks expect the empty tree's welcome buttons again.
    await removeConnectionsFromSettings(added);
  });

  describe('Scan Workspace for Connections', () => {
    let scanned: ConnectionConfig[] = [];

    after(async () => {
      await removeConnectionsFromSettings(scanned.map((c) => c.id));
    });

    it('adds the connections of .env, compose and Prisma files to the settings, with no password there', async () => {
      if (pg) {
        // A connection file for the live server: discovery must move its password to Secret Storage.
        const file = vscode.Uri.joinPath(workspaceRoot(), 'live', '.env');
        const url = `postgres://${pg.user}:${pg.password}@${pg.host}:${pg.port}/${pg.database}`;
        await vscode.workspace.fs.writeFile(file, Buffer.from(`LIVE_DATABASE_URL=${url}\n`));
      }
      const before = storedConnections();
      const ids = await vscode.commands.executeCommand<string[] | undefined>('dbpulse.scanWorkspace', { addAll: true });
      assert.ok(Array.isArray(ids) && ids.length > 0, `the scan added nothing: returned ${JSON.stringify(ids)}`);
      const stored = storedConnections();
      const all = stored.workspace as ConnectionConfig[];
      scanned = all.filter((c) => !(before.workspace as ConnectionConfig[]).some((b) => b.id === c.id));
      const show = scanned.map((c) => `${c.id} ${c.user ?? ''}@${c.host ?? ''}:${c.port ?? ''}/${c.database ?? ''}`).join(', ');
      const expected: Array<[string, (c: ConnectionConfig) => boolean]> = [
        ['the .env DATABASE_URL', (c) => c.user === 'app' && c.database === 'app' && c.port === 5432],
        ['the compose service db', (c) => c.user === 'shop' && c.database === 'shop' && c.port === 5432 && c.host === '127.0.0.1'],
        ['the Prisma datasource', (c) => c.user === 'prisma_app' && c.database === 'orders'],
        ...(pg
          ? [
              [
                'the live server in live/.env',
                (c: ConnectionConfig) => c.port === pg.port && c.user === pg.user && c.database === pg.database,
              ] as [string, (c: ConnectionConfig) => boolean],
            ]
          : []),
      ];
      for (const [what, match] of expected) assert.ok(scanned.some(match), `${what} was not added; added: ${show}`);
      assert.equal(
        scanned.length,
        ids.length,
        `the command returned ${ids.length} id(s) but ${scanned.length} connection(s) appeared: ${show}`,
      );
      for (const c of scanned) assert.equal((c as { password?: unknown }).password, undefined, `${c.id} has a password field`);
      assertNoSecretIn('the dbpulse.connections setting', JSON.stringify(stored), secrets);
      assertNoSecretIn('.vscode/settings.json', await settingsFileText(), secrets);
    });

    it('probes a discovered connection healthy with the password it moved to Secret Storage', async function () {
      if (!pg) return this.skip();
      const c = scanned.find((x) => x.port === pg.port);
      assert.ok(c, 'the live connection was not added by the scan');
      const h = await pollUntil(`${c.id} turning up`, () => probe(c.id), isUp, { timeoutMs: 30_000, show: showHealth });
      assert.equal(h.result?.metrics.max_connections, pg.maxConnections);
    });
  });

  describe('a connection added from a connection string', () => {
    let id = '';
    let name = '';

    it('goes to the settings without its password, which goes to Secret Storage', async function () {
      if (!pg) return this.skip();
      const url = `postgres://${pg.user}:${pg.password}@${pg.host}:${pg.port}/${pg.database}`;
      const returned = await vscode.commands.executeCommand<string | undefined>('dbpulse.addFromConnectionString', url);
      assert.equal(typeof returned, 'string', `the command returned ${JSON.stringify(returned)} (did it show an error?)`);
      id = returned!;
      added.push(id);
      const c = (storedConnections().workspace as ConnectionConfig[]).find((x) => x.id === id);
      assert.ok(c, `no connection ${id} in the workspace settings`);
      assert.equal(c.provider, 'postgres');
      assert.equal(c.port, pg.port);
      assert.equal(c.user, pg.user);
      name = c.name;
      assertNoSecretIn('the dbpulse.connections setting', JSON.stringify(storedConnections()), [pg.password]);
      assertNoSecretIn('.vscode/settings.json', await settingsFileText(), [pg.password]);
    });

    it("turns up, with the server's version and metrics", async function () {
      if (!pg || !id) return this.skip();
      const h = await pollUntil(`${id} turning up`, () => probe(id), isUp, { timeoutMs: 30_000, show: showHealth });
      const r = h.result!;
      assert.equal(r.provider, 'postgres');
      assert.ok(
        r.serverVersion?.includes(pg.serverVersion.split(' ')[0]),
        `serverVersion ${r.serverVersion}, the server says ${pg.serverVersion}`,
      );
      assert.equal(r.metrics.max_connections, pg.maxConnections, JSON.stringify(r.metrics));
      assert.equal(typeof r.metrics.connections_used, 'number', JSON.stringify(r.metrics));
      assert.ok((r.metrics.connections_used as number) >= 1, 'the probe itself is a connection');
      assert.ok(r.timings.totalMs > 0 && typeof r.timings.connectMs === 'number', JSON.stringify(r.timings));
      assert.equal(h.diagnosis, undefined);
      assert.ok(!JSON.stringify(h).includes(pg.password), 'the health leaks the password');
    });

    it('shows as up in the Connections tree', async function () {
      if (!pg || !id) return this.skip();
      await vscode.commands.executeCommand('dbpulse.connections.focus');
      const answer = await askRunnerToCheckPage('connectionInTree', { name, description: '^up\\b' });
      if (!answer.ran) return this.skip();
      assert.equal(answer.problem, null, `${answer.problem} (screenshot: ${answer.screenshot ?? 'none'})`);
    });

    it('turns down with the diagnosis conn_refused when the server stops', async function () {
      if (!pg || !id) return this.skip();
      // SIGINT: PostgreSQL's fast shutdown. The postmaster is the runner's (it belongs to the postgres user; we are root).
      process.kill(pg.pid, 'SIGINT');
      await pollUntil(
        `PostgreSQL on port ${pg.port} refusing connections`,
        () => tcpRefused(pg.host, pg.port),
        (refused) => refused,
        {
          timeoutMs: 30_000,
          show: (refused) => (refused ? 'refused' : 'still accepting'),
        },
      );
      const h = await pollUntil(`${id} turning down`, () => probe(id), isDown, { timeoutMs: 30_000, show: showHealth });
      assert.equal(h.diagnosis?.category, 'conn_refused', showHealth(h));
      assert.equal(h.result?.error?.category, 'conn_refused', showHealth(h));
      assert.ok((h.diagnosis?.fixes.length ?? 0) > 0, 'the diagnosis suggests no fix');
      assert.ok(!JSON.stringify(h).includes(pg.password), 'the health leaks the password');
    });

    it('shows as down with its diagnosis in the Connections tree', async function () {
      if (!pg || !id) return this.skip();
      await vscode.commands.executeCommand('dbpulse.connections.focus');
      const answer = await askRunnerToCheckPage('connectionInTree', { name, description: '^down\\b.*conn_refused' });
      if (!answer.ran) return this.skip();
      assert.equal(answer.problem, null, `${answer.problem} (screenshot: ${answer.screenshot ?? 'none'})`);
    });
  });
});
