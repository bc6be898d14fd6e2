/**
 * dotenv linting memoized per entry: every rule that depends on one entry only
 * runs on a copy of the entry moved to line 0, and its findings are cached by
 * the entry's source text (per file context). Re-linting after a one-line edit
 * then re-runs rules for the changed entry only; the rest is lookups, shifting
 * line numbers, and the few whole-file checks (duplicates, Supabase project refs).
 */
import { entryRange, type DotenvDocument, type DotenvEntry } from './dotenv';
import { lineRange } from './lineIndex';
import type { RuleEnv } from './ruleEnv';
import { connectionsIn, checkConnections, type ConnectionSeen } from './rules/connectionRules';
import { checkDotenvHygiene, checkEntryHygiene } from './rules/dotenvRules';
import { checkCredentialsPath, checkSecrets, checkSupabaseProjects, type SupabaseKeySeen } from './rules/secretRules';
import { supabaseKeyInfo } from './jwt';
import type { Setting } from './settings';
import type { Finding, QuickFix, Range } from './types';

interface Unit {
  /** Findings as if the entry started on line 0. */
  findings: Finding[];
  secret: boolean;
  /** Takes part in the Supabase project cross-check. */
  supabase: boolean;
}

const MAX_CONTEXTS = 8;
const MAX_UNITS = 200_000;
const caches = new Map<string, Map<string, Unit>>();
const NO_SIBLINGS: ReadonlySet<string> = new Set();

function cacheFor(env: RuleEnv): Map<string, Unit> {
  const c = env.ctx;
  const sig = [c.filePath, c.ignored, env.info.template, env.secretStore, c.ignoreFix?.gitignorePath, c.ignoreFix?.line, c.envFile?.path, c.prismaEnvVars ? [...c.prismaEnvVars].sort().join(',') : '-'].join('\u0000');
  let m = caches.get(sig);
  if (m) {
    caches.delete(sig); // keep most recent last
    caches.set(sig, m);
  } else {
    if (caches.size >= MAX_CONTEXTS) caches.delete(caches.keys().next().value as string);
    m = new Map();
    caches.set(sig, m);
  }
  if (m.size > MAX_UNITS) m.clear();
  return m;
}

/** Forget memoized results (tests, or after settings that change rule behaviour). */
export function clearDotenvCache(): void {
  caches.clear();
}

export function settingOf(e: DotenvEntry): Setting {
  return {
    key: e.key,
    path: [e.key],
    value: e.value,
    text: e.raw,
    exact: true,
    locate: (s, end) => entryRange(e, s, end),
    valueRange: e.valueRange,
    keyRange: lineRange(e.line, e.keyStart, e.keyEnd),
    quote: e.quote,
  };
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

/** Results that depend on the workspace or the clock are not cached. */
function cacheable(e: DotenvEntry): boolean {
  return e.raw.indexOf('eyJ') < 0 && !/CREDENTIALS|KEYFILE|_PATH$/.test(e.key) && !/^(NEXT_PUBLIC|VITE|REACT_APP|EXPO_PUBLIC|NUXT_PUBLIC|GATSBY|PUBLIC|VUE_APP|STORYBOOK)_/.test(e.key);
}

const scratch = new Set<string>();

function computeUnit(env: RuleEnv, e0: DotenvEntry, lines: string[]): Unit {
  const e = moved(e0, -e0.line);
  scratch.clear();
  // A literal, not a spread (slow on Node 20); `reported` only matters within one entry.
  const sub: RuleEnv = { ctx: env.ctx, info: env.info, findings: [], secretSeen: { value: false }, reported: scratch, secretStore: env.secretStore, now: env.now };
  checkEntryHygiene(sub, e, lines[e0.line]);
  let supabase = /\.supabase\.(co|in|net)\b|postgres\.[a-z0-9]{20}\b/.test(e.raw);
  if (e.hasAssignment) {
    const s = settingOf(e);
    const conns: ConnectionSeen[] = [];
    const keys: SupabaseKeySeen[] = [];
    checkConnections(sub, s, conns);
    checkSecrets(sub, s, NO_SIBLINGS, keys, {});
    checkCredentialsPath(sub, s);
    supabase = supabase || keys.some((k) => k.info.ref !== undefined);
  }
  return { findings: sub.findings, secret: sub.secretSeen.value, supabase };
}

function shiftRange(r: Range, by: number): Range {
  return { start: { line: r.start.line + by, character: r.start.character }, end: { line: r.end.line + by, character: r.end.character } };
}

function shiftFinding(f: Finding, by: number): Finding {
  if (by === 0) return f;
  // Literal objects, not spreads: this runs per finding on every re-lint.
  const out: Finding = { ruleId: f.ruleId, category: f.category, severity: f.severity, message: f.message, range: shiftRange(f.range, by) };
  if (f.fixes) {
    out.fixes = f.fixes.map((q): QuickFix => {
      const fix: QuickFix = { title: q.title, edits: q.edits.map((ed) => (ed.file || ed.append ? ed : { range: shiftRange(ed.range, by), newText: ed.newText })) };
      if (q.isPreferred !== undefined) fix.isPreferred = q.isPreferred;
      return fix;
    });
  }
  return out;
}

export function lintDotenvEntries(env: RuleEnv, doc: DotenvDocument): void {
  const cache = cacheFor(env);
  const lines = doc.lines;
  const supabaseEntries: DotenvEntry[] = [];
  for (const e of doc.entries) {
    const key = e.endLine === e.line ? lines[e.line] : lines.slice(e.line, e.endLine + 1).join('\n');
    let unit = cache.get(key);
    if (!unit) {
      unit = computeUnit(env, e, lines);
      if (cacheable(e)) cache.set(key, unit);
    }
    for (const f of unit.findings) env.findings.push(shiftFinding(f, e.line));
    if (unit.secret) env.secretSeen.value = true;
    if (unit.supabase) supabaseEntries.push(e);
  }
  checkDotenvHygiene(env, doc, false);
  if (supabaseEntries.length > 1) {
    const settings = supabaseEntries.filter((e) => e.hasAssignment).map(settingOf);
    const keys: SupabaseKeySeen[] = [];
    const conns: ConnectionSeen[] = [];
    for (const s of settings) {
      const info = supabaseKeyInfo(s.value);
      if (info) keys.push({ setting: s, info });
      for (const conn of connectionsIn(s)) conns.push({ setting: s, conn });
    }
    checkSupabaseProjects(env, settings, keys, conns);
  }
}
