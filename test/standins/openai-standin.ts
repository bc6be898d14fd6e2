/**
 * STAND-IN for the OpenAI Chat Completions API (POST /v1/chat/completions), for
 * tests only. Listens on 127.0.0.1 with an OS-assigned port, checks the request
 * shape (model, messages with roles, response_format), records every request
 * body verbatim, and answers from a script: a valid diagnosis, invalid JSON, a
 * schema-invalid object, an HTTP error, or a delay (for timeouts).
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export type StandinReply =
  | { kind: 'answer'; content: unknown }
  | { kind: 'raw'; content: string }
  | { kind: 'http'; status: number; body?: unknown }
  | { kind: 'delay'; ms: number; then: StandinReply };

export interface RecordedRequest {
  path: string;
  headers: http.IncomingHttpHeaders;
  /** The body exactly as received. */
  raw: string;
  body: unknown;
  /** Problems with the request shape (empty when it is a valid Chat Completions request). */
  shapeErrors: string[];
}

export interface OpenAiStandin {
  /** e.g. http://127.0.0.1:PORT/v1 */
  baseURL: string;
  requests: RecordedRequest[];
  /** Replies used in order; the last one repeats. */
  script(replies: StandinReply[]): void;
  close(): Promise<void>;
}

function shapeErrors(body: unknown): string[] {
  const errs: string[] = [];
  if (typeof body !== 'object' || body === null) return ['body is not a JSON object'];
  const b = body as Record<string, unknown>;
  if (typeof b.model !== 'string' || b.model.length === 0) errs.push('model missing');
  if (!Array.isArray(b.messages) || b.messages.length === 0) errs.push('messages missing');
  else {
    for (const m of b.messages as unknown[]) {
      const mm = m as Record<string, unknown>;
      if (!['system', 'user', 'assistant', 'developer'].includes(String(mm?.role))) errs.push(`bad role ${String(mm?.role)}`);
      if (typeof mm?.content !== 'string') errs.push('message content is not a string');
    }
  }
  const rf = b.response_format as Record<string, unknown> | undefined;
  if (!rf || (rf.type !== 'json_schema' && rf.type !== 'json_object')) errs.push('response_format json_schema/json_object missing');
  if (rf?.type === 'json_schema') {
    const js = rf.json_schema as Record<string, unknown> | undefined;
    if (!js || typeof js.name !== 'string' || typeof js.schema !== 'object') errs.push('json_schema.name/schema missing');
  }
  return errs;
}

function completion(content: string, model: string): unknown {
  return {
    id: 'chatcmpl-standin',
    object: 'chat.completion',
    created: 0,
    model,
    choices: [{ index: 0, message: { role: 'assistant', content, refusal: null }, finish_reason: 'stop', logprobs: null }],
    usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
  };
}

export async function startOpenAiStandin(): Promise<OpenAiStandin> {
  const requests: RecordedRequest[] = [];
  let replies: StandinReply[] = [{ kind: 'http', status: 500, body: { error: { message: 'no script' } } }];
  let next = 0;
  const timers = new Set<NodeJS.Timeout>();

  const send = (res: http.ServerResponse, reply: StandinReply, model: string): void => {
    if (reply.kind === 'delay') {
      const t = setTimeout(() => {
        timers.delete(t);
        if (!res.destroyed) send(res, reply.then, model);
      }, reply.ms);
      timers.add(t);
      return;
    }
    if (reply.kind === 'http') {
      res.writeHead(reply.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(reply.body ?? { error: { message: `status ${reply.status}` } }));
      return;
    }
    const content = reply.kind === 'raw' ? reply.content : JSON.stringify(reply.content);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(completion(content, model)));
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: unknown;
      try {
        body = JSON.parse(raw);
      } catch {
        body = undefined;
      }
      const path = req.url ?? '';
      const errs = req.method === 'POST' && /\/chat\/completions$/.test(path) ? shapeErrors(body) : [`unexpected ${req.method} ${path}`];
      requests.push({ path, headers: req.headers, raw, body, shapeErrors: errs });
      if (errs.length > 0) {
        res.writeHead(400, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: errs.join('; '), type: 'invalid_request_error' } }));
        return;
      }
      const reply = replies[Math.min(next, replies.length - 1)];
      next++;
      send(res, reply, String((body as Record<string, unknown>).model));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    script(r) {
      replies = r;
      next = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
