/**
 * Node TLS options from our libpq-style TLS settings, identical for every SQL
 * driver: disable → no TLS; prefer/require → encrypted, certificate not
 * checked (libpq semantics) unless a CA file is given; verify-ca → chain
 * checked, host name not; verify-full → both. `allowSelfSigned` turns the
 * checks off explicitly.
 *
 * Secure default: with no mode set, a connection to anything but this machine
 * (loopback, a Unix socket) is `require`: a server or a man in the middle that
 * declines TLS gets an error, never the password. `prefer` and `disable` must be
 * asked for, and a password sent without TLS to another machine is reported
 * (`cleartextPasswordWarning`).
 */
import * as fs from 'node:fs';
import * as net from 'node:net';
import type { ConnectionOptions } from 'node:tls';
import type { TlsOptions } from '../../shared/connection';
import { isLoopback } from '../config/connectionString';
import type { ProviderOutcome } from './types';

export type TlsMode = NonNullable<TlsOptions['mode']>;

/** This machine: a loopback name or address, or a Unix socket directory. */
export function isThisMachine(host: string): boolean {
  return host.startsWith('/') || isLoopback(host);
}

/** The mode when none is set: `prefer` for this machine, `require` for any other host. */
export function defaultTlsMode(host: string): TlsMode {
  return isThisMachine(host) ? 'prefer' : 'require';
}

/** The mode in force: the one set, else the secure default for the host. */
export function effectiveTlsMode(tls: TlsOptions, host: string): TlsMode {
  return tls.mode ?? defaultTlsMode(host);
}

/**
 * The finding for a connection that authenticated with a password (or a hash of it) over
 * plain TCP to another machine: null when that did not happen.
 */
export function cleartextPasswordWarning(host: string, mode: TlsMode, passwordSent: boolean, encrypted: boolean): string | null {
  if (encrypted || !passwordSent || isThisMachine(host)) return null;
  return (
    `TLS: off: the password was sent to ${host} without encryption (tls.mode "${mode}"); ` +
    'anyone on the network path can read it. Enable TLS on the server and set tls.mode to require or verify-full'
  );
}

export interface DriverTls {
  /** Options for tls.connect (minus socket/host), or false for plain TCP. */
  options: ConnectionOptions | false;
  /** `prefer`: fall back to plain TCP when the server offers no TLS. */
  fallbackToPlain: boolean;
  verifies: boolean;
}

/** The outcome with the cleartext-password finding added when it applies (`tls: null` = plain TCP). */
export function withCleartextCheck(outcome: ProviderOutcome, host: string, mode: TlsMode, passwordSent: boolean): ProviderOutcome {
  const warning = cleartextPasswordWarning(host, mode, passwordSent, outcome.tls !== null && outcome.tls !== undefined);
  return warning ? { ...outcome, warnings: [...(outcome.warnings ?? []), warning] } : outcome;
}

/** Reads the CA file; a missing or unreadable file is a configuration error with a clear message. */
export function readCaFile(file: string | undefined): string | undefined {
  if (!file) return undefined;
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as { code?: string }).code;
    throw Object.assign(new Error(`cannot read the CA certificate file ${file}: ${code ?? String(err)}`), { code: 'ERR_INVALID_CONFIG' });
  }
}

export function driverTls(tls: TlsOptions, host: string, caPem: string | undefined): DriverTls {
  const mode = effectiveTlsMode(tls, host);
  if (mode === 'disable') return { options: false, fallbackToPlain: false, verifies: false };
  const servername = net.isIP(host) === 0 ? host : undefined;
  const verifyChain =
    !tls.allowSelfSigned && (mode === 'verify-ca' || mode === 'verify-full' || (mode === 'require' && caPem !== undefined));
  const options: ConnectionOptions = { rejectUnauthorized: verifyChain };
  if (servername) options.servername = servername;
  if (caPem) options.ca = caPem;
  if (verifyChain && mode !== 'verify-full') options.checkServerIdentity = () => undefined;
  return { options, fallbackToPlain: mode === 'prefer', verifies: verifyChain };
}
