/** Where a variable name is used in a workspace (for "rename to a server-only name" fixes). */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { splitLines } from './dotenv';
import type { Range } from './types';
import { SKIP_DIRS } from './workspaceLint';
import { readRegularText } from './regularFile';

const SOURCE_EXT =
  /\.(m?[jt]sx?|cjs|cts|mts|vue|svelte|astro|html?|ya?ml|json|toml|md|mdx|sh|py|rb|go|php|java|kt|cs|properties|prisma)$|^\.env(\..+)?$|Dockerfile$/i;

export interface ReferenceOptions {
  /** Text of open (possibly unsaved) documents, by absolute path. */
  openText?: (absPath: string) => string | undefined;
  maxFiles?: number;
  maxBytes?: number;
}

export function findNameReferences(root: string, name: string, opts: ReferenceOptions = {}): Array<{ file: string; range: Range }> {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) return [];
  const re = new RegExp(`(?<![A-Za-z0-9_])${name}(?![A-Za-z0-9_])`, 'g');
  const out: Array<{ file: string; range: Range }> = [];
  let files = 0;
  const maxFiles = opts.maxFiles ?? 5000;
  const maxBytes = opts.maxBytes ?? 1024 * 1024;
  const visit = (dir: string, depth: number) => {
    if (depth > 30 || files >= maxFiles) return;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (files >= maxFiles) return;
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name)) visit(p, depth + 1);
      } else if (e.isFile() && SOURCE_EXT.test(e.name)) {
        files++;
        let text = opts.openText?.(p);
        if (text === undefined) {
          text = readRegularText(p, maxBytes);
          if (text === undefined) continue;
        }
        if (text.indexOf(name) < 0) continue;
        const lines = splitLines(text);
        for (let i = 0; i < lines.length; i++) {
          if (lines[i].indexOf(name) < 0) continue;
          re.lastIndex = 0;
          for (let m = re.exec(lines[i]); m; m = re.exec(lines[i])) {
            out.push({ file: p, range: { start: { line: i, character: m.index }, end: { line: i, character: m.index + name.length } } });
          }
        }
      }
    }
  };
  visit(root, 0);
  return out;
}
