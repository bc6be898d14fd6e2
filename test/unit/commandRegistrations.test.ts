import * as assert from 'node:assert/strict';
import { registeredCommandIds } from '../support/commandRegistrations';

const ids = (...texts: string[]): string[] => [...registeredCommandIds(texts.map((text, i) => ({ file: `f${i}.ts`, text })))].sort();

describe('registered command ids (the check the manifest test relies on)', () => {
  it('counts registerCommand calls with a literal id, nothing else that names the id', () => {
    const src = `
      // registers 'dbpulse.inComment' later
      /* vscode.commands.registerCommand('dbpulse.blockComment', f) */
      const msg = "run 'dbpulse.inString' to start";
      vscode.commands.executeCommand('dbpulse.executed');
      context.subscriptions.push(vscode.commands.registerCommand('dbpulse.a', () => 1));
      vscode.commands.registerTextEditorCommand(\`dbpulse.b\`, () => 1);
      const item = { command: 'dbpulse.treeItem', title: 'Show' };`;
    assert.deepEqual(ids(src), ['dbpulse.a', 'dbpulse.b']);
  });

  it('counts the entries of a command table passed to one registration loop, across files', () => {
    const table = `
      export const COMMANDS: CommandEntry[] = [
        { id: 'dbpulse.one', run: () => 1 },
        { id: 'dbpulse.two', run: showTwo },
        { id: 'dbpulse.three', async run(x) { return x; } },
      ] as const;
      export const probeNow = { id: 'dbpulse.four', run: async () => undefined };
      const notACommand = { id: 'dbpulse.view', title: 'a view' };`;
    const loop = `for (const c of COMMANDS) context.subscriptions.push(vscode.commands.registerCommand(c.id, c.run));`;
    assert.deepEqual(ids(table, loop), ['dbpulse.four', 'dbpulse.one', 'dbpulse.three', 'dbpulse.two']);
    const destructured = `COMMANDS.map(({ id, run }) => vscode.commands.registerCommand(id, run));`;
    assert.deepEqual(ids(table, destructured), ['dbpulse.four', 'dbpulse.one', 'dbpulse.three', 'dbpulse.two']);
  });

  it('a table that no registration reads counts for nothing', () => {
    const table = `export const COMMANDS = [{ id: 'dbpulse.one', run: () => 1 }];`;
    assert.deepEqual(ids(table), []);
    assert.deepEqual(ids(table, `vscode.commands.registerCommand(c.command, c.run);`), []);
  });
});
