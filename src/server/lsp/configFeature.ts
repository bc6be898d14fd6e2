/**
 * LSP adapter for the config linter: documents → lint → diagnostics.
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { isIgnoredByGit } from '../config/gitignore';
import { lintText } from '../config/lint';
import type { FeatureContext } from './context';
import { toDiagnostic } from './diagnostics';
import { uriToPath } from './workspace';

export function registerConfigFeature(ctx: FeatureContext): { revalidateAll(): void } {
  const { connection, documents, roots } = ctx;

  function validate(doc: TextDocument): void {
    const filePath = uriToPath(doc.uri);
    if (!filePath) return;
    try {
      const root = roots.rootOf(filePath);
      const ignored = root ? isIgnoredByGit(root, filePath) : false;
      const findings = lintText(doc.getText(), { filePath, root, ignored });
      void connection.sendDiagnostics({ uri: doc.uri, version: doc.version, diagnostics: findings.map(toDiagnostic) });
    } catch (err) {
      // A rule must never take the server down: report and keep serving.
      connection.console.error(`DB Pulse: linting ${filePath} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    }
  }

  documents.onDidOpen((e) => validate(e.document));
  documents.onDidChangeContent((e) => validate(e.document));
  documents.onDidClose((e) => void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] }));
  // .gitignore or another .env changed on disk: findings of open documents may change.
  connection.onDidChangeWatchedFiles(() => documents.all().forEach(validate));

  return { revalidateAll: () => documents.all().forEach(validate) };
}
