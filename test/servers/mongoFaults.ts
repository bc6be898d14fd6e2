/**
 * Network faults for the MongoDB probe tests, on 127.0.0.1 with OS-assigned
 * ports (a port nothing listens on is ports.ts closedPort): a listener that accepts and never
 * answers (timeout), and one that resets each connection as soon as the client
 * has sent its first bytes (reset mid-handshake).
 */
import * as net from 'node:net';

export interface FaultListener {
  port: number;
  /** Connections accepted so far. */
  readonly accepted: number;
  stop(): Promise<void>;
}

async function listen(onSocket: (s: net.Socket) => void): Promise<FaultListener> {
  const sockets = new Set<net.Socket>();
  let accepted = 0;
  const server = net.createServer((s) => {
    accepted++;
    sockets.add(s);
    s.on('error', () => undefined);
    s.once('close', () => sockets.delete(s));
    onSocket(s);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return {
    port,
    get accepted() {
      return accepted;
    },
    async stop() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Accepts connections and never sends a byte. */
export function silentListener(): Promise<FaultListener> {
  return listen(() => undefined);
}

/** Accepts, waits for the client's first bytes (its handshake), then resets the connection (RST). */
export function resetListener(): Promise<FaultListener> {
  return listen((s) => s.once('data', () => s.resetAndDestroy()));
}
