/**
 * `HOST:PORT` listen addresses (pure): `127.0.0.1:9464`, `[::1]:9464`, `0.0.0.0:9464`,
 * `localhost:9464`, `:9464` (all interfaces). And whether a bind address is loopback only.
 */
import { isIP } from 'node:net';

export interface ListenAddress {
  host: string;
  port: number;
}

export class AddressError extends Error {}

export function parseListenAddress(text: string, option: string): ListenAddress {
  const m = /^(?:\[([0-9A-Fa-f:.]+)\]|([^:[\]]*)):(\d{1,5})$/.exec(text.trim());
  const port = m ? Number(m[3]) : NaN;
  if (!m || !(port >= 0 && port <= 65535))
    throw new AddressError(`${option} must be HOST:PORT (e.g. 127.0.0.1:9464 or [::1]:9464), got ${JSON.stringify(text)}`);
  const host = m[1] ?? (m[2] || '0.0.0.0');
  if (m[1] !== undefined && isIP(host) !== 6) throw new AddressError(`${option}: ${JSON.stringify(host)} is not an IPv6 address`);
  return { host, port };
}

/**
 * True when only this machine can connect: 127.0.0.0/8, ::1 or `localhost`. Stricter than the
 * linter's `isLoopback` (config/connectionString.ts), which counts 0.0.0.0 as local: bound to,
 * 0.0.0.0 is every interface.
 */
export function isLoopbackBind(host: string): boolean {
  const h = host.toLowerCase();
  if (h === 'localhost' || h === '::1') return true;
  return isIP(h) === 4 && h.startsWith('127.');
}

export function formatAddress(a: ListenAddress): string {
  return isIP(a.host) === 6 ? `[${a.host}]:${a.port}` : `${a.host}:${a.port}`;
}
