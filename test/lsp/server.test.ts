import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { DiagnosticSeverity } from 'vscode-languageserver-protocol';
import { PingRequest, ServerStatusRequest } from '../../src/shared/protocol';
import { type LspSession, makeWorkspace, startServer } from './harness';

describe('language server over LSP (dist/server.js in its own process)', function () {
  this.timeout(20_000);
  let ws: ReturnType<typeof makeWorkspace>;
  let session: LspSession;

  before(async () => {
    ws = makeWorkspace({
      '.env': '# app settings\nDATABASE_URL=postgres://app:s3cret@db.example.com:5432/app\nPORT=3000\n',
      '.gitignore': 'node_modules/\n',
      'ignored/.env': 'DATABASE_URL=postgres://app:s3cret@db.example.com:5432/app\n',
      'ignored/.gitignore': '',
    });
    session = await startServer(ws.dir);
  });

  after(async () => {
    ws.remove();
  });

  it('answers the typed status request without loading any database driver', async () => {
    const status = await session.connection.sendRequest(ServerStatusRequest.type);
    assert.equal(status.pid, session.process.pid);
    assert.deepEqual(status.loadedDrivers, []);
    assert.equal(status.workspaceTrusted, true);
    const pong = await session.connection.sendRequest(PingRequest.type, { at: 42 });
    assert.equal(pong.at, 42);
  });

  it('publishes a diagnostic on exactly the password of a URL in an uncovered .env', async () => {
    const file = path.join(ws.dir, '.env');
    const pending = session.nextDiagnostics(session.open(file));
    const { diagnostics } = await pending;
    const hit = diagnostics.find((d) => d.code === 'plaintext-password-in-url');
    assert.ok(hit, `expected the password rule, got ${JSON.stringify(diagnostics)}`);
    // A literal password in a file git would commit is an error (ruleCatalog), not a warning.
    assert.equal(hit.severity, DiagnosticSeverity.Error);
    const line = 'DATABASE_URL=postgres://app:s3cret@db.example.com:5432/app';
    const start = line.indexOf('s3cret');
    assert.deepEqual(hit.range, { start: { line: 1, character: start }, end: { line: 1, character: start + 's3cret'.length } });
  });

  it('shuts down and exits cleanly', async () => {
    const code = await session.close();
    assert.equal(code, 0);
  });
});
