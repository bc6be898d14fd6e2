/**
 * Shared plumbing for the real test servers (ports: ports.ts): temp
 * folders, a self-signed certificate from openssl, child processes run as an
 * unprivileged user, and exact stopping of what was started.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

export function makeTempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export interface Cert {
  certFile: string;
  keyFile: string;
  /** The certificate itself, usable as the CA file (it is self-signed). */
  caFile: string;
  pem: string;
}

/** A self-signed certificate for localhost / 127.0.0.1, made by openssl. */
export function makeSelfSignedCert(dir: string, commonName = 'localhost'): Cert {
  const certFile = path.join(dir, 'server.crt');
  const keyFile = path.join(dir, 'server.key');
  const r = spawnSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-sha256',
      '-days',
      '3',
      '-subj',
      `/CN=${commonName}`,
      '-addext',
      'subjectAltName=DNS:localhost,IP:127.0.0.1',
      '-keyout',
      keyFile,
      '-out',
      certFile,
    ],
    { encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`openssl failed: ${r.stderr || r.error?.message}`);
  fs.chmodSync(keyFile, 0o600);
  return { certFile, keyFile, caFile: certFile, pem: fs.readFileSync(certFile, 'utf8') };
}

export interface RunAs {
  uid: number;
  gid: number;
}

/** The uid/gid of an OS user, when we are root and can switch to it. */
export function userIds(name: string): RunAs | undefined {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return undefined;
  const r = spawnSync('id', ['-u', name], { encoding: 'utf8' });
  const g = spawnSync('id', ['-g', name], { encoding: 'utf8' });
  if (r.status !== 0 || g.status !== 0) return undefined;
  return { uid: Number(r.stdout.trim()), gid: Number(g.stdout.trim()) };
}

export function chownTree(dir: string, who: RunAs | undefined): void {
  if (!who) return;
  const walk = (p: string) => {
    fs.chownSync(p, who.uid, who.gid);
    if (fs.statSync(p).isDirectory()) for (const e of fs.readdirSync(p)) walk(path.join(p, e));
  };
  walk(dir);
}

/** Runs a command to completion (optionally as another user); throws with its output on failure. */
export function runChecked(cmd: string, args: string[], opts: { as?: RunAs; env?: NodeJS.ProcessEnv; cwd?: string } = {}): string {
  const r = spawnSync(cmd, args, {
    encoding: 'utf8',
    env: opts.env ?? process.env,
    cwd: opts.cwd,
    ...(opts.as ? { uid: opts.as.uid, gid: opts.as.gid } : {}),
  });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr || r.stdout || r.error?.message}`);
  return r.stdout;
}

/** A long-running server process we started; `stop` ends exactly this process. */
export class ServerProcess {
  private exited: Promise<number | null>;
  private done = false;
  constructor(
    readonly child: ChildProcess,
    readonly name: string,
  ) {
    this.exited = new Promise((resolve) => {
      child.once('exit', (code) => {
        this.done = true;
        resolve(code);
      });
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get running(): boolean {
    return !this.done;
  }

  /** Waits for the process to exit, up to `ms`; true when it did. */
  async waitExit(ms: number): Promise<boolean> {
    if (this.done) return true;
    let t: NodeJS.Timeout | undefined;
    const r = await Promise.race([this.exited.then(() => true), new Promise<boolean>((res) => (t = setTimeout(() => res(false), ms)))]);
    if (t) clearTimeout(t);
    return r;
  }

  /** Graceful signal first, then harder ones; only ever this pid. */
  async stop(signals: NodeJS.Signals[] = ['SIGTERM', 'SIGKILL'], graceMs = 15000): Promise<void> {
    for (const sig of signals) {
      if (this.done) return;
      try {
        this.child.kill(sig);
      } catch {
        return;
      }
      if (await this.waitExit(graceMs)) return;
    }
  }
}

export function spawnServer(
  name: string,
  cmd: string,
  args: string[],
  opts: { as?: RunAs; logFile: string; env?: NodeJS.ProcessEnv },
): ServerProcess {
  const log = fs.openSync(opts.logFile, 'a');
  const child = spawn(cmd, args, {
    stdio: ['ignore', log, log],
    env: opts.env ?? process.env,
    ...(opts.as ? { uid: opts.as.uid, gid: opts.as.gid } : {}),
  });
  fs.closeSync(log);
  child.on('error', () => undefined);
  return new ServerProcess(child, name);
}

/** Polls `check` until it resolves true, or throws after `ms` with the log's tail. */
export async function waitUntil(
  check: () => Promise<boolean>,
  ms: number,
  what: string,
  logFile?: string,
  proc?: ServerProcess,
): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (proc && !proc.running) break;
    try {
      if (await check()) return;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const tail = logFile && fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8').split('\n').slice(-30).join('\n') : '';
  throw new Error(`${what} did not become ready${proc && !proc.running ? ' (process exited)' : ''}\n${tail}`);
}

/** True when a TCP connect to 127.0.0.1:port succeeds. */
export function canConnect(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ port, host });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

export function removeDir(dir: string): void {
  try {
    fs.rmSync(dir, { recursive: true, force: true });
  } catch {
    /* best effort */
  }
}
