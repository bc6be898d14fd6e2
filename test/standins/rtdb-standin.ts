/**
 * Realtime Database stand-in — NOT the Firebase Database emulator (that one needs
 * Java 21 and a download). `firebase-server` (1.1.0) is an independent
 * implementation of the Realtime Database websocket protocol; firebase-admin talks
 * to it as to an emulator (an http:// database URL). It needs `firebase@8` (package.json
 * override) and is served from an http server on 127.0.0.1 with an OS-assigned port.
 */
import * as http from 'node:http';
import { listenOnLoopback, localEmulator, packageMissing, type LocalEmulator } from './localEmulator';

/** `hostPort` is the value for `emulator.database`. */
export type RtdbStandIn = LocalEmulator;

export function rtdbStandInUnavailable(): string | undefined {
  return packageMissing('firebase-server', 'firebase-server');
}

/**
 * Starts the stand-in with `data` at the root. Any namespace (`?ns=`) is served from it.
 * The server's name is its own host:port: the Realtime Database protocol's handshake
 * tells the client which host to reconnect to, and that must stay this loopback listener.
 */
export async function startRtdbStandIn(data: Record<string, unknown> = {}): Promise<RtdbStandIn> {
  const FirebaseServer = require('firebase-server') as new (
    options: { server: http.Server },
    name: string,
    data: unknown,
  ) => { close(): Promise<void> };
  const server = http.createServer();
  const listener = await listenOnLoopback(server);
  const fb = new FirebaseServer({ server }, `127.0.0.1:${listener.port}`, data);
  return localEmulator(listener.port, async () => {
    await fb.close().catch(() => undefined);
    await listener.close();
  });
}
