/**
 * Webhook sender: an HTTP(S) POST of a rendered body, with a timeout per
 * attempt and retries with exponential backoff (cockatiel) on network errors,
 * timeouts, 429 and 5xx. An optional HMAC-SHA256 over the raw body goes in
 * `X-DBPulse-Signature: sha256=<hex>`. Never throws: the outcome says what
 * happened (status, attempts, the head of the body), naming the URL by its
 * origin only (a chat webhook's path is itself a secret).
 */
import { createHmac } from 'node:crypto';
import { ExponentialBackoff, handleWhen, retry } from 'cockatiel';
import { urlOrigin } from './config';

export const SIGNATURE_HEADER = 'X-DBPulse-Signature';

export interface WebhookRequest {
  url: string;
  /** The exact bytes sent (and signed). */
  body: string;
  /** Signing secret; no signature header without one. */
  secret?: string | null;
  /** Per attempt, ms (default 10 s). */
  timeoutMs?: number;
  /** Attempts in all (default 3). */
  attempts?: number;
  /** First retry delay, doubling up to `maxDelayMs` (defaults 1 s and 10 s). */
  initialDelayMs?: number;
  maxDelayMs?: number;
  userAgent?: string;
}

export interface SendOutcome {
  ok: boolean;
  attempts: number;
  status?: number;
  /** One line for the log or the user. */
  detail: string;
}

/** `sha256=<hex>` of the body under the secret, as the header carries it. */
export function signBody(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

class AttemptError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly status?: number,
  ) {
    super(message);
  }
}

const BODY_HEAD = 200;

async function bodyHead(res: Response): Promise<string> {
  try {
    const text = (await res.text()).replace(/\s+/g, ' ').trim();
    return text.length > BODY_HEAD ? `${text.slice(0, BODY_HEAD)}…` : text;
  } catch {
    return '';
  }
}

async function attempt(req: WebhookRequest, headers: Record<string, string>, timeoutMs: number, outer: AbortSignal): Promise<number> {
  const signal = AbortSignal.any([outer, AbortSignal.timeout(timeoutMs)]);
  let res: Response;
  try {
    res = await fetch(req.url, { method: 'POST', headers, body: req.body, signal, redirect: 'manual' });
  } catch (err) {
    if (signal.aborted && !outer.aborted) throw new AttemptError(`no answer within ${timeoutMs} ms`, true);
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    throw new AttemptError(cause?.code ?? cause?.message ?? (err instanceof Error ? err.message : String(err)), !outer.aborted);
  }
  if (res.status >= 200 && res.status < 300) {
    await res.body?.cancel().catch(() => undefined);
    return res.status;
  }
  const head = await bodyHead(res);
  const retryable = res.status === 429 || res.status >= 500;
  throw new AttemptError(`HTTP ${res.status}${head ? `: ${head}` : ''}`, retryable, res.status);
}

/** POSTs the body; resolves with the outcome, never rejects. */
export async function postWebhook(req: WebhookRequest, signal: AbortSignal = new AbortController().signal): Promise<SendOutcome> {
  const where = urlOrigin(req.url);
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8', 'user-agent': req.userAgent ?? 'DB-Pulse' };
  if (req.secret) headers[SIGNATURE_HEADER.toLowerCase()] = signBody(req.body, req.secret);
  const attempts = Math.max(1, req.attempts ?? 3);
  const timeoutMs = req.timeoutMs ?? 10_000;
  const policy = retry(
    handleWhen((e) => e instanceof AttemptError && e.retryable),
    {
      maxAttempts: attempts - 1,
      backoff: new ExponentialBackoff({ initialDelay: req.initialDelayMs ?? 1000, maxDelay: req.maxDelayMs ?? 10_000 }),
    },
  );
  let made = 0;
  try {
    const status = await policy.execute(() => (made++, attempt(req, headers, timeoutMs, signal)), signal);
    return { ok: true, attempts: made, status, detail: `${where}: HTTP ${status} after ${made} attempt${made > 1 ? 's' : ''}` };
  } catch (err) {
    const e = err instanceof AttemptError ? err : undefined;
    const why = e?.message ?? (err instanceof Error ? err.message : String(err));
    const out: SendOutcome = { ok: false, attempts: made, detail: `${where}: ${why} (${made} attempt${made > 1 ? 's' : ''})` };
    if (e?.status !== undefined) out.status = e.status;
    return out;
  }
}
