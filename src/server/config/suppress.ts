/** `# dbpulse-ignore RULE_ID` (or `// dbpulse-ignore`) on or above a line, and `dbpulse.rules` overrides. */
import { ruleMeta } from './ruleCatalog';
import { isSeverity } from '../../shared/severity';
import type { Finding, RuleSettings } from './types';

const DIRECTIVE = /(?:#|\/\/|<!--|;|--)\s*dbpulse-ignore(?![-\w])([^\n]*)/;

/** line → rule ids (or categories) suppressed there; an empty set means every rule. */
export function suppressionsOf(lines: readonly string[]): Map<number, Set<string>> {
  const out = new Map<number, Set<string>>();
  for (let i = 0; i < lines.length; i++) addDirective(out, lines, i);
  return out;
}

/** The same, reading only `candidates` (lines known to mention dbpulse-ignore). */
export function suppressionsAt(lines: readonly string[], candidates: readonly number[]): Map<number, Set<string>> {
  const out = new Map<number, Set<string>>();
  for (const i of candidates) addDirective(out, lines, i);
  return out;
}

function addDirective(out: Map<number, Set<string>>, lines: readonly string[], i: number): void {
  const l = lines[i];
  if (l.indexOf('dbpulse-ignore') < 0) return;
  const m = DIRECTIVE.exec(l);
  if (!m) return;
  const ids = new Set(
    m[1]
      .replace(/-->.*$/, '')
      .split(/[\s,]+/)
      .filter((s) => /^[a-z][a-z0-9_-]*$/i.test(s)),
  );
  for (const line of [i, i + 1]) {
    const cur = out.get(line);
    if (!cur) out.set(line, new Set(ids));
    else if (cur.size === 0 || ids.size === 0) out.set(line, new Set());
    else ids.forEach((id) => cur.add(id));
  }
}

export function isSuppressed(f: Finding, sup: Map<number, Set<string>>): boolean {
  for (let line = f.range.start.line; line <= f.range.start.line; line++) {
    const ids = sup.get(line);
    if (ids && (ids.size === 0 || ids.has(f.ruleId) || ids.has(f.category))) return true;
  }
  return false;
}

/** Applies `dbpulse.rules`: a rule id (or a category) → off / a severity. Unknown keys are ignored. */
export function applyRuleSettings(findings: Finding[], rules: RuleSettings | undefined): Finding[] {
  if (!rules || Object.keys(rules).length === 0) return findings;
  const out: Finding[] = [];
  for (const f of findings) {
    const setting = rules[f.ruleId] ?? rules[f.category];
    if (setting === 'off') continue;
    if (isSeverity(setting)) out.push({ ...f, severity: setting });
    else out.push(f);
  }
  return out;
}

/** Keeps only valid entries of a user-supplied `dbpulse.rules` object; reports the rest. */
export function sanitizeRuleSettings(raw: unknown): { rules: RuleSettings; problems: string[] } {
  const rules: RuleSettings = {};
  const problems: string[] = [];
  if (raw === undefined || raw === null) return { rules, problems };
  if (typeof raw !== 'object' || Array.isArray(raw))
    return { rules, problems: ['dbpulse.rules must be an object of rule id → off|error|warning|information|hint'] };
  for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
    if (v !== 'off' && !isSeverity(v)) {
      problems.push(`dbpulse.rules.${k}: '${String(v)}' is not one of off, error, warning, information, hint`);
      continue;
    }
    if (!ruleMeta(k) && !isCategoryName(k)) problems.push(`dbpulse.rules.${k}: no such rule or category`);
    rules[k] = v;
  }
  return { rules, problems };
}

function isCategoryName(k: string): boolean {
  return /^[a-z]+(_[a-z]+)+$/.test(k);
}
