import * as assert from 'node:assert/strict';
import { applyQuickFix } from '../../../src/server/config/applyFix';
import { lintDocument } from '../../../src/server/config/lint';
import { fixesOf, type Finding, type LintContext } from '../../../src/server/config/types';

export const ROOT = '/ws';
export const NOW = Date.UTC(2026, 0, 15);

export function lint(file: string, text: string, ctx: Partial<LintContext> = {}): Finding[] {
  const filePath = file.startsWith('/') ? file : `${ROOT}/${file}`;
  const r = lintDocument(text, { filePath, root: ROOT, ignored: false, now: () => NOW, ...ctx });
  assert.deepEqual(r.internalErrors, [], 'no rule group may throw');
  return r.findings;
}

export function only(findings: Finding[], ruleId: string): Finding[] {
  return findings.filter((f) => f.ruleId === ruleId);
}

export function one(findings: Finding[], ruleId: string): Finding {
  const hits = only(findings, ruleId);
  assert.equal(
    hits.length,
    1,
    `expected exactly one ${ruleId}, got ${JSON.stringify(
      findings.map((f) => [f.ruleId, f.message]),
      null,
      1,
    )}`,
  );
  return hits[0];
}

/** The text the finding's range covers. */
export function covered(text: string, f: Finding): string {
  const lines = text.split(/\r?\n/);
  if (f.range.start.line === f.range.end.line) return lines[f.range.start.line].slice(f.range.start.character, f.range.end.character);
  return [
    lines[f.range.start.line].slice(f.range.start.character),
    ...lines.slice(f.range.start.line + 1, f.range.end.line),
    lines[f.range.end.line].slice(0, f.range.end.character),
  ].join('\n');
}

/** Applies the finding's fix number `n` and returns the resulting files. */
export function applyFix(file: string, text: string, f: Finding, n = 0, others: Record<string, string> = {}): Map<string, string> {
  const filePath = file.startsWith('/') ? file : `${ROOT}/${file}`;
  const fix = fixesOf(f)[n];
  assert.ok(fix, `finding ${f.ruleId} has no fix #${n}`);
  const files = new Map(Object.entries(others).map(([k, v]) => [k.startsWith('/') ? k : `${ROOT}/${k}`, v]));
  files.set(filePath, text);
  return applyQuickFix(fix, filePath, files);
}
