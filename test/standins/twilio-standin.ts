/**
 * STAND-IN for Twilio's Programmable Messaging API (`POST /2010-04-01/Accounts/{Sid}/Messages.json`),
 * for tests only: Twilio is a hosted service. Speaks its documented request (form-encoded `To`,
 * `From` or `MessagingServiceSid`, `Body`; HTTP Basic AccountSid:AuthToken) and answers
 * (twilio.com/docs/usage/twilios-response and error codes): 401 code 20003 `Authenticate`, 400
 * code 21211 (invalid To), 21602 (Body required), 21606/21659 style bad From as 21212, 429 code
 * 20429 with `retry-after` when scripted, 201 with the Message resource (sid SM…, status queued).
 */
import { randomBytes } from 'node:crypto';
import * as http from 'node:http';
import { listenOnLoopback } from './localEmulator';

export interface TwilioMessage {
  to: string;
  from: string;
  body: string;
  sid: string;
}

export interface TwilioStandin {
  baseUrl: string;
  requests: Array<{ status: number; path: string; headers: http.IncomingHttpHeaders; raw: string }>;
  messages: TwilioMessage[];
  rateLimitNext(n: number, retryAfterS: number): void;
  close(): Promise<void>;
}

const E164 = /^\+[1-9]\d{7,14}$/;

export async function startTwilioStandin(accountSid: string, authToken: string): Promise<TwilioStandin> {
  const requests: TwilioStandin['requests'] = [];
  const messages: TwilioMessage[] = [];
  let limited = 0;
  let retryAfter = 1;
  const server = http.createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (raw += c));
    req.on('end', () => {
      const path = req.url ?? '';
      const answer = (status: number, body: unknown, headers: Record<string, string> = {}): void => {
        requests.push({ status, path, headers: req.headers, raw });
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify(body));
      };
      const err = (status: number, code: number, message: string, headers?: Record<string, string>) =>
        answer(status, { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status }, headers);
      const m = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/.exec(path);
      if (req.method !== 'POST' || !m) return err(404, 20404, 'The requested resource was not found');
      const auth = req.headers.authorization ?? '';
      const expected = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`;
      if (auth !== expected || m[1] !== accountSid) return err(401, 20003, 'Authenticate');
      if (limited > 0) {
        limited--;
        return err(429, 20429, 'Too Many Requests', { 'retry-after': String(retryAfter) });
      }
      if (!/application\/x-www-form-urlencoded/.test(String(req.headers['content-type'])))
        return err(400, 20001, 'Request body must be application/x-www-form-urlencoded');
      const form = new URLSearchParams(raw);
      const to = form.get('To') ?? '';
      const from = form.get('From') ?? form.get('MessagingServiceSid') ?? '';
      const body = form.get('Body') ?? '';
      if (!E164.test(to)) return err(400, 21211, `The 'To' number ${to} is not a valid phone number.`);
      if (!E164.test(from) && !/^MG[0-9a-f]{32}$/.test(from))
        return err(400, 21212, `The 'From' number ${from} is not a valid phone number, shortcode, or alphanumeric sender ID.`);
      if (!body) return err(400, 21602, 'Message body is required.');
      if (body.length > 1600) return err(400, 21617, 'The concatenated message body exceeds the 1600 character limit.');
      const sid = `SM${randomBytes(16).toString('hex')}`;
      messages.push({ to, from, body, sid });
      answer(201, { sid, account_sid: accountSid, to, from, body, status: 'queued', num_segments: String(Math.ceil(body.length / 153)) });
    });
  });
  const l = await listenOnLoopback(server);
  return {
    baseUrl: `http://127.0.0.1:${l.port}`,
    requests,
    messages,
    rateLimitNext(n, s) {
      limited = n;
      retryAfter = s;
    },
    close: l.close,
  };
}
