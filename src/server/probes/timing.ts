/**
 * Phase timing shared by the probes: a recorder for DNS / TCP connect / TLS /
 * authentication / first query, a timed DNS lookup, and socket hooks that mark
 * the TCP and TLS phases from the socket's own events.
 */
import * as dns from 'node:dns';
import * as net from 'node:net';
import type * as tls from 'node:tls';
import type { ProbeTimings, TlsInfo } from '../../shared/probe';
import type { PhaseRecorder, ProbeClock, ProbePhase } from './types';

const ORDER: readonly ProbePhase[] = ['dns', 'connect', 'tls', 'auth', 'firstQuery'];
const KEY: Record<ProbePhase, keyof Omit<ProbeTimings, 'totalMs'>> = {
  dns: 'dnsMs',
  connect: 'connectMs',
  tls: 'tlsMs',
  auth: 'authMs',
  firstQuery: 'firstQueryMs',
};

/** Rounds to 0.01 ms: enough for loopback, stable in JSON. */
function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}

export function createPhaseRecorder(clock: Pick<ProbeClock, 'monotonic'>): PhaseRecorder {
  const origin = clock.monotonic();
  const started = new Map<ProbePhase, number>();
  const durations = new Map<ProbePhase, number>();
  let lastEnd = origin;
  let running: ProbePhase | undefined;

  const end = (phase: ProbePhase) => {
    if (durations.has(phase)) return;
    const t = clock.monotonic();
    const from = started.get(phase) ?? lastEnd;
    durations.set(phase, Math.max(0, t - from));
    lastEnd = t;
    if (running === phase) running = undefined;
  };

  return {
    start(phase) {
      if (running && running !== phase) end(running);
      // Starting a phase again (a retry) times it afresh.
      durations.delete(phase);
      started.set(phase, clock.monotonic());
      running = phase;
    },
    end,
    set(phase, ms) {
      durations.set(phase, Math.max(0, ms));
    },
    snapshot() {
      const out: ProbeTimings = { totalMs: round(clock.monotonic() - origin) };
      for (const p of ORDER) {
        const d = durations.get(p);
        if (d !== undefined) out[KEY[p]] = round(d);
      }
      return out;
    },
  };
}

export interface ResolvedHost {
  /** The host as configured (for TLS servername and messages). */
  host: string;
  /** The address to connect to. */
  address: string;
  family: number;
}

/**
 * Resolves `host` with the system resolver (`dns.lookup`, as the drivers do),
 * timing it as the `dns` phase. IP literals skip the lookup (no `dns` phase).
 * Rejects with the resolver's own error (ENOTFOUND, EAI_AGAIN ...).
 */
export async function timedLookup(host: string, phases: PhaseRecorder, signal?: AbortSignal): Promise<ResolvedHost> {
  const family = net.isIP(host);
  if (family !== 0) return { host, address: host, family };
  phases.start('dns');
  const result = await new Promise<dns.LookupAddress>((resolve, reject) => {
    if (signal?.aborted) return reject(abortError(signal));
    const onAbort = () => reject(abortError(signal));
    signal?.addEventListener('abort', onAbort, { once: true });
    dns.lookup(host, { verbatim: false }, (err, address, fam) => {
      signal?.removeEventListener('abort', onAbort);
      if (err) reject(err);
      else resolve({ address, family: fam });
    });
  });
  phases.end('dns');
  return { host, address: result.address, family: result.family };
}

function abortError(signal?: AbortSignal): Error {
  const reason: unknown = signal?.reason;
  return reason instanceof Error ? reason : new Error('probe aborted');
}

/** Marks `connect` when the TCP socket connects (timed from now, or from the end of DNS). */
export function watchTcp(socket: net.Socket, phases: PhaseRecorder): void {
  phases.start('connect');
  socket.once('connect', () => phases.end('connect'));
}

/** Marks `tls` from now until the TLS socket's handshake completes. */
export function watchTls(socket: tls.TLSSocket, phases: PhaseRecorder): void {
  phases.start('tls');
  socket.once('secureConnect', () => phases.end('tls'));
}

/** Protocol, cipher, verification outcome and the server certificate's expiry, issuer and subject of an established TLS socket. */
export function tlsInfoOf(socket: tls.TLSSocket): TlsInfo {
  const protocol = socket.getProtocol() ?? undefined;
  const cipher = socket.getCipher()?.name;
  const info: TlsInfo = { protocol, cipher, authorized: socket.authorized };
  Object.assign(info, certificateFacts(typeof socket.getPeerCertificate === 'function' ? socket.getPeerCertificate() : undefined));
  return info;
}

const nameOf = (n: unknown): string | undefined => {
  if (!n || typeof n !== 'object') return undefined;
  const v = (n as Record<string, unknown>).CN ?? (n as Record<string, unknown>).O;
  return typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : undefined;
};

/** Expiry (ISO), issuer and subject of a peer certificate as Node reports it; nothing for an empty one. */
export function certificateFacts(cert: Partial<tls.PeerCertificate> | undefined | null): Pick<TlsInfo, 'validTo' | 'issuer' | 'subject'> {
  const out: Pick<TlsInfo, 'validTo' | 'issuer' | 'subject'> = {};
  if (!cert || typeof cert !== 'object') return out;
  const t = typeof cert.valid_to === 'string' ? Date.parse(cert.valid_to) : NaN;
  if (Number.isFinite(t)) out.validTo = new Date(t).toISOString();
  const issuer = nameOf(cert.issuer);
  const subject = nameOf(cert.subject);
  if (issuer) out.issuer = issuer;
  if (subject) out.subject = subject;
  return out;
}

/** Is this a TLS socket (duck-typed, so it works for any stream the driver swapped in)? */
export function isTlsSocket(stream: unknown): stream is tls.TLSSocket {
  return (
    typeof stream === 'object' &&
    stream !== null &&
    typeof (stream as { getProtocol?: unknown }).getProtocol === 'function' &&
    typeof (stream as { getCipher?: unknown }).getCipher === 'function'
  );
}

/** The real clock. */
export const systemClock: ProbeClock = {
  now: () => Date.now(),
  monotonic: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};
