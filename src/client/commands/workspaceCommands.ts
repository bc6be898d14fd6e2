/**
 * Palette commands over the whole workspace: discovery, connection strings,
 * monitoring on/off, probe all, prediction, the security report. Each export is a command
 * factory for the table in `index.ts`.
 */
import * as vscode from 'vscode';
import type { ConnectionConfig, ConnectionSecret } from '../../shared/connection';
import { parseConnectionString } from '../../shared/providerSchemas';
import {
  AuditRequest,
  DiscoverConnectionsRequest,
  PredictRequest,
  ProbeAllRequest,
  SecurityReportRequest,
  SetMonitoringRequest,
} from '../../shared/protocol';
import type { Prediction } from '../../shared/prediction';
import { errorMessage } from '../../shared/errors';
import { newConnectionId, readConnections, saveConnection } from '../connections/settings';
import type { Ctx, CtxInit } from '../ctx';
import { resolveConnection, type Target } from './connectionCommands';
import type { Cmd } from './dispatch';

const INTERVALS: Array<{ label: string; value: number | string; description?: string }> = [
  { label: '1 minute', value: 60_000 },
  { label: '5 minutes', value: 300_000, description: 'default' },
  { label: '15 minutes', value: 900_000 },
  { label: '1 hour', value: 3_600_000 },
  { label: 'Custom…', value: 'custom', description: 'milliseconds or a cron expression' },
];

/** Pure: "65% · time to failure 12 h (8–20 h) · Connection pool exhaustion". */
export function describePrediction(p: Prediction): string {
  const x = p.prediction;
  const ttf =
    x.time_to_failure_hours === null
      ? 'nothing running out'
      : `time to failure ${x.time_to_failure_hours} h${x.time_to_failure_interval_hours ? ` (${x.time_to_failure_interval_hours[0]}–${x.time_to_failure_interval_hours[1] ?? '∞'} h)` : ''}`;
  return `${x.risk_level}: failure probability ${x.failure_probability}% · ${ttf} · ${x.root_cause} (confidence ${x.confidence_score}%)`;
}

async function addDiscovered(ctx: Ctx, items: Array<{ config: ConnectionConfig; secret: ConnectionSecret }>): Promise<number> {
  const existing = readConnections();
  let added = 0;
  for (const { config, secret } of items) {
    const id = existing.some((c) => c.id === config.id) ? newConnectionId(config.id, existing) : config.id;
    const next: ConnectionConfig = { ...config, id, scope: 'workspace' };
    await ctx.secrets.set(id, secret);
    await saveConnection(next);
    existing.push(next);
    added++;
    void ctx.client?.sendRequest(AuditRequest.type, { action: 'connection_added', connectionId: id, details: { source: 'discovery' } });
  }
  return added;
}

export function scanWorkspace(ctx: CtxInit): Cmd {
  return async (options?: { addAll?: boolean }) => {
    const found = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'DB Pulse: scanning the workspace for connections' },
      () => ctx.client.sendRequest(DiscoverConnectionsRequest.type),
    );
    const known = readConnections();
    const fresh = found.filter(
      (d) =>
        !known.some(
          (k) =>
            k.provider === d.config.provider &&
            k.host === d.config.host &&
            k.port === d.config.port &&
            k.database === d.config.database &&
            k.url === d.config.url &&
            k.projectUrl === d.config.projectUrl,
        ),
    );
    if (fresh.length === 0) {
      void vscode.window.showInformationMessage(
        found.length
          ? 'DB Pulse: every connection found is already configured.'
          : 'DB Pulse: no connection strings or database configs found in this workspace.',
      );
      return [];
    }
    const picked = options?.addAll
      ? fresh
      : (
          await vscode.window.showQuickPick(
            fresh.map((d) => ({
              label: d.config.name,
              description: d.description,
              detail: Object.keys(d.secret).length ? 'its secret moves to Secret Storage' : 'no secret found',
              picked: true,
              d,
            })),
            { canPickMany: true, placeHolder: `Add which of the ${fresh.length} connection(s) found?` },
          )
        )?.map((p) => p.d);
    if (!picked?.length) return [];
    const n = await addDiscovered(ctx, picked);
    void vscode.window.showInformationMessage(`DB Pulse: added ${n} connection(s); their secrets are in VS Code Secret Storage.`);
    return picked.map((p) => p.config.id);
  };
}

export function addFromConnectionString(ctx: Ctx): Cmd {
  return async (text?: string) => {
    const url =
      text ??
      (await vscode.window.showInputBox({
        title: 'DB Pulse: Add from Connection String',
        prompt:
          'postgres://, mysql://, mariadb://, mongodb(+srv)://, or a Supabase / Firebase https:// URL. The password goes to Secret Storage.',
        password: true,
        ignoreFocusOut: true,
        validateInput: (v) => {
          if (!v.trim()) return undefined;
          try {
            parseConnectionString(v.trim());
            return undefined;
          } catch (err) {
            return errorMessage(err);
          }
        },
      }));
    if (!url?.trim()) return undefined;
    const { config, secret } = parseConnectionString(url.trim());
    const name = text
      ? config.name
      : await vscode.window.showInputBox({ title: 'Connection name', value: config.name, ignoreFocusOut: true });
    if (name === undefined) return undefined;
    config.name = name || config.name;
    config.id = newConnectionId(config.name, readConnections());
    await addDiscovered(ctx, [{ config, secret }]);
    void vscode.commands.executeCommand('dbpulse.probeNow', config.id);
    return config.id;
  };
}

export function setSecret(ctx: Ctx): Cmd {
  return async (target?: Target) => {
    const c = await resolveConnection(ctx, target, 'Set the password or key of which connection?');
    if (!c) return;
    const key = c.provider === 'supabase' ? 'apiKey' : c.provider === 'firebase' ? 'serviceAccountJson' : 'password';
    const value = await vscode.window.showInputBox({
      title: `DB Pulse: ${key} for ${c.name}`,
      password: true,
      ignoreFocusOut: true,
      prompt: 'Stored in VS Code Secret Storage only.',
    });
    if (value === undefined) return;
    const current = (await ctx.secrets.get(c.id)) ?? {};
    await ctx.secrets.set(c.id, { ...current, [key]: value });
    void vscode.commands.executeCommand('dbpulse.probeNow', c.id);
  };
}

export function enableMonitoring(ctx: CtxInit): Cmd {
  return async (interval?: number | string) => {
    let value = interval;
    if (value === undefined) {
      const pick = await vscode.window.showQuickPick(INTERVALS, { placeHolder: 'Probe every…' });
      if (!pick) return undefined;
      value = pick.value;
      if (value === 'custom') {
        const typed = await vscode.window.showInputBox({
          prompt: 'Interval in milliseconds (at least 1000) or a cron expression such as */10 * * * *',
          ignoreFocusOut: true,
        });
        if (!typed) return undefined;
        value = /^\d+$/.test(typed.trim()) ? Number(typed.trim()) : typed.trim();
      }
    }
    const status = await ctx.client.sendRequest(SetMonitoringRequest.type, { enabled: true, interval: value });
    void vscode.window.showInformationMessage(
      `DB Pulse: monitoring on, every ${typeof status.interval === 'number' ? `${Math.round(status.interval / 1000)} s` : status.interval}.${status.note ? ` (${status.note})` : ''}`,
    );
    return status;
  };
}

export function disableMonitoring(ctx: CtxInit): Cmd {
  return async () => {
    const status = await ctx.client.sendRequest(SetMonitoringRequest.type, { enabled: false });
    void vscode.window.showInformationMessage('DB Pulse: monitoring off.');
    return status;
  };
}

export function probeAll(ctx: CtxInit): Cmd {
  return async () => {
    const all = await vscode.window.withProgress({ location: { viewId: 'dbpulse.connections' }, title: 'Probing all connections' }, () =>
      ctx.client.sendRequest(ProbeAllRequest.type),
    );
    for (const h of all) ctx.view.updateHealth(h);
    return all;
  };
}

export function predictFailure(ctx: CtxInit): Cmd {
  return async (target?: Target) => {
    const c = await resolveConnection(ctx, target, 'Predict failure for which connection?');
    if (!c) return undefined;
    const p = await ctx.client.sendRequest(PredictRequest.type, { connectionId: c.id });
    if (!p) {
      void vscode.window.showInformationMessage(`DB Pulse: no history for ${c.name} yet: probe it or enable monitoring first.`);
      return null;
    }
    const actions = p.prediction.preventive_actions.slice(0, 3).join('; ');
    const show =
      p.prediction.risk_level === 'IMMEDIATE_ACTION_REQUIRED' ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
    void show(`${c.name}: ${describePrediction(p)}${actions ? `. Next: ${actions}` : ''}`, 'Open Dashboard').then(
      (a) => a && vscode.commands.executeCommand('dbpulse.openDashboard', c.id),
    );
    return p;
  };
}

export function securityReport(ctx: CtxInit): Cmd {
  return async () => {
    const report = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'DB Pulse: security report' }, () =>
      ctx.client.sendRequest(SecurityReportRequest.type, {}),
    );
    type Item = vscode.QuickPickItem & { uri?: string; range?: { start: { line: number; character: number } } };
    const items: Item[] = [{ label: `Workspace security score ${report.score}/100`, kind: vscode.QuickPickItemKind.Separator }];
    for (const f of report.files.filter((x) => x.findings.length)) {
      items.push({ label: `${f.file}`, kind: vscode.QuickPickItemKind.Separator });
      items.push({
        label: `$(shield) ${f.score}/100 ${f.file}`,
        description: `${f.problems} problem(s)${f.ignored ? ' · git-ignored' : ''}`,
        uri: f.uri,
      });
      for (const x of f.findings)
        items.push({
          label: `  $(${x.severity === 'error' ? 'error' : x.severity === 'warning' ? 'warning' : 'info'}) ${x.message}`,
          description: `${x.ruleId} · line ${x.range.start.line + 1}`,
          uri: f.uri,
          range: x.range,
        });
    }
    items.push({ label: 'By rule', kind: vscode.QuickPickItemKind.Separator });
    for (const g of report.byRule)
      items.push({
        label: `${g.title}`,
        description: `${g.ruleId} · ${g.count}`,
        uri: g.locations[0]?.uri,
        range: g.locations[0]?.range,
      });
    const pick = await vscode.window.showQuickPick(items, {
      placeHolder: `Security score ${report.score}/100 over ${report.filesScanned} file(s): pick a finding to open it`,
      matchOnDescription: true,
    });
    if (pick?.uri) {
      const pos = pick.range ? new vscode.Position(pick.range.start.line, pick.range.start.character) : new vscode.Position(0, 0);
      await vscode.window.showTextDocument(vscode.Uri.parse(pick.uri), { selection: new vscode.Range(pos, pos) });
    }
    return report;
  };
}
