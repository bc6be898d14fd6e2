/** dotenv hygiene, at parity with dotenv-linter's checks that matter for loading. */
import type { DotenvDocument, DotenvEntry } from '../dotenv';
import { lineRange } from '../lineIndex';
import { add, type RuleEnv } from '../ruleEnv';
import type { Range } from '../types';

const VALID_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

function wholeLines(entry: DotenvEntry, lines: string[]): Range {
  const next = entry.endLine + 1;
  return next < lines.length
    ? { start: { line: entry.line, character: 0 }, end: { line: next, character: 0 } }
    : { start: { line: entry.line, character: 0 }, end: { line: entry.endLine, character: lines[entry.endLine].length } };
}

/** Duplicate keys (needs every entry) and line-level issues. */
export function checkDotenvHygiene(env: RuleEnv, doc: DotenvDocument, perEntry = true): void {
  const first = new Map<string, DotenvEntry>();
  for (const e of doc.entries) {
    const prev = first.get(e.key);
    if (prev) {
      add(env, 'dotenv-duplicate-key', lineRange(e.line, e.keyStart, e.keyEnd), `${e.key} is set again (first on line ${prev.line + 1}): this later value silently wins`, {
        fixes: [
          { title: `Remove the earlier ${e.key} (line ${prev.line + 1})`, edits: [{ range: wholeLines(prev, doc.lines), newText: '' }], isPreferred: true },
          { title: 'Remove this line', edits: [{ range: wholeLines(e, doc.lines), newText: '' }] },
        ],
      });
    } else first.set(e.key, e);
    if (perEntry) checkEntryHygiene(env, e, doc.lines[e.line]);
  }
  for (const issue of doc.issues) {
    const range = lineRange(issue.line, issue.start, issue.end);
    if (issue.kind === 'invalid-line') add(env, 'dotenv-invalid-line', range, 'dotenv cannot read this line (expected KEY=value or a # comment)');
    else if (issue.kind === 'trailing-whitespace') add(env, 'dotenv-trailing-whitespace', range, 'trailing whitespace', { fixes: [{ title: 'Remove trailing whitespace', edits: [{ range, newText: '' }], isPreferred: true }] });
    else add(env, 'dotenv-leading-whitespace', range, 'whitespace before the key', { fixes: [{ title: 'Remove leading whitespace', edits: [{ range, newText: '' }], isPreferred: true }] });
  }
}

/** Checks that depend on one entry only (cacheable by its text). `lineText` is the entry's first line. */
export function checkEntryHygiene(env: RuleEnv, e: DotenvEntry, lineText: string): void {
  const keyRange = lineRange(e.line, e.keyStart, e.keyEnd);
  if (!e.hasAssignment) {
    add(env, 'dotenv-key-without-value', keyRange, `${e.key} has no '=': dotenv ignores the line`, { fixes: [{ title: `Write ${e.key}=`, edits: [{ range: lineRange(e.line, e.keyEnd, e.keyEnd), newText: '=' }], isPreferred: true }] });
    return;
  }
  if (!VALID_KEY.test(e.key)) {
    const fixed = e.key.replace(/[^A-Za-z0-9_]/g, '_').replace(/^(\d)/, '_$1');
    add(env, 'dotenv-invalid-key', keyRange, `'${e.key}' is not a valid variable name (letters, digits and _ only, not starting with a digit): shells and many loaders reject it`, {
      fixes: [{ title: `Rename to ${fixed.toUpperCase()}`, edits: [{ range: keyRange, newText: fixed.toUpperCase() }] }],
    });
  } else if (/[a-z]/.test(e.key)) {
    add(env, 'dotenv-lowercase-key', keyRange, `${e.key} has lower-case letters: environment variable names are conventionally upper case`);
  }
  if (e.spaceBeforeEquals) {
    const eq = lineText.indexOf(lineText.includes('=') ? '=' : ':', e.keyEnd);
    add(env, 'dotenv-space-around-equals', lineRange(e.line, e.keyEnd, eq), `space between ${e.key} and '=': shells read it as a command`, {
      fixes: [{ title: 'Remove the space', edits: [{ range: lineRange(e.line, e.keyEnd, eq), newText: '' }], isPreferred: true }],
    });
  }
  if (e.unclosedQuote) {
    const end = lineText.length;
    add(env, 'dotenv-unclosed-quote', lineRange(e.line, e.valueStart, e.valueStart + 1), `${e.key}: the quote ${e.raw[0]} is never closed, so dotenv reads the value literally, quote included`, {
      fixes: [{ title: 'Close the quote at the end of the line', edits: [{ range: lineRange(e.line, end, end), newText: e.raw[0] }], isPreferred: true }],
    });
  } else if (e.unquotedSpaces) {
    const q = e.raw.includes('"') ? "'" : '"';
    add(env, 'dotenv-unquoted-spaces', e.valueRange, `${e.key}: the value contains spaces but is not quoted (shells and docker --env-file split or keep it differently)`, {
      fixes: e.raw.includes("'") && e.raw.includes('"') ? [] : [{ title: `Quote the value`, edits: [{ range: e.valueRange, newText: q + e.raw + q }], isPreferred: true }],
    });
  }
  if (e.junkAfterQuote) {
    const j = e.junkAfterQuote;
    add(env, 'dotenv-text-after-quote', lineRange(e.endLine, j.start, j.end), `${e.key}: text after the closing quote is dropped by dotenv`, { fixes: [{ title: 'Remove the extra text', edits: [{ range: lineRange(e.endLine, j.start, j.end), newText: '' }] }] });
  }
}
