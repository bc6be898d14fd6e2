/**
 * SMS through Twilio's Messages API (optional channel): one
 * `POST {baseUrl}/2010-04-01/Accounts/{AccountSid}/Messages.json` per recipient, form-encoded
 * `To`, `From` (or `MessagingServiceSid`) and `Body`, HTTP Basic with `AccountSid:AuthToken`.
 * Twilio's error answers (`{ code, message, more_info, status }`, e.g. 20003 Authenticate, 21211
 * invalid To, 20429 Too Many Requests) are named in the outcome; the token never is.
 */
import type { AlertSmsSetting } from '../../shared/alertSettings';
import { redact } from '../secrets';
import { postHttp, type SendOutcome } from './http';

export const TWILIO_DEFAULT_BASE = 'https://api.twilio.com';
/** An SMS body is cut here (Twilio accepts 1,600 characters; alerts stay short). */
export const SMS_MAX = 320;

/** `ACCOUNT_SID:AUTH_TOKEN` as kept in Secret Storage, split; undefined when it is not that shape. */
export function twilioCredentials(secret: string): { sid: string; token: string } | undefined {
  const i = secret.indexOf(':');
  if (i < 1) return undefined;
  const sid = secret.slice(0, i).trim();
  const token = secret.slice(i + 1).trim();
  return /^AC[0-9a-fA-F]{32}$/.test(sid) && token.length > 0 ? { sid, token } : undefined;
}

function twilioError(answer: unknown): string | undefined {
  if (typeof answer !== 'object' || answer === null) return undefined;
  const a = answer as { code?: unknown; message?: unknown };
  if (a.code === undefined && typeof a.message !== 'string') return undefined;
  return [a.code !== undefined ? `Twilio ${String(a.code)}` : undefined, typeof a.message === 'string' ? a.message : undefined]
    .filter(Boolean)
    .join(': ');
}

export async function sendSms(
  setting: AlertSmsSetting,
  secret: string | null,
  text: string,
  opts: { timeoutMs?: number; attempts?: number; initialDelayMs?: number; maxDelayMs?: number; userAgent?: string } = {},
  signal?: AbortSignal,
): Promise<SendOutcome> {
  const creds = secret ? twilioCredentials(secret) : undefined;
  if (!creds)
    return {
      ok: false,
      attempts: 0,
      detail: secret
        ? `not sent: the secret of sms:${setting.id} must be ACCOUNT_SID:AUTH_TOKEN (AC followed by 32 hex digits, a colon, the token)`
        : `not sent: no Twilio credentials for sms:${setting.id} (DB Pulse: Set Alert Secret)`,
    };
  const base = (setting.baseUrl ?? TWILIO_DEFAULT_BASE).replace(/\/+$/, '');
  const url = `${base}/2010-04-01/Accounts/${creds.sid}/Messages.json`;
  const auth = `Basic ${Buffer.from(`${creds.sid}:${creds.token}`).toString('base64')}`;
  const bodyText = text.length > SMS_MAX ? `${text.slice(0, SMS_MAX - 1)}…` : text;
  const outcomes: SendOutcome[] = [];
  for (const to of setting.to) {
    const form = new URLSearchParams({ To: to, Body: bodyText });
    form.set(setting.from.startsWith('MG') ? 'MessagingServiceSid' : 'From', setting.from);
    const o = await postHttp(
      { url, body: form.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: auth }, ...opts },
      signal,
    );
    const why = o.ok ? undefined : twilioError(o.answer);
    const sid = (o.answer as { sid?: unknown } | undefined)?.sid;
    outcomes.push({
      ...o,
      detail: `${to.slice(0, 4)}…: ${o.detail}${o.ok && typeof sid === 'string' ? `, message ${sid}` : ''}${why ? ` [${why}]` : ''}`,
    });
  }
  const ok = outcomes.every((o) => o.ok);
  const detail = redact(outcomes.map((o) => o.detail).join('; '), { literals: [creds.token, secret!] });
  return {
    ok,
    attempts: outcomes.reduce((a, o) => a + o.attempts, 0),
    detail,
    tries: outcomes.flatMap((o) => o.tries ?? []),
    ...(outcomes.at(-1)?.status !== undefined ? { status: outcomes.at(-1)!.status } : {}),
  };
}
