/**
 * dotenv reader that keeps positions: `export`, comments, single/double/backtick
 * quotes, multi-line quoted values, inline comments, `${VAR}` references. It
 * follows motdotla/dotenv's grammar (`KEY=value` or `KEY: value`, unquoted values
 * end at ` #`, double quotes expand `\n`) and reports what dotenv would silently
 * accept or drop. Work is per line: `parseBlock` reads one entry (or line) at a
 * time, which the incremental model (dotenvState.ts) uses to re-parse only
 * what an edit touched.
 */
import { Ch } from '../../shared/charCodes';
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
  readonly raw: string;
  /** The value dotenv would load (double quotes expand \n and \r). */
  readonly value: string;
  /** Position of raw[0]. */
  valueLine: number;
  valueStart: number;
  /** Range of the value as written, quotes included (for replacing it); a new object on each read. */
  readonly valueRange: Range;
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

/**
 * The line-number-free result of scanning one line. One scratch instance is
 * reused for every line (the parser reads it before scanning the next line),
 * so scanning allocates nothing but the key.
 */
class LineScan {
  kind: 'blank' | 'comment' | 'entry' | 'invalid' = 'blank';
  trailingWs = -1; // index where trailing whitespace starts, or -1
  leadingWs = 0; // length of leading whitespace
  key = '';
  keyStart = 0;
  keyEnd = 0;
  exported = false;
  hasAssignment = false;
  spaceBeforeEquals = false;
  quote: QuoteKind = '';
  /** Index where the value (after an opening quote) starts. */
  valueStart = 0;
  /** For values closed on this line: end of raw (before closing quote). */
  rawEnd = 0;
  /** End of the value as written, incl. closing quote. */
  writtenEnd = 0;
  /** Opening quote not closed on this line. */
  open = false;
  unquotedSpaces = false;
  junk: { start: number; end: number } | undefined = undefined;
}

const SCAN = new LineScan();

/** Not whitespace, '=', ':', '#' or a quote. */
function isKeyChar(c: number): boolean {
  return !(
    c === Ch.SPACE ||
    c === Ch.TAB ||
    c === Ch.LF ||
    c === Ch.CR ||
    c === Ch.VT ||
    c === Ch.FF ||
    c === Ch.BOM ||
    c === Ch.EQUALS ||
    c === Ch.COLON ||
    c === Ch.HASH ||
    c === Ch.DOUBLE_QUOTE ||
    c === Ch.SINGLE_QUOTE ||
    c === Ch.BACKTICK ||
    c === Ch.NBSP
  );
}

function isWs(c: number): boolean {
  return c === Ch.SPACE || c === Ch.TAB || c === Ch.BOM;
}

/** Scans one line into the shared scratch `SCAN` (valid until the next call). */
function scanLine(text: string): LineScan {
  const s = SCAN;
  let end = text.length;
  while (end > 0 && isWs(text.charCodeAt(end - 1))) end--;
  let i = 0;
  while (i < end && isWs(text.charCodeAt(i))) i++;
  s.trailingWs = end < text.length ? end : -1;
  s.leadingWs = i;
  s.key = '';
  s.exported = false;
  s.hasAssignment = false;
  s.spaceBeforeEquals = false;
  s.quote = '';
  s.open = false;
  s.unquotedSpaces = false;
  s.junk = undefined;
  if (i >= end) {
    s.kind = 'blank';
    s.trailingWs = -1;
    return s;
  }
  if (text.charCodeAt(i) === Ch.HASH) {
    s.kind = 'comment';
    return s;
  }
  s.kind = 'invalid';
  if (i + 6 < end && text.charCodeAt(i) === Ch.LOWER_E && text.startsWith('export', i) && isWs(text.charCodeAt(i + 6))) {
    let j = i + 6;
    while (j < end && isWs(text.charCodeAt(j))) j++;
    // `export KEY=...`; a line that is just `export X` (no '=') is a shell export, still read as key.
    if (j < end) {
      s.exported = true;
      i = j;
    }
  }
  const keyStart = i;
  while (i < end && isKeyChar(text.charCodeAt(i))) i++;
  const keyEnd = i;
  if (keyEnd === keyStart) return s;
  let j = i;
  while (j < end && isWs(text.charCodeAt(j))) j++;
  const spaceBeforeEquals = j > i;
  const c = j < end ? text.charCodeAt(j) : -1;
  s.keyStart = keyStart;
  s.keyEnd = keyEnd;
  if (j >= end || c === Ch.HASH) {
    // `KEY` alone (or `KEY # comment`): no value at all.
    s.kind = 'entry';
    s.key = text.slice(keyStart, keyEnd);
    s.valueStart = keyEnd;
    s.rawEnd = keyEnd;
    s.writtenEnd = keyEnd;
    return s;
  }
  if (c !== Ch.EQUALS && !(c === Ch.COLON && !spaceBeforeEquals && j + 1 < text.length && isWs(text.charCodeAt(j + 1)))) return s;
  s.kind = 'entry';
  s.key = text.slice(keyStart, keyEnd);
  s.hasAssignment = true;
  s.spaceBeforeEquals = spaceBeforeEquals;
  let v = j + 1;
  while (v < end && isWs(text.charCodeAt(v))) v++;
  const q = v < end ? text.charCodeAt(v) : -1;
  if (q === Ch.DOUBLE_QUOTE || q === Ch.SINGLE_QUOTE || q === Ch.BACKTICK) {
    const quote: QuoteKind = q === Ch.DOUBLE_QUOTE ? '"' : q === Ch.SINGLE_QUOTE ? "'" : '`';
    s.quote = quote;
    s.valueStart = v + 1;
    const close = findClose(text, v + 1, quote);
    if (close < 0) {
      s.open = true;
      return s;
    }
    let k = close + 1;
    while (k < end && isWs(text.charCodeAt(k))) k++;
    if (k < end && text.charCodeAt(k) !== Ch.HASH) s.junk = { start: k, end };
    s.rawEnd = close;
    s.writtenEnd = close + 1;
    return s;
  }
  // Unquoted: ends at whitespace followed by '#', trailing whitespace trimmed.
  let rawEnd = end;
  const hash = findInlineComment(text, v, end);
  if (hash >= 0) {
    rawEnd = hash;
    while (rawEnd > v && isWs(text.charCodeAt(rawEnd - 1))) rawEnd--;
  }
  s.unquotedSpaces = hasWsIn(text, v, rawEnd);
  s.valueStart = v;
  s.rawEnd = rawEnd;
  s.writtenEnd = rawEnd;
  return s;
}

/** Whether text[from, to) holds whitespace (isWs): indexOf, not a loop over every character. */
function hasWsIn(text: string, from: number, to: number): boolean {
  if (from >= to) return false;
  const sp = text.indexOf(' ', from);
  if (sp >= 0 && sp < to) return true;
  const tab = text.indexOf('\t', from);
  if (tab >= 0 && tab < to) return true;
  const bom = text.indexOf('\uFEFF', from);
  return bom >= 0 && bom < to;
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
    if (l.length > 0 && l.charCodeAt(l.length - 1) === Ch.CR) lines[i] = l.slice(0, -1);
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
 * appended to `out.issues`. `reuse`: the entry is one scratch object, valid
 * until the next reusing parse (`detachEntry` keeps it); else a new one.
 */
export function parseBlock(lines: readonly string[], n: number, base: number, out: DotenvBlock, reuse = false): void {
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
  const quote = s.quote;
  if (!s.open) {
    // The common case: the value is read from the line when a rule asks (no copy, no range kept).
    out.entry = (reuse ? SCRATCH_ENTRY : new Entry()).set(s, {
      line: rel,
      quote,
      valueStart: s.valueStart,
      src: text,
      rawFrom: s.valueStart,
      rawTo: s.rawEnd,
      writtenStart: quote ? s.valueStart - 1 : s.valueStart,
      writtenEnd: s.writtenEnd,
      unclosedQuote: false,
      endLine: rel,
      junk: s.junk,
    });
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
    const raw = text.slice(s.valueStart - 1).trimEnd();
    out.entry = (reuse ? SCRATCH_ENTRY : new Entry()).set(s, {
      line: rel,
      quote: '',
      valueStart: s.valueStart - 1,
      src: raw,
      rawFrom: 0,
      rawTo: raw.length,
      writtenStart: s.valueStart - 1,
      writtenEnd: s.valueStart - 1 + raw.length,
      unclosedQuote: true,
      endLine: rel,
      junk: undefined,
    });
    return;
  }
  out.endLine = closeLine;
  out.scannedTo = closeLine;
  const parts = [text.slice(s.valueStart)];
  for (let m = n + 1; m < closeLine; m++) parts.push(lines[m]);
  parts.push(lines[closeLine].slice(0, closeAt));
  const raw = parts.join('\n');
  const relClose = closeLine - base;
  out.entry = (reuse ? SCRATCH_ENTRY : new Entry()).set(s, {
    line: rel,
    quote,
    valueStart: s.valueStart,
    src: raw,
    rawFrom: 0,
    rawTo: raw.length,
    writtenStart: s.valueStart - 1,
    writtenEnd: closeAt + 1,
    unclosedQuote: false,
    endLine: relClose,
    junk: undefined,
  });
  // Whitespace at the end of the opening line is part of the value, not trailing junk.
  for (let k = issues.length - 1; k >= 0 && issues[k].line === rel; k--) {
    if (issues[k].kind === 'trailing-whitespace') issues.splice(k, 1);
  }
  // Trailing whitespace after the closing quote (the value's inner lines are content).
  const l = lines[closeLine];
  if (l.length > closeAt + 1 && isWs(l.charCodeAt(l.length - 1)) && l.charCodeAt(l.length - 1) !== Ch.BOM) {
    let e = l.length;
    while (e > closeAt + 1 && isWs(l.charCodeAt(e - 1))) e--;
    if (e < l.length) issues.push({ kind: 'trailing-whitespace', line: relClose, start: e, end: l.length });
  }
}

/** Where an entry's value lies (the key comes from the line scan). */
interface EntryValue {
  /** The entry's first line (relative to the block's base). */
  line: number;
  quote: QuoteKind;
  /** Column of the value's first character on `line` (after an opening quote). */
  valueStart: number;
  /** Holds the raw value at rawFrom..rawTo: the line itself (single-line values) or the joined raw text. */
  src: string;
  rawFrom: number;
  rawTo: number;
  /** The value as written, quotes included: from writtenStart on `line` to writtenEnd on `endLine`. */
  writtenStart: number;
  writtenEnd: number;
  unclosedQuote: boolean;
  endLine: number;
  /** Text after a closing quote that is not a comment. */
  junk: { start: number; end: number } | undefined;
}

/**
 * A parsed entry. Only numbers and the key are stored: `raw`, `value` and
 * `valueRange` are derived from the source text when read, so a large file's
 * model keeps no copies of its values and no range objects.
 */
class Entry implements DotenvEntry {
  key = '';
  line = 0;
  keyStart = 0;
  keyEnd = 0;
  exported = false;
  hasAssignment = false;
  spaceBeforeEquals = false;
  quote: QuoteKind = '';
  valueLine = 0;
  valueStart = 0;
  unclosedQuote = false;
  unquotedSpaces = false;
  junkAfterQuote: { start: number; end: number } | undefined = undefined;
  endLine = 0;
  /** Holds raw at rawFrom..rawTo: the line (single-line values) or raw itself. */
  private src = '';
  private rawFrom = 0;
  private rawTo = 0;
  /** Characters of the value as written (quotes included): from writtenStart on `line` to writtenEnd on `endLine`. */
  private writtenStart = 0;
  private writtenEnd = 0;

  /** Fills this entry from the key part of the line scan and where its value lies. */
  set(s: LineScan, v: EntryValue): this {
    const { line, quote, valueStart, src, rawFrom, rawTo, writtenStart, writtenEnd, unclosedQuote, endLine, junk } = v;
    this.key = s.key;
    this.line = line;
    this.keyStart = s.keyStart;
    this.keyEnd = s.keyEnd;
    this.exported = s.exported;
    this.hasAssignment = s.hasAssignment;
    this.spaceBeforeEquals = s.spaceBeforeEquals;
    this.quote = quote;
    this.valueLine = line;
    this.valueStart = valueStart;
    this.unclosedQuote = unclosedQuote;
    this.unquotedSpaces = s.unquotedSpaces;
    this.junkAfterQuote = junk;
    this.endLine = endLine;
    this.src = src;
    this.rawFrom = rawFrom;
    this.rawTo = rawTo;
    this.writtenStart = writtenStart;
    this.writtenEnd = writtenEnd;
    return this;
  }

  copy(): Entry {
    const e = new Entry();
    e.key = this.key;
    e.line = this.line;
    e.keyStart = this.keyStart;
    e.keyEnd = this.keyEnd;
    e.exported = this.exported;
    e.hasAssignment = this.hasAssignment;
    e.spaceBeforeEquals = this.spaceBeforeEquals;
    e.quote = this.quote;
    e.valueLine = this.valueLine;
    e.valueStart = this.valueStart;
    e.unclosedQuote = this.unclosedQuote;
    e.unquotedSpaces = this.unquotedSpaces;
    e.junkAfterQuote = this.junkAfterQuote;
    e.endLine = this.endLine;
    e.src = this.src;
    e.rawFrom = this.rawFrom;
    e.rawTo = this.rawTo;
    e.writtenStart = this.writtenStart;
    e.writtenEnd = this.writtenEnd;
    return e;
  }

  get raw(): string {
    return this.rawFrom === 0 && this.rawTo === this.src.length ? this.src : this.src.slice(this.rawFrom, this.rawTo);
  }

  get value(): string {
    return decode(this.raw, this.quote);
  }

  get valueRange(): Range {
    return { start: { line: this.line, character: this.writtenStart }, end: { line: this.endLine, character: this.writtenEnd } };
  }
}

/** The entry `parseBlock(…, reuse = true)` fills: valid until the next such parse. */
const SCRATCH_ENTRY = new Entry();

/** `e` itself, or a copy when it is the reused scratch entry (to keep it past the next parse). */
export function detachEntry(e: DotenvEntry): DotenvEntry;
export function detachEntry(e: DotenvEntry | undefined): DotenvEntry | undefined;
export function detachEntry(e: DotenvEntry | undefined): DotenvEntry | undefined {
  return e === SCRATCH_ENTRY ? SCRATCH_ENTRY.copy() : e;
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
  // By hand rather than /\$\{(NAME)[^}]*\}|\$(NAME)/g, which rescans to the end from every "${" when
  // no "}" follows (quadratic on "${A${A${A…"). Same results; each character is looked at a bounded
  // number of times.
  const out: string[] = [];
  const name = /[A-Za-z_][A-Za-z0-9_]*/y;
  let noCloseLeft = false;
  for (let i = value.indexOf('$'); i >= 0;) {
    const braced = value.charCodeAt(i + 1) === Ch.OPEN_BRACE;
    name.lastIndex = i + (braced ? 2 : 1);
    const m = name.exec(value);
    let next = i + 1;
    if (m && !braced) {
      out.push(m[0]);
      next = name.lastIndex;
    } else if (m && !noCloseLeft) {
      const close = value.indexOf('}', name.lastIndex);
      if (close < 0)
        noCloseLeft = true; // no later "${" can be closed either
      else {
        out.push(m[0]);
        next = close + 1;
      }
    }
    i = value.indexOf('$', next);
  }
  return out;
}
