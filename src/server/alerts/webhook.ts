/**
 * Webhook sender: a JSON POST through the shared HTTP delivery (`http.ts`: timeout per attempt,
 * retries with backoff on network errors, timeouts, 429 and 5xx). An optional HMAC-SHA256 over the
 * raw body goes in `X-DBPulse-Signature: sha256=<hex>`.
 */
import { createHmac } from 'node:crypto';
import { postHttp, type HttpRequest, type SendOutcome } from './http';

export type { SendOutcome } from './http';

export const SIGNATURE_HEADER = 'X-DBPulse-Signature';

export interface WebhookRequest extends Omit<HttpRequest, 'headers'> {
  /** Signing secret; no signature header without one. */
  secret?: string | null;
}

/** `sha256=<hex>` of the body under the secret, as the header carries it. */
export function signBody(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

/** POSTs the body; resolves with the outcome, never rejects. */
export function postWebhook(req: WebhookRequest, signal?: AbortSignal): Promise<SendOutcome> {
  const headers: Record<string, string> = {};
  if (req.secret) headers[SIGNATURE_HEADER.toLowerCase()] = signBody(req.body, req.secret);
  const { secret: _secret, ...rest } = req;
  return postHttp({ ...rest, headers }, signal);
}
