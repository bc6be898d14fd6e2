/**
 * What the Firebase emulators and stand-ins used by the tests share: a handle on a
 * server listening on 127.0.0.1 that stops once, and the check that its package is installed.
 */
import type * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface LocalEmulator {
  /** 127.0.0.1:<port>, the value for the SDK's `emulator.*` setting. */
  hostPort: string;
  port: number;
  stop(): Promise<void>;
}

/** A handle whose `stop` runs `close` at most once. */
export function localEmulator(port: number, close: () => Promise<void> | void): LocalEmulator {
  let stopped = false;
  return {
    hostPort: `127.0.0.1:${port}`,
    port,
    async stop() {
      if (stopped) return;
      stopped = true;
      await close();
    },
  };
}

/** Why a package the emulator needs cannot be loaded, or undefined when it can. */
export function packageMissing(moduleId: string, packageName: string): string | undefined {
  try {
    require.resolve(moduleId);
    return undefined;
  } catch {
    return `${packageName} is not installed`;
  }
}

/** Listens on 127.0.0.1 with an OS-assigned port; `close` destroys open sockets, then closes the listener. */
export async function listenOnLoopback(server: http.Server): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
