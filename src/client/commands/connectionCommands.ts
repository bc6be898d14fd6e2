/**
 * Commands on one connection (probe, remove, copy its string, pick one), and how a command finds
 * the connection it is about.
 */
import * as vscode from 'vscode';
import type { ConnectionConfig } from '../../shared/connection';
import { ProbeConnectionRequest } from '../../shared/protocol';
import { removeConnection as removeFromSettings } from '../connections/settings';
import type { Ctx, CtxInit } from '../ctx';
import { describeLatency } from '../views/healthPresentation';
import type { Cmd } from './dispatch';

/** Tree items pass a node; the palette passes nothing (we ask); tests pass an id. */
export type Target = string | { config?: ConnectionConfig } | undefined;

export async function resolveConnection(
  deps: Pick<Ctx, 'view'>,
  target: Target,
  placeHolder: string,
): Promise<ConnectionConfig | undefined> {
  const all = deps.view.getConnections();
  if (typeof target === 'string') return all.find((c) => c.id === target);
  if (target && typeof target === 'object' && target.config) return target.config;
  if (all.length === 0) {
    void vscode.window
      .showInformationMessage('DB Pulse: no connections yet. Add one first.', 'Add Connection')
      .then((a) => a && vscode.commands.executeCommand('dbpulse.addConnection'));
    return undefined;
  }
  const pick = await vscode.window.showQuickPick(
    all.map((c) => ({
      label: c.name,
      description: `${c.provider}${describeLatency(deps.view.getHealth(c.id)) ? ` · ${describeLatency(deps.view.getHealth(c.id))}` : ''}`,
      detail: deps.view.getHealth(c.id)?.state,
      config: c,
    })),
    { placeHolder },
  );
  return pick?.config;
}

/** The URL to show or copy: never a password, even if one slipped into settings. */
export function displayUrl(c: ConnectionConfig): string {
  if (c.url) {
    try {
      const u = new URL(c.url);
      u.password = '';
      return u.toString();
    } catch {
      return c.url.replace(/(\/\/[^:/@]+):[^@]*@/, '$1@');
    }
  }
  const scheme =
    c.provider === 'supabase' || c.provider === 'firebase'
      ? undefined
      : c.provider === 'mysql'
        ? 'mysql'
        : c.provider === 'mongodb'
          ? 'mongodb'
          : 'postgres';
  if (!scheme) return c.projectUrl ?? c.projectId ?? c.name;
  const user = c.user ? `${encodeURIComponent(c.user)}@` : '';
  const port = c.port ? `:${c.port}` : '';
  return `${scheme}://${user}${c.host ?? 'localhost'}${port}/${c.database ?? ''}`;
}

export function probeNow(ctx: CtxInit): Cmd {
  return async (target?: Target) => {
    const c = await resolveConnection(ctx, target, 'Probe which connection?');
    if (!c) return undefined;
    return vscode.window.withProgress({ location: { viewId: 'dbpulse.connections' }, title: `Probing ${c.name}` }, async () => {
      const health = await ctx.client.sendRequest(ProbeConnectionRequest.type, { connectionId: c.id });
      ctx.view.updateHealth(health);
      return health;
    });
  };
}

export function removeConnection(ctx: Ctx): Cmd {
  return async (target?: Target) => {
    const c = await resolveConnection(ctx, target, 'Remove which connection?');
    if (!c) return;
    const answer = await vscode.window.showWarningMessage(
      `Remove the connection "${c.name}" and its stored secret?`,
      { modal: true },
      'Remove',
    );
    if (answer !== 'Remove') return;
    await removeFromSettings(c);
    await ctx.secrets.delete(c.id);
    ctx.log.info(`Removed connection ${c.id}`);
  };
}

export function copyConnectionString(ctx: Ctx): Cmd {
  return async (target?: Target) => {
    const c = await resolveConnection(ctx, target, 'Copy which connection string?');
    if (!c) return;
    await vscode.env.clipboard.writeText(displayUrl(c));
    void vscode.window.setStatusBarMessage('DB Pulse: connection string copied (without the password)', 3000);
  };
}

export function pickConnection(ctx: Ctx): Cmd {
  return async () => {
    const c = await resolveConnection(ctx, undefined, 'DB Pulse connections');
    if (c) await vscode.commands.executeCommand('dbpulse.showDetails', c.id);
  };
}
