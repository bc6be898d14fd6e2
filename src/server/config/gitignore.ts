import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Minimal check whether git would ignore a file, from the root `.gitignore`
 * only. (Extended by the config-lint work to git's full semantics.)
 */
export function isIgnoredByGit(root: string, filePath: string): boolean {
  let text: string;
  try {
    text = fs.readFileSync(path.join(root, '.gitignore'), 'utf8');
  } catch {
    return false;
  }
  const rel = path.relative(root, filePath).split(path.sep).join('/');
  const base = path.basename(filePath);
  let ignored = false;
  for (const raw of text.split(/\r?\n/)) {
    let pattern = raw.trim();
    if (!pattern || pattern.startsWith('#')) continue;
    const negate = pattern.startsWith('!');
    if (negate) pattern = pattern.slice(1);
    const anchored = pattern.startsWith('/');
    if (anchored) pattern = pattern.slice(1);
    const re = new RegExp('^' + pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]') + '$');
    if (anchored || pattern.includes('/') ? re.test(rel) : re.test(base)) ignored = !negate;
  }
  return ignored;
}
