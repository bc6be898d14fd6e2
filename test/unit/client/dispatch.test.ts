import * as assert from 'node:assert/strict';
import {
  anyState,
  dispatcher,
  registerAll,
  SERVER_NOT_RUNNING,
  type CommandHost,
  type CommandSpec,
} from '../../../src/client/commands/dispatch';

interface FakeCtx {
  readonly name: string;
}
interface FakeInit extends FakeCtx {
  readonly server: { ask(q: string): Promise<string> };
}

/** A host whose server is up or down as the test says, recording the toasts. */
function host(up: boolean): CommandHost<FakeCtx, FakeInit> & { errors: string[]; setUp(v: boolean): void } {
  let running = up;
  const errors: string[] = [];
  const ctx: FakeCtx = { name: 'ctx' };
  return {
    ctx,
    errors,
    setUp: (v) => (running = v),
    running: () => (running ? { ...ctx, server: { ask: (q) => Promise.resolve(`answer to ${q}`) } } : undefined),
    title: (id) => (id === 'dbpulse.ask' ? 'Ask' : id),
    showError: (m) => errors.push(m),
  };
}

const ask: CommandSpec<FakeCtx, FakeInit> = {
  id: 'dbpulse.ask',
  enabled: (ctx) => (q?: string) => ctx.server.ask(q ?? 'nothing'),
};

describe('command dispatch', () => {
  it('runs enabled(ctx) with the arguments while the server runs, and resolves to its result', async () => {
    const h = host(true);
    assert.equal(await dispatcher(ask, h)('life'), 'answer to life');
    assert.deepEqual(h.errors, []);
  });

  it('without a server and without disabled: the one "not running" message, naming the command, and nothing runs', async () => {
    const h = host(false);
    let ran = false;
    const spec: CommandSpec<FakeCtx, FakeInit> = { id: 'dbpulse.ask', enabled: () => () => (ran = true) };
    assert.equal(await dispatcher(spec, h)(), undefined);
    assert.equal(ran, false);
    assert.deepEqual(h.errors, [`DB Pulse: Ask: ${SERVER_NOT_RUNNING}.`]);
  });

  it('without a server: disabled(ctx) runs when the command has one', async () => {
    const h = host(false);
    const spec: CommandSpec<FakeCtx, FakeInit> = {
      id: 'dbpulse.ask',
      enabled: () => () => 'with server',
      disabled: (ctx) => () => `without server (${ctx.name})`,
    };
    assert.equal(await dispatcher(spec, h)(), 'without server (ctx)');
    h.setUp(true);
    assert.equal(await dispatcher(spec, h)(), 'with server');
    assert.deepEqual(h.errors, []);
  });

  it('the server state is read when the command runs, not when it is registered', async () => {
    const h = host(false);
    const cb = dispatcher(ask, h);
    h.setUp(true);
    assert.equal(await cb('now'), 'answer to now');
  });

  it("anything thrown (sync or async, Error, JSON-RPC error or not an Error) becomes one toast with the server's own words", async () => {
    const throwers: Array<[() => unknown, string]> = [
      [
        () => {
          throw new Error('boom');
        },
        'boom',
      ],
      [() => Promise.reject(new Error('Request dbpulse/x failed with message: no such connection')), 'no such connection'],
      [() => Promise.reject({ code: -32603, message: 'internal' }), 'internal'],
      [() => Promise.reject('plain text'), 'plain text'],
    ];
    for (const [fn, words] of throwers) {
      const h = host(true);
      const spec: CommandSpec<FakeCtx, FakeInit> = { id: 'dbpulse.ask', enabled: () => fn };
      assert.equal(await dispatcher(spec, h)(), undefined);
      assert.deepEqual(h.errors, [`DB Pulse: Ask failed: ${words}`]);
    }
  });

  it('a disabled callback that throws is toasted the same way', async () => {
    const h = host(false);
    const spec: CommandSpec<FakeCtx, FakeInit> = {
      id: 'dbpulse.other',
      ...anyState<FakeCtx>(() => () => {
        throw new Error(SERVER_NOT_RUNNING);
      }),
    };
    await dispatcher(spec, h)();
    assert.deepEqual(h.errors, [`DB Pulse: dbpulse.other failed: ${SERVER_NOT_RUNNING}`]);
  });

  it('anyState: the same callback with or without the server', async () => {
    const spec: CommandSpec<FakeCtx, FakeInit> = { id: 'dbpulse.any', ...anyState((ctx: FakeCtx) => () => ctx.name) };
    assert.equal(await dispatcher(spec, host(true))(), 'ctx');
    assert.equal(await dispatcher(spec, host(false))(), 'ctx');
  });

  it('registers each command once, and refuses a table with a repeated id before registering any', () => {
    const registered: string[] = [];
    const reg = (id: string): string => (registered.push(id), id);
    assert.deepEqual(registerAll([ask, { ...ask, id: 'dbpulse.b' }], host(true), reg), ['dbpulse.ask', 'dbpulse.b']);
    registered.length = 0;
    assert.throws(() => registerAll([ask, { ...ask, id: 'dbpulse.b' }, ask], host(true), reg), /registered twice: dbpulse\.ask/);
    assert.deepEqual(registered, []);
  });
});
