/**
 * Resend sender: `POST {baseUrl}/emails` with `Authorization: Bearer <key>` and the rendered
 * email (subject, text, html), through the shared HTTP delivery (retries on 429 with its
 * Retry-After, 5xx and network errors; 4xx answers such as 401 `missing_api_key` or 422
 * `validation_error` are not retried). An `Idempotency-Key` per alert makes a retry after a lost
 * answer deliver once. Resend's error answers (`{ statusCode, name, message }`) are named in the
 * outcome; the key never is.
 */
import { createHash } from 'node:crypto';
import type { AlertResendSetting } from '../../shared/alertSettings';
import { redact } from '../secrets';
import { postHttp, type SendOutcome } from './http';

export const RESEND_DEFAULT_BASE = 'https://api.resend.com';

export interface ResendMessage {
  subject: string;
  text: string;
  html: string;
}

export interface ResendOptions {
  timeoutMs?: number;
  attempts?: number;
  initialDelayMs?: number;
  maxDelayMs?: number;
  userAgent?: string;
}

/** `{ statusCode, name, message }` of a Resend error answer, as one line. */
function resendError(answer: unknown): string | undefined {
  if (typeof answer !== 'object' || answer === null) return undefined;
  const a = answer as { name?: unknown; message?: unknown };
  if (typeof a.name !== 'string' && typeof a.message !== 'string') return undefined;
  return [a.name, a.message].filter((x) => typeof x === 'string').join(': ');
}

export async function sendResend(
  setting: AlertResendSetting,
  apiKey: string | null,
  message: ResendMessage,
  opts: ResendOptions = {},
  signal?: AbortSignal,
): Promise<SendOutcome> {
  if (!apiKey)
    return { ok: false, attempts: 0, detail: `not sent: no Resend API key for resend:${setting.id} (DB Pulse: Set Alert Secret)` };
  const base = (setting.baseUrl ?? RESEND_DEFAULT_BASE).replace(/\/+$/, '');
  const body = JSON.stringify({ from: setting.from, to: setting.to, subject: message.subject, text: message.text, html: message.html });
  const idem = createHash('sha256').update(body).digest('hex').slice(0, 48);
  const out = await postHttp(
    {
      url: `${base}/emails`,
      body,
      headers: { authorization: `Bearer ${apiKey}`, 'idempotency-key': `dbpulse-${idem}` },
      ...opts,
    },
    signal,
  );
  const why = resendError(out.answer);
  const id = (out.answer as { id?: unknown } | undefined)?.id;
  const detail =
    out.ok && typeof id === 'string' ? `${out.detail}, email id ${id}` : why && !out.ok ? `${out.detail} [${why}]` : out.detail;
  // The answer could echo what was sent; the key is never in it, but be sure.
  return { ...out, detail: redact(detail, { literals: [apiKey] }) };
}
