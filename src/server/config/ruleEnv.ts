/** What every rule gets: the file's context and a way to add findings (with catalog defaults). */
import * as path from 'node:path';
import type { FileInfo } from './fileKind';
import { ruleMeta } from './ruleCatalog';
import type { Setting } from './settings';
import type { Finding, FileEdit, LintContext, QuickFix, Range, Severity } from './types';

export interface RuleEnv {
  ctx: LintContext;
  info: FileInfo;
  findings: Finding[];
  /** Set by rules that saw a real (literal, non-placeholder) secret in this file. */
  secretSeen: { value: boolean };
  /** Ranges of settings already reported as secrets (avoids two findings for one value). */
  reported: Set<string>;
  /** A file meant to hold secrets (dotenv, service-account key, secrets.json): the fix is to ignore it, not to move values out. */
  secretStore: boolean;
  now(): number;
}

export function newEnv(ctx: LintContext, info: FileInfo): RuleEnv {
  return {
    ctx,
    info,
    findings: [],
    secretSeen: { value: false },
    reported: new Set(),
    secretStore: isSecretStore(ctx, info),
    now: ctx.now ?? Date.now,
  };
}

/** A file meant to hold secrets (dotenv, service-account key, secrets.json): the fix is to ignore it, not to move values out. */
export function isSecretStore(ctx: LintContext, info: FileInfo): boolean {
  return (
    (info.kind === 'dotenv' && !info.template) ||
    (info.kind === 'json' && /secret|credential|service[-_]?account|adminsdk|private[-_]?key/i.test(path.basename(ctx.filePath)))
  );
}

/** What `add` takes besides the range and message: a severity override and a fix factory (called only when fixes are asked for). */
export interface AddOptions {
  severity?: Severity;
  fixes?: () => QuickFix[];
}

const NO_OPTIONS: AddOptions = {};

export function add(env: RuleEnv, ruleId: string, range: Range, message: string, opts: AddOptions = NO_OPTIONS): void {
  const meta = ruleMeta(ruleId);
  if (!meta) throw new Error(`unknown rule ${ruleId}`);
  const f: Finding = { ruleId, category: meta.category, severity: opts.severity ?? meta.severity, message, range };
  if (opts.fixes) f.makeFixes = opts.fixes;
  env.findings.push(f);
}

export function rangeKey(r: Range): string {
  return `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
}

/** Severity of a literal secret: committed → the rule's severity; git-ignored → information. */
export function exposureSeverity(env: RuleEnv, committed: Severity): Severity {
  return env.ctx.ignored && !env.info.template ? 'information' : committed;
}

/** Fix: add the file to .gitignore (when the caller computed where). */
export function ignoreFix(env: RuleEnv): QuickFix | undefined {
  const f = env.ctx.ignoreFix;
  if (!f || env.ctx.ignored || env.info.template || !env.secretStore) return undefined;
  const where = env.ctx.root ? path.relative(env.ctx.root, f.gitignorePath) || '.gitignore' : f.gitignorePath;
  return {
    title: `Add ${f.line} to ${where}`,
    edits: [{ file: f.gitignorePath, append: true, newText: f.line + '\n', range: zeroRange() }],
    isPreferred: true,
  };
}

export function zeroRange(): Range {
  return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
}

/** The first line of the file, for file-level findings. */
export function fileRange(firstLine: string): Range {
  return { start: { line: 0, character: 0 }, end: { line: 0, character: Math.max(0, firstLine.length) } };
}

/** How this file refers to an environment variable, or undefined when its format cannot. */
export function envReference(env: RuleEnv, name: string): { inString: string; wholeValue?: string } | undefined {
  const { info } = env;
  if (info.kind === 'compose' || info.spring || info.kind === 'properties') return { inString: '${' + name + '}' };
  if (info.rails) return { inString: `<%= ENV["${name}"] %>` };
  if (info.kind === 'prisma') return { inString: '', wholeValue: `env("${name}")` };
  if (info.supabaseConfig) return { inString: '', wholeValue: `"env(${name})"` };
  return undefined;
}

/** Where moved secrets go: compose reads the .env beside the compose file; others use the workspace .env. */
export function envFilePath(env: RuleEnv): string {
  if (env.info.kind === 'compose') return path.join(path.dirname(env.ctx.filePath), '.env');
  if (env.ctx.envFile) return env.ctx.envFile.path;
  return path.join(env.ctx.root ?? path.dirname(env.ctx.filePath), '.env');
}

export function freeEnvName(env: RuleEnv, wanted: string): string {
  const keys = env.ctx.envFile?.keys;
  if (!keys || !keys.has(wanted)) return wanted;
  for (let i = 2; ; i++) if (!keys.has(`${wanted}_${i}`)) return `${wanted}_${i}`;
}

/** A dotenv line for `name=value`, quoted when needed. */
export function dotenvLine(name: string, value: string): string {
  if (/^[A-Za-z0-9_./:@%+=,-]*$/.test(value)) return `${name}=${value}\n`;
  if (!value.includes("'") && !value.includes('\n')) return `${name}='${value}'\n`;
  return `${name}="${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"\n`;
}

/**
 * Fix: move a literal into .env and reference it. `part` is a span inside the
 * setting's text (e.g. a URL's password); absent means the whole value.
 */
export function moveToEnvFix(
  env: RuleEnv,
  setting: Setting,
  wantedName: string,
  part?: { start: number; end: number },
): QuickFix | undefined {
  const name = freeEnvName(env, wantedName);
  const ref = envReference(env, name);
  if (!ref) return undefined;
  const target = envFilePath(env);
  const edits: FileEdit[] = [];
  if (ref.wholeValue !== undefined) {
    edits.push({ range: setting.valueRange, newText: ref.wholeValue });
    edits.push({ file: target, append: true, newText: dotenvLine(name, setting.value), range: zeroRange() });
  } else {
    if (part && !setting.exact) return undefined;
    const range = part ? setting.locate(part.start, part.end) : setting.exact ? setting.locate(0, setting.text.length) : setting.valueRange;
    const literal = part ? setting.text.slice(part.start, part.end) : setting.value;
    const needsQuotes = !part && !setting.exact && setting.quote === '';
    edits.push({ range, newText: needsQuotes ? `"${ref.inString}"` : ref.inString });
    edits.push({ file: target, append: true, newText: dotenvLine(name, literal), range: zeroRange() });
  }
  const rel = env.ctx.root ? path.relative(env.ctx.root, target) : path.basename(target);
  return { title: `Move the value to ${rel} as ${name} and reference it`, edits, isPreferred: true };
}

/** Suggested variable name for a setting's secret. */
export function suggestName(setting: Setting, fallback: string): string {
  const key = setting.key
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .toUpperCase()
    .replace(/^_+|_+$/g, '');
  if (!key || /^\d/.test(key)) return fallback;
  const parent = setting.path.length >= 2 ? setting.path[setting.path.length - 2] : '';
  if (
    /^(PASSWORD|PASS|PWD|SECRET|TOKEN|URL)$/.test(key) &&
    parent &&
    !/^\d+$/.test(parent) &&
    !/^(environment|datasource|default|development|production|test|staging)$/i.test(parent)
  ) {
    return `${parent.replace(/[^A-Za-z0-9]+/g, '_').toUpperCase()}_${key}`;
  }
  return key;
}

/** "a" or "an" before a noun phrase. */
export function article(noun: string): string {
  return /^[aeiouAEIOU]/.test(noun) ? `an ${noun}` : `a ${noun}`;
}
