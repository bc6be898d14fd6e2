/**
 * `dbpulse monitor` (the built dist/cli.js, its own process) runs the same monitoring service as
 * the editor: against a real PostgreSQL 15 whose password is wrong, its history holds the
 * diagnosis category and a forecast (`dbpulse history --json` shows them), the webhook configured
 * in its `alerts` object (the editor's `dbpulse.alerts.*` shape, the signing secret named by
 * `secretEnv`) reaches a real HTTP receiver signed, and the delivery outcome is in history too.
 * A connection that is up raises no alert.
 */
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { startPostgresWithApp, type PgServer } from '../../servers/postgres';

const REPO = path.resolve(__dirname, '../../..');
const CLI = path.join(REPO, 'dist/cli.js');
const PASSWORD = 'Headless-pipe-pw-7731';
const WRONG = 'Headless-wrong-pw-0042';
const SIGNING = 'whsec-headless-0xBEEF';

interface Received {
  body: string;
  signature: string | undefined;
}

async function receiver(): Promise<{ url: string; got: Received[]; close(): Promise<void> }> {
  const got: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      got.push({ body: Buffer.concat(chunks).toString('utf8'), signature: req.headers['x-dbpulse-signature'] as string | undefined });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hook`, got, close: () => new Promise<void>((r) => server.close(() => r())) };
}

/** Runs the CLI to completion without blocking the event loop (the receiver must keep answering). */
function cli(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: REPO,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

function jsonLines(text: string): Array<Record<string, unknown>> {
  return text
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe('dbpulse monitor runs the monitoring service (dist/cli.js + real PostgreSQL 15 + real webhook receiver)', function () {
  this.timeout(90_000);
  let pg: PgServer;
  let dir: string;
  let hook: Awaited<ReturnType<typeof receiver>>;

  before(async function () {
    if (!fs.existsSync(CLI)) {
      console.log('      skipped: dist/cli.js is not built (npm run build)');
      this.skip();
    }
    pg = await startPostgresWithApp(this, { role: 'pipe_app', database: 'pipe_db', password: PASSWORD });
    hook = await receiver();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dbpulse-headless-pipeline-'));
  });

  after(async () => {
    await pg?.destroy();
    await hook?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('records the diagnosis category, a forecast and the alert outcome, and sends the signed webhook', async () => {
    const connection = (id: string, passwordEnv: string) => ({
      id,
      name: id,
      provider: 'postgres',
      host: '127.0.0.1',
      port: pg.port,
      database: 'pipe_db',
      user: 'pipe_app',
      connectTimeoutMs: 3000,
      passwordEnv,
    });
    const configFile = path.join(dir, 'monitor.json');
    fs.writeFileSync(
      configFile,
      JSON.stringify({
        connections: [connection('orders', 'ORDERS_PW'), connection('billing', 'BILLING_PW')],
        alerts: {
          enabled: true,
          quietPeriodMinutes: 15,
          // Health events only: the test server's 3-day certificate also raises a warning (default rules).
          webhooks: [{ id: 'ops', url: hook.url, format: 'json', secretEnv: 'OPS_HOOK_SECRET', events: ['down', 'recovered'] }],
        },
      }),
    );
    const storage = path.join(dir, 'history');
    const env = { ORDERS_PW: WRONG, BILLING_PW: PASSWORD, OPS_HOOK_SECRET: SIGNING };

    const run = await cli(['monitor', '--config', configFile, '--storage', storage, '--once'], env);
    assert.equal(run.code, 1, `one connection is down, so --once exits 1:\n${run.stderr}`);
    for (const secret of [PASSWORD, WRONG, SIGNING]) assert.ok(!run.stderr.includes(secret), 'a secret reached the log');

    // The webhook: one signed `down` for orders, with the diagnosis; none for billing (up).
    assert.equal(hook.got.length, 1, `expected one webhook, got ${hook.got.map((g) => g.body).join('\n')}`);
    const body = hook.got[0]!;
    assert.equal(body.signature, `sha256=${createHmac('sha256', SIGNING).update(body.body).digest('hex')}`);
    const payload = JSON.parse(body.body) as { event: string; connection: { id: string }; diagnosis?: { category: string } };
    assert.equal(payload.event, 'down');
    assert.equal(payload.connection.id, 'orders');
    assert.equal(payload.diagnosis?.category, 'auth_failed');
    for (const secret of [PASSWORD, WRONG, SIGNING]) assert.ok(!body.body.includes(secret));

    const history = async (kind: string): Promise<Array<Record<string, unknown>>> => {
      const h = await cli(['history', '--storage', storage, '--json', '--kind', kind], {});
      assert.equal(h.code, 0, h.stderr);
      for (const secret of [PASSWORD, WRONG, SIGNING]) assert.ok(!h.stdout.includes(secret));
      return jsonLines(h.stdout);
    };
    const results = await history('results');
    const orders = results.filter((r) => r.connectionId === 'orders');
    assert.ok(orders.length >= 1);
    assert.ok(
      orders.every((r) => (r.error as { category?: string } | undefined)?.category === 'auth_failed'),
      JSON.stringify(orders),
    );
    assert.ok(results.some((r) => r.connectionId === 'billing' && r.state === 'up'));

    const predictions = await history('predictions');
    assert.deepEqual([...new Set(predictions.map((p) => p.connectionId))].sort(), ['billing', 'orders']);
    for (const p of predictions)
      assert.equal(typeof (p.prediction as { prediction: { risk_level: string } }).prediction.risk_level, 'string');

    const alerts = await history('alerts');
    assert.equal(alerts.length, 1, JSON.stringify(alerts));
    assert.equal(alerts[0]!.connectionId, 'orders');
    assert.equal(alerts[0]!.event, 'down');
    assert.deepEqual(
      (alerts[0]!.outcomes as Array<{ channel: string; ok: boolean }>).map((o) => [o.channel, o.ok]),
      [['webhook:ops', true]],
    );

    // The diagnoser's statistics are kept beside the history, as the editor keeps them in its storage.
    const stats = JSON.parse(fs.readFileSync(path.join(storage, 'diagnosis', 'diagnosis-stats.json'), 'utf8')) as {
      stats: Record<string, { matches: number }>;
    };
    assert.ok(
      Object.values(stats.stats).some((s) => s.matches >= 1),
      JSON.stringify(stats),
    );
  });
});
