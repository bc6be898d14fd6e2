/** Alert channels as configured (`dbpulse.alerts.*`, and the headless monitor's `alerts` object), and their outcomes. */

/** Events an alert channel can receive (`events` filter); `flapping` is the summary of suppressed downs. */
export const ALERT_EVENTS = ['down', 'recovered', 'degraded', 'prediction', 'flapping'] as const;
export type AlertEventName = (typeof ALERT_EVENTS)[number];

/** Which alerts a channel takes: by event and by connection tag (any of them). Absent or empty = all. */
export interface AlertChannelFilter {
  events?: AlertEventName[];
  tags?: string[];
}

/** One `dbpulse.alerts.webhooks` entry. The signing secret lives in SecretStorage under the webhook id. */
export interface AlertWebhookSetting extends AlertChannelFilter {
  id: string;
  url: string;
  /** `json`: the DB Pulse payload; `slack`: `{ text, content }` for Slack, Teams and Discord incoming webhooks. */
  format?: 'json' | 'slack';
  /** Where the entry came from; filled in by the client. Workspace entries never send in Restricted Mode. */
  scope?: 'user' | 'workspace';
}

/** `dbpulse.alerts.email`. The SMTP password lives in SecretStorage. */
export interface AlertEmailSetting extends AlertChannelFilter {
  host: string;
  port?: number;
  /** Implicit TLS (port 465). When false, STARTTLS is used (required unless `requireTLS` is false). */
  secure?: boolean;
  requireTLS?: boolean;
  /** Accept a self-signed server certificate. */
  allowSelfSigned?: boolean;
  user?: string;
  from: string;
  to: string[];
  scope?: 'user' | 'workspace';
}

/** The `dbpulse.alerts` settings as the client sends them (both scopes, each entry marked). */
export interface AlertSettings {
  enabled: boolean;
  quietPeriodMinutes?: number;
  webhooks: AlertWebhookSetting[];
  email?: AlertEmailSetting | null;
}

/** Which channel's secret: a webhook's signing secret or the SMTP password. */
export type AlertSecretTarget = { channel: 'webhook'; id: string } | { channel: 'email' };

export interface AlertChannelOutcome {
  /** `webhook:<id>` or `email`. */
  channel: string;
  ok: boolean;
  /** What happened (status, attempts, or the error; never a secret). */
  detail: string;
}
