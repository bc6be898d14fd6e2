/**
 * MongoDB for the happy-path tests: no mongod can be installed here, so this
 * starts CongoDB, the pure-TypeScript MongoDB wire-protocol server shipped in
 * `@push.rocks/smartmongo` (2.2.0), in memory on 127.0.0.1 with an OS-assigned
 * port. It is an independent implementation, not MongoDB: single node, no
 * authentication, no opcounters in `serverStatus`. Tests that use it say so.
 */
import type * as net from 'node:net';

/** The part of CongoDB's server class these tests use. */
interface CongoServerLike {
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface CongoMongo {
  host: '127.0.0.1';
  port: number;
  /** mongodb://127.0.0.1:<port>/ */
  url: string;
  stop(): Promise<void>;
}

/** Why CongoDB cannot be started here, or undefined when it can. */
export function congoUnavailable(): string | undefined {
  try {
    require.resolve('@push.rocks/smartmongo/package.json');
    return undefined;
  } catch {
    return '@push.rocks/smartmongo is not installed (see the overrides in package.json)';
  }
}

export async function startCongoMongo(): Promise<CongoMongo> {
  // CongoDB ships as an ES module; only its server part is loaded (the package's root also
  // imports mongodb-memory-server, which the package.json overrides replace with an empty package).
  const congo = (await import('@push.rocks/smartmongo/dist_ts/congodb/index.js')) as {
    CongoServer: new (opts: { port: number; host: string; storage: 'memory' }) => CongoServerLike;
  };
  const server = new congo.CongoServer({ port: 0, host: '127.0.0.1', storage: 'memory' });
  await server.start();
  // CongoDB keeps its net.Server private; the OS-assigned port is read from it.
  const listener = (server as unknown as { server: net.Server | null }).server;
  const address = listener?.address();
  if (!address || typeof address !== 'object') {
    await server.stop();
    throw new Error('CongoDB started without a TCP address');
  }
  let stopped = false;
  return {
    host: '127.0.0.1',
    port: address.port,
    url: `mongodb://127.0.0.1:${address.port}/`,
    async stop() {
      if (stopped) return;
      stopped = true;
      await server.stop();
    },
  };
}
