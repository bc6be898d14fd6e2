/**
 * The monitor's HTTP listener (I/O): plain HTTP or TLS with a given certificate and key, a list
 * of routes tried in order, GET/HEAD only, bounded request times. Failures a user causes (port
 * in use, no permission, a certificate or key that is missing or not PEM) become one clear
 * `ServeError`; a route's exception becomes a 500 without details, never a crash.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import * as tls from 'node:tls';
import { errorMessage } from '../../shared/errors';
import { readRegularText } from '../config/regularFile';
import { formatAddress, type ListenAddress } from './address';

export interface Request {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
}

export interface Response {
  status: number;
  contentType: string;
  body: string;
  headers?: Record<string, string>;
}

/** Answers a request, or `undefined` to let the next route try. */
export type Route = (req: Request) => Promise<Response | undefined> | Response | undefined;

export interface TlsFiles {
  certFile: string;
  keyFile: string;
}

export interface ServeOptions {
  /** What this listener is, for messages (`--metrics`, `--serve`). */
  label: string;
  address: ListenAddress;
  tls?: TlsFiles;
  routes: Route[];
}

export interface RunningServer {
  /** `http://127.0.0.1:9464` (the port the OS gave when 0 was asked). */
  url: string;
  port: number;
  close(): Promise<void>;
}

export class ServeError extends Error {}

export const json = (status: number, value: unknown): Response => ({
  status,
  contentType: 'application/json; charset=utf-8',
  body: JSON.stringify(value),
});

export const text = (status: number, body: string): Response => ({ status, contentType: 'text/plain; charset=utf-8', body });

function tlsContext(label: string, files: TlsFiles): tls.SecureContextOptions {
  const read = (file: string, what: string): string => {
    const content = readRegularText(file);
    if (content === undefined) throw new ServeError(`${label}: cannot read the TLS ${what} ${file} (missing or not a regular file)`);
    return content;
  };
  const options = { cert: read(files.certFile, 'certificate'), key: read(files.keyFile, 'key') };
  try {
    tls.createSecureContext(options);
  } catch (err) {
    throw new ServeError(`${label}: the TLS certificate ${files.certFile} and key ${files.keyFile} cannot be used: ${errorMessage(err)}`);
  }
  return options;
}

function listenError(label: string, address: ListenAddress, err: NodeJS.ErrnoException): ServeError {
  const where = formatAddress(address);
  switch (err.code) {
    case 'EADDRINUSE':
      return new ServeError(`${label}: ${where} is already in use (another monitor or exporter listens there); choose another port`);
    case 'EACCES':
      return new ServeError(`${label}: no permission to listen on ${where} (ports below 1024 need privileges)`);
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
      return new ServeError(`${label}: ${address.host} is not an address of this machine`);
    default:
      return new ServeError(`${label}: cannot listen on ${where}: ${errorMessage(err)}`);
  }
}

async function answer(routes: Route[], req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  let out: Response | undefined;
  const method = req.method ?? 'GET';
  if (method !== 'GET' && method !== 'HEAD') out = { ...text(405, 'only GET and HEAD\n'), headers: { allow: 'GET, HEAD' } };
  else {
    const url = new URL(req.url ?? '/', 'http://monitor');
    const request: Request = { method, path: url.pathname, query: url.searchParams, headers: req.headers };
    try {
      for (const route of routes) {
        out = await route(request);
        if (out) break;
      }
      out ??= text(404, 'not found\n');
    } catch {
      out = text(500, 'internal error\n');
    }
  }
  res.writeHead(out.status, { 'content-type': out.contentType, 'cache-control': 'no-store', ...out.headers });
  res.end(method === 'HEAD' ? undefined : out.body);
}

export async function startHttpServer(o: ServeOptions): Promise<RunningServer> {
  const handler = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    answer(o.routes, req, res).catch(() => res.destroy());
  };
  const server = o.tls ? https.createServer(tlsContext(o.label, o.tls), handler) : http.createServer(handler);
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;
  server.on('clientError', (_err, socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => reject(listenError(o.label, o.address, err)));
    server.listen(o.address.port, o.address.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `${o.tls ? 'https' : 'http'}://${formatAddress({ host: o.address.host, port })}`;
  return {
    url,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
