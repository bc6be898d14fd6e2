/** dotenv hygiene, at parity with dotenv-linter's checks that matter for loading. */
import type { DotenvEntry, DotenvLineIssue } from '../dotenv';
import { lineRange } from '../lineIndex';
import { ruleMeta } from '../ruleCatalog';
import { add, type RuleEnv } from '../ruleEnv';
import type { Finding, Range } from '../types';

const VALID_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;
const HAS_LOWER = /[a-z]/;

/** Lines `start`..`end` as a range to delete: up to the next line's start, or to the end of the last line. */
export function wholeLinesRange(start: number, end: number, lines: readonly string[]): Range {
  const next = end + 1;
  return next < lines.length
    ? { start: { line: start, character: 0 }, end: { line: next, character: 0 } }
    : { start: { line: start, character: 0 }, end: { line: end, character: lines[end].length } };
}

/**
 * `key` set again at `line` (key at `keyStart`..`keyEnd`) after its first
 * definition on lines `firstLine`..`firstEnd`; `thisEnd` is the repeat's last line.
 * Ranges of the fixes are computed now (cheap), the fix objects on demand.
 */
export function duplicateKeyFinding(
  key: string,
  line: number,
  keyStart: number,
  keyEnd: number,
  thisEnd: number,
  firstLine: number,
  firstEnd: number,
  lines: readonly string[],
): Finding {
  const removeFirst = wholeLinesRange(firstLine, firstEnd, lines);
  const removeThis = wholeLinesRange(line, thisEnd, lines);
  return {
    ruleId: 'dotenv-duplicate-key',
    category: DUPLICATE.category,
    severity: DUPLICATE.severity,
    message: `${key} is set again (first on line ${firstLine + 1}): this later value silently wins`,
    range: lineRange(line, keyStart, keyEnd),
    makeFixes: () => [
      { title: `Remove the earlier ${key} (line ${firstLine + 1})`, edits: [{ range: removeFirst, newText: '' }], isPreferred: true },
      { title: 'Remove this line', edits: [{ range: removeThis, newText: '' }] },
    ],
  };
}

const DUPLICATE = ruleMeta('dotenv-duplicate-key')!;
const INVALID_LINE = ruleMeta('dotenv-invalid-line')!;
const TRAILING = ruleMeta('dotenv-trailing-whitespace')!;
const LEADING = ruleMeta('dotenv-leading-whitespace')!;

/** The finding for a line-level issue of the reader (invalid line, leading or trailing whitespace). */
export function lineIssueFinding(issue: DotenvLineIssue): Finding {
  const range = lineRange(issue.line, issue.start, issue.end);
  if (issue.kind === 'invalid-line')
    return {
      ruleId: INVALID_LINE.id,
      category: INVALID_LINE.category,
      severity: INVALID_LINE.severity,
      message: 'dotenv cannot read this line (expected KEY=value or a # comment)',
      range,
    };
  if (issue.kind === 'trailing-whitespace') {
    return {
      ruleId: TRAILING.id,
      category: TRAILING.category,
      severity: TRAILING.severity,
      message: 'trailing whitespace',
      range,
      makeFixes: () => [{ title: 'Remove trailing whitespace', edits: [{ range, newText: '' }], isPreferred: true }],
    };
  }
  return {
    ruleId: LEADING.id,
    category: LEADING.category,
    severity: LEADING.severity,
    message: 'whitespace before the key',
    range,
    makeFixes: () => [{ title: 'Remove leading whitespace', edits: [{ range, newText: '' }], isPreferred: true }],
  };
}

/** Checks that depend on one entry only (cacheable by its text). `lineText` is the entry's first line. */
export function checkEntryHygiene(env: RuleEnv, e: DotenvEntry, lineText: string): void {
  // Ranges are built only for findings: this runs for every entry of the file.
  if (!e.hasAssignment) {
    add(env, 'dotenv-key-without-value', lineRange(e.line, e.keyStart, e.keyEnd), `${e.key} has no '=': dotenv ignores the line`, {
      fixes: () => [
        { title: `Write ${e.key}=`, edits: [{ range: lineRange(e.line, e.keyEnd, e.keyEnd), newText: '=' }], isPreferred: true },
      ],
    });
    return;
  }
  if (!VALID_KEY.test(e.key)) {
    const keyRange = lineRange(e.line, e.keyStart, e.keyEnd);
    const fixed = e.key.replace(/[^A-Za-z0-9_]/g, '_').replace(/^(\d)/, '_$1');
    add(
      env,
      'dotenv-invalid-key',
      keyRange,
      `'${e.key}' is not a valid variable name (letters, digits and _ only, not starting with a digit): shells and many loaders reject it`,
      {
        fixes: () => [{ title: `Rename to ${fixed.toUpperCase()}`, edits: [{ range: keyRange, newText: fixed.toUpperCase() }] }],
      },
    );
  } else if (HAS_LOWER.test(e.key)) {
    add(
      env,
      'dotenv-lowercase-key',
      lineRange(e.line, e.keyStart, e.keyEnd),
      `${e.key} has lower-case letters: environment variable names are conventionally upper case`,
    );
  }
  if (e.spaceBeforeEquals) {
    const eq = lineText.indexOf(lineText.includes('=') ? '=' : ':', e.keyEnd);
    add(env, 'dotenv-space-around-equals', lineRange(e.line, e.keyEnd, eq), `space between ${e.key} and '=': shells read it as a command`, {
      fixes: () => [{ title: 'Remove the space', edits: [{ range: lineRange(e.line, e.keyEnd, eq), newText: '' }], isPreferred: true }],
    });
  }
  if (e.unclosedQuote) {
    const end = lineText.length;
    add(
      env,
      'dotenv-unclosed-quote',
      lineRange(e.line, e.valueStart, e.valueStart + 1),
      `${e.key}: the quote ${e.raw[0]} is never closed, so dotenv reads the value literally, quote included`,
      {
        fixes: () => [
          {
            title: 'Close the quote at the end of the line',
            edits: [{ range: lineRange(e.line, end, end), newText: e.raw[0] }],
            isPreferred: true,
          },
        ],
      },
    );
  } else if (e.unquotedSpaces) {
    const q = e.raw.includes('"') ? "'" : '"';
    add(
      env,
      'dotenv-unquoted-spaces',
      e.valueRange,
      `${e.key}: the value contains spaces but is not quoted (shells and docker --env-file split or keep it differently)`,
      {
        fixes:
          e.raw.includes("'") && e.raw.includes('"')
            ? undefined
            : () => [{ title: `Quote the value`, edits: [{ range: e.valueRange, newText: q + e.raw + q }], isPreferred: true }],
      },
    );
  }
  if (e.junkAfterQuote) {
    const j = e.junkAfterQuote;
    add(
      env,
      'dotenv-text-after-quote',
      lineRange(e.endLine, j.start, j.end),
      `${e.key}: text after the closing quote is dropped by dotenv`,
      { fixes: () => [{ title: 'Remove the extra text', edits: [{ range: lineRange(e.endLine, j.start, j.end), newText: '' }] }] },
    );
  }
}
