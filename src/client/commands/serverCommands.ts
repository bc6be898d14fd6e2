/**
 * Commands about the server itself and the client's own views: details, restart, log, status.
 */
import * as vscode from 'vscode';
import { ServerStatusRequest } from '../../shared/protocol';
import type { Ctx, CtxInit } from '../ctx';
import type { Target } from './connectionCommands';
import type { Cmd } from './dispatch';

export function showDetails(ctx: Ctx): Cmd {
  return (target?: Target) => {
    const id = typeof target === 'string' ? target : target?.config?.id;
    if (id) return ctx.details.show(id);
    return vscode.commands.executeCommand('dbpulse.pickConnection');
  };
}

export function restartServer(ctx: Ctx): Cmd {
  return async () => {
    await ctx.restartServer();
    void vscode.window.showInformationMessage('DB Pulse: server restarted.');
  };
}

export function showOutput(ctx: Ctx): Cmd {
  return () => ctx.log.show();
}

/** The score code lens names this command (with the document's URI): the same report. */
export function showSecurityReport(): Cmd {
  return () => vscode.commands.executeCommand('dbpulse.securityReport');
}

export function showServerStatus(ctx: CtxInit): Cmd {
  return async () => {
    const s = await ctx.client.sendRequest(ServerStatusRequest.type);
    const drivers = s.loadedDrivers.length ? s.loadedDrivers.join(', ') : 'none yet';
    void vscode.window.showInformationMessage(
      `DB Pulse server ${s.version} (pid ${s.pid}, Node ${s.node}): ${s.documents} documents, drivers loaded: ${drivers}, ` +
        `workspace ${s.workspaceTrusted ? 'trusted' : 'restricted (workspace connections are not probed)'}.`,
    );
  };
}
