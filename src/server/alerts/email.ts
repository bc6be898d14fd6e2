/**
 * Email sender: one message (plain text + HTML) over SMTP with nodemailer.
 * Implicit TLS (`secure`) or STARTTLS (required by default); the password comes
 * from the caller per send and is not kept. Never throws: the outcome says
 * what happened, without the password or the server's full transcript.
 * nodemailer loads on the first send only.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type * as NodemailerModule from 'nodemailer';
import type { AlertEmailSetting } from '../../shared/alertSettings';
import { redact } from '../secrets';
import type { SendOutcome } from './webhook';

export interface EmailMessage {
  subject: string;
  text: string;
  html: string;
}

export interface EmailOptions {
  /** Connection, greeting and socket timeouts, ms (default 15 s). */
  timeoutMs?: number;
}

type Nodemailer = Pick<typeof NodemailerModule, 'createTransport'>;

/**
 * nodemailer on first use: bundled, `dist/lib/nodemailer.js` next to the running bundle (built from
 * nodemailerBundle.ts); from sources (tsx, tests), the package itself. A non-literal require keeps
 * esbuild from inlining it into the server bundle.
 */
function loadNodemailer(): Nodemailer {
  const dynamicRequire: (id: string) => unknown = require;
  const bundled = path.join(__dirname, 'lib', 'nodemailer.js');
  return dynamicRequire(fs.existsSync(bundled) ? bundled : 'nodemailer') as Nodemailer;
}

/** Sends the message; resolves with the outcome, never rejects. */
export async function sendEmail(
  setting: AlertEmailSetting,
  password: string | null | undefined,
  message: EmailMessage,
  options: EmailOptions = {},
): Promise<SendOutcome> {
  const where = `smtp ${setting.host}:${setting.port ?? (setting.secure ? 465 : 587)}`;
  const timeout = options.timeoutMs ?? 15_000;
  try {
    const transport = loadNodemailer().createTransport({
      host: setting.host,
      port: setting.port ?? (setting.secure ? 465 : 587),
      secure: setting.secure === true,
      requireTLS: setting.secure !== true && setting.requireTLS !== false,
      auth: setting.user ? { user: setting.user, pass: password ?? '' } : undefined,
      tls: { rejectUnauthorized: setting.allowSelfSigned !== true },
      connectionTimeout: timeout,
      greetingTimeout: timeout,
      socketTimeout: timeout,
      disableFileAccess: true,
      disableUrlAccess: true,
    });
    try {
      const info = await transport.sendMail({
        from: setting.from,
        to: setting.to,
        subject: message.subject,
        text: message.text,
        html: message.html,
      });
      const accepted = info.accepted.length;
      return { ok: accepted > 0, attempts: 1, detail: `${where}: ${accepted} of ${setting.to.length} recipient(s) accepted` };
    } finally {
      transport.close();
    }
  } catch (err) {
    const e = err as { code?: string; responseCode?: number; response?: string; message?: string };
    const why = e.responseCode ? `${e.responseCode} ${e.response ?? ''}` : `${e.code ? `${e.code}: ` : ''}${e.message ?? String(err)}`;
    return {
      ok: false,
      attempts: 1,
      detail: `${where}: ${redact(why.replace(/\s+/g, ' ').trim(), { secrets: password ? [{ password }] : [] }).slice(0, 300)}`,
    };
  }
}
