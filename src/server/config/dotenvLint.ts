/**
 * dotenv rules for one parse block (an entry, or a blank/comment/invalid line).
 * The incremental model (dotenvState.ts) keeps each block's findings at the
 * line the block was parsed at and only shifts them when lines move.
 * Cross-block checks (duplicate keys, Supabase project refs, "file holds
 * secrets") are the model's job. Quick fixes are rebuilt on demand by running
 * the block's rules again, so no rule state outlives the lint.
 */
import type { DotenvBlock, DotenvEntry } from './dotenv';
import { detachEntry, entryRange } from './dotenv';
import type { FileInfo } from './fileKind';
import { lineRange } from './lineIndex';
import type { RuleEnv } from './ruleEnv';
import { checkConnections, type ConnectionSeen } from './rules/connectionRules';
import { checkEntryHygiene, lineIssueFinding } from './rules/dotenvRules';
import { checkCredentialsPath, checkSecrets, supabaseClaims, supabaseUrlRef, type SupabaseKeySeen } from './rules/secretRules';
import { settingRulesApply } from './settingPrefilter';
import type { Setting } from './settings';
import type { Finding, LintContext, QuickFix, Range } from './types';

/** Findings of one block at the line it was parsed at (`DotenvBlock` positions), in document order. */
export interface BlockUnit {
  findings: Finding[];
  /** The block holds a real secret (the file then needs to be git-ignored). */
  secret: boolean;
  /** Takes part in the Supabase project cross-check. */
  supabase: boolean;
  /** Project ref of a Supabase URL setting. */
  urlRef: string | undefined;
  /** Keys and connection users that name a Supabase project (checked against the file's URLs). */
  claims: BlockClaim[] | undefined;
}

export interface BlockClaim {
  kind: 'key' | 'conn';
  key: string;
  ref: string;
  match: string;
  range: Range;
}

/** Where rules read the file's context; the model swaps `ctx` when it changes, so fixes built later see the current one. */
export interface ContextHolder {
  ctx: LintContext;
}

/**
 * The RuleEnv of one document's blocks: rules add to `findings`, which the
 * model takes and replaces per block; the context is read through the holder
 * (late-bound, for fixes built on demand).
 */
export class BlockEnv implements RuleEnv {
  findings: Finding[] = [];
  readonly secretSeen = { value: false };
  readonly reported = new Set<string>();
  /** Scratch: connection strings and Supabase keys of the block being linted. */
  readonly conns: ConnectionSeen[] = [];
  readonly keys: SupabaseKeySeen[] = [];
  /** Scratch for the cross-block facts of the block being linted. */
  readonly cross: CrossBlock = { supabase: false, urlRef: undefined, claims: undefined };
  constructor(
    private readonly holder: ContextHolder,
    readonly info: FileInfo,
    readonly secretStore: boolean,
  ) {}
  get ctx(): LintContext {
    return this.holder.ctx;
  }
  now(): number {
    const now = this.holder.ctx.now;
    return now ? now() : Date.now();
  }
}

/**
 * A dotenv entry as a setting: `locate` is a method (no closure per entry);
 * the path and ranges, which few rules read, are built on first read.
 */
class EntrySetting implements Setting {
  readonly key: string;
  readonly value: string;
  readonly text: string;
  readonly exact = true;
  readonly quote: Setting['quote'];
  private path_: string[] | undefined = undefined;
  private valueRange_: Range | undefined = undefined;
  private keyRange_: Range | undefined = undefined;

  constructor(private readonly e: DotenvEntry) {
    this.key = e.key;
    this.text = e.raw;
    this.value = e.quote === '"' ? e.value : this.text; // only double quotes decode
    this.quote = e.quote;
  }

  get path(): string[] {
    return (this.path_ ??= [this.key]);
  }

  get valueRange(): Range {
    return (this.valueRange_ ??= this.e.valueRange);
  }

  get keyRange(): Range {
    return (this.keyRange_ ??= lineRange(this.e.line, this.e.keyStart, this.e.keyEnd));
  }

  locate(start: number, end: number): Range {
    return entryRange(this.e, start, end);
  }
}

export function settingOf(e: DotenvEntry): Setting {
  return new EntrySetting(e);
}

const NO_SIBLINGS: ReadonlySet<string> = new Set();
const NO_OPTIONS = {};
const SUPABASE_HINT = /\.supabase\.(co|in|net)\b|postgres\.[a-z0-9]{20}\b/;
const VOLATILE_KEY = /CREDENTIALS|KEYFILE|_PATH$/;

/**
 * Results that depend on more than the block's text and the file's context
 * signature: the clock (JWT expiry) and the file system (credential paths).
 * The model recomputes these blocks on every lint.
 */
export function isVolatile(e: DotenvEntry | undefined): boolean {
  return e !== undefined && e.hasAssignment && (VOLATILE_KEY.test(e.key) || e.raw.indexOf('eyJ') >= 0);
}

export function compareFindings(a: Finding, b: Finding): number {
  return (
    a.range.start.line - b.range.start.line ||
    a.range.start.character - b.range.start.character ||
    (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0)
  );
}

const NO_FINDINGS: Finding[] = [];

/** The unit of a block without findings or cross-block roles (most blocks): shared, never mutated. */
export const QUIET_UNIT: BlockUnit = Object.freeze({
  findings: NO_FINDINGS,
  secret: false,
  supabase: false,
  urlRef: undefined,
  claims: undefined,
});

/** What the cross-block checks need from the last `computeRules` (fields, not a returned object: this runs per block). */
interface CrossBlock {
  supabase: boolean;
  urlRef: string | undefined;
  claims: BlockClaim[] | undefined;
}

/** The block's rules into `env.findings`; what the cross-block checks need goes to `out`. */
function computeRules(env: BlockEnv, block: DotenvBlock, firstLine: string, out: CrossBlock): void {
  if (env.reported.size > 0) env.reported.clear(); // `reported` only matters within one entry
  env.secretSeen.value = false;
  out.supabase = false;
  out.urlRef = undefined;
  out.claims = undefined;
  const issues = block.issues;
  for (let i = 0; i < issues.length; i++) env.findings.push(lineIssueFinding(issues[i]));
  const e = block.entry;
  if (!e) return;
  checkEntryHygiene(env, e, firstLine);
  const raw = e.raw; // derived on each read: read once
  let supabase = SUPABASE_HINT.test(raw);
  // Most entries (`PORT=3000`) cannot interest the setting rules: no Setting, no value scans.
  if (!e.hasAssignment || !settingRulesApply(e.key, raw, e.quote === '"' ? e.value : raw)) {
    out.supabase = supabase;
    return;
  }
  const s = settingOf(e);
  // Scratch lists (read right here, before the next block).
  const conns = env.conns;
  const keys = env.keys;
  if (conns.length > 0) conns.length = 0;
  if (keys.length > 0) keys.length = 0;
  checkConnections(env, s, conns);
  checkSecrets(env, s, NO_SIBLINGS, keys, NO_OPTIONS);
  checkCredentialsPath(env, s);
  for (const k of keys) if (k.info.ref !== undefined) supabase = true;
  out.supabase = supabase;
  if (supabase) {
    out.urlRef = supabaseUrlRef(s);
    for (const c of supabaseClaims(keys, conns))
      (out.claims ??= []).push({ kind: c.kind, key: s.key, ref: c.ref, match: c.match, range: c.range });
  }
}

/**
 * Runs every single-block rule on a block (`firstLine` is the text of its first
 * line). `stable`: the block object stays as it is (the model's blocks); false
 * for a scratch block, which the fixes then copy.
 */
export function computeBlockUnit(env: BlockEnv, block: DotenvBlock, firstLine: string, stable = true): BlockUnit {
  const cross = env.cross;
  computeRules(env, block, firstLine, cross);
  let findings = env.findings;
  const secret = env.secretSeen.value;
  if (findings.length === 0) {
    if (!secret && !cross.supabase) return QUIET_UNIT;
    findings = NO_FINDINGS;
  } else {
    env.findings = [];
    if (findings.length > 1) findings.sort(compareFindings);
    // The rules' fix closures hold their whole working state (settings, parsed URLs); keep a small
    // closure that runs the block's rules again when fixes are asked for, so that state dies young.
    let kept: DotenvBlock | undefined;
    for (const f of findings) {
      if (!f.makeFixes) continue;
      kept ??= stable
        ? block
        : {
            entry: detachEntry(block.entry),
            issues: block.issues.slice(),
            endLine: block.endLine,
            scannedTo: block.scannedTo,
            kind: block.kind,
          };
      f.makeFixes = refixer(env, kept, firstLine, f);
    }
  }
  return { findings, secret, supabase: cross.supabase, urlRef: cross.urlRef, claims: cross.claims };
}

function refixer(env: BlockEnv, block: DotenvBlock, firstLine: string, f: Finding): () => QuickFix[] {
  return () => {
    const saved = env.findings;
    env.findings = [];
    try {
      computeRules(env, block, firstLine, { supabase: false, urlRef: undefined, claims: undefined });
      const again = env.findings.find((g) => g.ruleId === f.ruleId && g.message === f.message && sameRange(g.range, f.range));
      return again?.makeFixes ? again.makeFixes() : [];
    } finally {
      env.findings = saved;
    }
  };
}

function shiftRange(r: Range, by: number): Range {
  return { start: { line: r.start.line + by, character: r.start.character }, end: { line: r.end.line + by, character: r.end.character } };
}

/**
 * A block's finding moved down by `by` lines. Fix edits in the linted file
 * (no `file`, not appended) move with it; the factory still runs only on demand.
 * `filePath` drops a found reference that is the renamed definition itself.
 */
export function shiftFinding(f: Finding, by: number, filePath: string): Finding {
  return by === 0 ? f : moveFinding(f, by, filePath);
}

export function shiftRangeBy(r: Range, by: number): Range {
  return by === 0 ? r : shiftRange(r, by);
}

function moveFinding(f: Finding, by: number, filePath: string): Finding {
  // A literal, not a spread: this runs per finding whenever lines move.
  const out: Finding = { ruleId: f.ruleId, category: f.category, severity: f.severity, message: f.message, range: shiftRange(f.range, by) };
  const make = f.makeFixes;
  if (make) {
    out.makeFixes = () =>
      make().map((q) => {
        const edits: typeof q.edits = [];
        for (const ed of q.edits) {
          const moved = ed.file || ed.append ? ed : { range: shiftRange(ed.range, by), newText: ed.newText };
          // A reference search finds the definition too; it is already edited as the key.
          const own = moved.file === filePath && !moved.append;
          if (own && edits.some((x) => !x.file && sameRange(x.range, moved.range))) continue;
          edits.push(moved);
        }
        return q.isPreferred === undefined ? { title: q.title, edits } : { title: q.title, edits, isPreferred: q.isPreferred };
      });
  }
  return out;
}

function sameRange(a: Range, b: Range): boolean {
  return (
    a.start.line === b.start.line &&
    a.start.character === b.start.character &&
    a.end.line === b.end.line &&
    a.end.character === b.end.character
  );
}
