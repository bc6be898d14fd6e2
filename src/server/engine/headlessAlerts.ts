/**
 * The headless monitor's `alerts` object: the same shape as the editor's `dbpulse.alerts.*`
 * settings (without the prefix), checked by the same checker. Channel secrets are never in the
 * file: each channel names an environment variable (`…Env`) or a file (`…File`) holding it:
 *
 *   webhooks[]     secretEnv | secretFile            the HMAC signing secret
 *   email          passwordEnv | passwordFile        the SMTP password
 *   resend[]       apiKeyEnv | apiKeyFile            the Resend API key
 *   alertmanager[] tokenEnv | tokenFile              the bearer token
 *   sms[]          credentialsEnv | credentialsFile  ACCOUNT_SID:AUTH_TOKEN
 *
 * Pure apart from `readSecret`, which reads the named variable or file at send time.
 */
import * as path from 'node:path';
import type { AlertSecretTarget, AlertSettings } from '../../shared/alertSettings';
import { checkAlertSettings } from '../../shared/alertSettingsCheck';
import { readRegularText } from '../config/regularFile';
import { HeadlessConfigError } from './headlessConfig';

type Channel = AlertSecretTarget['channel'];
/** The secret's field stem per channel: `<stem>Env` / `<stem>File`, and the inline field refused. */
const SECRET_STEM: Record<Channel, string> = {
  webhook: 'secret',
  email: 'password',
  resend: 'apiKey',
  alertmanager: 'token',
  sms: 'credentials',
};
const LISTS = { webhooks: 'webhook', resend: 'resend', alertmanager: 'alertmanager', sms: 'sms' } as const;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** A secret file larger than this is not a secret. */
const MAX_SECRET_BYTES = 64 * 1024;

export type SecretRef = { env: string } | { file: string };

export interface HeadlessAlerts {
  /** The settings as the editor would send them (every channel's scope `user`). */
  settings: AlertSettings;
  /** Where each channel's secret is, keyed by `secretKey(target)`. */
  secrets: Map<string, SecretRef>;
}

export function secretKey(t: AlertSecretTarget): string {
  return t.channel === 'email' ? 'email' : `${t.channel}:${t.id}`;
}

/** Parses and checks `alerts`; a problem is a config error (the headless monitor exits 2 on it). */
export function parseHeadlessAlerts(raw: unknown, source: string, baseDir: string): HeadlessAlerts {
  if (raw === undefined) return { settings: { enabled: false, webhooks: [] }, secrets: new Map() };
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new HeadlessConfigError(`${source}: "alerts" must be an object`);
  const obj = { ...(raw as Record<string, unknown>) };
  const secrets = new Map<string, SecretRef>();
  const take = (entry: unknown, channel: Channel, where: string): unknown => {
    if (!entry || typeof entry !== 'object' || Array.isArray(entry)) return entry; // the checker names it
    const e: Record<string, unknown> = { ...(entry as Record<string, unknown>), scope: 'user' };
    const stem = SECRET_STEM[channel];
    if (stem in e)
      throw new HeadlessConfigError(
        `${where}: "${stem}" must not be in the config file; name an environment variable with "${stem}Env" instead`,
      );
    const env = e[`${stem}Env`];
    const file = e[`${stem}File`];
    delete e[`${stem}Env`];
    delete e[`${stem}File`];
    if (env !== undefined && file !== undefined) throw new HeadlessConfigError(`${where}: give "${stem}Env" or "${stem}File", not both`);
    const id = typeof e.id === 'string' ? e.id : '';
    const key = secretKey(channel === 'email' ? { channel } : { channel, id });
    if (env !== undefined) {
      if (typeof env !== 'string' || !ENV_NAME.test(env))
        throw new HeadlessConfigError(`${where}: "${stem}Env" must be an environment variable name`);
      secrets.set(key, { env });
    } else if (file !== undefined) {
      if (typeof file !== 'string' || !file) throw new HeadlessConfigError(`${where}: "${stem}File" must be a file path`);
      secrets.set(key, { file: path.resolve(baseDir, file) });
    }
    return e;
  };
  for (const [list, channel] of Object.entries(LISTS) as Array<[keyof typeof LISTS, Channel]>) {
    const v = obj[list];
    if (Array.isArray(v)) obj[list] = v.map((e, i) => take(e, channel, `${source}: alerts.${list}[${i}]`));
  }
  if (obj.email !== undefined && obj.email !== null) obj.email = take(obj.email, 'email', `${source}: alerts.email`);
  const settings = { webhooks: [], ...obj, enabled: obj.enabled !== false } as AlertSettings;
  const checked = checkAlertSettings(settings);
  if (checked.problems.length) throw new HeadlessConfigError(`${source}: alerts: ${checked.problems.join('; ')}`);
  return { settings, secrets };
}

/** Environment variables the alerts name that are not set (names only). */
export function missingAlertEnv(alerts: HeadlessAlerts, env: NodeJS.ProcessEnv): string[] {
  return [...alerts.secrets]
    .filter(([, ref]) => 'env' in ref && !env[ref.env])
    .map(([key, ref]) => `${(ref as { env: string }).env} (secret of alert channel ${key})`);
}

/** A channel's secret at send time: null when none is configured; throws (nothing is sent) when it cannot be read. */
export function readAlertSecret(alerts: HeadlessAlerts, env: NodeJS.ProcessEnv, target: AlertSecretTarget): string | null {
  const ref = alerts.secrets.get(secretKey(target));
  if (!ref) return null;
  if ('env' in ref) {
    const v = env[ref.env];
    if (!v) throw new Error(`environment variable ${ref.env} is not set`);
    return v;
  }
  const text = readRegularText(ref.file, MAX_SECRET_BYTES);
  if (text === undefined) throw new Error(`cannot read ${ref.file}`);
  return text.trim();
}

/** Every alert secret the environment or files hold, for the log redactor. */
export function alertSecretValues(alerts: HeadlessAlerts, env: NodeJS.ProcessEnv): string[] {
  const out: string[] = [];
  for (const ref of alerts.secrets.values()) {
    const v = 'env' in ref ? env[ref.env] : readRegularText(ref.file, MAX_SECRET_BYTES)?.trim();
    if (v) out.push(v);
  }
  return out;
}
