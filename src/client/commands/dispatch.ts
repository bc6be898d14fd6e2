/**
 * How a command runs, kept free of `vscode` so it can be tested with a fake host: each command is
 * `{ id, enabled, disabled? }` (as rust-analyzer's `ctx.ts` does). While the server can take
 * requests the command runs `enabled(ctx)`; while it cannot, `disabled(ctx)` if the command has one,
 * else the one "server not running" message. Anything a command throws becomes one error toast
 * naming the command; no command rejects into the editor.
 */
import { errorMessage } from '../../shared/errors';

/** A command's callback. `never[]`: any parameter list fits, the editor passes what it was given. */
export type Cmd = (...args: never[]) => unknown;

export interface CommandSpec<Ctx, CtxInit> {
  readonly id: string;
  /** The callback while the server can take requests. */
  readonly enabled: (ctx: CtxInit) => Cmd;
  /** The callback while it cannot; without one the command says the server is not running. */
  readonly disabled?: (ctx: Ctx) => Cmd;
}

/** The one text for "no server to ask" (commands and panels alike). */
export const SERVER_NOT_RUNNING = 'the DB Pulse server is not running (see "DB Pulse: Show Log", or run "DB Pulse: Restart Server")';

export interface CommandHost<Ctx, CtxInit> {
  readonly ctx: Ctx;
  /** The context with a server that takes requests, or undefined while there is none. */
  running(): CtxInit | undefined;
  /** The command's title for messages (the manifest's), or its id. */
  title(id: string): string;
  showError(message: string): void;
}

/** A command that works with or without the server: the same callback both ways. */
export function anyState<Ctx>(factory: (ctx: Ctx) => Cmd): { enabled: (ctx: Ctx) => Cmd; disabled: (ctx: Ctx) => Cmd } {
  return { enabled: factory, disabled: factory };
}

/** The callback the editor registers for one command. Resolves to the command's result, or undefined when it failed. */
export function dispatcher<Ctx, CtxInit extends Ctx>(
  spec: CommandSpec<Ctx, CtxInit>,
  host: CommandHost<Ctx, CtxInit>,
): (...args: unknown[]) => Promise<unknown> {
  return async (...args: unknown[]): Promise<unknown> => {
    const init = host.running();
    if (!init && !spec.disabled) {
      host.showError(`DB Pulse: ${host.title(spec.id)}: ${SERVER_NOT_RUNNING}.`);
      return undefined;
    }
    try {
      const cmd = init ? spec.enabled(init) : spec.disabled!(host.ctx);
      return await cmd(...(args as never[]));
    } catch (err) {
      host.showError(`DB Pulse: ${host.title(spec.id)} failed: ${errorMessage(err)}`);
      return undefined;
    }
  };
}

/** Ids that appear more than once in a table (registering one twice throws in the editor). */
export function duplicateIds(specs: ReadonlyArray<{ readonly id: string }>): string[] {
  const seen = new Set<string>();
  const twice = new Set<string>();
  for (const { id } of specs) (seen.has(id) ? twice : seen).add(id);
  return [...twice];
}

/** Registers every command of the table once through `register`; a table with a repeated id is refused before anything is registered. */
export function registerAll<Ctx, CtxInit extends Ctx, D>(
  specs: ReadonlyArray<CommandSpec<Ctx, CtxInit>>,
  host: CommandHost<Ctx, CtxInit>,
  register: (id: string, callback: (...args: unknown[]) => Promise<unknown>) => D,
): D[] {
  const twice = duplicateIds(specs);
  if (twice.length) throw new Error(`commands registered twice: ${twice.join(', ')}`);
  return specs.map((spec) => register(spec.id, dispatcher(spec, host)));
}
