import { type Diagnostic, DiagnosticSeverity } from 'vscode-languageserver';
import { ruleDocsUrl } from '../config/ruleCatalog';
import type { FindingCategory } from '../../shared/categories';
import type { Finding, Severity } from '../config/types';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** What a diagnostic carries back to the server in code-action requests. */
export interface DiagnosticData {
  category: FindingCategory;
  /** Index of the finding in the document's last lint (with `version`) to find its fixes. */
  index: number;
  version: number;
}

/** One link object per rule, shared by its diagnostics (a large .env has thousands, re-sent on every edit). */
const DOCS_LINKS = new Map<string, { href: string }>();

function docsLink(ruleId: string): { href: string } {
  let link = DOCS_LINKS.get(ruleId);
  if (!link) DOCS_LINKS.set(ruleId, (link = Object.freeze({ href: ruleDocsUrl(ruleId) })));
  return link;
}

export function toDiagnostic(finding: Finding, index = 0, version = 0): Diagnostic {
  const d: Diagnostic = {
    range: finding.range,
    severity: SEVERITY[finding.severity],
    code: finding.ruleId,
    codeDescription: docsLink(finding.ruleId),
    source: 'DB Pulse',
    message: finding.message,
    data: { category: finding.category, index, version } satisfies DiagnosticData,
  };
  return d;
}
