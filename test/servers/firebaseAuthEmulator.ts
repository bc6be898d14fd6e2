/**
 * The official Firebase Auth emulator from `firebase-tools` (pure Node: no Java,
 * no download). Only its HTTP app is used (`lib/emulator/auth/server.createApp`),
 * listening on 127.0.0.1 with an OS-assigned port, so no emulator hub, UI or
 * logging ports are opened. `stop()` closes exactly this listener.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface AuthEmulator {
  /** 127.0.0.1:<port>, the value for `emulator.auth`. */
  hostPort: string;
  port: number;
  stop(): Promise<void>;
}

/** Why the Auth emulator cannot run here, or undefined when it can. */
export function authEmulatorUnavailable(): string | undefined {
  try {
    require.resolve('firebase-tools/lib/emulator/auth/server');
    return undefined;
  } catch {
    return 'firebase-tools is not installed';
  }
}

/**
 * Starts the emulator for `projectId`. `singleProject: true` makes it refuse other
 * project ids (firebase.json's `singleProjectMode`), a fault a wrong projectId produces.
 */
export async function startAuthEmulator(projectId: string, options: { singleProject?: boolean } = {}): Promise<AuthEmulator> {
  // firebase-tools has no typings for its internals; the one function used is typed here.
  const mod = require('firebase-tools/lib/emulator/auth/server') as {
    createApp(projectId: string, singleProjectMode: number): Promise<http.RequestListener>;
  };
  const SINGLE_PROJECT_ERROR = 2; // SingleProjectMode.ERROR in firebase-tools/lib/emulator/auth/index
  const app = await mod.createApp(projectId, options.singleProject ? SINGLE_PROJECT_ERROR : 0);
  const server = http.createServer(app);
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
  let stopped = false;
  return {
    hostPort: `127.0.0.1:${port}`,
    port,
    async stop() {
      if (stopped) return;
      stopped = true;
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
