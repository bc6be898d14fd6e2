/**
 * The alerts configuration page's host side: reads the `dbpulse.alerts.*` settings (the merged
 * view the server gets, and the chosen scope's own rules, maintenance windows and defaults switch),
 * applies the page's edits through the pure model (checked by the server's own checker before
 * anything is written), writes the settings to the scope the user picks, and runs test sends and
 * "set secret" through the existing commands. No secret ever reaches the page or the settings.
 */
import * as vscode from 'vscode';
import type { AlertRule, MaintenanceWindow } from '../../../shared/alertRules';
import type { AlertChannelOutcome, AlertSecretTarget } from '../../../shared/alertSettings';
import { errorMessage } from '../../../shared/errors';
import { readAlertSettings } from '../../commands/alertCommands';
import type { Ctx } from '../../ctx';
import { isAlertsToHost, type AlertsScope, type AlertsToHost, type HostToAlerts } from '../messages';
import { applyAlertsEdit, buildAlertsView, type ScopeSettings } from '../model/alertsModel';
import { createPanel, post } from '../panelHost';

export const ALERTS_VIEW_TYPE = 'dbpulse.alerts';
const SECTION = 'dbpulse.alerts';

function scopeSettings(scope: AlertsScope): ScopeSettings {
  const cfg = vscode.workspace.getConfiguration(SECTION);
  const pick = <T>(key: string, fallback: T): T => {
    const v = cfg.inspect<T>(key);
    return (scope === 'user' ? v?.globalValue : v?.workspaceValue) ?? fallback;
  };
  const rules = pick<unknown>('rules', []);
  const maintenance = pick<unknown>('maintenance', []);
  return {
    rules: Array.isArray(rules) ? (rules as AlertRule[]) : [],
    maintenance: Array.isArray(maintenance) ? (maintenance as MaintenanceWindow[]) : [],
    defaultRules: pick<boolean>('defaultRules', true) !== false,
  };
}

function secretTarget(channel: string): AlertSecretTarget | undefined {
  if (channel === 'email') return { channel: 'email' };
  const m = /^(webhook|resend|alertmanager|sms):(.+)$/.exec(channel);
  return m ? ({ channel: m[1], id: m[2] } as AlertSecretTarget) : undefined;
}

export class AlertsPanel {
  private static current: AlertsPanel | undefined;
  /** Each channel's last delivery outcome seen by this window (test sends). */
  private static outcomes = new Map<string, AlertChannelOutcome>();

  static show(deps: Ctx): AlertsPanel {
    const p = AlertsPanel.current ?? new AlertsPanel(deps);
    AlertsPanel.current = p;
    p.panel.reveal();
    return p;
  }

  private readonly panel: vscode.WebviewPanel;
  private scope: AlertsScope = vscode.workspace.workspaceFolders?.length ? 'workspace' : 'user';
  private readonly subs: vscode.Disposable[] = [];

  private constructor(private readonly deps: Ctx) {
    this.panel = createPanel(deps.extension, {
      viewType: ALERTS_VIEW_TYPE,
      title: 'DB Pulse Alerts',
      script: 'alerts',
      styles: ['alerts'],
    });
    this.panel.onDidDispose(() => {
      if (AlertsPanel.current === this) AlertsPanel.current = undefined;
      for (const s of this.subs.splice(0)) s.dispose();
    });
    this.subs.push(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(SECTION)) this.refresh();
      }),
    );
    this.panel.webview.onDidReceiveMessage((m: unknown) => {
      if (!isAlertsToHost(m)) {
        this.deps.log.warn('alerts page: ignored a malformed message from the webview');
        return;
      }
      this.handle(m).catch((err: unknown) => {
        this.deps.log.error(`alerts page: ${errorMessage(err)}`);
        this.send({ type: 'refused', problems: [errorMessage(err)] });
      });
    });
  }

  private send(m: HostToAlerts): void {
    post(this.panel, m);
  }

  private refresh(): void {
    const view = buildAlertsView(readAlertSettings(), scopeSettings(this.scope), [...AlertsPanel.outcomes.values()]);
    this.send({
      type: 'view',
      view,
      scope: this.scope,
      hasWorkspace: !!vscode.workspace.workspaceFolders?.length,
      trusted: vscode.workspace.isTrusted,
    });
  }

  private async handle(m: AlertsToHost): Promise<void> {
    switch (m.type) {
      case 'ready':
        return this.refresh();
      case 'setScope':
        this.scope = m.scope === 'workspace' && !vscode.workspace.workspaceFolders?.length ? 'user' : m.scope;
        return this.refresh();
      case 'edit': {
        const result = applyAlertsEdit(scopeSettings(this.scope), m.edit);
        if (!result.ok) return this.send({ type: 'refused', problems: result.problems });
        const cfg = vscode.workspace.getConfiguration(SECTION);
        const target = this.scope === 'user' ? vscode.ConfigurationTarget.Global : vscode.ConfigurationTarget.Workspace;
        for (const key of result.changed) await cfg.update(key, result.settings[key], target);
        this.send({ type: 'saved', what: `${result.changed.map((k) => `dbpulse.alerts.${k}`).join(', ')} (${this.scope} settings)` });
        return this.refresh();
      }
      case 'testSend': {
        this.send({ type: 'busy', busy: true });
        try {
          const outcomes = (await vscode.commands.executeCommand<AlertChannelOutcome[] | undefined>('dbpulse.sendTestAlert')) ?? [];
          for (const o of outcomes) AlertsPanel.outcomes.set(o.channel, o);
        } finally {
          this.send({ type: 'busy', busy: false });
        }
        return this.refresh();
      }
      case 'setSecret': {
        const target = secretTarget(m.channel);
        if (target) await vscode.commands.executeCommand('dbpulse.setAlertSecret', target);
        return;
      }
      case 'openSettingsJson':
        await vscode.commands.executeCommand(
          this.scope === 'user' ? 'workbench.action.openSettingsJson' : 'workbench.action.openWorkspaceSettingsFile',
        );
        return;
    }
  }
}
