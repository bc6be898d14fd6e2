/**
 * The client's one command context: what every command and panel needs (views, secrets, log,
 * the language client), the one check for "is there a server to ask", and the registration of
 * the command table (`commands/index.ts`) through the dispatcher.
 */
import * as vscode from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';
import { registerAll, SERVER_NOT_RUNNING, type CommandSpec } from './commands/dispatch';
import type { ConnectionSecrets } from './connections/secrets';
import type { ConnectionsView } from './views/connectionsView';
import type { DetailsDocuments } from './views/detailsDocument';

export interface Ctx {
  readonly extension: vscode.ExtensionContext;
  readonly view: ConnectionsView;
  /** Connection secrets (per connection id). */
  readonly secrets: ConnectionSecrets;
  /** The editor's Secret Storage (LLM key, alert channel secrets). */
  readonly secretStorage: vscode.SecretStorage;
  readonly details: DetailsDocuments;
  readonly log: vscode.LogOutputChannel;
  /** The language client while it can take requests (starting or running), else undefined. */
  readonly client: LanguageClient | undefined;
  /** The language client, or the one "server not running" error. */
  requireClient(): LanguageClient;
  /** Stops the server if it runs and starts a new one. */
  restartServer(): Promise<void>;
}

/** The context of a command that runs with a server (`enabled`). */
export type CtxInit = Ctx & { readonly client: LanguageClient };

export type DbPulseCommand = CommandSpec<Ctx, CtxInit>;

/** A client that requests can go to: a starting one queues them until it runs. */
export function usable(client: LanguageClient | undefined): LanguageClient | undefined {
  return client && client.state !== State.Stopped ? client : undefined;
}

export function requireClient(client: LanguageClient | undefined): LanguageClient {
  const c = usable(client);
  if (!c) throw new Error(SERVER_NOT_RUNNING);
  return c;
}

/** Registers the table once; every callback goes through the dispatcher. */
export function registerCommands(ctx: Ctx, table: readonly DbPulseCommand[]): vscode.Disposable[] {
  const titles = new Map<string, string>(
    (
      (ctx.extension.extension.packageJSON as { contributes?: { commands?: Array<{ command: string; title: string }> } }).contributes
        ?.commands ?? []
    ).map((c) => [c.command, c.title]),
  );
  return registerAll(
    table,
    {
      ctx,
      running: () => {
        const client = ctx.client;
        return client ? { ...ctx, client } : undefined;
      },
      title: (id) => titles.get(id) ?? id,
      showError: (message) => {
        void vscode.window.showErrorMessage(message, 'Show Log').then((a) => a && ctx.log.show());
      },
    },
    (id, callback) => vscode.commands.registerCommand(id, callback),
  );
}
