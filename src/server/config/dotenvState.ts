/**
 * Incremental dotenv lint model for one document. The text is kept as lines
 * grouped into parse blocks (an entry, possibly multi-line, or one other line);
 * each block keeps its findings relative to its first line. A new version of
 * the text is diffed against the previous one (common prefix and suffix), the
 * changed lines are spliced in, and only blocks that read changed lines are
 * parsed and linted again; the others are reused, shifted when lines moved.
 * Cross-block checks use maps kept up to date on the way: duplicate keys (key
 * → blocks in line order), secret and Supabase block counts, suppression
 * comments. A fresh lint is the same model built from empty, so the
 * incremental result equals a fresh one by construction (and by test).
 */
import * as path from 'node:path';
import { detachEntry, parseBlock, splitLines, type DotenvBlock, type DotenvEntry, type DotenvLineIssue } from './dotenv';
import {
  BlockEnv,
  compareFindings,
  computeBlockUnit,
  isVolatile,
  QUIET_UNIT,
  shiftFinding,
  shiftRangeBy,
  type BlockUnit,
  type ContextHolder,
} from './dotenvLint';
import type { FileInfo } from './fileKind';
import { FirstLineIndex } from './keyIndex';
import { ruleMeta } from './ruleCatalog';
import { ignoreFix, fileRange } from './ruleEnv';
import { duplicateKeyFinding } from './rules/dotenvRules';
import { supabaseMismatchMessage } from './rules/secretRules';
import type { Finding, LintContext } from './types';

/** A parse block (entry or single line) with its lint results. Positions in `entry`, `issues` and `unit` are at line `at`. */
class Block implements DotenvBlock {
  readonly entry: DotenvEntry | undefined;
  readonly issues: DotenvLineIssue[];
  readonly endLine: number;
  readonly scannedTo: number;
  readonly kind: DotenvBlock['kind'];
  /** First line now (kept current when lines move). */
  line: number;
  /** The line the block was parsed at: its positions are expressed there. */
  readonly at: number;
  /** endLine - line. */
  readonly span: number;
  /** The block read to the end of the file (an unclosed quote): any later edit can change it. */
  readonly toEof: boolean;
  /** Per-block findings; undefined: not computed for the current context yet. */
  unit: BlockUnit | undefined = undefined;
  readonly volatile: boolean;
  /** Blocks with the same key, in line order, when there are several (duplicates); undefined when the key is unique. */
  group: Block[] | undefined = undefined;
  /** `unit.findings` moved to `absLine`. */
  abs: Finding[] | undefined = undefined;
  absLine = -1;
  /** Cross-block findings of this lint (duplicate key, Supabase mismatch, file not ignored). */
  extra: Finding[] | undefined = undefined;

  /**
   * The block just parsed into `parsed` at line `n` (its issues are copied: `parsed` is scratch).
   * `detail` false: the entry and issues are not kept (a one-pass lint that has the block's unit
   * and no duplicate to report needs only its lines).
   */
  constructor(
    parsed: DotenvBlock,
    n: number,
    /** One of its lines carries a `dbpulse-ignore` comment. */
    readonly directive: boolean,
    detail = true,
  ) {
    this.entry = detail ? detachEntry(parsed.entry) : undefined;
    this.issues = detail && parsed.issues.length ? parsed.issues.slice() : NO_ISSUES;
    this.endLine = parsed.endLine;
    this.scannedTo = parsed.scannedTo;
    this.kind = parsed.kind;
    this.line = n;
    this.at = n;
    this.span = parsed.endLine - n;
    this.toEof = parsed.scannedTo > parsed.endLine;
    this.volatile = detail && isVolatile(parsed.entry);
  }
}

const NO_ISSUES: DotenvLineIssue[] = [];
const MISMATCH = ruleMeta('supabase-key-project-mismatch')!;
const NOT_IGNORED = ruleMeta('secret-file-not-ignored')!;

const DIRECTIVE = 'dbpulse-ignore';

/** What the per-block results depend on besides the block's text (fixes read the context late, so it is not here). */
function contextSignature(ctx: LintContext, info: FileInfo): string {
  const prisma = ctx.prismaEnvVars ? [...ctx.prismaEnvVars].sort().join(',') : '-';
  return `${ctx.filePath}\u0000${ctx.root ?? ''}\u0000${ctx.ignored}\u0000${info.template}\u0000${ctx.fileExists ? 1 : 0}\u0000${prisma}`;
}

export class DotenvLintState {
  private text = '';
  private lines: string[] = [''];
  /** Offset of each line's start in `text` (lines split at \n; a \r stays in the raw text). */
  private starts: number[] = [0];
  private blocks: Block[] = [];
  /** Key → its block, or the blocks' shared `group` array when the key is set more than once (no array per unique key). */
  private readonly groups = new Map<string, Block | Block[]>();
  private readonly holder: ContextHolder;
  private readonly env: BlockEnv;
  private signature: string;
  private directives = 0;
  private eofBlocks = 0;
  /** Blocks re-linted by the last `findings()` (for tests and the benchmark). */
  relinted = 0;
  /** The last `findings()` came out in document order (it does unless a rule reports outside its block). */
  sorted = true;

  constructor(
    text: string,
    ctx: LintContext,
    private readonly info: FileInfo,
    private readonly secretStore: boolean,
  ) {
    this.holder = { ctx };
    this.env = new BlockEnv(this.holder, info, secretStore);
    this.signature = contextSignature(ctx, info);
    this.rebuild(text);
  }

  get lineTexts(): readonly string[] {
    return this.lines;
  }

  /** Brings the model to `text` under `ctx`, re-parsing only what changed. */
  update(text: string, ctx: LintContext): void {
    this.holder.ctx = ctx;
    const sig = contextSignature(ctx, this.info);
    if (sig !== this.signature) {
      this.signature = sig;
      for (const b of this.blocks) {
        b.unit = undefined;
        b.abs = undefined;
      }
    }
    if (text !== this.text) this.applyText(text);
  }

  private rebuild(text: string): void {
    this.text = text;
    this.lines = splitLines(text);
    this.starts = lineStarts(text, 0, this.lines.length);
    this.blocks = [];
    this.groups.clear();
    this.directives = 0;
    this.eofBlocks = 0;
    this.blocks = this.parseFrom(0, this.lines.length, () => false);
    for (const b of this.blocks) this.enter(b);
  }

  /** Parses blocks from line `n` until `stop(n)` says the old blocks take over (or the end of `limit` lines). */
  private parseFrom(n: number, limit: number, stop: (n: number) => boolean): Block[] {
    const out: Block[] = [];
    const lines = this.lines;
    const issues: DotenvLineIssue[] = [];
    const tmp: DotenvBlock = { entry: undefined, issues, endLine: n, scannedTo: n, kind: 'blank' };
    while (n < limit) {
      if (stop(n)) break;
      if (issues.length > 0) issues.length = 0; // setting length is a runtime call: only when needed
      parseBlock(lines, n, 0, tmp);
      out.push(new Block(tmp, n, hasDirective(lines, n, tmp.endLine)));
      n = tmp.endLine + 1;
    }
    return out;
  }

  /** Registers a block in the cross-block maps (its line must be current). */
  private enter(b: Block): void {
    if (b.directive) this.directives++;
    if (b.toEof) this.eofBlocks++;
    const e = b.entry;
    if (!e) return;
    const cur = this.groups.get(e.key);
    if (cur === undefined) {
      this.groups.set(e.key, b);
      return;
    }
    let g: Block[];
    if (Array.isArray(cur)) g = cur;
    else {
      g = [cur];
      cur.group = g;
      this.groups.set(e.key, g);
    }
    let i = g.length;
    while (i > 0 && g[i - 1].line > b.line) i--;
    g.splice(i, 0, b);
    b.group = g;
  }

  private leave(b: Block): void {
    if (b.directive) this.directives--;
    if (b.toEof) this.eofBlocks--;
    const e = b.entry;
    if (!e) return;
    const g = b.group;
    if (!g) {
      if (this.groups.get(e.key) === b) this.groups.delete(e.key);
      return;
    }
    const i = g.indexOf(b);
    if (i >= 0) g.splice(i, 1);
    b.group = undefined;
    if (g.length === 1) {
      // Back to a unique key: the map holds the block itself again.
      g[0].group = undefined;
      this.groups.set(e.key, g[0]);
    } else if (g.length === 0) this.groups.delete(e.key);
  }

  private applyText(next: string): void {
    const old = this.text;
    const oldLen = old.length;
    const newLen = next.length;
    const p = commonPrefix(old, next);
    const s = commonSuffix(old, next, Math.min(oldLen, newLen) - p);
    // Old lines a..b (inclusive) hold every changed character.
    const a = this.lineAt(p);
    const b = this.lineAt(oldLen - s);
    const regionStart = this.starts[a];
    const oldRegionEnd = b + 1 < this.starts.length ? this.starts[b + 1] - 1 : oldLen;
    const newRegionEnd = oldRegionEnd + (newLen - oldLen);
    const region = next.slice(regionStart, newRegionEnd);
    const newLines = splitLines(region);
    const newStarts = lineStarts(region, regionStart, newLines.length);
    const removed = b - a + 1;
    const delta = newLines.length - removed;
    const charDelta = newLen - oldLen;
    this.text = next;
    this.lines = splice(this.lines, a, removed, newLines);
    const starts = splice(this.starts, a, removed, newStarts);
    for (let k = a + newLines.length; k < starts.length; k++) starts[k] += charDelta;
    this.starts = starts;

    // Blocks to parse again: the one holding line a, and any earlier block that read to the end of the file.
    const blocks = this.blocks;
    let i0 = this.blockAt(a);
    if (this.eofBlocks > 0) {
      for (let k = 0; k < i0; k++) {
        if (blocks[k].toEof) {
          i0 = k;
          break;
        }
      }
    }
    // First old block that starts after the changed lines: it and the following ones stay valid.
    let j = i0;
    while (j < blocks.length && blocks[j].line <= b) j++;
    const from = blocks[i0].line;
    const firstKept = j;
    let k = j;
    const fresh = this.parseFrom(from, this.lines.length, (n) => {
      while (k < blocks.length && blocks[k].line + delta < n) k++;
      return k < blocks.length && blocks[k].line + delta === n;
    });
    // Old blocks that the new blocks cover are gone too (the parse may end at the last line without asking `stop`).
    const end = fresh.length > 0 ? fresh[fresh.length - 1].line + fresh[fresh.length - 1].span + 1 : from;
    while (k < blocks.length && blocks[k].line + delta < end) k++;
    // Old blocks i0..k-1 are replaced (k ≥ firstKept: a new multi-line value may swallow kept ones).
    for (let x = i0; x < k; x++) this.leave(blocks[x]);
    if (delta !== 0) for (let x = Math.max(k, firstKept); x < blocks.length; x++) blocks[x].line += delta;
    this.blocks = splice(blocks, i0, k - i0, fresh);
    for (const f of fresh) this.enter(f);
  }

  /** Line holding offset `o` of the current (old) text. */
  private lineAt(o: number): number {
    const st = this.starts;
    let lo = 0;
    let hi = st.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (st[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Index of the block holding `line`. */
  private blockAt(line: number): number {
    const bs = this.blocks;
    let lo = 0;
    let hi = bs.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (bs[mid].line <= line) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Every finding of the document in document order (before suppression comments and rule settings). */
  findings(): Finding[] {
    const lines = this.lines;
    const blocks = this.blocks;
    let relinted = 0;
    const pass: Pass = { secret: false, supabase: [] };
    for (let i = 0; i < blocks.length; i++) {
      const b = blocks[i];
      if (b.unit === undefined || b.volatile) {
        b.unit = computeBlockUnit(this.env, b, lines[b.line]);
        b.abs = undefined;
        relinted++;
      }
      note(pass, b, b.unit);
    }
    this.relinted = relinted;
    const r = assemble(blocks, pass, lines, this.env, this.secretStore);
    this.sorted = r.sorted;
    return r.findings;
  }

  /** Lines with suppression comments (none in most files: then nothing is scanned). */
  directiveLines(): number[] {
    if (this.directives === 0) return [];
    const out: number[] = [];
    for (const b of this.blocks) {
      if (!b.directive) continue;
      for (let k = b.line; k <= b.line + b.span; k++) if (this.lines[k].indexOf(DIRECTIVE) >= 0) out.push(k);
    }
    return out;
  }
}

/** What the unit pass collects for the cross-block findings. */
interface Pass {
  secret: boolean;
  supabase: Block[];
}

function note(pass: Pass, b: Block, unit: BlockUnit): void {
  if (unit.secret) pass.secret = true;
  if (unit.supabase) pass.supabase.push(b);
}

function hasDirective(lines: readonly string[], from: number, to: number): boolean {
  for (let k = from; k <= to; k++) if (lines[k].indexOf(DIRECTIVE) >= 0) return true;
  return false;
}

/**
 * The document's findings in order from its blocks (in line order, units
 * computed), with the cross-block findings: file not ignored, Supabase project
 * mismatches, duplicate keys. `blocks` may leave out blocks that contribute
 * nothing (no unit findings, not a repeated key), but not the first block.
 */
function assemble(
  blocks: readonly Block[],
  pass: Pass,
  lines: readonly string[],
  env: BlockEnv,
  secretStore: boolean,
): { findings: Finding[]; sorted: boolean } {
  const ctx = env.ctx;
  const filePath = ctx.filePath;
  if (pass.secret && secretStore && !ctx.ignored && blocks.length > 0) addExtra(blocks[0], notIgnoredFinding(env, lines[0] ?? ''));
  if (pass.supabase.length > 1) supabaseMismatches(pass.supabase);
  let sorted = true;
  const out: Finding[] = [];
  for (let i = 0; i < blocks.length; i++) {
    const b = blocks[i];
    let abs = b.abs;
    if (abs === undefined || b.absLine !== b.line) {
      const rel = b.unit!.findings;
      const by = b.line - b.at;
      if (by === 0) abs = rel;
      else {
        abs = new Array<Finding>(rel.length);
        for (let x = 0; x < rel.length; x++) abs[x] = shiftFinding(rel[x], by, filePath);
      }
      b.abs = abs;
      b.absLine = b.line;
    }
    const g = b.group;
    if (g !== undefined && g.length > 1 && g[0] !== b) {
      const first = g[0];
      const e = b.entry!;
      addExtra(b, duplicateKeyFinding(e.key, b.line, e.keyStart, e.keyEnd, b.line + b.span, first.line, first.line + first.span, lines));
    }
    let own = abs;
    if (b.extra !== undefined) {
      own = abs.concat(b.extra).sort(compareFindings);
      b.extra = undefined;
    }
    // Blocks are in line order and each block's findings lie on its lines, so the whole is in order; checked at block boundaries.
    if (own.length > 0 && out.length > 0 && compareFindings(out[out.length - 1], own[0]) > 0) sorted = false;
    for (let x = 0; x < own.length; x++) out.push(own[x]);
  }
  return { findings: out, sorted };
}

function notIgnoredFinding(env: BlockEnv, firstLine: string): Finding {
  return {
    ruleId: NOT_IGNORED.id,
    category: NOT_IGNORED.category,
    severity: NOT_IGNORED.severity,
    message: `${path.basename(env.ctx.filePath)} holds secrets but .gitignore does not cover it: git would commit it`,
    range: fileRange(firstLine),
    makeFixes: () => {
      const fix = ignoreFix(env);
      return fix ? [fix] : [];
    },
  };
}

/** What a one-time lint of a dotenv text gives `finish` (lint.ts). */
export interface DotenvLintOutput {
  findings: Finding[];
  /** In document order (else the caller sorts). */
  sorted: boolean;
  lines: readonly string[];
  /** Lines that mention dbpulse-ignore. */
  directiveLines: number[];
}

/**
 * Lints a dotenv text once (the CLI, a workspace scan, a first look): the same
 * blocks, units and assembly as the incremental model, but nothing is kept for
 * a next version. Blocks that contribute no finding are parsed, linted and
 * dropped on the spot (a plain `PORT=3000` line leaves nothing behind); only
 * the first occurrence line of each key is remembered, for duplicates.
 */
export function lintDotenvText(text: string, ctx: LintContext, info: FileInfo, secretStore: boolean): DotenvLintOutput {
  // The parser's scratch entry is shared: a lint started from inside a rule's callback (ctx.fileExists) parses into fresh entries.
  const reuse = !scratchBusy;
  scratchBusy = true;
  try {
    return lintBlocksOnce(text, ctx, info, secretStore, reuse);
  } finally {
    if (reuse) scratchBusy = false;
  }
}

let scratchBusy = false;

function lintBlocksOnce(text: string, ctx: LintContext, info: FileInfo, secretStore: boolean, reuse: boolean): DotenvLintOutput {
  const lines = splitLines(text);
  // Most files have no suppression comment: one search of the text spares a search per line.
  const anyDirective = text.indexOf(DIRECTIVE) >= 0;
  const env = new BlockEnv({ ctx }, info, secretStore);
  const kept: Block[] = [];
  const pass: Pass = { secret: false, supabase: [] };
  const directiveLines: number[] = [];
  /** Key → line of its first block; the block's last line is in `endOf`. */
  const firstLine = new FirstLineIndex(lines.length);
  const endOf = new Int32Array(lines.length);
  const issues: DotenvLineIssue[] = [];
  const tmp: DotenvBlock = { entry: undefined, issues, endLine: 0, scannedTo: 0, kind: 'blank' };
  for (let n = 0; n < lines.length; n = tmp.endLine + 1) {
    if (issues.length > 0) issues.length = 0;
    parseBlock(lines, n, 0, tmp, reuse);
    const end = tmp.endLine;
    let directive = false;
    if (anyDirective) {
      for (let k = n; k <= end; k++) {
        if (lines[k].indexOf(DIRECTIVE) >= 0) {
          directive = true;
          directiveLines.push(k);
        }
      }
    }
    const unit = computeBlockUnit(env, tmp, lines[n], false);
    const e = tmp.entry;
    let first = -1;
    if (e !== undefined) {
      first = firstLine.firstOrAdd(e.key, n);
      if (first < 0) endOf[n] = end;
    }
    if (unit === QUIET_UNIT && first < 0 && n > 0) continue;
    // Only a repeated key needs its entry later (the duplicate finding); the unit holds the rest.
    const b = new Block(tmp, n, directive, first >= 0);
    b.unit = unit;
    if (first >= 0) b.group = [stub(first, endOf[first]), b];
    note(pass, b, unit);
    kept.push(b);
  }
  const r = assemble(kept, pass, lines, env, secretStore);
  return { findings: r.findings, sorted: r.sorted, lines, directiveLines };
}

/** Stands for a key's first block in a duplicate pair (only its lines are read). */
function stub(line: number, endLine: number): Block {
  return new Block({ entry: undefined, issues: NO_ISSUES, endLine, scannedTo: endLine, kind: 'entry' }, line, false);
}

/** Supabase keys and pooler users naming a project other than the file's project URLs (as checkSupabaseProjects). */
function supabaseMismatches(blocks: readonly Block[]): void {
  const refs = new Set<string>();
  for (const b of blocks) {
    const ref = b.unit!.urlRef;
    if (ref !== undefined) refs.add(ref);
  }
  if (refs.size === 0) return;
  let known: string[] | undefined;
  for (const b of blocks) {
    const claims = b.unit!.claims;
    if (claims === undefined) continue;
    for (const c of claims) {
      if (refs.has(c.match)) continue;
      known ??= [...refs];
      addExtra(b, {
        ruleId: MISMATCH.id,
        category: MISMATCH.category,
        severity: MISMATCH.severity,
        message: supabaseMismatchMessage(c, known),
        range: shiftRangeBy(c.range, b.line - b.at),
      });
    }
  }
}

function addExtra(b: Block, f: Finding): void {
  if (b.extra === undefined) b.extra = [f];
  else b.extra.push(f);
}

/** Start offsets of `count` lines of `text` (split at \n), plus `base`. */
function lineStarts(text: string, base: number, count: number): number[] {
  const out = new Array<number>(count);
  out[0] = base;
  let k = 1;
  for (let i = text.indexOf('\n'); i >= 0 && k < count; i = text.indexOf('\n', i + 1)) out[k++] = base + i + 1;
  return out;
}

/** `arr` with `remove` items at `at` replaced by `insert` (in place when small; spread arguments overflow on large inserts). */
function splice<T>(arr: T[], at: number, remove: number, insert: T[]): T[] {
  if (insert.length < 10_000) {
    arr.splice(at, remove, ...insert);
    return arr;
  }
  return arr.slice(0, at).concat(insert, arr.slice(at + remove));
}

const CHUNK = 8192;

/** Length of the common prefix (compares chunks first: string equality runs at memcmp speed). */
export function commonPrefix(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i + CHUNK <= n && a.slice(i, i + CHUNK) === b.slice(i, i + CHUNK)) i += CHUNK;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

/** Length of the common suffix, at most `max` characters. */
export function commonSuffix(a: string, b: string, max: number): number {
  const la = a.length;
  const lb = b.length;
  let i = 0;
  while (i + CHUNK <= max && a.slice(la - i - CHUNK, la - i) === b.slice(lb - i - CHUNK, lb - i)) i += CHUNK;
  while (i < max && a.charCodeAt(la - i - 1) === b.charCodeAt(lb - i - 1)) i++;
  return i;
}
