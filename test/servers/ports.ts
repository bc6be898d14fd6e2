/**
 * Ports for tests without the race of "bind port 0, close it, hand out the number" (another process
 * may take the port in between):
 * - servers started in-process listen on port 0 and report the port they got (see faults.ts);
 * - servers that must be told their port (PostgreSQL, MariaDB, Alertmanager) and "a port nothing
 *   listens on" take one from a range the tests reserve below the OS's ephemeral range, so the OS
 *   never hands it out for a port-0 bind or an outgoing connection. Test processes share the range
 *   through exclusive lock files (one per port, naming the owner's pid; a dead owner's lock is taken
 *   over), and a port stays claimed until the claiming process exits.
 */
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

const LOCK_DIR = path.join(os.tmpdir(), 'dbpulse-test-ports');

/** The reserved range: 20000–29999, cut below the ephemeral range where the OS starts it lower. */
export function reservedRange(ephemeralFirst = ephemeralRangeStart()): { first: number; last: number } {
  const last = Math.min(29_999, ephemeralFirst - 1);
  const first = last >= 21_000 ? 20_000 : 10_000;
  if (last - first < 1000) throw new Error(`the ephemeral port range starts at ${ephemeralFirst}: no room below it for test ports`);
  return { first, last };
}

function ephemeralRangeStart(): number {
  try {
    const first = Number(fs.readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
    if (Number.isInteger(first) && first > 0) return first;
  } catch {
    /* not Linux: the IANA range (macOS, Windows) */
  }
  return 49_152;
}

const held = new Set<string>();
process.once('exit', () => {
  for (const f of held) fs.rmSync(f, { force: true });
});

/** Claims `port` for this process through its lock file; false when a live process holds it. */
function claim(port: number): boolean {
  const file = path.join(LOCK_DIR, `${port}.lock`);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: 'wx' });
      held.add(file);
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = Number(fs.readFileSync(file, 'utf8'));
      if (alive(owner)) return false;
      fs.rmSync(file, { force: true }); // its owner died without cleaning up
    }
  }
  return false;
}

function alive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** True when nothing (on any address) holds the port: a listener on 127.0.0.1 can take it. */
function bindable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.once('error', () => resolve(false));
    s.listen({ port, host: '127.0.0.1', exclusive: true }, () => s.close(() => resolve(true)));
  });
}

let cursor = -1;

/**
 * A port from the reserved range, claimed for this process and free when claimed: for a server
 * that must be told its port. It stays this process's until it exits (a server restarted on it
 * finds it still free).
 */
export async function reservedPort(): Promise<number> {
  if (!fs.existsSync(LOCK_DIR)) {
    fs.mkdirSync(LOCK_DIR, { recursive: true });
    fs.chmodSync(LOCK_DIR, 0o1777); // shared by every user's test runs, like /tmp
  }
  const { first, last } = reservedRange();
  const size = last - first + 1;
  if (cursor < 0) cursor = (process.pid * 7919) % size;
  for (let tried = 0; tried < size; tried++) {
    const port = first + (cursor++ % size);
    if (!claim(port)) continue;
    if (await bindable(port)) return port;
  }
  throw new Error(`no free test port in ${first}-${last}`);
}

/**
 * A port on 127.0.0.1 that nothing listens on, and nothing will while this process runs
 * (connections to it are refused at once): a claimed reserved port this process never listens on.
 */
export function closedPort(): Promise<number> {
  return reservedPort();
}
