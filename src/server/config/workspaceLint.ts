/**
 * Linting files of a workspace (CLI, security report): walks directories, builds
 * each file's LintContext from the real files (git ignore, .env keys, Prisma env
 * names, file existence) and aggregates findings and scores.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseDotenv } from './dotenv';
import { GitIgnore } from './gitignore';
import { isLintable, lintDocument, type LintResult } from './lint';
import { readConfigFile } from './readFile';
import { scoreWorkspace } from './score';
import type { Finding, LintContext, RuleSettings } from './types';
import { readRegularText } from './regularFile';

export const SKIP_DIRS = new Set([
  'node_modules',
  '.git',
  '.hg',
  '.svn',
  'dist',
  'build',
  'out',
  '.next',
  '.nuxt',
  '.svelte-kit',
  'coverage',
  '.turbo',
  '.cache',
  'vendor',
  '.venv',
  'venv',
  '__pycache__',
  'target',
  '.terraform',
  '.idea',
  '.vscode-test',
  'bower_components',
  '.yarn',
  '.pnpm-store',
]);

export interface FileReport {
  /** Absolute path. */
  path: string;
  /** Relative to the root, with forward slashes. */
  file: string;
  ignored: boolean;
  score: number;
  penalty: number;
  problems: number;
  findings: Finding[];
  skipped?: string;
}

export interface WorkspaceReport {
  root: string;
  score: number;
  files: FileReport[];
}

/** Lintable files under `paths` (files or directories), sorted; symlinks are not followed. */
export function collectFiles(paths: string[], limit = 100_000): string[] {
  const out: string[] = [];
  const visit = (p: string, depth: number) => {
    if (out.length >= limit || depth > 40) return;
    let st: fs.Stats;
    try {
      st = fs.lstatSync(p);
    } catch {
      return;
    }
    if (st.isDirectory()) {
      let names: string[];
      try {
        names = fs.readdirSync(p);
      } catch {
        return;
      }
      for (const n of names.sort()) {
        if (SKIP_DIRS.has(n)) continue;
        visit(path.join(p, n), depth + 1);
      }
    } else if (st.isFile() && isLintable(p)) out.push(p);
  };
  for (const p of paths) {
    let st: fs.Stats | undefined;
    try {
      st = fs.statSync(p);
    } catch {
      st = undefined;
    }
    if (st?.isFile()) out.push(p);
    else visit(p, 0);
  }
  return [...new Set(out)];
}

export class WorkspaceLinter {
  readonly ignore = new GitIgnore();
  private readonly envKeys = new Map<string, Set<string>>();
  private readonly prismaVars = new Map<string, Set<string> | undefined>();

  constructor(
    readonly root: string,
    private readonly options: { rules?: RuleSettings; now?: () => number; findReferences?: LintContext['findReferences'] } = {},
  ) {}

  invalidate(): void {
    this.ignore.invalidate();
    this.envKeys.clear();
    this.prismaVars.clear();
  }

  contextFor(filePath: string): LintContext {
    const ignored = this.ignore.isIgnored(filePath, this.root);
    const envPath = path.join(this.root, '.env');
    return {
      filePath,
      root: this.root,
      ignored,
      rules: this.options.rules,
      fileExists: (p) => fs.existsSync(p),
      envFile: { path: envPath, keys: this.keysOf(envPath) },
      ignoreFix: ignored ? undefined : this.ignore.suggestIgnoreLine(filePath, this.root),
      prismaEnvVars: this.prismaEnvVars(),
      findReferences: this.options.findReferences,
      now: this.options.now,
    };
  }

  lintText(filePath: string, text: string): LintResult & { ctx: LintContext } {
    const ctx = this.contextFor(filePath);
    return { ...lintDocument(text, ctx), ctx };
  }

  lintFile(filePath: string): FileReport {
    const rel = path.relative(this.root, filePath).split(path.sep).join('/') || path.basename(filePath);
    const read = readConfigFile(filePath);
    if ('skipped' in read) {
      const ctx = this.contextFor(filePath);
      const f: Finding = {
        ruleId: 'file-skipped',
        category: 'dotenv_syntax',
        severity: 'information',
        message: `DB Pulse did not lint this file: ${read.skipped}`,
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      };
      const findings = ctx.rules?.['file-skipped'] === 'off' ? [] : [f];
      return { path: filePath, file: rel, ignored: ctx.ignored, score: 100, penalty: 0, problems: 0, findings, skipped: read.skipped };
    }
    const r = this.lintText(filePath, read.text);
    const findings = read.note
      ? [
          {
            ruleId: 'file-skipped',
            category: 'dotenv_syntax' as const,
            severity: 'information' as const,
            message: `DB Pulse read this file with a fallback: ${read.note}`,
            range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
          },
          ...r.findings,
        ]
      : r.findings;
    return {
      path: filePath,
      file: rel,
      ignored: r.ctx.ignored,
      score: r.score.score,
      penalty: r.score.penalty,
      problems: r.score.problems,
      findings,
      skipped: r.skipped,
    };
  }

  lintPaths(paths: string[], overrides?: Map<string, string>): WorkspaceReport {
    const files = collectFiles(paths.length ? paths : [this.root]).map((p) => {
      const text = overrides?.get(p);
      if (text === undefined) return this.lintFile(p);
      const r = this.lintText(p, text);
      return {
        path: p,
        file: path.relative(this.root, p).split(path.sep).join('/'),
        ignored: r.ctx.ignored,
        score: r.score.score,
        penalty: r.score.penalty,
        problems: r.score.problems,
        findings: r.findings,
        skipped: r.skipped,
      };
    });
    return { root: this.root, score: scoreWorkspace(files), files };
  }

  private keysOf(envPath: string): Set<string> {
    let keys = this.envKeys.get(envPath);
    if (!keys) {
      keys = new Set();
      // No .env yet (the fix creates it), or not a readable regular file: no keys.
      const text = readRegularText(envPath);
      if (text !== undefined) for (const e of parseDotenv(text).entries) keys.add(e.key);
      this.envKeys.set(envPath, keys);
    }
    return keys;
  }

  /** env("…") names of Prisma schemas at the usual places; undefined when the project has none. */
  prismaEnvVars(): Set<string> | undefined {
    if (this.prismaVars.has(this.root)) return this.prismaVars.get(this.root);
    let vars: Set<string> | undefined;
    for (const rel of ['prisma/schema.prisma', 'schema.prisma', 'prisma/schema']) {
      const p = path.join(this.root, rel);
      let texts: Array<string | undefined> = [];
      try {
        texts = fs.statSync(p).isDirectory()
          ? fs
              .readdirSync(p)
              .filter((n) => n.endsWith('.prisma'))
              .map((n) => readRegularText(path.join(p, n)))
          : [readRegularText(p)];
      } catch {
        continue;
      }
      if (texts.every((t) => t === undefined)) continue;
      vars ??= new Set();
      for (const t of texts) for (const m of (t ?? '').matchAll(/\benv\(\s*"([^"]+)"\s*\)/g)) vars.add(m[1]);
    }
    this.prismaVars.set(this.root, vars);
    return vars;
  }
}
