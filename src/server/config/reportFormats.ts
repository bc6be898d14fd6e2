/** Printing a workspace report: text, JSON (../shared/spec/config-finding-categories.md) and SARIF 2.1.0. */
import { createHash } from 'node:crypto';
import { RULES, ruleDocsUrl, ruleMeta } from './ruleCatalog';
import type { FindingCategory } from '../../shared/categories';
import type { Severity } from './types';
import type { WorkspaceReport } from './workspaceLint';

export interface JsonFinding {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  ruleId: string;
  category: FindingCategory;
  severity: Severity;
  message: string;
  helpUri: string;
}

export interface JsonReport {
  tool: 'dbpulse';
  version: string;
  score: number;
  files: Array<{ file: string; score: number; problems: number; ignored: boolean; skipped?: string }>;
  findings: JsonFinding[];
  summary: Record<Severity, number>;
}

export function toJsonReport(report: WorkspaceReport, version: string): JsonReport {
  const findings: JsonFinding[] = [];
  const summary: Record<Severity, number> = { error: 0, warning: 0, information: 0, hint: 0 };
  for (const f of report.files) {
    for (const x of f.findings) {
      summary[x.severity]++;
      findings.push({
        file: f.file,
        line: x.range.start.line + 1,
        column: x.range.start.character + 1,
        endLine: x.range.end.line + 1,
        endColumn: x.range.end.character + 1,
        ruleId: x.ruleId,
        category: x.category,
        severity: x.severity,
        message: x.message,
        helpUri: ruleDocsUrl(x.ruleId),
      });
    }
  }
  return {
    tool: 'dbpulse',
    version,
    score: report.score,
    files: report.files.map((f) => ({
      file: f.file,
      score: f.score,
      problems: f.problems,
      ignored: f.ignored,
      ...(f.skipped ? { skipped: f.skipped } : {}),
    })),
    findings,
    summary,
  };
}

export function toText(report: WorkspaceReport, color = false): string {
  const paint = (code: string, s: string) => (color ? `\u001b[${code}m${s}\u001b[0m` : s);
  const sev: Record<Severity, string> = {
    error: paint('31', 'error'),
    warning: paint('33', 'warning'),
    information: paint('36', 'info'),
    hint: paint('2', 'hint'),
  };
  const lines: string[] = [];
  let count = 0;
  for (const f of report.files) {
    if (f.findings.length === 0) continue;
    lines.push(`${paint('1', f.file)}  (score ${f.score}/100${f.ignored ? ', git-ignored' : ''})`);
    for (const x of f.findings) {
      count++;
      lines.push(`  ${x.range.start.line + 1}:${x.range.start.character + 1}  ${sev[x.severity]}  ${x.message}  ${paint('2', x.ruleId)}`);
    }
    lines.push('');
  }
  lines.push(
    `${count} finding${count === 1 ? '' : 's'} in ${report.files.length} file${report.files.length === 1 ? '' : 's'}; security score ${report.score}/100`,
  );
  return lines.join('\n') + '\n';
}

const SARIF_LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {
  error: 'error',
  warning: 'warning',
  information: 'note',
  hint: 'note',
};
const SECURITY_SEVERITY: Record<Severity, string> = { error: '8.0', warning: '5.0', information: '2.0', hint: '1.0' };

/**
 * SARIF 2.1.0 as GitHub code scanning reads it: rules with help URIs and
 * security-severity, results with a region and partial fingerprints. The
 * fingerprint hashes the rule, file and the line with the finding's text masked,
 * so it is stable when lines move and never derived from a secret alone.
 */
export function toSarif(report: WorkspaceReport, version: string, lineOf: (file: string, line: number) => string | undefined): object {
  const used = new Set<string>();
  for (const f of report.files) for (const x of f.findings) used.add(x.ruleId);
  const rules = RULES.filter((r) => used.has(r.id));
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const results: object[] = [];
  for (const f of report.files) {
    const seen = new Map<string, number>();
    for (const x of f.findings) {
      const text = lineOf(f.path, x.range.start.line) ?? '';
      const masked =
        x.range.start.line === x.range.end.line
          ? text.slice(0, x.range.start.character) + '*' + text.slice(x.range.end.character)
          : text.slice(0, x.range.start.character) + '*';
      const base = createHash('sha256').update(`${x.ruleId}\0${f.file}\0${masked.trim()}`).digest('hex').slice(0, 32);
      const n = (seen.get(base) ?? 0) + 1;
      seen.set(base, n);
      results.push({
        ruleId: x.ruleId,
        ruleIndex: index.get(x.ruleId),
        level: SARIF_LEVEL[x.severity],
        message: { text: x.message },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: encodeURI(f.file), uriBaseId: '%SRCROOT%' },
              region: {
                startLine: x.range.start.line + 1,
                startColumn: x.range.start.character + 1,
                endLine: x.range.end.line + 1,
                endColumn: Math.max(x.range.end.character + 1, x.range.end.line > x.range.start.line ? 1 : x.range.start.character + 2),
              },
            },
          },
        ],
        partialFingerprints: { primaryLocationLineHash: `${base}:${n}` },
        properties: { category: x.category },
      });
    }
  }
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'DB Pulse',
            semanticVersion: version,
            informationUri: 'https://github.com/dbpulse/dbpulse',
            rules: rules.map((r) => ({
              id: r.id,
              name: r.id.replace(/(^|-)([a-z])/g, (_m, _d: string, c: string) => c.toUpperCase()),
              shortDescription: { text: r.title },
              fullDescription: { text: `${r.title} (category ${r.category}).` },
              helpUri: ruleDocsUrl(r.id),
              help: { text: `${r.title}. See ${ruleDocsUrl(r.id)}`, markdown: `${r.title}. [Documentation](${ruleDocsUrl(r.id)})` },
              defaultConfiguration: { level: SARIF_LEVEL[r.severity] },
              properties: {
                tags: r.security ? ['security', r.category] : [r.category],
                ...(r.security ? { 'security-severity': SECURITY_SEVERITY[r.severity] } : {}),
                precision: 'high',
              },
            })),
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: pathToUri(report.root) } },
        results,
      },
    ],
  };
}

function pathToUri(p: string): string {
  const posix = p.split('\\').join('/');
  return 'file://' + (posix.startsWith('/') ? '' : '/') + encodeURI(posix) + (posix.endsWith('/') ? '' : '/');
}

export function severityOf(ruleId: string): Severity | undefined {
  return ruleMeta(ruleId)?.severity;
}
