/**
 * Would git commit this file? Git's ignore semantics over an injectable file
 * reader: `.gitignore` in every directory from the repository root down (deeper
 * files win), `.git/info/exclude` below them, negation, anchoring, directory-only
 * patterns, `**`, escapes (./gitignorePattern). A file inside an excluded
 * directory cannot be re-included, as in git. Checked against git itself by a
 * differential test (test/unit/config/gitignore.git.test.ts).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { compileGitignore, matchRules, type IgnoreRule } from './gitignorePattern';
import { readRegularText } from './regularFile';

type Ignore = IgnoreRule[];

export interface IgnoreReader {
  /** Text of a file, or undefined when it does not exist or cannot be read. */
  readFile(absolutePath: string): string | undefined;
  /** Whether a path exists (file or directory). */
  exists(absolutePath: string): boolean;
}

export const diskReader: IgnoreReader = {
  readFile: (p) => readRegularText(p),
  exists: (p) => fs.existsSync(p),
};

export interface IgnoreOptions {
  /** git's core.ignoreCase; defaults to false on Linux, true elsewhere (what `git init` picks). */
  ignoreCase?: boolean;
}

export class GitIgnore {
  private readonly sources = new Map<string, Ignore | null>();
  private readonly gitRoots = new Map<string, string | undefined>();

  constructor(
    private readonly reader: IgnoreReader = diskReader,
    private readonly options: IgnoreOptions = {},
  ) {}

  /** Forget cached files (a .gitignore changed on disk). */
  invalidate(): void {
    this.sources.clear();
    this.gitRoots.clear();
  }

  /** The repository root above `absPath` (the nearest directory holding `.git`), if any. */
  repoRoot(absPath: string, fallback?: string): string | undefined {
    let dir = path.dirname(absPath);
    const seen: string[] = [];
    for (;;) {
      if (this.gitRoots.has(dir)) {
        const r = this.gitRoots.get(dir);
        for (const s of seen) this.gitRoots.set(s, r);
        return r ?? fallback;
      }
      seen.push(dir);
      if (this.reader.exists(path.join(dir, '.git'))) {
        for (const s of seen) this.gitRoots.set(s, dir);
        return dir;
      }
      const up = path.dirname(dir);
      if (up === dir) {
        for (const s of seen) this.gitRoots.set(s, undefined);
        return fallback;
      }
      dir = up;
    }
  }

  /**
   * True when git would not add `absPath`. `root` is the repository (or, with no
   * `.git`, workspace) root; paths outside it are never ignored.
   */
  isIgnored(absPath: string, root?: string, isDir = false): boolean {
    const repo = this.repoRoot(absPath, root);
    if (!repo) return false;
    const rel = toPosix(path.relative(repo, absPath));
    if (!rel || rel.startsWith('../') || rel === '..' || path.isAbsolute(rel)) return false;
    const parts = rel.split('/');
    if (parts.includes('.git')) return true;
    for (let i = 1; i < parts.length; i++) {
      if (this.decide(repo, parts.slice(0, i), true)) return true;
    }
    return this.decide(repo, parts, isDir);
  }

  /**
   * Where to add a line so that git ignores `absPath`: the deepest existing
   * `.gitignore` between the repository root and the file (so no deeper negation
   * overrides it), or a new one at the root.
   */
  suggestIgnoreLine(absPath: string, root?: string): { gitignorePath: string; line: string } | undefined {
    const repo = this.repoRoot(absPath, root);
    if (!repo) return undefined;
    const rel = toPosix(path.relative(repo, absPath));
    if (!rel || rel.startsWith('..')) return undefined;
    const parts = rel.split('/');
    let dirParts: string[] = [];
    for (let i = parts.length - 1; i >= 0; i--) {
      const candidate = parts.slice(0, i);
      if (this.source(repo, candidate.join('/')) !== null) {
        dirParts = candidate;
        break;
      }
    }
    const sub = parts.slice(dirParts.length).join('/');
    return { gitignorePath: path.join(repo, ...dirParts, '.gitignore'), line: '/' + escapePattern(sub) };
  }

  private decide(repo: string, parts: string[], isDir: boolean): boolean {
    // Deepest .gitignore first (a directory's own .gitignore applies to its contents).
    for (let depth = parts.length - 1; depth >= 0; depth--) {
      const ig = this.source(repo, parts.slice(0, depth).join('/'));
      if (!ig) continue;
      const r = matchRules(ig, parts.slice(depth).join('/'), isDir);
      if (r !== undefined) return r;
    }
    const exclude = this.exclude(repo);
    if (exclude) return matchRules(exclude, parts.join('/'), isDir) ?? false;
    return false;
  }

  private source(repo: string, relDir: string): Ignore | null {
    const key = repo + '\0' + relDir;
    let ig = this.sources.get(key);
    if (ig === undefined) {
      const text = this.reader.readFile(path.join(repo, relDir, '.gitignore'));
      ig = text === undefined ? null : this.compile(text);
      this.sources.set(key, ig);
    }
    return ig;
  }

  private exclude(repo: string): Ignore | null {
    const key = repo + '\0.git/info/exclude';
    let ig = this.sources.get(key);
    if (ig === undefined) {
      const text = this.reader.readFile(path.join(repo, '.git', 'info', 'exclude'));
      ig = text === undefined ? null : this.compile(text);
      this.sources.set(key, ig);
    }
    return ig;
  }

  private compile(text: string): Ignore {
    return compileGitignore(text, this.options.ignoreCase ?? process.platform !== 'linux');
  }
}

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

/** Escapes characters special in a gitignore pattern. */
export function escapePattern(p: string): string {
  return p.replace(/[\\*?[\]!#]/g, (c) => '\\' + c).replace(/ $/, '\\ ');
}

/** Convenience for callers with no cache: the disk, as git sees it. */
export function isIgnoredByGit(root: string, filePath: string): boolean {
  return new GitIgnore().isIgnored(filePath, root);
}
