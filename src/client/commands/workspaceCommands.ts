/**
 * Palette commands over the whole workspace: discovery, connection strings,
 * monitoring on/off, probe all, prediction, the security report.
 */
import * as vscode from 'vscode';
import type { ConnectionConfig } from '../../shared/connection';
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
import { newConnectionId, readConnections, saveConnection } from '../connections/settings';
import { CommandDeps, resolveConnection } from './connectionCommands';

const INTERVALS: Array<{ label: string; value: number | string; description?: string }> = [
  { label: '1 minute', value: 60_000 },
  { label: '5 minutes', value: 300_000, description: 'default' },
  { label: '15 minutes', value: 900_000 },
  { label: '1 hour', value: 3_600_000 },
  { label: 'Custom…', value: 'custom', description: 'milliseconds or a cron expression' },
];

/** The server's own words: JSON-RPC wraps a handler's error as "Request <method> failed with message: …". */
export function reason(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.replace(/^Request \S+ failed with message: /, '');
}

/** Pure: "65% · time to failure 12 h (8–20 h) · Connection pool exhaustion". */
export function describePrediction(p: Prediction): string {
  const x = p.prediction;
  const ttf =
    x.time_to_failure_hours === null
      ? 'nothing running out'
      : `time to failure ${x.time_to_failure_hours} h${x.time_to_failure_interval_hours ? ` (${x.time_to_failure_interval_hours[0]}–${x.time_to_failure_interval_hours[1] ?? '∞'} h)` : ''}`;
  return `${x.risk_level}: failure probability ${x.failure_probability}% · ${ttf} · ${x.root_cause} (confidence ${x.confidence_score}%)`;
}

async function addDiscovered(
  deps: CommandDeps,
  items: Array<{ config: ConnectionConfig; secret: import('../../shared/connection').ConnectionSecret }>,
): Promise<number> {
  const existing = readConnections();
  let added = 0;
  for (const { config, secret } of items) {
    const id = existing.some((c) => c.id === config.id) ? newConnectionId(config.id, existing) : config.id;
    const next: ConnectionConfig = { ...config, id, scope: 'workspace' };
    await deps.secrets.set(id, secret);
    await saveConnection(next);
    existing.push(next);
    added++;
    void deps.client()?.sendRequest(AuditRequest.type, { action: 'connection_added', connectionId: id, details: { source: 'discovery' } });
  }
  return added;
}

export function registerWorkspaceCommands(deps: CommandDeps): vscode.Disposable[] {
  const needClient = () => {
    const c = deps.client();
    if (!c) throw new Error('the DB Pulse server is not running (see DB Pulse: Show Log)');
    return c;
  };
  const guard =
    <A extends unknown[]>(name: string, fn: (...args: A) => Promise<unknown>) =>
    async (...args: A): Promise<unknown> => {
      try {
        return await fn(...args);
      } catch (err) {
        void vscode.window.showErrorMessage(`DB Pulse: ${name} failed: ${reason(err)}`);
        return undefined;
      }
    };

  return [
    vscode.commands.registerCommand(
      'dbpulse.scanWorkspace',
      guard('scanning the workspace', async (options?: { addAll?: boolean }) => {
        const found = await vscode.window.withProgress(
          { location: vscode.ProgressLocation.Notification, title: 'DB Pulse: scanning the workspace for connections' },
          () => needClient().sendRequest(DiscoverConnectionsRequest.type),
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
        const n = await addDiscovered(deps, picked);
        void vscode.window.showInformationMessage(`DB Pulse: added ${n} connection(s); their secrets are in VS Code Secret Storage.`);
        return picked.map((p) => p.config.id);
      }),
    ),
    vscode.commands.registerCommand(
      'dbpulse.addFromConnectionString',
      guard('adding the connection', async (text?: string) => {
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
                return err instanceof Error ? err.message : String(err);
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
        await addDiscovered(deps, [{ config, secret }]);
        void vscode.commands.executeCommand('dbpulse.probeNow', config.id);
        return config.id;
      }),
    ),
    vscode.commands.registerCommand(
      'dbpulse.setSecret',
      guard('storing the secret', async (target?: string | { config?: ConnectionConfig }) => {
        const c = await resolveConnection(deps, target, 'Set the password or key of which connection?');
        if (!c) return;
        const key = c.provider === 'supabase' ? 'apiKey' : c.provider === 'firebase' ? 'serviceAccountJson' : 'password';
        const value = await vscode.window.showInputBox({
          title: `DB Pulse: ${key} for ${c.name}`,
          password: true,
          ignoreFocusOut: true,
          prompt: 'Stored in VS Code Secret Storage only.',
        });
        if (value === undefined) return;
        const current = (await deps.secrets.get(c.id)) ?? {};
        await deps.secrets.set(c.id, { ...current, [key]: value });
        void vscode.commands.executeCommand('dbpulse.probeNow', c.id);
      }),
    ),
    vscode.commands.registerCommand(
      'dbpulse.enableMonitoring',
      guard('enabling monitoring', async (interval?: number | string) => {
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
        const status = await needClient().sendRequest(SetMonitoringRequest.type, { enabled: true, interval: value });
        void vscode.window.showInformationMessage(
          `DB Pulse: monitoring on, every ${typeof status.interval === 'number' ? `${Math.round(status.interval / 1000)} s` : status.interval}.${status.note ? ` (${status.note})` : ''}`,
        );
        return status;
      }),
    ),
    vscode.commands.registerCommand(
      'dbpulse.disableMonitoring',
      guard('disabling monitoring', async () => {
        const status = await needClient().sendRequest(SetMonitoringRequest.type, { enabled: false });
        void vscode.window.showInformationMessage('DB Pulse: monitoring off.');
        return status;
      }),
    ),
    vscode.commands.registerCommand(
      'dbpulse.probeAll',
      guard('probing all connections', async () => {
        const all = await vscode.window.withProgress(
          { location: { viewId: 'dbpulse.connections' }, title: 'Probing all connections' },
          () => needClient().sendRequest(ProbeAllRequest.type),
        );
        for (const h of all) deps.view.updateHealth(h);
        return all;
      }),
    ),
    vscode.commands.registerCommand(
      'dbpulse.predictFailure',
      guard('predicting', async (target?: string | { config?: ConnectionConfig }) => {
        const c = await resolveConnection(deps, target, 'Predict failure for which connection?');
        if (!c) return undefined;
        const p = await needClient().sendRequest(PredictRequest.type, { connectionId: c.id });
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
      }),
    ),
    vscode.commands.registerCommand(
      'dbpulse.securityReport',
      guard('building the security report', async () => {
        const report = await vscode.window.withProgress(
          { location: vscode.ProgressLocation.Window, title: 'DB Pulse: security report' },
          () => needClient().sendRequest(SecurityReportRequest.type, {}),
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
      }),
    ),
  ];
}
