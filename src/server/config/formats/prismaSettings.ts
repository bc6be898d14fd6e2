/** Prisma schema `datasource` blocks: `url = "…"`, `directUrl = env("…")`, `provider = "postgresql"`. */
import { LineIndex } from '../lineIndex';
import { offsetSetting, type Setting } from '../settings';

export interface PrismaDatasource {
  name: string;
  provider?: string;
  settings: Setting[];
  /** Settings written as env("NAME"): key → variable name. */
  envRefs: Map<string, string>;
}

export function parsePrismaDatasources(text: string): { datasources: PrismaDatasource[]; settings: Setting[] } {
  const index = new LineIndex(text);
  const toRange = (s: number, e: number) => index.range(s, e);
  const datasources: PrismaDatasource[] = [];
  const all: Setting[] = [];
  const blockRe = /^[ \t]*datasource[ \t]+([A-Za-z_][A-Za-z0-9_]*)[ \t]*\{/gm;
  for (let m = blockRe.exec(text); m; m = blockRe.exec(text)) {
    const open = m.index + m[0].length;
    const close = findBlockEnd(text, open);
    const ds: PrismaDatasource = { name: m[1], settings: [], envRefs: new Map() };
    const body = text.slice(open, close);
    const lineRe = /^[ \t]*([A-Za-z_][A-Za-z0-9_]*)[ \t]*=[ \t]*(.*)$/gm;
    for (let l = lineRe.exec(body); l; l = lineRe.exec(body)) {
      const key = l[1];
      // The value: a string literal (which may contain //) or an expression up to a // comment.
      const rest = l[2];
      const raw = rest.startsWith('"') ? (/^"(?:[^"\\]|\\.)*"?/.exec(rest)?.[0] ?? rest) : rest.replace(/\s*\/\/.*$/, '').trimEnd();
      const valueStart = open + l.index + l[0].length - l[2].length;
      const env = /^env\(\s*"([^"]*)"\s*\)$/.exec(raw);
      if (env) {
        ds.envRefs.set(key, env[1]);
        continue;
      }
      const str = /^"((?:[^"\\]|\\.)*)"/.exec(raw);
      if (!str) continue;
      const value = str[1].replace(/\\(.)/g, '$1');
      const base = {
        key,
        path: ['datasource', ds.name, key],
        value,
        valueRange: toRange(valueStart, valueStart + str[0].length),
        keyRange: toRange(open + l.index + l[0].indexOf(key), open + l.index + l[0].indexOf(key) + key.length),
        quote: '"' as const,
      };
      const s = offsetSetting(base, toRange, value === str[1] ? value : undefined, valueStart + 1);
      if (key === 'provider') ds.provider = value;
      ds.settings.push(s);
      all.push(s);
    }
    datasources.push(ds);
    blockRe.lastIndex = close;
  }
  return { datasources, settings: all };
}

function findBlockEnd(text: string, from: number): number {
  let inString = false;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '/' && text[i + 1] === '/') {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl;
    } else if (c === '}') return i;
  }
  return text.length;
}
