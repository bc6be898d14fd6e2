/** The config feature over LSP: diagnostics with docs links, quick fixes, score lens, report, settings. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  type CodeAction,
  CodeActionRequest,
  CodeLensRequest,
  DiagnosticSeverity,
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  type TextDocumentEdit,
  type Diagnostic,
} from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { SecurityReportRequest } from '../../src/shared/protocol';
import { type LspSession, makeWorkspace, startServer } from './harness';

/** Applies a code action's edits to the files on disk (as the editor would). */
function applyEdit(action: CodeAction): void {
  for (const change of action.edit?.documentChanges ?? []) {
    if ('kind' in change) {
      if (change.kind === 'create') {
        const p = new URL(change.uri).pathname;
        if (!fs.existsSync(p)) fs.writeFileSync(p, '');
      }
      continue;
    }
    const p = decodeURIComponent(new URL(change.textDocument.uri).pathname);
    const doc = TextDocument.create(change.textDocument.uri, 'plaintext', 0, fs.existsSync(p) ? fs.readFileSync(p, 'utf8') : '');
    fs.writeFileSync(p, TextDocument.applyEdits(doc, (change as TextDocumentEdit).edits));
  }
  for (const [uri, edits] of Object.entries(action.edit?.changes ?? {})) {
    const p = decodeURIComponent(new URL(uri).pathname);
    const doc = TextDocument.create(uri, 'plaintext', 0, fs.readFileSync(p, 'utf8'));
    fs.writeFileSync(p, TextDocument.applyEdits(doc, edits));
  }
}

describe('config lint over LSP', function () {
  this.timeout(30_000);
  let ws: ReturnType<typeof makeWorkspace>;
  let session: LspSession;
  const envText = 'DATABASE_URL=postgres://app:Zq8xLw2pV9@db.example.com:5432/app?sslmode=disable\nPORT=3000\n';
  const composeText =
    'services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: Zq8xLw2pV9\n    ports:\n      - "5432:5432"\n';

  before(async () => {
    ws = makeWorkspace({ '.env': envText, '.gitignore': 'node_modules/\n', 'docker-compose.yml': composeText, 'clean/.env': 'PORT=1\n' });
    session = await startServer(ws.dir);
  });
  after(async () => {
    await session.close();
    ws.remove();
  });

  it('publishes diagnostics with rule codes, categories and documentation links', async () => {
    const uri = pathToFileURL(path.join(ws.dir, '.env')).href;
    const pending = session.nextDiagnostics(uri);
    session.open(path.join(ws.dir, '.env'));
    const { diagnostics } = await pending;
    const byCode = new Map(diagnostics.map((d) => [d.code, d]));
    assert.equal(byCode.get('plaintext-password-in-url')?.severity, DiagnosticSeverity.Error);
    assert.equal(byCode.get('secret-file-not-ignored')?.range.start.line, 0);
    assert.equal(byCode.get('tls-disabled')?.severity, DiagnosticSeverity.Error);
    for (const d of diagnostics) {
      assert.match(d.codeDescription?.href ?? '', new RegExp(`/docs/rules/${String(d.code)}\\.md$`));
      assert.equal(d.source, 'DB Pulse');
    }
    assert.ok(!diagnostics.some((d) => d.message.includes('Zq8xLw2pV9')), 'messages never contain the secret');
  });

  it('offers quick fixes; applying "add to .gitignore" makes the file ignored and the finding go away', async () => {
    const file = path.join(ws.dir, '.env');
    const uri = pathToFileURL(file).href;
    const { diagnostics } = await (async () => {
      const p = session.nextDiagnostics(uri);
      await session.connection.sendNotification(DidChangeTextDocumentNotification.type, {
        textDocument: { uri, version: 2 },
        contentChanges: [{ text: envText }],
      });
      return p;
    })();
    const diag = diagnostics.find((d) => d.code === 'secret-file-not-ignored') as Diagnostic;
    const actions = (await session.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: diag.range,
      context: { diagnostics: [diag] },
    })) as CodeAction[];
    const fix = actions.find((a) => a.title.includes('.gitignore'));
    assert.ok(fix, `actions: ${actions.map((a) => a.title).join(' | ')}`);
    applyEdit(fix);
    assert.equal(fs.readFileSync(path.join(ws.dir, '.gitignore'), 'utf8'), 'node_modules/\n/.env\n');
    // The client watches .gitignore files and tells the server; the server re-lints open documents.
    const next = session.nextDiagnostics(uri);
    await session.connection.sendNotification(DidChangeWatchedFilesNotification.type, {
      changes: [{ uri: pathToFileURL(path.join(ws.dir, '.gitignore')).href, type: FileChangeType.Changed }],
    });
    const after = await next;
    assert.ok(!after.diagnostics.some((d) => d.code === 'secret-file-not-ignored'));
    assert.equal(after.diagnostics.find((d) => d.code === 'plaintext-password-in-url')?.severity, DiagnosticSeverity.Information);
  });

  it('a fix that edits two files: compose password moved into a new .env beside it', async () => {
    fs.rmSync(path.join(ws.dir, '.env'));
    const file = path.join(ws.dir, 'docker-compose.yml');
    const uri = pathToFileURL(file).href;
    const pending = session.nextDiagnostics(uri);
    session.open(file);
    const { diagnostics } = await pending;
    const diag = diagnostics.find((d) => d.code === 'compose-literal-password') as Diagnostic;
    const actions = (await session.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: diag.range,
      context: { diagnostics: [diag] },
    })) as CodeAction[];
    const fix = actions.find((a) => a.isPreferred);
    assert.ok(fix);
    applyEdit(fix);
    assert.match(fs.readFileSync(file, 'utf8'), /POSTGRES_PASSWORD: \$\{POSTGRES_PASSWORD\}/);
    assert.equal(fs.readFileSync(path.join(ws.dir, '.env'), 'utf8'), 'POSTGRES_PASSWORD=Zq8xLw2pV9\n');
    const port = diagnostics.find((d) => d.code === 'public-port-binding') as Diagnostic;
    const portActions = (await session.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: port.range,
      context: { diagnostics: [port] },
    })) as CodeAction[];
    assert.ok(portActions.some((a) => a.title.includes('127.0.0.1:5432:5432')));
    assert.ok(portActions.some((a) => a.title.startsWith('Suppress public-port-binding')));
  });

  it('shows the security score as a code lens on the first line', async () => {
    const uri = pathToFileURL(path.join(ws.dir, 'docker-compose.yml')).href;
    const lenses = await session.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } });
    assert.equal(lenses?.length, 1);
    assert.match(lenses![0].command!.title, /^Security score \d+\/100: \d+ problems?$/);
    assert.equal(lenses![0].range.start.line, 0);
  });

  it('answers the security report: files by score, grouped by rule, with locations', async () => {
    const report = await session.connection.sendRequest(SecurityReportRequest.type, {});
    assert.ok(report.filesScanned >= 3);
    assert.ok(report.score < 100);
    const files = report.files.map((f) => f.file);
    assert.ok(files.includes('docker-compose.yml'), files.join(','));
    assert.ok(!files.includes('clean/.env'));
    for (let i = 1; i < report.files.length; i++) assert.ok(report.files[i - 1].score <= report.files[i].score);
    const group = report.byRule.find((g) => g.ruleId === 'public-port-binding');
    assert.equal(group?.locations[0].file, 'docker-compose.yml');
  });

  it('dbpulse.rules turns a rule off and changes severities', async () => {
    const uri = pathToFileURL(path.join(ws.dir, 'docker-compose.yml')).href;
    const pending = session.nextDiagnostics(uri);
    await session.connection.sendNotification(DidChangeConfigurationNotification.type, {
      settings: { dbpulse: { rules: { 'public-port-binding': 'off', 'compose-literal-password': 'error' } } },
    });
    const { diagnostics } = await pending;
    assert.ok(!diagnostics.some((d) => d.code === 'public-port-binding'));
    assert.ok(diagnostics.every((d) => d.code !== 'compose-literal-password' || d.severity === DiagnosticSeverity.Error));
  });

  it('survives binary and garbage documents', async () => {
    const file = path.join(ws.dir, 'bin', '.env');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const uri = pathToFileURL(file).href;
    const pending = session.nextDiagnostics(uri);
    session.open(file, 'A=\u0000\u0001\u0002');
    const { diagnostics } = await pending;
    assert.deepEqual(
      diagnostics.map((d) => d.code),
      ['file-skipped'],
    );
  });
});
