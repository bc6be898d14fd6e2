/** JSON / JSONC (ormconfig, Sequelize, appsettings, firebase.json, service-account keys) via jsonc-parser. */
import { parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser/lib/esm/main.js'; // the ESM build: the UMD main's dynamic requires break bundling
import { LineIndex } from '../lineIndex';
import { offsetSetting, type Setting } from '../settings';
import type { ParseProblem } from './yamlSettings';

export interface JsonModel {
  settings: Setting[];
  errors: ParseProblem[];
  root: Node | undefined;
  index: LineIndex;
}

export function parseJsonSettings(text: string): JsonModel {
  const index = new LineIndex(text);
  const toRange = (s: number, e: number) => index.range(s, e);
  const errs: ParseError[] = [];
  const root = parseTree(text, errs, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: true });
  const errors = errs
    .slice(0, 20)
    .map((e) => ({ range: toRange(e.offset, e.offset + Math.max(1, e.length)), message: `invalid JSON: ${printParseErrorCode(e.error)}` }));
  const settings: Setting[] = [];
  if (root && errors.length === 0) walk(root, [], text, toRange, settings, 0);
  return { settings, errors, root, index };
}

function walk(node: Node, path: string[], text: string, toRange: (s: number, e: number) => Range2, out: Setting[], depth: number): void {
  if (depth > 64) return;
  if (node.type === 'object') {
    for (const prop of node.children ?? []) {
      const [k, v] = prop.children ?? [];
      if (!k || !v) continue;
      const key = String(k.value);
      if (v.type === 'object' || v.type === 'array') walk(v, [...path, key], text, toRange, out, depth + 1);
      else out.push(scalar(v, key, [...path, key], k, text, toRange));
    }
  } else if (node.type === 'array') {
    (node.children ?? []).forEach((c, i) => {
      if (c.type === 'object' || c.type === 'array') walk(c, [...path, String(i)], text, toRange, out, depth + 1);
      else out.push(scalar(c, String(i), [...path, String(i)], undefined, text, toRange));
    });
  }
}

type Range2 = ReturnType<LineIndex['range']>;

function scalar(
  v: Node,
  key: string,
  path: string[],
  k: Node | undefined,
  text: string,
  toRange: (s: number, e: number) => Range2,
): Setting {
  const value = v.value === null ? '' : String(v.value);
  const src = text.slice(v.offset, v.offset + v.length);
  const base = {
    key,
    path,
    value,
    valueRange: toRange(v.offset, v.offset + v.length),
    keyRange: k ? toRange(k.offset, k.offset + k.length) : toRange(v.offset, v.offset),
    quote: v.type === 'string' ? ('"' as const) : ('' as const),
  };
  if (v.type === 'string') return offsetSetting(base, toRange, src.slice(1, -1) === value ? value : undefined, v.offset + 1);
  return offsetSetting(base, toRange, src === value ? value : undefined, v.offset);
}

/** Top-level string property of a JSON object (for quick structure checks). */
export function topLevelString(root: Node | undefined, name: string): string | undefined {
  if (!root || root.type !== 'object') return undefined;
  for (const prop of root.children ?? []) {
    const [k, v] = prop.children ?? [];
    if (k?.value === name && v?.type === 'string') return String(v.value);
  }
  return undefined;
}
