/**
 * Issue 11 item 5 (the secure-defaults class): servers that decline TLS, speaking just enough
 * of each wire protocol to take a password: PostgreSQL answers the SSLRequest with 'N' and
 * asks for a cleartext password; MySQL sends a handshake without the SSL capability. Reached
 * at this machine's non-loopback address (another host, for the probe), neither ever
 * receives the password unless the connection explicitly allows plain TCP (`prefer`,
 * `disable`); when it does, the result says TLS is off and carries the warning.
 */
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as net from 'node:net';
import * as os from 'node:os';
import type { ConnectionConfig, TlsOptions } from '../../../src/shared/connection';
import type { ProbeResult } from '../../../src/shared/probe';
import { runProbe } from '../../../src/server/probes/runProbe';
import { formatResult } from '../../../src/cli/commands/probe';

const PASSWORD = 'pw-cleartext-9Xq';

/** This machine's first non-internal IPv4 address: not loopback, so the probe treats it as another host. */
function otherHostAddress(): string | undefined {
  for (const list of Object.values(os.networkInterfaces()))
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  return undefined;
}

interface Fake {
  port: number;
  received: () => Buffer;
  close: () => Promise<void>;
}

async function listen(host: string, onConn: (s: net.Socket, got: (b: Buffer) => void) => void): Promise<Fake> {
  const chunks: Buffer[] = [];
  const sockets = new Set<net.Socket>();
  const srv = net.createServer((s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => {});
    onConn(s, (b) => chunks.push(b));
  });
  await new Promise<void>((r) => srv.listen(0, host, r));
  return {
    port: (srv.address() as net.AddressInfo).port,
    received: () => Buffer.concat(chunks),
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        srv.close(() => r());
      }),
  };
}

/** PostgreSQL without TLS: 'N' to SSLRequest, then cleartext password auth, then a trivial query. */
function fakePostgres(s: net.Socket, got: (b: Buffer) => void): void {
  let buf = Buffer.alloc(0);
  let started = false;
  const msg = (type: string, body: Buffer) => {
    const head = Buffer.alloc(5);
    head.write(type, 0, 'latin1');
    head.writeInt32BE(body.length + 4, 1);
    return Buffer.concat([head, body]);
  };
  const int32 = (n: number) => {
    const b = Buffer.alloc(4);
    b.writeInt32BE(n);
    return b;
  };
  s.on('data', (d: Buffer) => {
    got(d);
    buf = Buffer.concat([buf, d]);
    for (;;) {
      if (!started) {
        if (buf.length < 8) return;
        const len = buf.readInt32BE(0);
        if (buf.length < len) return;
        const code = buf.readInt32BE(4);
        buf = buf.subarray(len);
        if (code === 80877103) s.write('N');
        else {
          started = true;
          s.write(msg('R', int32(3))); // AuthenticationCleartextPassword
        }
        continue;
      }
      if (buf.length < 5) return;
      const type = String.fromCharCode(buf[0]);
      const len = buf.readInt32BE(1);
      if (buf.length < 1 + len) return;
      buf = buf.subarray(1 + len);
      if (type === 'p')
        s.write(Buffer.concat([msg('R', int32(0)), msg('S', Buffer.from('server_version\x0015.0-fake\x00')), msg('Z', Buffer.from('I'))]));
      else if (type === 'Q') s.write(Buffer.concat([msg('C', Buffer.from('SELECT 1\x00')), msg('Z', Buffer.from('I'))]));
      else if (type === 'X') s.end();
    }
  });
}

const SALT = Buffer.from('abcdefghijklmnopqrst'); // 20 bytes of auth-plugin data

/** MySQL without TLS: a v10 handshake whose capabilities lack CLIENT_SSL; OK to the login and to COM_PING. */
function fakeMysql(s: net.Socket, got: (b: Buffer) => void): void {
  const packet = (seq: number, body: Buffer) => {
    const h = Buffer.alloc(4);
    h.writeUIntLE(body.length, 0, 3);
    h[3] = seq;
    return Buffer.concat([h, body]);
  };
  const caps = 0x1 | 0x8 | 0x200 | 0x2000 | 0x8000 | 0x10000 | 0x20000 | 0x80000; // no 0x800 (CLIENT_SSL)
  const hs = Buffer.concat([
    Buffer.from([0x0a]),
    Buffer.from('8.0.36-fake\x00'),
    Buffer.from([1, 0, 0, 0]),
    SALT.subarray(0, 8),
    Buffer.from([0]),
    Buffer.from([caps & 0xff, (caps >> 8) & 0xff, 0x21, 0x02, 0x00, (caps >> 16) & 0xff, (caps >> 24) & 0xff, 21]),
    Buffer.alloc(10),
    SALT.subarray(8),
    Buffer.from([0]),
    Buffer.from('mysql_native_password\x00'),
  ]);
  s.write(packet(0, hs));
  const ok = Buffer.from([0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00]);
  let buf = Buffer.alloc(0);
  s.on('data', (d: Buffer) => {
    got(d);
    buf = Buffer.concat([buf, d]);
    while (buf.length >= 4) {
      const len = buf.readUIntLE(0, 3);
      if (buf.length < 4 + len) return;
      const seq = buf[3];
      const body = buf.subarray(4, 4 + len);
      buf = buf.subarray(4 + len);
      if (seq === 1)
        s.write(packet(2, ok)); // the login
      else if (body[0] === 0x0e)
        s.write(packet(1, ok)); // COM_PING
      else if (body[0] === 0x01) s.end(); // COM_QUIT
    }
  });
}

/** What mysql_native_password sends for PASSWORD: SHA1(pw) xor SHA1(salt + SHA1(SHA1(pw))). */
function nativeScramble(): Buffer {
  const sha1 = (b: Buffer) => createHash('sha1').update(b).digest();
  const h1 = sha1(Buffer.from(PASSWORD));
  const h2 = sha1(Buffer.concat([SALT, sha1(h1)]));
  return Buffer.from(h1.map((b, i) => b ^ h2[i]));
}

const address = otherHostAddress();

(address ? describe : describe.skip)(
  'probes: a server that declines TLS never gets the password by default (issue 11, item 5)',
  function () {
    this.timeout(30_000);
    const providers = [
      { provider: 'postgres' as const, fake: fakePostgres, sent: (b: Buffer) => b.includes(Buffer.from(PASSWORD)) },
      {
        provider: 'mysql' as const,
        fake: fakeMysql,
        sent: (b: Buffer) => b.includes(nativeScramble()) || b.includes(Buffer.from('app\x00')),
      },
    ];
    const probeWith = async (provider: 'postgres' | 'mysql', port: number, tls?: TlsOptions): Promise<ProbeResult> => {
      const config: ConnectionConfig = {
        id: 'fake',
        name: 'fake',
        provider,
        host: address!,
        port,
        user: 'app',
        database: 'app',
        connectTimeoutMs: 5000,
        ...(tls ? { tls } : {}),
      };
      return runProbe({ config, secret: { password: PASSWORD }, collectMetrics: false });
    };

    for (const p of providers) {
      for (const tls of [undefined, { mode: 'require' as const }, { mode: 'verify-full' as const }]) {
        it(`${p.provider}, tls ${tls ? tls.mode : 'unset (the default)'}: down with ssl_unsupported, the password never sent`, async () => {
          const fake = await listen(address!, p.fake);
          try {
            const r = await probeWith(p.provider, fake.port, tls);
            assert.equal(r.state, 'down', JSON.stringify(r));
            assert.equal(r.error?.category, 'ssl_unsupported', JSON.stringify(r.error));
            assert.equal(p.sent(fake.received()), false, 'the server received the password');
          } finally {
            await fake.close();
          }
        });
      }

      for (const mode of ['prefer', 'disable'] as const) {
        it(`${p.provider}, tls ${mode} (explicit): connects, says "TLS: off" and warns that the password crossed in the clear`, async () => {
          const fake = await listen(address!, p.fake);
          try {
            const r = await probeWith(p.provider, fake.port, { mode });
            assert.equal(p.sent(fake.received()), true, 'plain TCP was allowed explicitly');
            assert.notEqual(r.state, 'down', JSON.stringify(r));
            assert.equal(r.tls, null);
            assert.ok(
              r.warnings?.some((w) => /^TLS: off: the password was sent to .* without encryption/.test(w)),
              JSON.stringify(r),
            );
            assert.doesNotMatch(JSON.stringify(r), new RegExp(PASSWORD));
            assert.match(formatResult(r), /TLS: off[\s\S]*warning: TLS: off: the password was sent/);
          } finally {
            await fake.close();
          }
        });
      }
    }

    it('on loopback the default stays prefer (local development), with no warning', async () => {
      const fake = await listen('127.0.0.1', fakePostgres);
      try {
        const config: ConnectionConfig = { id: 'l', name: 'l', provider: 'postgres', host: '127.0.0.1', port: fake.port, user: 'app' };
        const r = await runProbe({ config, secret: { password: PASSWORD }, collectMetrics: false });
        assert.equal(r.state, 'up', JSON.stringify(r));
        assert.equal(r.tls, null);
        assert.equal(r.warnings, undefined);
      } finally {
        await fake.close();
      }
    });
  },
);
