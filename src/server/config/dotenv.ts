/**
 * dotenv reader that keeps positions: `export`, comments, single/double/backtick
 * quotes, multi-line quoted values, inline comments, `${VAR}` references. It
 * follows motdotla/dotenv's grammar (`KEY=value` or `KEY: value`, unquoted values
 * end at ` #`, double quotes expand `\n`) and reports what dotenv would silently
 * accept or drop. Work is per line: `parseBlock` reads one entry (or line) at a
 * time, which the incremental model (dotenvState.ts) uses to re-parse only
 * what an edit touched.
 */
import type { Range } from './types';

export type QuoteKind = '"' | "'" | '`' | '';

export interface DotenvEntry {
  key: string;
  /** Line of the key (0-based). */
  line: number;
  keyStart: number;
  keyEnd: number;
  exported: boolean;
  /** False for a bare `KEY` line (no `=`). */
  hasAssignment: boolean;
  /** Whitespace between the key and `=` (`KEY =value`). */
  spaceBeforeEquals: boolean;
  quote: QuoteKind;
  /** Source text of the value, without quotes; may contain line breaks (multi-line values). */
  raw: string;
  /** The value dotenv would load (double quotes expand \n and \r). */
  value: string;
  /** Position of raw[0]. */
  valueLine: number;
  valueStart: number;
  /** Range of the value as written, quotes included (for replacing it). */
  valueRange: Range;
  /** Opening quote never closed: dotenv reads the rest of the line literally. */
  unclosedQuote: boolean;
  /** Unquoted value containing whitespace (shells split it; dotenv keeps it). */
  unquotedSpaces: boolean;
  /** Text after a closing quote that is not a comment (dotenv drops it). */
  junkAfterQuote?: { start: number; end: number };
  /** Lines from `line` to the end of the value. */
  endLine: number;
}

export interface DotenvLineIssue {
  kind: 'invalid-line' | 'trailing-whitespace' | 'leading-whitespace';
  line: number;
  start: number;
  end: number;
}

export interface DotenvDocument {
  entries: DotenvEntry[];
  issues: DotenvLineIssue[];
  /** The text's lines, without line breaks (CR stripped). */
  lines: string[];
  /** Lines that are comments: [line, text]. Used for suppression comments. */
  comments: Map<number, string>;
}

/** The line-number-free result of scanning one line, shared through the cache. */
interface LineScan {
  kind: 'blank' | 'comment' | 'entry' | 'invalid';
  trailingWs: number; // index where trailing whitespace starts, or -1
  leadingWs: number; // length of leading whitespace
  key?: string;
  keyStart?: number;
  keyEnd?: number;
  exported?: boolean;
  hasAssignment?: boolean;
  spaceBeforeEquals?: boolean;
  quote?: QuoteKind;
  /** Index where the value (after an opening quote) starts. */
  valueStart?: number;
  /** For values closed on this line: end of raw (before closing quote). */
  rawEnd?: number;
  /** End of the value as written, incl. closing quote. */
  writtenEnd?: number;
  /** Opening quote not closed on this line. */
  open?: boolean;
  unquotedSpaces?: boolean;
  junk?: { start: number; end: number };
}

/** One line's scan (no cache: scanning is cheaper than hashing the line for a lookup). */
function scanLine(text: string): LineScan {
  return scanLineUncached(text);
}

/** Not whitespace, '=', ':', '#' or a quote. */
function isKeyChar(c: number): boolean {
  return !(c === 32 || c === 9 || c === 10 || c === 13 || c === 11 || c === 12 || c === 0xfeff || c === 61 || c === 58 || c === 35 || c === 34 || c === 39 || c === 96 || c === 0xa0);
}

function isWs(c: number): boolean {
  return c === 32 || c === 9 || c === 0xfeff;
}

function scanLineUncached(text: string): LineScan {
  let end = text.length;
  while (end > 0 && isWs(text.charCodeAt(end - 1))) end--;
  let i = 0;
  while (i < end && isWs(text.charCodeAt(i))) i++;
  const trailingWs = end < text.length ? end : -1;
  const leadingWs = i;
  if (i >= end) return { kind: 'blank', trailingWs: -1, leadingWs };
  if (text.charCodeAt(i) === 35 /* # */) return { kind: 'comment', trailingWs, leadingWs };
  let exported = false;
  if (text.startsWith('export', i) && i + 6 < end && isWs(text.charCodeAt(i + 6))) {
    let j = i + 6;
    while (j < end && isWs(text.charCodeAt(j))) j++;
    // `export KEY=...`; a line that is just `export X` (no '=') is a shell export, still read as key.
    if (j < end) {
      exported = true;
      i = j;
    }
  }
  const keyStart = i;
  while (i < end && isKeyChar(text.charCodeAt(i))) i++;
  const keyEnd = i;
  if (keyEnd === keyStart) return { kind: 'invalid', trailingWs, leadingWs };
  const key = text.slice(keyStart, keyEnd);
  let j = i;
  while (j < end && isWs(text.charCodeAt(j))) j++;
  const spaceBeforeEquals = j > i;
  const c = text[j];
  if (j >= end || c === '#') {
    // `KEY` alone (or `KEY # comment`): no value at all.
    return { kind: 'entry', trailingWs, leadingWs, key, keyStart, keyEnd, exported, hasAssignment: false, spaceBeforeEquals: false, quote: '', valueStart: keyEnd, rawEnd: keyEnd, writtenEnd: keyEnd };
  }
  if (c !== '=' && !(c === ':' && !spaceBeforeEquals && j + 1 < text.length && isWs(text.charCodeAt(j + 1)))) {
    return { kind: 'invalid', trailingWs, leadingWs };
  }
  let v = j + 1;
  while (v < end && isWs(text.charCodeAt(v))) v++;
  const q = text[v];
  if (q === '"' || q === "'" || q === '`') {
    const close = findClose(text, v + 1, q);
    if (close < 0) {
      return { kind: 'entry', trailingWs, leadingWs, key, keyStart, keyEnd, exported, hasAssignment: true, spaceBeforeEquals, quote: q, valueStart: v + 1, open: true };
    }
    let k = close + 1;
    while (k < end && isWs(text.charCodeAt(k))) k++;
    const junk = k < end && text[k] !== '#' ? { start: k, end } : undefined;
    return { kind: 'entry', trailingWs, leadingWs, key, keyStart, keyEnd, exported, hasAssignment: true, spaceBeforeEquals, quote: q, valueStart: v + 1, rawEnd: close, writtenEnd: close + 1, junk };
  }
  // Unquoted: ends at whitespace followed by '#', trailing whitespace trimmed.
  let rawEnd = end;
  const hash = findInlineComment(text, v, end);
  if (hash >= 0) {
    rawEnd = hash;
    while (rawEnd > v && isWs(text.charCodeAt(rawEnd - 1))) rawEnd--;
  }
  let unquotedSpaces = false;
  for (let k = v; k < rawEnd; k++) {
    if (isWs(text.charCodeAt(k))) {
      unquotedSpaces = true;
      break;
    }
  }
  return { kind: 'entry', trailingWs, leadingWs, key, keyStart, keyEnd, exported, hasAssignment: true, spaceBeforeEquals, quote: '', valueStart: v, rawEnd, writtenEnd: rawEnd, unquotedSpaces };
}

function findInlineComment(text: string, from: number, end: number): number {
  for (let k = text.indexOf('#', from); k >= 0 && k < end; k = text.indexOf('#', k + 1)) {
    if (k > from && isWs(text.charCodeAt(k - 1))) return k;
  }
  return -1;
}

/** Index of the closing quote at or after `from`, honouring backslash escapes inside double quotes. */
function findClose(text: string, from: number, q: string): number {
  for (let k = from; k < text.length; k++) {
    const ch = text[k];
    if (ch === '\\' && q === '"') {
      k++;
      continue;
    }
    if (ch === q) return k;
  }
  return -1;
}

function decode(raw: string, quote: QuoteKind): string {
  if (quote !== '"' || raw.indexOf('\\') < 0) return raw;
  return raw.replace(/\\([nr"\\])/g, (_m, c: string) => (c === 'n' ? '\n' : c === 'r' ? '\r' : c));
}

export function splitLines(text: string): string[] {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if (l.length > 0 && l.charCodeAt(l.length - 1) === 13) lines[i] = l.slice(0, -1);
  }
  return lines;
}

export function parseDotenv(text: string): DotenvDocument {
  return parseDotenvLines(splitLines(text));
}

export function parseDotenvLines(lines: string[]): DotenvDocument {
  const entries: DotenvEntry[] = [];
  const issues: DotenvLineIssue[] = [];
  const comments = new Map<number, string>();
  const block: DotenvBlock = { entry: undefined, issues: [], endLine: 0, scannedTo: 0, kind: 'blank' };
  for (let n = 0; n < lines.length; n = block.endLine + 1) {
    block.issues = issues; // absolute positions: append straight to the document's list
    parseBlock(lines, n, 0, block);
    if (block.entry) entries.push(block.entry);
    else if (block.kind === 'comment') comments.set(n, lines[n]);
  }
  return { entries, issues, lines, comments };
}

/**
 * One parse unit: an entry (possibly spanning lines), or one blank, comment or
 * invalid line. Parsing a block reads lines from its start up to `scannedTo`
 * only, so a block whose lines did not change and which did not look at the
 * changed lines parses the same: the incremental model reuses it.
 */
export interface DotenvBlock {
  entry: DotenvEntry | undefined;
  /** Line-level issues of the block (trailing/leading whitespace, invalid line). */
  issues: DotenvLineIssue[];
  /** Last line of the block (absolute). */
  endLine: number;
  /** Last line the parser read to decide the block (beyond endLine for an unclosed quote: the end of the file). */
  scannedTo: number;
  kind: 'blank' | 'comment' | 'entry' | 'invalid';
}

/**
 * Parses the block starting at line `n` into `out` (reused to avoid allocation).
 * Positions in the entry and issues are relative to line `base` (0: absolute;
 * `n`: as if the block started the file, for per-block caching). Issues are
 * appended to `out.issues`.
 */
export function parseBlock(lines: readonly string[], n: number, base: number, out: DotenvBlock): void {
  const text = lines[n];
  const s = scanLine(text);
  const rel = n - base;
  const issues = out.issues;
  out.entry = undefined;
  out.endLine = n;
  out.scannedTo = n;
  out.kind = s.kind;
  if (s.trailingWs >= 0) issues.push({ kind: 'trailing-whitespace', line: rel, start: s.trailingWs, end: text.length });
  if (s.kind === 'blank' || s.kind === 'comment') return;
  if (s.kind === 'invalid') {
    issues.push({ kind: 'invalid-line', line: rel, start: s.leadingWs, end: s.trailingWs >= 0 ? s.trailingWs : text.length });
    return;
  }
  if (s.leadingWs > 0) issues.push({ kind: 'leading-whitespace', line: rel, start: 0, end: s.leadingWs });
  const quote = s.quote ?? '';
  // Literal objects (no spreads): object spread is slow on Node 20 and this runs per line.
  if (!s.open) {
    const raw = text.slice(s.valueStart!, s.rawEnd!);
    const writtenStart = quote ? s.valueStart! - 1 : s.valueStart!;
    out.entry = makeEntry(s, rel, quote, s.valueStart!, raw, decode(raw, quote), { start: { line: rel, character: writtenStart }, end: { line: rel, character: s.writtenEnd! } }, false, rel, s.junk);
    return;
  }
  // Multi-line quoted value: look for the closing quote on the following lines.
  let closeLine = -1;
  let closeAt = -1;
  for (let m = n + 1; m < lines.length; m++) {
    const k = findClose(lines[m], 0, quote);
    if (k >= 0) {
      closeLine = m;
      closeAt = k;
      break;
    }
  }
  if (closeLine < 0) {
    // Never closed: dotenv takes the rest of the line literally (quote included).
    out.scannedTo = lines.length - 1;
    const raw = text.slice(s.valueStart! - 1).trimEnd();
    out.entry = makeEntry(s, rel, '', s.valueStart! - 1, raw, raw, { start: { line: rel, character: s.valueStart! - 1 }, end: { line: rel, character: s.valueStart! - 1 + raw.length } }, true, rel, undefined);
    return;
  }
  out.endLine = closeLine;
  out.scannedTo = closeLine;
  const parts = [text.slice(s.valueStart!)];
  for (let m = n + 1; m < closeLine; m++) parts.push(lines[m]);
  parts.push(lines[closeLine].slice(0, closeAt));
  const raw = parts.join('\n');
  const relClose = closeLine - base;
  out.entry = makeEntry(s, rel, quote, s.valueStart!, raw, decode(raw, quote), { start: { line: rel, character: s.valueStart! - 1 }, end: { line: relClose, character: closeAt + 1 } }, false, relClose, undefined);
  // Whitespace at the end of the opening line is part of the value, not trailing junk.
  for (let k = issues.length - 1; k >= 0 && issues[k].line === rel; k--) {
    if (issues[k].kind === 'trailing-whitespace') issues.splice(k, 1);
  }
  // Trailing whitespace after the closing quote (the value's inner lines are content).
  const l = lines[closeLine];
  if (l.length > closeAt + 1 && isWs(l.charCodeAt(l.length - 1)) && l.charCodeAt(l.length - 1) !== 0xfeff) {
    let e = l.length;
    while (e > closeAt + 1 && isWs(l.charCodeAt(e - 1))) e--;
    if (e < l.length) issues.push({ kind: 'trailing-whitespace', line: relClose, start: e, end: l.length });
  }
}

function makeEntry(s: LineScan, line: number, quote: QuoteKind, valueStart: number, raw: string, value: string, valueRange: Range, unclosedQuote: boolean, endLine: number, junk: { start: number; end: number } | undefined): DotenvEntry {
  return {
    key: s.key!,
    line,
    keyStart: s.keyStart!,
    keyEnd: s.keyEnd!,
    exported: s.exported === true,
    hasAssignment: s.hasAssignment === true,
    spaceBeforeEquals: s.spaceBeforeEquals === true,
    quote,
    raw,
    value,
    valueLine: line,
    valueStart,
    valueRange,
    unclosedQuote,
    unquotedSpaces: s.unquotedSpaces === true,
    junkAfterQuote: junk,
    endLine,
  };
}

/** Maps an offset range inside `entry.raw` to a document range (multi-line aware). */
export function entryRange(entry: DotenvEntry, start: number, end: number): Range {
  return { start: rawPosition(entry, start), end: rawPosition(entry, end) };
}

function rawPosition(entry: DotenvEntry, offset: number): { line: number; character: number } {
  if (entry.endLine === entry.line || entry.raw.lastIndexOf('\n', offset - 1) < 0) {
    return { line: entry.valueLine, character: entry.valueStart + offset };
  }
  let line = entry.valueLine;
  let lastBreak = -1;
  for (let k = entry.raw.indexOf('\n'); k >= 0 && k < offset; k = entry.raw.indexOf('\n', k + 1)) {
    line++;
    lastBreak = k;
  }
  return { line, character: offset - lastBreak - 1 };
}

/** References to other variables in a value: `${VAR}`, `${VAR:-default}`, `$VAR`. */
export function referencesIn(value: string): string[] {
  const out: string[] = [];
  const re = /\$\{([A-Za-z_][A-Za-z0-9_]*)[^}]*\}|\$([A-Za-z_][A-Za-z0-9_]*)/g;
  for (let m = re.exec(value); m; m = re.exec(value)) out.push(m[1] ?? m[2]);
  return out;
}
