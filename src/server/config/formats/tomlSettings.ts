/**
 * TOML (supabase/config.toml). smol-toml validates and decodes; it keeps no
 * positions, so keys are located by a line scanner over `[table]` headers and
 * `key = value` lines, and a scanned value is trusted only when it equals the
 * decoded one.
 */
import { parse, TomlError } from 'smol-toml';
import { LineIndex } from '../lineIndex';
import { offsetSetting, type Setting } from '../settings';
import type { ParseProblem } from './yamlSettings';
import { errorMessage } from '../../../shared/errors';

export interface TomlModel {
  settings: Setting[];
  errors: ParseProblem[];
  data: Record<string, unknown> | undefined;
}

export function parseTomlSettings(text: string): TomlModel {
  const index = new LineIndex(text);
  const toRange = (s: number, e: number) => index.range(s, e);
  let data: Record<string, unknown>;
  try {
    data = parse(text) as Record<string, unknown>;
  } catch (err) {
    if (err instanceof TomlError) {
      const line = Math.max(0, err.line - 1);
      const ch = Math.max(0, err.column - 1);
      const msg = err.message.split('\n')[0];
      return {
        settings: [],
        errors: [{ range: { start: { line, character: ch }, end: { line, character: ch + 1 } }, message: `invalid TOML: ${msg}` }],
        data: undefined,
      };
    }
    return {
      settings: [],
      errors: [{ range: toRange(0, 0), message: `invalid TOML: ${errorMessage(err)}` }],
      data: undefined,
    };
  }
  const settings: Setting[] = [];
  let table: string[] = [];
  const keyRe = /^\s*((?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*'))*)\s*=\s*/;
  for (let line = 0; line < index.lineCount; line++) {
    const lt = index.lineText(line);
    const header = /^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(#.*)?$/.exec(lt);
    if (header) {
      table = splitKey(header[1]);
      continue;
    }
    const m = keyRe.exec(lt);
    if (!m) continue;
    const keyPath = splitKey(m[1]);
    const path = [...table, ...keyPath];
    const decoded = lookup(data, path);
    if (decoded === undefined || (typeof decoded === 'object' && decoded !== null && !(decoded instanceof Date))) continue;
    const value = String(decoded);
    const lineStart = index.offsetAt({ line, character: 0 });
    const vStart = m[0].length;
    const rest = lt.slice(vStart);
    const q = rest[0] === '"' || rest[0] === "'" ? rest[0] : '';
    let inner: string | undefined;
    let writtenEnd = rest.length;
    if (q) {
      const close = rest.indexOf(q, 1);
      if (close > 0 && !rest.startsWith(q + q + q)) {
        inner = rest.slice(1, close);
        writtenEnd = close + 1;
      }
    } else {
      const end = rest.search(/\s*(#|$)/);
      inner = rest.slice(0, end);
      writtenEnd = end;
    }
    const base = {
      key: keyPath[keyPath.length - 1],
      path,
      value,
      valueRange: toRange(lineStart + vStart, lineStart + vStart + writtenEnd),
      keyRange: toRange(
        lineStart + m.index + (m[0].length - m[0].trimStart().length),
        lineStart + m.index + m[0].indexOf(m[1]) + m[1].length,
      ),
      quote: q as '"' | "'" | '',
    };
    settings.push(offsetSetting(base, toRange, inner === value ? value : undefined, lineStart + vStart + (q ? 1 : 0)));
  }
  return { settings, errors: [], data };
}

function splitKey(k: string): string[] {
  const out: string[] = [];
  const re = /\s*(?:"([^"]*)"|'([^']*)'|([A-Za-z0-9_-]+))\s*(?:\.|$)/y;
  let i = 0;
  while (i < k.length) {
    re.lastIndex = i;
    const m = re.exec(k);
    if (!m || m[0].length === 0) break;
    out.push(m[1] ?? m[2] ?? m[3]);
    i = re.lastIndex;
  }
  return out;
}

function lookup(data: unknown, path: string[]): unknown {
  let cur: unknown = data;
  for (const p of path) {
    if (Array.isArray(cur)) cur = cur[cur.length - 1];
    if (!cur || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[p];
  }
  return cur;
}
