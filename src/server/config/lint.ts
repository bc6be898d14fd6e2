import * as path from 'node:path';
import { parseConnectionUrl } from './connectionString';
import { parseDotenv } from './dotenv';
import type { Finding, LintContext } from './types';

/** Which files the linter understands. */
export function isDotenvFile(filePath: string): boolean {
  return /^\.env(\..*)?$/.test(path.basename(filePath));
}

/** Lint one file's text. Pure apart from what `ctx` says about the file. */
export function lintText(text: string, ctx: LintContext): Finding[] {
  const findings: Finding[] = [];
  if (!isDotenvFile(ctx.filePath)) return findings;
  for (const entry of parseDotenv(text)) {
    const url = parseConnectionUrl(entry.value);
    if (!url?.password || url.password.raw.length === 0) continue;
    if (/^\$\{[^}]+\}$/.test(url.password.raw)) continue;
    const start = entry.valueStart + url.password.start;
    findings.push({
      ruleId: 'plaintext-password-in-url',
      category: 'plaintext_secret',
      severity: ctx.ignored ? 'information' : 'warning',
      message: ctx.ignored
        ? `${entry.key} holds a literal password (this file is git-ignored)`
        : `${entry.key} holds a literal password in a file that .gitignore does not cover`,
      range: { start: { line: entry.line, character: start }, end: { line: entry.line, character: start + url.password.raw.length } },
    });
  }
  return findings;
}
