/**
 * Alert channels in a real editor: a webhook set in the user settings, its signing secret put into
 * Secret Storage by "DB Pulse: Set Alert Secret", and "DB Pulse: Send Test Alert" delivering a signed
 * test event to a real HTTP receiver on 127.0.0.1 (started here, in the extension host's Node).
 */
import * as assert from 'node:assert/strict';
import { createHmac, timingSafeEqual } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as vscode from 'vscode';
import type { AlertChannelOutcome } from '../../../src/shared/alertSettings';
import { dbPulse, pollUntil } from './helpers';

const SECRET = 'e2e-signing-S3cret-4f1c';

interface Received {
  body: string;
  signature: string | undefined;
}

describe('alerts: a test alert through a webhook from the command palette', function () {
  this.timeout(45_000);
  let server: http.Server;
  let url: string;
  const got: Received[] = [];

  before(async () => {
    await dbPulse();
    server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        got.push({ body: Buffer.concat(chunks).toString('utf8'), signature: req.headers['x-dbpulse-signature'] as string | undefined });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  });

  after(async () => {
    await vscode.workspace.getConfiguration('dbpulse.alerts').update('webhooks', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('dbpulse.setAlertSecret', { channel: 'webhook', id: 'e2e' }, '');
    await new Promise<void>((resolve) => server?.close(() => resolve()));
  });

  it('delivers a signed test event, with no secret in it', async () => {
    await vscode.workspace
      .getConfiguration('dbpulse.alerts')
      .update('webhooks', [{ id: 'e2e', url, format: 'json' }], vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('dbpulse.setAlertSecret', { channel: 'webhook', id: 'e2e' }, SECRET);
    // The settings reach the server on the configuration change; until then the test finds no channel.
    const outcomes = await pollUntil(
      'a test alert with the webhook configured',
      () => vscode.commands.executeCommand<AlertChannelOutcome[] | undefined>('dbpulse.sendTestAlert'),
      (o): o is AlertChannelOutcome[] => Array.isArray(o) && o.length > 0,
      { timeoutMs: 20_000, everyMs: 500 },
    );
    assert.equal(outcomes.length, 1, JSON.stringify(outcomes));
    assert.equal(outcomes[0]!.ok, true, JSON.stringify(outcomes));
    assert.equal(got.length, 1, `the receiver got ${got.length} requests`);
    const { body, signature } = got[0]!;
    const payload = JSON.parse(body) as { event?: string };
    assert.equal(payload.event, 'test', body);
    const expected = `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`;
    assert.ok(
      signature && signature.length === expected.length && timingSafeEqual(Buffer.from(signature), Buffer.from(expected)),
      `signature ${signature} is not the HMAC of the body`,
    );
    assert.ok(!body.includes(SECRET), 'the signing secret is in the payload');
  });
});
