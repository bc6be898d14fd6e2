/**
 * The one HTTP delivery every HTTP channel uses (webhooks, Resend, Alertmanager, Twilio): a POST
 * with a timeout per attempt and retries with exponential backoff (cockatiel) on network errors,
 * timeouts, 429 and 5xx; a 429's `Retry-After` is honoured up to the longest delay. 4xx other than
 * 429 is not retried. Redirects are not followed. Never throws: the outcome says what happened
 * (status, attempts, the head of the answer, the answer's JSON when asked for), naming the URL by
 * its origin only (a chat webhook's path is itself a secret).
 */
import { ExponentialBackoff, handleWhen, retry } from 'cockatiel';
import { urlOrigin } from '../../shared/alertSettingsCheck';
import { errorMessage } from '../../shared/errors';

export interface HttpRequest {
  url: string;
  /** The exact bytes sent. */
  body: string;
  headers?: Record<string, string>;
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
  /** Each attempt's outcome, oldest first (for the delivery record). */
  tries?: string[];
  /** The answer's body parsed as JSON, when it was JSON (a successful answer's id, an error's code). */
  answer?: unknown;
}

class AttemptError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly status?: number,
    readonly retryAfterMs?: number,
    readonly answer?: unknown,
  ) {
    super(message);
  }
}

const BODY_HEAD = 200;
const ANSWER_MAX = 64 * 1024;

async function readAnswer(res: Response): Promise<{ head: string; json?: unknown }> {
  try {
    const text = (await res.text()).slice(0, ANSWER_MAX);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    const flat = text.replace(/\s+/g, ' ').trim();
    return { head: flat.length > BODY_HEAD ? `${flat.slice(0, BODY_HEAD)}…` : flat, json };
  } catch {
    return { head: '' };
  }
}

/** `Retry-After` as milliseconds: delta-seconds or an HTTP date. */
export function retryAfterMs(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const s = Number(value.trim());
  if (Number.isFinite(s) && s >= 0) return s * 1000;
  const t = Date.parse(value);
  return Number.isFinite(t) ? Math.max(0, t - now) : undefined;
}

async function attempt(
  req: HttpRequest,
  headers: Record<string, string>,
  timeoutMs: number,
  outer: AbortSignal,
): Promise<{ status: number; answer?: unknown }> {
  const signal = AbortSignal.any([outer, AbortSignal.timeout(timeoutMs)]);
  let res: Response;
  try {
    res = await fetch(req.url, { method: 'POST', headers, body: req.body, signal, redirect: 'manual' });
  } catch (err) {
    if (signal.aborted && !outer.aborted) throw new AttemptError(`no answer within ${timeoutMs} ms`, true);
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    throw new AttemptError(cause?.code ?? cause?.message ?? errorMessage(err), !outer.aborted);
  }
  const { head, json } = await readAnswer(res);
  if (res.status >= 200 && res.status < 300) return { status: res.status, answer: json };
  const retryable = res.status === 429 || res.status >= 500;
  throw new AttemptError(
    `HTTP ${res.status}${head ? `: ${head}` : ''}`,
    retryable,
    res.status,
    retryAfterMs(res.headers.get('retry-after')),
    json,
  );
}

/** POSTs the body; resolves with the outcome, never rejects. */
export async function postHttp(req: HttpRequest, signal: AbortSignal = new AbortController().signal): Promise<SendOutcome> {
  const where = urlOrigin(req.url);
  const headers: Record<string, string> = {
    'content-type': 'application/json; charset=utf-8',
    'user-agent': req.userAgent ?? 'DB-Pulse',
    ...req.headers,
  };
  const attempts = Math.max(1, req.attempts ?? 3);
  const timeoutMs = req.timeoutMs ?? 10_000;
  const maxDelay = req.maxDelayMs ?? 10_000;
  const backoff = new ExponentialBackoff({ initialDelay: req.initialDelayMs ?? 1000, maxDelay });
  const tries: string[] = [];
  let retryAfter: number | undefined;
  const policy = retry(
    handleWhen((e) => e instanceof AttemptError && e.retryable),
    {
      maxAttempts: attempts - 1,
      // A 429's Retry-After replaces the backoff's delay (never longer than maxDelayMs).
      backoff: {
        next: (ctx) => {
          void ctx;
          const inner = backoff.next();
          const wrap = (b: typeof inner): typeof inner => ({
            get duration() {
              return retryAfter !== undefined ? Math.min(retryAfter, maxDelay) : b.duration;
            },
            next: (c) => wrap(b.next(c)),
          });
          return wrap(inner);
        },
      },
    },
  );
  let made = 0;
  try {
    const ok = await policy.execute(async () => {
      made++;
      try {
        const r = await attempt(req, headers, timeoutMs, signal);
        tries.push(`HTTP ${r.status}`);
        return r;
      } catch (err) {
        retryAfter = err instanceof AttemptError ? err.retryAfterMs : undefined;
        tries.push(errorMessage(err));
        throw err;
      }
    }, signal);
    const out: SendOutcome = {
      ok: true,
      attempts: made,
      status: ok.status,
      detail: `${where}: HTTP ${ok.status} after ${made} attempt${made > 1 ? 's' : ''}`,
      tries,
    };
    if (ok.answer !== undefined) out.answer = ok.answer;
    return out;
  } catch (err) {
    const e = err instanceof AttemptError ? err : undefined;
    const why = e?.message ?? errorMessage(err);
    const out: SendOutcome = { ok: false, attempts: made, detail: `${where}: ${why} (${made} attempt${made > 1 ? 's' : ''})`, tries };
    if (e?.status !== undefined) out.status = e.status;
    if (e?.answer !== undefined) out.answer = e.answer;
    return out;
  }
}
