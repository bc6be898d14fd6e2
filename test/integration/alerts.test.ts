/**
 * Alert senders against real receivers on 127.0.0.1: a node:http webhook
 * receiver (signature check, 500-then-200 retry, a receiver that never answers)
 * and the `smtp-server` library in this process: a real SMTP protocol
 * implementation on a loopback socket, not a mail server (no queue, no relay:
 * STARTTLS and implicit TLS, AUTH with the password from Secret Storage, the
 * message as received).
 */
import * as assert from 'node:assert/strict';
import { createHmac, timingSafeEqual } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import * as path from 'node:path';
import type * as nodemailer from 'nodemailer';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { sendEmail } from '../../src/server/alerts/email';
import { renderAlert } from '../../src/server/alerts/render';
import { postWebhook, SIGNATURE_HEADER } from '../../src/server/alerts/webhook';
import type { AlertEmailSetting } from '../../src/shared/alertSettings';

const SIGNING_SECRET = 'whsec-Integration-9f8e7d';
const SMTP_PASSWORD = 'Smtp-Secret-pw-4711!';
const DB_PASSWORD = 'Db-Password-never-sent-42';

const rendered = renderAlert(
  { event: 'down', connectionId: 'orders', at: Date.UTC(2026, 10, 3), state: 'down', previousState: 'up' },
  {
    connection: { id: 'orders', name: 'Orders DB', provider: 'postgres', tags: ['prod'] },
    diagnosis: { category: 'auth_failed', rootCause: `password authentication failed (password=${DB_PASSWORD})` },
    result: {
      connectionId: 'orders',
      provider: 'postgres',
      startedAt: 0,
      state: 'down',
      timings: { totalMs: 5 },
      metrics: {},
      error: { message: `postgres://app:${DB_PASSWORD}@db:5432/x refused`, category: 'auth_failed' },
    },
  },
  'test',
);

interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A webhook receiver whose answer to the n-th request (0-based) is decided by `answer`. */
async function receiver(
  answer: (n: number, req: Received, res: http.ServerResponse) => void,
): Promise<{ url: string; got: Received[]; close(): Promise<void> }> {
  const got: Received[] = [];
  const sockets = new Set<Socket>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r = { headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      got.push(r);
      answer(got.length - 1, r, res);
    });
  });
  server.on('connection', (s) => (sockets.add(s), s.on('close', () => sockets.delete(s))));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/T1/B2/pathsecret`,
    got,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

function verify(body: string, header: string | undefined, secret: string): boolean {
  const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(body).digest('hex')}`);
  const given = Buffer.from(header ?? '');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

describe('webhook sender (real HTTP receiver on 127.0.0.1)', function () {
  this.timeout(30_000);

  it('POSTs the JSON payload signed with HMAC-SHA256 over the raw body', async () => {
    const r = await receiver((_n, req, res) =>
      res.writeHead(verify(req.body, req.headers[SIGNATURE_HEADER.toLowerCase()] as string, SIGNING_SECRET) ? 204 : 401).end(),
    );
    try {
      const out = await postWebhook({ url: r.url, body: rendered.json, secret: SIGNING_SECRET });
      assert.equal(out.ok, true, out.detail);
      assert.equal(out.status, 204);
      assert.equal(r.got.length, 1);
      assert.equal(r.got[0]!.headers['content-type'], 'application/json; charset=utf-8');
      assert.equal(JSON.parse(r.got[0]!.body).event, 'down');
      assert.ok(!r.got[0]!.body.includes(DB_PASSWORD), 'the payload carries the database password');
      // A receiver with another secret rejects it: the signature depends on the secret.
      const wrong = await postWebhook({ url: r.url, body: rendered.json, secret: 'another-secret' });
      assert.equal(wrong.ok, false);
      assert.equal(wrong.status, 401);
      assert.equal(wrong.attempts, 1, '4xx is not retried');
    } finally {
      await r.close();
    }
  });

  it('without a secret sends no signature header', async () => {
    const r = await receiver((_n, _req, res) => res.writeHead(200).end('ok'));
    try {
      const out = await postWebhook({ url: r.url, body: rendered.slack });
      assert.equal(out.ok, true);
      assert.equal(r.got[0]!.headers[SIGNATURE_HEADER.toLowerCase()], undefined);
      assert.equal(JSON.parse(r.got[0]!.body).text, rendered.payload.summary);
    } finally {
      await r.close();
    }
  });

  it('retries a 500 with backoff and succeeds on the 200 that follows', async () => {
    const r = await receiver((n, _req, res) =>
      n === 0 ? res.writeHead(500).end('database of the receiver is down') : res.writeHead(200).end(),
    );
    try {
      const out = await postWebhook({ url: r.url, body: rendered.json, secret: SIGNING_SECRET, initialDelayMs: 20 });
      assert.equal(out.ok, true, out.detail);
      assert.equal(out.attempts, 2);
      assert.equal(r.got.length, 2);
      assert.equal(r.got[0]!.body, r.got[1]!.body);
    } finally {
      await r.close();
    }
  });

  it('gives up after its attempts with the status and the head of the body, naming only the origin', async () => {
    const r = await receiver((_n, _req, res) => res.writeHead(503).end('overloaded '.repeat(100)));
    try {
      const out = await postWebhook({ url: r.url, body: rendered.json, attempts: 3, initialDelayMs: 10 });
      assert.equal(out.ok, false);
      assert.equal(out.attempts, 3);
      assert.equal(r.got.length, 3);
      assert.match(out.detail, /^http:\/\/127\.0\.0\.1:\d+: HTTP 503: overloaded overloaded/);
      assert.ok(out.detail.length < 400, out.detail);
      assert.ok(!out.detail.includes('pathsecret'), out.detail);
    } finally {
      await r.close();
    }
  });

  it('a receiver that never answers hits the timeout on every attempt', async () => {
    const r = await receiver(() => undefined);
    try {
      const out = await postWebhook({ url: r.url, body: rendered.json, timeoutMs: 300, attempts: 2, initialDelayMs: 10 });
      assert.equal(out.ok, false);
      assert.equal(out.attempts, 2);
      assert.match(out.detail, /no answer within 300 ms/);
      assert.equal(r.got.length, 2);
    } finally {
      await r.close();
    }
  });

  it('a closed port is reported, not thrown', async () => {
    const r = await receiver(() => undefined);
    const url = r.url;
    await r.close();
    const out = await postWebhook({ url, body: rendered.json, attempts: 2, initialDelayMs: 10 });
    assert.equal(out.ok, false);
    assert.match(out.detail, /ECONNREFUSED/);
  });
});

describe('email sender (in-process smtp-server library: the SMTP protocol on a loopback socket)', function () {
  this.timeout(30_000);

  interface Smtp {
    port: number;
    auths: Array<{ user: string; ok: boolean; secure: boolean }>;
    messages: string[];
    close(): Promise<void>;
  }

  async function smtp(options: Partial<SMTPServerOptions> = {}): Promise<Smtp> {
    const auths: Smtp['auths'] = [];
    const messages: string[] = [];
    const server = new SMTPServer({
      authMethods: ['PLAIN', 'LOGIN'],
      disableReverseLookup: true,
      logger: false,
      ...options,
      onAuth(auth, session, cb) {
        const ok = auth.username === 'alerts' && auth.password === SMTP_PASSWORD;
        auths.push({ user: auth.username ?? '', ok, secure: session.secure });
        cb(
          ok ? null : Object.assign(new Error('Invalid username or password'), { responseCode: 535 }),
          ok ? { user: auth.username } : undefined,
        );
      },
      onData(stream, _session, cb) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => (messages.push(Buffer.concat(chunks).toString('utf8')), cb()));
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const { port } = server.server.address() as AddressInfo;
    return { port, auths, messages, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
  }

  const setting = (port: number, extra: Partial<AlertEmailSetting> = {}): AlertEmailSetting => ({
    host: '127.0.0.1',
    port,
    user: 'alerts',
    from: 'dbpulse@example.com',
    to: ['ops@example.com', 'dba@example.com'],
    allowSelfSigned: true,
    ...extra,
  });

  it('upgrades with STARTTLS, authenticates with the password, and delivers text + HTML without any secret', async () => {
    const s = await smtp();
    try {
      const out = await sendEmail(setting(s.port), SMTP_PASSWORD, rendered.email);
      assert.equal(out.ok, true, out.detail);
      assert.match(out.detail, /2 of 2 recipient/);
      assert.deepEqual(s.auths, [{ user: 'alerts', ok: true, secure: true }]);
      assert.equal(s.messages.length, 1);
      const raw = s.messages[0]!;
      assert.match(raw, /^Subject: \[DB Pulse\] Orders DB \(postgres\) is DOWN/m);
      assert.match(raw, /Content-Type: text\/plain/);
      assert.match(raw, /Content-Type: text\/html/);
      for (const secret of [SMTP_PASSWORD, DB_PASSWORD, Buffer.from(SMTP_PASSWORD).toString('base64')])
        assert.ok(!raw.includes(secret), `the message carries ${secret}`);
    } finally {
      await s.close();
    }
  });

  it("the packaged server's own nodemailer bundle (dist/lib/nodemailer.js, kept out of dist/server.js) delivers too", async function () {
    const bundle = path.resolve(__dirname, '../../dist/lib/nodemailer.js');
    if (!fs.existsSync(bundle)) this.skip(); // npm test builds first; a bare mocha run may not have
    const { createTransport } = require(bundle) as Pick<typeof nodemailer, 'createTransport'>;
    const s = await smtp();
    try {
      const transport = createTransport({
        host: '127.0.0.1',
        port: s.port,
        requireTLS: true,
        auth: { user: 'alerts', pass: SMTP_PASSWORD },
        tls: { rejectUnauthorized: false },
      });
      const info = await transport.sendMail({ from: 'dbpulse@example.com', to: 'ops@example.com', subject: 'bundle check', text: 'ok' });
      transport.close();
      assert.deepEqual(info.accepted, ['ops@example.com']);
      assert.equal(s.messages.length, 1);
      const server = fs.readFileSync(path.resolve(__dirname, '../../dist/server.js'), 'utf8');
      assert.ok(!server.includes('Greeting never received'), 'nodemailer (its SMTP client) is inlined into dist/server.js');
    } finally {
      await s.close();
    }
  });

  it('connects with implicit TLS when secure is on', async () => {
    const s = await smtp({ secure: true });
    try {
      const out = await sendEmail(setting(s.port, { secure: true }), SMTP_PASSWORD, rendered.email);
      assert.equal(out.ok, true, out.detail);
      assert.equal(s.auths[0]?.secure, true);
      assert.equal(s.messages.length, 1);
    } finally {
      await s.close();
    }
  });

  it('a wrong password is reported with the server reply and never echoes the password', async () => {
    const s = await smtp();
    try {
      const wrong = `${SMTP_PASSWORD}-old`;
      const out = await sendEmail(setting(s.port), wrong, rendered.email);
      assert.equal(out.ok, false);
      assert.match(out.detail, /535/);
      assert.ok(!out.detail.includes(wrong));
      assert.equal(s.messages.length, 0);
    } finally {
      await s.close();
    }
  });

  it('refuses to send over plaintext when the server offers no STARTTLS (requireTLS by default)', async () => {
    const s = await smtp({ disabledCommands: ['STARTTLS'], allowInsecureAuth: true });
    try {
      const out = await sendEmail(setting(s.port), SMTP_PASSWORD, rendered.email);
      assert.equal(out.ok, false);
      assert.deepEqual(s.auths, [], 'the password was sent over plaintext');
      const insecure = await sendEmail(setting(s.port, { requireTLS: false }), SMTP_PASSWORD, rendered.email);
      assert.equal(insecure.ok, true, insecure.detail);
    } finally {
      await s.close();
    }
  });
});
