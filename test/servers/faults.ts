/**
 * Real network faults for the probe tests, all on 127.0.0.1 with OS-assigned
 * ports: a listener that accepts and never answers, a proxy that resets the
 * client mid-handshake, and a helper that fills a server's connection slots.
 */
import * as net from 'node:net';

export interface Blackhole {
  port: number;
  /** Connections accepted so far. */
  readonly accepted: number;
  /** Accepted connections the client has since closed (the probe abandoned them). */
  readonly closedByClient: number;
  close(): Promise<void>;
}

/** Accepts TCP connections and never writes a byte: the client's timeout is all that ends them. */
export async function startBlackhole(): Promise<Blackhole> {
  const sockets = new Set<net.Socket>();
  let accepted = 0;
  let closedByClient = 0;
  let closing = false;
  const server = net.createServer((s) => {
    accepted++;
    sockets.add(s);
    s.on('error', () => undefined);
    s.on('close', () => {
      sockets.delete(s);
      if (!closing) closedByClient++;
    });
    s.resume(); // read and drop whatever the client sends
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    get accepted() {
      return accepted;
    },
    get closedByClient() {
      return closedByClient;
    },
    close: () =>
      new Promise<void>((resolve) => {
        closing = true;
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

export interface ResetProxy {
  port: number;
  /** Client connections reset by the proxy. */
  readonly resets: number;
  close(): Promise<void>;
}

/**
 * Forwards to `target` and resets the client (TCP RST) mid-handshake: the first
 * `passServerChunks` chunks from the server reach the client, the next one
 * triggers the reset instead (for PostgreSQL: after the auth request; for MySQL:
 * after the greeting, on the auth reply).
 */
export async function startResetProxy(target: { host: string; port: number }, passServerChunks = 1): Promise<ResetProxy> {
  const pairs = new Set<[net.Socket, net.Socket]>();
  let resets = 0;
  const server = net.createServer((client) => {
    const upstream = net.connect({ host: target.host, port: target.port });
    const pair: [net.Socket, net.Socket] = [client, upstream];
    pairs.add(pair);
    let passed = 0;
    client.on('error', () => undefined);
    upstream.on('error', () => client.destroy());
    client.on('data', (d) => upstream.write(d));
    upstream.on('data', (d) => {
      if (passed < passServerChunks) {
        passed++;
        client.write(d);
        return;
      }
      resets++;
      client.resetAndDestroy();
      upstream.destroy();
    });
    const drop = () => {
      pairs.delete(pair);
      upstream.destroy();
    };
    client.on('close', drop);
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return {
    port: (server.address() as net.AddressInfo).port,
    get resets() {
      return resets;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const [a, b] of pairs) {
          a.destroy();
          b.destroy();
        }
        server.close(() => resolve());
      }),
  };
}

export interface HeldConnections {
  /** Connections opened before the server refused. */
  count: number;
  /** The refusal that stopped the filling (the real "too many connections" error). */
  refusal: unknown;
  release(): Promise<void>;
}

/**
 * Opens connections with `open` until the server refuses one with an error
 * `isLimit` recognises, and holds them until `release()`. Throws if `max`
 * connections open without a refusal, or if another error stops it.
 */
export async function exhaustConnections(
  open: () => Promise<{ close(): Promise<void> }>,
  isLimit: (err: unknown) => boolean,
  max = 500,
): Promise<HeldConnections> {
  const held: Array<{ close(): Promise<void> }> = [];
  const release = async () => {
    await Promise.all(held.splice(0).map((c) => c.close().catch(() => undefined)));
  };
  for (let i = 0; i < max; i++) {
    try {
      held.push(await open());
    } catch (err) {
      if (isLimit(err)) return { count: held.length, refusal: err, release };
      await release();
      throw err;
    }
  }
  await release();
  throw new Error(`opened ${max} connections without reaching the server's limit`);
}
