/**
 * Realtime Database stand-in — NOT the Firebase Database emulator (that one needs
 * Java 21 and a download). `firebase-server` (1.1.0) is an independent
 * implementation of the Realtime Database websocket protocol; firebase-admin talks
 * to it as to an emulator (an http:// database URL). It needs `firebase@8` (package.json
 * override) and is served from an http server on 127.0.0.1 with an OS-assigned port.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RtdbStandIn {
  /** 127.0.0.1:<port>, the value for `emulator.database`. */
  hostPort: string;
  port: number;
  stop(): Promise<void>;
}

export function rtdbStandInUnavailable(): string | undefined {
  try {
    require.resolve('firebase-server');
    return undefined;
  } catch {
    return 'firebase-server is not installed';
  }
}

/**
 * Starts the stand-in with `data` at the root. Any namespace (`?ns=`) is served from it.
 * The server's name is its own host:port: the Realtime Database protocol's handshake
 * tells the client which host to reconnect to, and that must stay this loopback listener.
 */
export async function startRtdbStandIn(data: Record<string, unknown> = {}): Promise<RtdbStandIn> {
  const FirebaseServer = require('firebase-server') as new (options: { server: http.Server }, name: string, data: unknown) => { close(): Promise<void> };
  const server = http.createServer();
  const sockets = new Set<import('node:net').Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const fb = new FirebaseServer({ server }, `127.0.0.1:${port}`, data);
  let stopped = false;
  return {
    hostPort: `127.0.0.1:${port}`,
    port,
    async stop() {
      if (stopped) return;
      stopped = true;
      await fb.close().catch(() => undefined);
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
