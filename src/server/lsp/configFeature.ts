/**
 * LSP adapter for the config linter: documents → lint → diagnostics (with
 * documentation links), quick fixes as code actions, the security score as a
 * code lens, `dbpulse.rules` settings, watched-file changes, and the
 * `dbpulse/securityReport` request. All rule logic lives in ../config.
 */
import * as path from 'node:path';
import {
  type CodeAction,
  CodeActionKind,
  type CodeLens,
  type DidChangeConfigurationParams,
  type Diagnostic,
  type ServerCapabilities,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { SecurityReportRequest, SecurityScoreNotification } from '../../shared/protocol';
import type { SecurityReport, SecurityReportRuleGroup } from '../../shared/securityReport';
import { classifyFile } from '../config/fileKind';
import { isLintable, LintSession } from '../config/lint';
import { findNameReferences } from '../config/references';
import { ruleDocsUrl, ruleMeta } from '../config/ruleCatalog';
import { scoreFromPenalty, scoreLabel, type FileScore } from '../config/score';
import { sanitizeRuleSettings } from '../config/suppress';
import { fixesOf, type Finding, type RuleSettings } from '../config/types';
import { WorkspaceLinter } from '../config/workspaceLint';
import { diskTarget, toWorkspaceEdit, uriOf } from './configEdits';
import type { FeatureContext } from './context';
import { toDiagnostic, type DiagnosticData } from './diagnostics';
import { uriToPath } from './workspace';

/** What server.ts should merge into its `InitializeResult.capabilities`. */
export const CONFIG_CAPABILITIES: ServerCapabilities = {
  codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
  codeLensProvider: { resolveProvider: false },
};

interface Linted {
  version: number;
  findings: Finding[];
  score: FileScore;
}

/** `onPublished`: told after each document's diagnostics are sent (the server loads monitoring after the first). */
export function registerConfigFeature(ctx: FeatureContext, onPublished: () => void = () => undefined): { revalidateAll(): void } {
  const { connection, documents, roots } = ctx;
  const linters = new Map<string, WorkspaceLinter>();
  const results = new Map<string, Linted>();
  /** Per open document: the incremental lint model (a new version re-lints only what changed). */
  const sessions = new Map<string, LintSession>();
  const sessionFor = (uri: string): LintSession => {
    let s = sessions.get(uri);
    if (!s) sessions.set(uri, (s = new LintSession()));
    return s;
  };
  const ruleSettings = new Map<string, RuleSettings>();
  let pushedRules: RuleSettings | undefined;

  const openDoc = (p: string) => {
    const doc = documents.get(uriOf(p));
    return doc ? { text: doc.getText(), version: doc.version } : undefined;
  };

  function linterFor(filePath: string): WorkspaceLinter {
    const root = roots.rootOf(filePath) ?? path.dirname(filePath);
    let l = linters.get(root);
    if (!l) {
      l = new WorkspaceLinter(root, {
        findReferences: (name) => findNameReferences(root, name, { openText: (p) => openDoc(p)?.text }),
      });
      linters.set(root, l);
    }
    return l;
  }

  async function rulesFor(doc: TextDocument, root: string): Promise<RuleSettings> {
    if (pushedRules) return pushedRules;
    const cached = ruleSettings.get(root);
    if (cached) return cached;
    let raw: unknown;
    try {
      raw = await connection.workspace.getConfiguration({ scopeUri: doc.uri, section: 'dbpulse.rules' });
    } catch {
      raw = undefined; // client without workspace/configuration: defaults
    }
    const { rules, problems } = sanitizeRuleSettings(raw);
    for (const p of problems) connection.console.warn(`DB Pulse: ${p}`);
    ruleSettings.set(root, rules);
    return rules;
  }

  function lintNow(doc: TextDocument, rules: RuleSettings): Linted | undefined {
    const filePath = uriToPath(doc.uri);
    if (!filePath || !isLintable(filePath)) return undefined;
    const r = sessionFor(doc.uri).lint(doc.getText(), { ...linterFor(filePath).contextFor(filePath), rules });
    const linted: Linted = { version: doc.version, findings: r.findings, score: r.score };
    results.set(doc.uri, linted);
    return linted;
  }

  async function validate(doc: TextDocument): Promise<void> {
    const filePath = uriToPath(doc.uri);
    if (!filePath || !isLintable(filePath)) return;
    try {
      const linter = linterFor(filePath);
      const rules = await rulesFor(doc, linter.root);
      const current = documents.get(doc.uri);
      if (current && current.version !== doc.version) return; // a newer change will validate
      const r = sessionFor(doc.uri).lint(doc.getText(), { ...linter.contextFor(filePath), rules });
      for (const e of r.internalErrors) connection.console.error(`DB Pulse: a rule failed on ${filePath}: ${e}`);
      const linted: Linted = { version: doc.version, findings: r.findings, score: r.score };
      results.set(doc.uri, linted);
      const diagnostics = r.findings.map((f, i) => toDiagnostic(f, i, doc.version));
      await connection.sendDiagnostics({ uri: doc.uri, version: doc.version, diagnostics });
      onPublished();
      void connection.sendNotification(SecurityScoreNotification.type, { uri: doc.uri, score: r.score.score, problems: r.score.problems });
    } catch (err) {
      // A rule must never take the server down: report and keep serving.
      connection.console.error(`DB Pulse: linting ${filePath} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    }
  }

  function revalidateAll(): void {
    for (const d of documents.all()) void validate(d);
  }

  documents.onDidOpen((e) => void validate(e.document));
  documents.onDidChangeContent((e) => void validate(e.document));
  documents.onDidClose((e) => {
    results.delete(e.document.uri);
    sessions.delete(e.document.uri);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });
  // .gitignore, .env or a Prisma schema changed on disk: findings of open documents may change.
  connection.onDidChangeWatchedFiles(() => {
    for (const l of linters.values()) l.invalidate();
    revalidateAll();
  });
  connection.onDidChangeConfiguration((p: DidChangeConfigurationParams) => {
    const settings = p.settings as { dbpulse?: { rules?: unknown } } | null | undefined;
    if (settings?.dbpulse && 'rules' in settings.dbpulse) {
      const { rules, problems } = sanitizeRuleSettings(settings.dbpulse.rules);
      for (const x of problems) connection.console.warn(`DB Pulse: ${x}`);
      pushedRules = rules;
    } else pushedRules = undefined;
    ruleSettings.clear();
    revalidateAll();
  });

  connection.onCodeAction((params) => {
    const doc = documents.get(params.textDocument.uri);
    const filePath = uriToPath(params.textDocument.uri);
    if (!doc || !filePath) return [];
    let linted = results.get(doc.uri);
    if (!linted || linted.version !== doc.version) linted = lintNow(doc, pushedRules ?? {});
    if (!linted) return [];
    const target = diskTarget(openDoc);
    const actions: CodeAction[] = [];
    const wanted = params.context.diagnostics.filter((d) => d.source === 'DB Pulse');
    const matches = (f: Finding, d: Diagnostic) => d.code === f.ruleId && sameRange(d.range, f.range);
    const candidates = linted.findings
      .map((f, i) => ({ f, i }))
      .filter(({ f, i }) => {
        const data = (wanted.find((d) => matches(f, d))?.data ?? undefined) as DiagnosticData | undefined;
        if (data && data.index === i) return true;
        return wanted.some((d) => matches(f, d)) || (wanted.length === 0 && overlaps(f.range, params.range));
      });
    const info = classifyFile(filePath);
    for (const { f } of candidates) {
      const diag = wanted.find((d) => matches(f, d)) ?? toDiagnostic(f);
      for (const fix of fixesOf(f)) {
        actions.push({
          title: fix.title,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diag],
          isPreferred: fix.isPreferred,
          edit: toWorkspaceEdit(fix, filePath, target),
        });
      }
      const comment = info && (info.kind === 'prisma' ? '//' : info.kind === 'json' ? undefined : '#');
      if (comment) {
        const line = f.range.start.line;
        const indent = /^\s*/.exec(doc.getText({ start: { line, character: 0 }, end: { line, character: 200 } }))?.[0] ?? '';
        actions.push({
          title: `Suppress ${f.ruleId} on this line (${comment} dbpulse-ignore)`,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diag],
          edit: {
            changes: {
              [doc.uri]: [
                {
                  range: { start: { line, character: 0 }, end: { line, character: 0 } },
                  newText: `${indent}${comment} dbpulse-ignore ${f.ruleId}\n`,
                },
              ],
            },
          },
        });
      }
    }
    return actions;
  });

  connection.onCodeLens((params) => {
    const doc = documents.get(params.textDocument.uri);
    const filePath = uriToPath(params.textDocument.uri);
    if (!doc || !filePath || !isLintable(filePath)) return [];
    let linted = results.get(doc.uri);
    if (!linted || linted.version !== doc.version) linted = lintNow(doc, pushedRules ?? {});
    if (!linted) return [];
    const lens: CodeLens = {
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      command: { title: scoreLabel(linted.score), command: 'dbpulse.showSecurityReport', arguments: [doc.uri] },
    };
    return [lens];
  });

  connection.onRequest(SecurityReportRequest.type, async (params) => {
    const folders = params?.uri ? [roots.rootOf(uriToPath(params.uri) ?? '') ?? ''].filter(Boolean) : [...roots.all()];
    const report: SecurityReport = { score: 100, files: [], byRule: [], filesScanned: 0, generatedAt: Date.now() };
    let penalty = 0;
    const groups = new Map<string, SecurityReportRuleGroup>();
    for (const root of folders) {
      const overrides = new Map<string, string>();
      for (const d of documents.all()) {
        const p = uriToPath(d.uri);
        if (p && (p === root || p.startsWith(root + path.sep))) overrides.set(p, d.getText());
      }
      const rules = pushedRules ?? ruleSettings.get(root) ?? {};
      const ws = new WorkspaceLinter(root, { rules });
      const r = ws.lintPaths([root, ...overrides.keys()], overrides);
      report.filesScanned += r.files.length;
      for (const f of r.files) {
        penalty += f.penalty;
        if (f.findings.length === 0) continue;
        const uri = uriOf(f.path);
        report.files.push({
          uri,
          file: f.file,
          score: f.score,
          problems: f.problems,
          ignored: f.ignored,
          findings: f.findings.map((x) => ({
            ruleId: x.ruleId,
            category: x.category,
            severity: x.severity,
            message: x.message,
            range: x.range,
            docsUrl: ruleDocsUrl(x.ruleId),
          })),
        });
        for (const x of f.findings) {
          let g = groups.get(x.ruleId);
          if (!g)
            groups.set(
              x.ruleId,
              (g = {
                ruleId: x.ruleId,
                category: x.category,
                title: ruleMeta(x.ruleId)?.title ?? x.ruleId,
                docsUrl: ruleDocsUrl(x.ruleId),
                count: 0,
                locations: [],
              }),
            );
          g.count++;
          g.locations.push({ uri, file: f.file, range: x.range, severity: x.severity });
        }
      }
    }
    report.score = scoreFromPenalty(penalty);
    report.files.sort((a, b) => a.score - b.score || a.file.localeCompare(b.file));
    report.byRule = [...groups.values()].sort((a, b) => b.count - a.count || a.ruleId.localeCompare(b.ruleId));
    return report;
  });

  return { revalidateAll };
}

function sameRange(a: Diagnostic['range'], b: Finding['range']): boolean {
  return (
    a.start.line === b.start.line &&
    a.start.character === b.start.character &&
    a.end.line === b.end.line &&
    a.end.character === b.end.character
  );
}

function overlaps(a: Finding['range'], b: Finding['range']): boolean {
  const before = (p: { line: number; character: number }, q: { line: number; character: number }) =>
    p.line < q.line || (p.line === q.line && p.character < q.character);
  return !(before(a.end, b.start) || before(b.end, a.start));
}
