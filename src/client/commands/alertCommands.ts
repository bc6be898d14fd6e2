/**
 * Alert channels on the client side: the `dbpulse.alerts` settings (both scopes,
 * each channel marked with where it came from) sent to the server at start and on
 * every change, channel secrets in SecretStorage handed to the server per send,
 * and the "Set Alert Secret" and "Send Test Alert" commands.
 */
import * as vscode from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';
import { AuditRequest, GetAlertSecretRequest, SendTestAlertRequest, SetAlertSettingsRequest } from '../../shared/protocol';
import type { AlertRule, MaintenanceWindow } from '../../shared/alertRules';
import type {
  AlertAlertmanagerSetting,
  AlertEmailSetting,
  AlertResendSetting,
  AlertSecretTarget,
  AlertSettings,
  AlertSmsSetting,
  AlertWebhookSetting,
} from '../../shared/alertSettings';
import { errorMessage } from '../../shared/errors';
import type { Ctx, CtxInit } from '../ctx';
import type { Cmd } from './dispatch';

const SECTION = 'dbpulse.alerts';

export function alertSecretKey(target: AlertSecretTarget): string {
  return target.channel === 'email' ? 'dbpulse.alerts.smtpPassword' : `dbpulse.alerts.${target.channel}.${target.id}`;
}

function secretTitle(t: AlertSecretTarget): string {
  switch (t.channel) {
    case 'webhook':
      return `Signing secret of webhook ${t.id}`;
    case 'email':
      return 'SMTP password';
    case 'resend':
      return `Resend API key for ${t.id} (re_…)`;
    case 'alertmanager':
      return `Bearer token for Alertmanager ${t.id} (empty: none)`;
    case 'sms':
      return `Twilio credentials for ${t.id}: ACCOUNT_SID:AUTH_TOKEN`;
  }
}

/** A list of channels with ids from both scopes, each entry marked; workspace entries win over user ones with the same id. */
function scopedList<T extends { id: string; scope?: 'user' | 'workspace' }>(cfg: vscode.WorkspaceConfiguration, key: string): T[] {
  const v = cfg.inspect<T[]>(key);
  const byId = new Map<string, T>();
  const add = (list: unknown, scope: 'user' | 'workspace'): void => {
    if (Array.isArray(list)) for (const e of list) if (e && typeof e === 'object') byId.set(String((e as T).id), { ...(e as T), scope });
  };
  add(v?.globalValue, 'user');
  add(v?.workspaceValue, 'workspace');
  add(v?.workspaceFolderValue, 'workspace');
  return [...byId.values()];
}

/** The alert settings; workspace entries win over user ones with the same webhook id. */
export function readAlertSettings(): AlertSettings {
  const cfg = vscode.workspace.getConfiguration(SECTION);
  const mail = cfg.inspect<AlertEmailSetting | null>('email');
  const workspaceMail = mail?.workspaceFolderValue ?? mail?.workspaceValue;
  const email = workspaceMail
    ? { ...workspaceMail, scope: 'workspace' as const }
    : mail?.globalValue
      ? { ...mail.globalValue, scope: 'user' as const }
      : null;
  return {
    enabled: cfg.get<boolean>('enabled', true),
    quietPeriodMinutes: cfg.get<number>('quietPeriodMinutes', 15),
    webhooks: scopedList<AlertWebhookSetting>(cfg, 'webhooks'),
    email,
    resend: scopedList<AlertResendSetting>(cfg, 'resend'),
    alertmanager: scopedList<AlertAlertmanagerSetting>(cfg, 'alertmanager'),
    sms: scopedList<AlertSmsSetting>(cfg, 'sms'),
    rules: cfg.get<AlertRule[]>('rules', []),
    maintenance: cfg.get<MaintenanceWindow[]>('maintenance', []),
    defaultRules: cfg.get<boolean>('defaultRules', true),
  };
}

async function pushSettings(client: LanguageClient, log: vscode.LogOutputChannel, changed: boolean): Promise<void> {
  try {
    const { problems } = await client.sendRequest(SetAlertSettingsRequest.type, { settings: readAlertSettings(), changed });
    for (const p of problems) log.warn(`alerts: ${p}`);
    if (problems.length)
      void vscode.window
        .showWarningMessage(
          `DB Pulse alerts: ${problems[0]}${problems.length > 1 ? ` (and ${problems.length - 1} more problem(s))` : ''}`,
          'Show Log',
        )
        .then((a) => a && log.show());
  } catch (err) {
    log.warn(`alerts: the server did not take the alert settings: ${errorMessage(err)}`);
  }
}

/** Per client: answers the server's secret requests, and sends the settings once the server runs. */
export function wireAlerts(client: LanguageClient, secrets: vscode.SecretStorage, log: vscode.LogOutputChannel): void {
  client.onRequest(GetAlertSecretRequest.type, async (target) => (await secrets.get(alertSecretKey(target))) ?? null);
  client.onDidChangeState((e) => {
    if (e.newState === State.Running) void pushSettings(client, log, false);
  });
}

/** Sends the alert settings to the server whenever they change. */
export function watchAlertSettings(ctx: Ctx): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((e) => {
    const c = ctx.client;
    if (c && e.affectsConfiguration(SECTION)) void pushSettings(c, ctx.log, true);
  });
}

export function setAlertSecret(ctx: Ctx): Cmd {
  return async (target?: AlertSecretTarget, value?: string) => {
    if (!target) {
      const s = readAlertSettings();
      const items: Array<vscode.QuickPickItem & { target: AlertSecretTarget }> = s.webhooks.map((w) => ({
        label: `Webhook ${w.id}`,
        description: 'HMAC-SHA256 signing secret',
        target: { channel: 'webhook', id: String(w.id) },
      }));
      if (s.email)
        items.push({
          label: 'Email (SMTP password)',
          description: s.email.user ? `for ${s.email.user}@${s.email.host}` : s.email.host,
          target: { channel: 'email' },
        });
      for (const r of s.resend ?? [])
        items.push({ label: `Resend ${r.id}`, description: 'API key (re_…)', target: { channel: 'resend', id: String(r.id) } });
      for (const a of s.alertmanager ?? [])
        items.push({
          label: `Alertmanager ${a.id}`,
          description: 'bearer token (optional)',
          target: { channel: 'alertmanager', id: String(a.id) },
        });
      for (const m of s.sms ?? [])
        items.push({ label: `SMS ${m.id}`, description: 'Twilio ACCOUNT_SID:AUTH_TOKEN', target: { channel: 'sms', id: String(m.id) } });
      if (!items.length) {
        void vscode.window.showInformationMessage(
          'DB Pulse: no alert channel is configured yet (settings dbpulse.alerts.webhooks and dbpulse.alerts.email).',
        );
        return;
      }
      target = (await vscode.window.showQuickPick(items, { title: 'DB Pulse: which alert channel?' }))?.target;
      if (!target) return;
    }
    const secret =
      value ??
      (await vscode.window.showInputBox({
        title: secretTitle(target),
        prompt: 'Kept in VS Code Secret Storage and handed to the DB Pulse server only when an alert is sent. Leave empty to remove it.',
        password: true,
        ignoreFocusOut: true,
      }));
    if (secret === undefined) return;
    if (secret) await ctx.secretStorage.store(alertSecretKey(target), secret);
    else await ctx.secretStorage.delete(alertSecretKey(target));
    const channel = target.channel === 'email' ? 'email' : `${target.channel}:${target.id}`;
    await ctx.client
      ?.sendRequest(AuditRequest.type, { action: 'alerts_configured', details: { secret: channel, removed: !secret } })
      .catch(() => undefined);
    void vscode.window.showInformationMessage(`DB Pulse: ${secret ? 'secret saved' : 'secret removed'} for ${channel}.`);
  };
}

export function sendTestAlert(ctx: CtxInit): Cmd {
  return async () => {
    const { outcomes, problems } = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'DB Pulse: sending a test alert' },
      () => ctx.client.sendRequest(SendTestAlertRequest.type),
    );
    for (const o of outcomes)
      (o.ok ? ctx.log.info : ctx.log.warn).call(ctx.log, `test alert ${o.channel}: ${o.ok ? 'delivered' : 'failed'}: ${o.detail}`);
    for (const p of problems) ctx.log.warn(`alerts: ${p}`);
    if (!outcomes.length) {
      void vscode.window.showWarningMessage(
        `DB Pulse: no usable alert channel${problems.length ? `: ${problems[0]}` : ' (settings dbpulse.alerts.webhooks and dbpulse.alerts.email)'}.`,
      );
      return outcomes;
    }
    const lines = outcomes.map((o) => `${o.channel}: ${o.ok ? 'delivered' : `FAILED (${o.detail})`}`).join('; ');
    const failed = outcomes.filter((o) => !o.ok).length;
    if (failed) void vscode.window.showWarningMessage(`DB Pulse test alert: ${lines}`, 'Show Log').then((a) => a && ctx.log.show());
    else void vscode.window.showInformationMessage(`DB Pulse test alert: ${lines}`);
    return outcomes;
  };
}
