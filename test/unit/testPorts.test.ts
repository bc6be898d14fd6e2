import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import { closedPort, reservedPort, reservedRange } from '../servers/ports';

const connect = (port: number): Promise<string> =>
  new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port });
    s.once('connect', () => (s.destroy(), resolve('connected')));
    s.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
  });

describe('test ports (test/servers/ports.ts)', () => {
  it('reserves a range below the ephemeral range the OS hands out', () => {
    assert.deepEqual(reservedRange(32_768), { first: 20_000, last: 29_999 });
    assert.deepEqual(reservedRange(49_152), { first: 20_000, last: 29_999 });
    assert.deepEqual(reservedRange(15_000), { first: 10_000, last: 14_999 });
    assert.throws(() => reservedRange(10_500), /no room/);
  });

  it('a closed port refuses connections; ports are never handed out twice in one process', async () => {
    const ports = [await closedPort(), await closedPort(), await reservedPort()];
    assert.equal(new Set(ports).size, 3);
    const { first, last } = reservedRange();
    for (const p of ports) assert.ok(p >= first && p <= last, `${p} outside ${first}-${last}`);
    assert.equal(await connect(ports[0]), 'ECONNREFUSED');
  });

  it('a reserved port can be listened on by the server it is for', async () => {
    const port = await reservedPort();
    const srv = net.createServer();
    await new Promise<void>((resolve, reject) => srv.once('error', reject).listen(port, '127.0.0.1', () => resolve()));
    try {
      assert.equal(await connect(port), 'connected');
    } finally {
      await new Promise<void>((resolve) => srv.close(() => resolve()));
    }
  });
});
