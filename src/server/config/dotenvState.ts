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
import { parseBlock, splitLines, type DotenvBlock, type DotenvEntry } from './dotenv';
import { compareFindings, computeBlockUnit, isVolatile, settingOf, shiftFinding, type BlockUnit, type ContextHolder } from './dotenvLint';
import type { FileInfo } from './fileKind';
import { ignoreFix, add, fileRange, type RuleEnv } from './ruleEnv';
import { connectionsIn, type ConnectionSeen } from './rules/connectionRules';
import { duplicateKeyFinding } from './rules/dotenvRules';
import { checkSupabaseProjects, type SupabaseKeySeen } from './rules/secretRules';
import { supabaseKeyInfo } from './jwt';
import type { Setting } from './settings';
import type { Finding, LintContext } from './types';

interface Block {
  /** First line (absolute, kept current when lines move). */
  line: number;
  /** endLine - line. */
  span: number;
  /** The block read to the end of the file (an unclosed quote): any later edit can change it. */
  toEof: boolean;
  /** Entry relative to `line` (line 0), or none. */
  entry: DotenvEntry | undefined;
  parsed: DotenvBlock;
  /** Per-block findings (relative); undefined: not computed for the current context yet. */
  unit: BlockUnit | undefined;
  volatile: boolean;
  /** Blocks with the same key, in line order (duplicates). */
  group: Block[] | undefined;
  /** `unit.findings` shifted to `absLine`. */
  abs: Finding[] | undefined;
  absLine: number;
  /** One of its lines carries a `dbpulse-ignore` comment. */
  directive: boolean;
}

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
  private readonly groups = new Map<string, Block[]>();
  private readonly holder: ContextHolder;
  private signature: string;
  private directives = 0;
  private eofBlocks = 0;
  /** Blocks re-linted by the last update (for tests and the benchmark). */
  relinted = 0;

  constructor(
    text: string,
    ctx: LintContext,
    private readonly info: FileInfo,
    private readonly secretStore: boolean,
  ) {
    this.holder = { ctx };
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
    while (n < limit) {
      if (stop(n)) break;
      const parsed: DotenvBlock = { entry: undefined, issues: [], endLine: n, scannedTo: n, kind: 'blank' };
      parseBlock(lines, n, n, parsed);
      let directive = false;
      for (let k = n; k <= parsed.endLine; k++) if (lines[k].indexOf(DIRECTIVE) >= 0) directive = true;
      out.push({
        line: n,
        span: parsed.endLine - n,
        toEof: parsed.scannedTo > parsed.endLine,
        entry: parsed.entry,
        parsed,
        unit: undefined,
        volatile: isVolatile(parsed.entry),
        group: undefined,
        abs: undefined,
        absLine: -1,
        directive,
      });
      n = parsed.endLine + 1;
    }
    return out;
  }

  /** Registers a block in the cross-block maps (its line must be current). */
  private enter(b: Block): void {
    if (b.directive) this.directives++;
    if (b.toEof) this.eofBlocks++;
    const e = b.entry;
    if (!e) return;
    let g = this.groups.get(e.key);
    if (!g) this.groups.set(e.key, (g = []));
    let i = g.length;
    while (i > 0 && g[i - 1].line > b.line) i--;
    g.splice(i, 0, b);
    b.group = g;
  }

  private leave(b: Block): void {
    if (b.directive) this.directives--;
    if (b.toEof) this.eofBlocks--;
    const g = b.group;
    if (!g) return;
    const i = g.indexOf(b);
    if (i >= 0) g.splice(i, 1);
    if (g.length === 0 && b.entry) this.groups.delete(b.entry.key);
    b.group = undefined;
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

  /** Every finding of the document in order (before suppression comments and rule settings). */
  findings(): Finding[] {
    const ctx = this.holder.ctx;
    const filePath = ctx.filePath;
    const lines = this.lines;
    let relinted = 0;
    let secret = false;
    let supabase: Block[] | undefined;
    for (const b of this.blocks) {
      if (!b.unit || b.volatile) {
        b.unit = computeBlockUnit(this.holder, this.info, this.secretStore, b.parsed, lines[b.line]);
        b.abs = undefined;
        relinted++;
      }
      if (b.unit.secret) secret = true;
      if (b.unit.supabase) (supabase ??= []).push(b);
    }
    this.relinted = relinted;
    const extras = new Map<Block, Finding[]>();
    const extra = (b: Block, f: Finding) => {
      const list = extras.get(b);
      if (list) list.push(f);
      else extras.set(b, [f]);
    };
    if (secret && this.secretStore && !ctx.ignored && this.blocks.length > 0) extra(this.blocks[0], this.notIgnoredFinding());
    if (supabase && supabase.length > 1) for (const [b, f] of this.supabaseFindings(supabase)) extra(b, f);

    const out: Finding[] = [];
    for (const b of this.blocks) {
      const unit = b.unit!;
      if (b.abs === undefined || b.absLine !== b.line) {
        const rel = unit.findings;
        if (b.line === 0) b.abs = rel;
        else {
          const abs = new Array<Finding>(rel.length);
          for (let x = 0; x < rel.length; x++) abs[x] = shiftFinding(rel[x], b.line, filePath);
          b.abs = abs;
        }
        b.absLine = b.line;
      }
      const g = b.group;
      if (g !== undefined && g.length > 1 && g[0] !== b) {
        const first = g[0];
        const e = b.entry!;
        extra(b, duplicateKeyFinding(e.key, b.line, e.keyStart, e.keyEnd, b.line + b.span, first.line, first.line + first.span, lines));
      }
      const more = extras.get(b);
      if (more) {
        const merged = b.abs.concat(more).sort(compareFindings);
        for (const f of merged) out.push(f);
      } else {
        const abs = b.abs;
        for (let x = 0; x < abs.length; x++) out.push(abs[x]);
      }
    }
    return out;
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

  private notIgnoredFinding(): Finding {
    const env = this.scratchEnv();
    add(env, 'secret-file-not-ignored', fileRange(this.lines[0] ?? ''), `${path.basename(env.ctx.filePath)} holds secrets but .gitignore does not cover it: git would commit it`, {
      fixes: () => {
        const fix = ignoreFix(env);
        return fix ? [fix] : [];
      },
    });
    return env.findings[0];
  }

  /** Supabase keys and connection users checked against the project URLs of the file (absolute positions). */
  private supabaseFindings(blocks: Block[]): Array<[Block, Finding]> {
    const env = this.scratchEnv();
    const settings: Setting[] = [];
    const owner: Block[] = [];
    for (const b of blocks) {
      const e = b.entry;
      if (!e || !e.hasAssignment) continue;
      settings.push(settingOf(moved(e, b.line)));
      owner.push(b);
    }
    const keys: SupabaseKeySeen[] = [];
    const conns: ConnectionSeen[] = [];
    for (const s of settings) {
      const info = supabaseKeyInfo(s.value);
      if (info) keys.push({ setting: s, info });
      for (const conn of connectionsIn(s)) conns.push({ setting: s, conn });
    }
    checkSupabaseProjects(env, settings, keys, conns);
    return env.findings.map((f) => [owner[Math.max(0, settings.findIndex((s) => s.valueRange.start.line <= f.range.start.line && f.range.start.line <= s.valueRange.end.line))] ?? blocks[0], f]);
  }

  private scratchEnv(): RuleEnv {
    const holder = this.holder;
    return {
      get ctx() {
        return holder.ctx;
      },
      info: this.info,
      findings: [],
      secretSeen: { value: false },
      reported: new Set(),
      secretStore: this.secretStore,
      now: () => (holder.ctx.now ?? Date.now)(),
    };
  }
}

function moved(e: DotenvEntry, by: number): DotenvEntry {
  if (by === 0) return e;
  const r = e.valueRange;
  const out = Object.assign({}, e);
  out.line = e.line + by;
  out.valueLine = e.valueLine + by;
  out.endLine = e.endLine + by;
  out.valueRange = { start: { line: r.start.line + by, character: r.start.character }, end: { line: r.end.line + by, character: r.end.character } };
  return out;
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

const CHUNK = 1024;

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
