/**
 * STAND-IN for Resend's send-email API (`POST /emails`), for tests only: Resend is a hosted
 * service. Speaks its documented request and answers (resend.com/docs/api-reference/errors): a
 * Bearer API key (401 `missing_api_key` without one; 401 `validation_error` "API key is invalid"
 * for a wrong one, as the sending endpoint answers), 422 `validation_error`
 * / `missing_required_field` for a bad body, 429 `rate_limit_exceeded` with `retry-after` when
 * scripted, 200 `{ id }` on success; an `Idempotency-Key` repeated with the same body returns the
 * first id without a second delivery. Records every request and every delivered email.
 */
import { randomUUID } from 'node:crypto';
import * as http from 'node:http';
import { listenOnLoopback } from './localEmulator';

export interface ResendEmail {
  from: string;
  to: string[];
  subject: string;
  text?: string;
  html?: string;
  idempotencyKey?: string;
}

export interface ResendStandin {
  /** e.g. http://127.0.0.1:PORT (the `baseUrl` setting). */
  baseUrl: string;
  /** Every request as received: status answered, headers, raw body. */
  requests: Array<{ status: number; headers: http.IncomingHttpHeaders; raw: string }>;
  delivered: ResendEmail[];
  /** The next `n` requests get 429 with this Retry-After (seconds). */
  rateLimitNext(n: number, retryAfterS: number): void;
  /** The next `n` requests get 500. */
  failNext(n: number): void;
  close(): Promise<void>;
}

const ADDRESS = /^(?:[^<>]*<)?[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+>?$/;

export async function startResendStandin(apiKey: string): Promise<ResendStandin> {
  const requests: ResendStandin['requests'] = [];
  const delivered: ResendEmail[] = [];
  const seen = new Map<string, { body: string; id: string }>();
  let limited = 0;
  let retryAfter = 1;
  let failing = 0;
  const server = http.createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (raw += c));
    req.on('end', () => {
      const answer = (status: number, body: unknown, headers: Record<string, string> = {}): void => {
        requests.push({ status, headers: req.headers, raw });
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify(body));
      };
      const err = (status: number, name: string, message: string, headers?: Record<string, string>) =>
        answer(status, { statusCode: status, name, message }, headers);
      if (req.method !== 'POST' || req.url !== '/emails') return err(404, 'not_found', 'The requested endpoint does not exist.');
      const auth = req.headers.authorization;
      if (!auth) return err(401, 'missing_api_key', 'Missing API key in the authorization header.');
      if (auth !== `Bearer ${apiKey}`) return err(401, 'validation_error', 'API key is invalid');
      if (limited > 0) {
        limited--;
        return err(429, 'rate_limit_exceeded', 'Too many requests. You can only make 2 requests per second.', {
          'retry-after': String(retryAfter),
          'ratelimit-limit': '2',
          'ratelimit-remaining': '0',
        });
      }
      if (failing > 0) {
        failing--;
        return err(500, 'internal_server_error', 'An unexpected error occurred.');
      }
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(raw) as Record<string, unknown>;
      } catch {
        return err(422, 'validation_error', 'Invalid JSON body.');
      }
      for (const f of ['from', 'to', 'subject'])
        if (body[f] === undefined || body[f] === '') return err(422, 'missing_required_field', `Missing \`${f}\` field.`);
      const to = Array.isArray(body.to) ? body.to : [body.to];
      if (to.length > 50) return err(422, 'validation_error', 'The `to` field must have at most 50 recipients.');
      if (typeof body.from !== 'string' || !ADDRESS.test(body.from))
        return err(
          422,
          'invalid_from_address',
          'Invalid `from` field. The email address needs to follow the `email@example.com` or `Name <email@example.com>` format.',
        );
      for (const a of to) if (typeof a !== 'string' || !ADDRESS.test(a)) return err(422, 'validation_error', 'Invalid `to` field.');
      if (body.html === undefined && body.text === undefined) return err(422, 'validation_error', 'Missing `html` or `text` field.');
      const key = req.headers['idempotency-key'];
      const idem = typeof key === 'string' ? key : undefined;
      if (idem) {
        if (idem.length < 1 || idem.length > 256) return err(400, 'invalid_idempotency_key', 'The key must be between 1-256 chars.');
        const prev = seen.get(idem);
        if (prev && prev.body !== raw)
          return err(409, 'invalid_idempotent_request', 'Same idempotency key used with a different request payload.');
        if (prev) return answer(200, { id: prev.id });
      }
      const id = randomUUID();
      if (idem) seen.set(idem, { body: raw, id });
      delivered.push({
        from: body.from,
        to: to as string[],
        subject: String(body.subject),
        ...(typeof body.text === 'string' ? { text: body.text } : {}),
        ...(typeof body.html === 'string' ? { html: body.html } : {}),
        ...(idem ? { idempotencyKey: idem } : {}),
      });
      answer(200, { id });
    });
  });
  const l = await listenOnLoopback(server);
  return {
    baseUrl: `http://127.0.0.1:${l.port}`,
    requests,
    delivered,
    rateLimitNext(n, s) {
      limited = n;
      retryAfter = s;
    },
    failNext(n) {
      failing = n;
    },
    close: l.close,
  };
}
