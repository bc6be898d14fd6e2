/**
 * The channels the checked alert settings describe, each able to send a rendered alert (core; no
 * LSP). Secrets are asked through `secretFor` at send time and dropped after; a lookup that fails
 * sends nothing and says why (`secretLookup.ts`). Used by the editor's server and the headless
 * monitor alike.
 */
import type { AlertChannelFilter, AlertSecretTarget } from '../../shared/alertSettings';
import { postableAlert, postAlertmanager } from './alertmanager';
import type { CheckedAlertSettings } from '../../shared/alertSettingsCheck';
import { sendEmail } from './email';
import type { SendOutcome } from './http';
import type { RenderedAlert } from './render';
import { sendResend } from './resend';
import { sendWithSecret } from './secretLookup';
import { sendSms } from './twilio';
import { postWebhook } from './webhook';

export interface AlertChannel {
  /** `webhook:<id>`, `email`, `resend:<id>`, `alertmanager:<id>`, `sms:<id>` (rules name channels so). */
  name: string;
  filter: AlertChannelFilter;
  scope: 'user' | 'workspace';
  /** Alertmanager: open incidents are re-posted while open. */
  refreshesOpen: boolean;
  send(r: RenderedAlert, now?: number): Promise<SendOutcome>;
}

/** Asks for one secret; rejects when the lookup failed, resolves null when none is set. */
export type SecretSource = (target: AlertSecretTarget) => () => Promise<string | null | undefined>;

const scopeOf = (s: { scope?: 'user' | 'workspace' }): 'user' | 'workspace' => (s.scope === 'user' ? 'user' : 'workspace');

export function buildChannels(settings: CheckedAlertSettings, secretFor: SecretSource, version: string): AlertChannel[] {
  const userAgent = `DB-Pulse/${version}`;
  const out: AlertChannel[] = settings.webhooks.map((w) => ({
    name: `webhook:${w.id}`,
    filter: w,
    scope: scopeOf(w),
    refreshesOpen: false,
    send: (r) =>
      sendWithSecret(secretFor({ channel: 'webhook', id: w.id }), `webhook:${w.id} signing secret`, (s) =>
        postWebhook({ url: w.url, body: w.format === 'slack' ? r.slack : r.json, secret: s, userAgent }),
      ),
  }));
  const e = settings.email;
  if (e)
    out.push({
      name: 'email',
      filter: e,
      scope: scopeOf(e),
      refreshesOpen: false,
      send: (r) =>
        e.user
          ? sendWithSecret(secretFor({ channel: 'email' }), 'SMTP password', (s) => sendEmail(e, s, r.email))
          : sendEmail(e, null, r.email),
    });
  for (const rs of settings.resend)
    out.push({
      name: `resend:${rs.id}`,
      filter: rs,
      scope: scopeOf(rs),
      refreshesOpen: false,
      send: (r) =>
        sendWithSecret(secretFor({ channel: 'resend', id: rs.id }), `resend:${rs.id} API key`, (s) =>
          sendResend(rs, s, r.email, { userAgent }),
        ),
    });
  for (const am of settings.alertmanager)
    out.push({
      name: `alertmanager:${am.id}`,
      filter: am,
      scope: scopeOf(am),
      refreshesOpen: true,
      send: (r, now = Date.now()) =>
        sendWithSecret(secretFor({ channel: 'alertmanager', id: am.id }), `alertmanager:${am.id} bearer token`, (s) =>
          postAlertmanager(am, [postableAlert(r.payload, am, now)], s, { userAgent }),
        ),
    });
  for (const sms of settings.sms)
    out.push({
      name: `sms:${sms.id}`,
      filter: sms,
      scope: scopeOf(sms),
      refreshesOpen: false,
      send: (r) =>
        sendWithSecret(secretFor({ channel: 'sms', id: sms.id }), `sms:${sms.id} Twilio credentials`, (s) =>
          sendSms(sms, s, smsText(r), { userAgent }),
        ),
    });
  return out;
}

/** The SMS body: the severity and the one-line summary. */
export function smsText(r: RenderedAlert): string {
  const sev = r.payload.severity ? `[${r.payload.severity.toUpperCase()}] ` : '';
  return `${sev}${r.payload.summary}`;
}
