/** Alert channels as configured (`dbpulse.alerts.*`, and the headless monitor's `alerts` object), and their outcomes. */
import type { AlertRule, AlertSeverity, MaintenanceWindow } from './alertRules';

/** Events an alert channel can receive (`events` filter); `flapping` is the summary of suppressed downs. */
/**
 * `alert` is a rule's incident of any other condition (capacity, certificate, security…) and
 * `resolved` its end (a down's end is `recovered`).
 */
export const ALERT_EVENTS = ['down', 'recovered', 'degraded', 'prediction', 'flapping', 'alert', 'resolved'] as const;
export type AlertEventName = (typeof ALERT_EVENTS)[number];

/** The per-connection quiet period when none is set. */
export const DEFAULT_QUIET_PERIOD_MS = 15 * 60_000;

/** Which alerts a channel takes: by event, connection tag (any of them), rule id and lowest severity. Absent or empty = all. */
export interface AlertChannelFilter {
  events?: AlertEventName[];
  tags?: string[];
  /** Rule ids (`default-down`, or a rule of the user's). */
  rules?: string[];
  /** The lowest severity this channel takes (`warning`: warnings and criticals). */
  minSeverity?: AlertSeverity;
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
  resend?: AlertResendSetting[];
  alertmanager?: AlertAlertmanagerSetting[];
  sms?: AlertSmsSetting[];
  /** Alert rules (`dbpulse.alerts.rules`), maintenance windows, and whether the default rules apply. */
  rules?: AlertRule[];
  maintenance?: MaintenanceWindow[];
  defaultRules?: boolean;
}

/**
 * `dbpulse.alerts.resend`: email through Resend's HTTP API (`POST {baseUrl}/emails`). The API key
 * (`re_…`) lives in Secret Storage; headless, in the environment variable `apiKeyEnv` names.
 */
export interface AlertResendSetting extends AlertChannelFilter {
  id: string;
  from: string;
  to: string[];
  /** Default https://api.resend.com. */
  baseUrl?: string;
  scope?: 'user' | 'workspace';
}

/**
 * `dbpulse.alerts.alertmanager`: Prometheus Alertmanager's v2 API (`POST {url}/api/v2/alerts`).
 * Open incidents are re-posted every minute (as Prometheus does) and posted with `endsAt` on resolve.
 */
export interface AlertAlertmanagerSetting extends AlertChannelFilter {
  id: string;
  /** Alertmanager's base URL, e.g. http://alertmanager:9093. */
  url: string;
  /** Extra static labels on every alert (e.g. `team`). */
  labels?: Record<string, string>;
  scope?: 'user' | 'workspace';
}

/**
 * `dbpulse.alerts.sms` (optional): SMS through Twilio's Messages API. The secret is
 * `ACCOUNT_SID:AUTH_TOKEN` in Secret Storage (headless: the variable `credentialsEnv` names).
 */
export interface AlertSmsSetting extends AlertChannelFilter {
  id: string;
  /** A Twilio number or messaging service sender, E.164 (+15551234567). */
  from: string;
  to: string[];
  /** Default https://api.twilio.com. */
  baseUrl?: string;
  scope?: 'user' | 'workspace';
}

/** Which channel's secret: a webhook's signing secret, the SMTP password, a Resend key, Twilio credentials, an Alertmanager bearer token. */
export type AlertSecretTarget =
  | { channel: 'webhook'; id: string }
  | { channel: 'email' }
  | { channel: 'resend'; id: string }
  | { channel: 'sms'; id: string }
  | { channel: 'alertmanager'; id: string };

export interface AlertChannelOutcome {
  /** `webhook:<id>`, `email`, `resend:<id>`, `alertmanager:<id>` or `sms:<id>`. */
  channel: string;
  ok: boolean;
  /** What happened (status, attempts, or the error; never a secret). */
  detail: string;
}
