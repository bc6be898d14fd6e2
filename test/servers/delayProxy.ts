/**
 * A loopback TCP proxy in front of a real server, for the prediction scenarios:
 * - `delayMs` (settable at any time) holds every chunk, in each direction, for that many ms
 *   before passing it on (order kept: a chunk never overtakes the one before it). A round trip
 *   through the proxy therefore gains 2 × delayMs; raising it step by step is a degrading network.
 * - `setMode('reset')` accepts new connections and resets them at once (TCP RST: ECONNRESET);
 *   `setMode('refuse')` stops listening, so new connections are refused (ECONNREFUSED), and
 *   `setMode('forward')` listens again on the same port. Switching to a down mode
 *   also drops the connections in flight, as a network outage would.
 * Listens on 127.0.0.1 on a reserved test port (ports.ts), which stays this process's while the
 * proxy refuses, so nothing else can take it; `close()` ends exactly what it opened.
 */
import * as net from 'node:net';
import { reservedPort } from './ports';

export type ProxyMode = 'forward' | 'reset' | 'refuse';

export interface DelayProxy {
  host: '127.0.0.1';
  port: number;
  /** Delay added to each chunk in each direction, ms (0 = plain forwarding). */
  delayMs: number;
  readonly mode: ProxyMode;
  /** Connections accepted (forwarded or reset). */
  readonly accepted: number;
  /** Connections reset by the proxy in `reset` mode. */
  readonly resets: number;
  /** Chunks received and not yet passed on (held for their delay), both directions. */
  readonly held: number;
  setMode(mode: ProxyMode): Promise<void>;
  close(): Promise<void>;
}

export interface DelayProxyOptions {
  delayMs?: number;
}

/**
 * Copies `from` → `to`, each chunk held for the delay read when it arrived, through one FIFO queue
 * drained by one timer (so chunks leave in arrival order even when the delay shrinks). Ends `to`
 * once `from` has ended and everything queued has been written.
 */
function pipeDelayed(from: net.Socket, to: net.Socket, delay: () => number, timers: Set<NodeJS.Timeout>, count: { held: number }): void {
  const queue: Array<{ due: number; chunk: Buffer }> = [];
  let timer: NodeJS.Timeout | null = null;
  let ended = false;
  const flush = () => {
    timer = null;
    const now = Date.now();
    while (queue.length && queue[0].due <= now) {
      const { chunk } = queue.shift() as { due: number; chunk: Buffer };
      count.held--;
      if (!to.destroyed) to.write(chunk);
    }
    if (queue.length) {
      const t = setTimeout(() => {
        timers.delete(t);
        flush();
      }, queue[0].due - now);
      timer = t;
      timers.add(t);
    } else if (ended && !to.destroyed) {
      to.end();
    }
  };
  from.on('data', (chunk: Buffer) => {
    const now = Date.now();
    const due = Math.max(now + Math.max(0, delay()), queue.length ? queue[queue.length - 1].due : now);
    queue.push({ due, chunk });
    count.held++;
    if (timer === null) flush();
  });
  from.on('end', () => {
    ended = true;
    if (timer === null) flush();
  });
}

export async function startDelayProxy(target: { host: string; port: number }, options: DelayProxyOptions = {}): Promise<DelayProxy> {
  const sockets = new Set<net.Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let accepted = 0;
  let resets = 0;
  let mode: ProxyMode = 'forward';
  let closed = false;
  let delayMs = Math.max(0, options.delayMs ?? 0);

  const count = { held: 0 };
  const dropAll = () => {
    for (const t of timers) clearTimeout(t);
    timers.clear();
    count.held = 0;
    for (const s of sockets) s.destroy();
    sockets.clear();
  };

  const track = (s: net.Socket) => {
    sockets.add(s);
    s.on('error', () => undefined);
    s.on('close', () => sockets.delete(s));
  };

  const server = net.createServer({ pauseOnConnect: false }, (client) => {
    accepted++;
    track(client);
    if (mode === 'reset') {
      resets++;
      client.resetAndDestroy();
      return;
    }
    const upstream = net.connect({ host: target.host, port: target.port });
    track(upstream);
    const delay = () => delayMs;
    pipeDelayed(client, upstream, delay, timers, count);
    pipeDelayed(upstream, client, delay, timers, count);
    // An upstream that cannot be reached or breaks resets the client, as a real path would.
    upstream.on('error', () => {
      if (!client.destroyed) client.resetAndDestroy();
    });
    client.on('close', () => upstream.destroy());
  });
  server.on('error', () => undefined);

  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      const onError = (err: NodeJS.ErrnoException) => {
        reject(
          err.code === 'EADDRINUSE'
            ? new Error(`delay proxy: reserved test port ${port} is held by a process outside the test suite`)
            : err,
        );
      };
      server.once('error', onError);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', onError);
        resolve();
      });
    });
  const stopListening = () => new Promise<void>((resolve) => (server.listening ? server.close(() => resolve()) : resolve()));

  const port = await reservedPort();
  await listen(port);

  return {
    host: '127.0.0.1',
    port,
    get delayMs() {
      return delayMs;
    },
    set delayMs(ms: number) {
      if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`delay proxy: delay must be a finite number ≥ 0, got ${ms}`);
      delayMs = ms;
    },
    get mode() {
      return mode;
    },
    get accepted() {
      return accepted;
    },
    get resets() {
      return resets;
    },
    get held() {
      return count.held;
    },
    async setMode(next: ProxyMode) {
      if (closed) throw new Error('delay proxy is closed');
      if (next === mode) return;
      if (next !== 'forward') dropAll();
      if (next === 'refuse') {
        mode = next;
        // server.close() waits for open connections; they were just dropped.
        await stopListening();
        return;
      }
      if (!server.listening) await listen(port);
      mode = next;
    },
    async close() {
      closed = true;
      dropAll();
      await stopListening();
    },
  };
}
