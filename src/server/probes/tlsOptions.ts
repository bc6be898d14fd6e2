/**
 * Node TLS options from our libpq-style TLS settings, identical for every SQL
 * driver: disable → no TLS; prefer/require → encrypted, certificate not
 * checked (libpq semantics) unless a CA file is given; verify-ca → chain
 * checked, host name not; verify-full → both. `allowSelfSigned` turns the
 * checks off explicitly.
 */
import * as fs from 'node:fs';
import * as net from 'node:net';
import type { ConnectionOptions } from 'node:tls';
import type { TlsOptions } from '../../shared/connection';

export interface DriverTls {
  /** Options for tls.connect (minus socket/host), or false for plain TCP. */
  options: ConnectionOptions | false;
  /** `prefer`: fall back to plain TCP when the server offers no TLS. */
  fallbackToPlain: boolean;
  verifies: boolean;
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
  const mode = tls.mode ?? 'prefer';
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
