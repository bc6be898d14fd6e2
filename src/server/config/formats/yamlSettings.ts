/** YAML (compose, Rails, Spring, ormconfig): settings with positions, via `yaml`'s CST ranges. */
import { isMap, isPair, isScalar, isSeq, parseAllDocuments, Scalar, type Document, type Node } from 'yaml';
import { LineIndex } from '../lineIndex';
import { offsetSetting, type Setting } from '../settings';
import type { Range } from '../types';

export interface ParseProblem {
  range: Range;
  message: string;
}

export interface YamlModel {
  settings: Setting[];
  errors: ParseProblem[];
  /** Every document of the stream (Spring profiles use `---`). */
  docs: Document.Parsed[];
  index: LineIndex;
}

export function parseYamlSettings(text: string): YamlModel {
  const index = new LineIndex(text);
  const toRange = (s: number, e: number) => index.range(s, e);
  const errors: ParseProblem[] = [];
  const settings: Setting[] = [];
  let docs: Document.Parsed[] = [];
  try {
    const parsed = parseAllDocuments(text, { uniqueKeys: false, prettyErrors: false, strict: false });
    docs = Array.isArray(parsed) ? parsed : [];
  } catch (err) {
    errors.push({ range: toRange(0, 0), message: `YAML could not be read: ${err instanceof Error ? err.message : String(err)}` });
    return { settings, errors, docs, index };
  }
  for (const doc of docs) {
    for (const e of doc.errors) errors.push({ range: toRange(e.pos[0], Math.max(e.pos[1], e.pos[0] + 1)), message: `invalid YAML: ${e.message.split('\n')[0]}` });
  }
  if (errors.length > 0) return { settings, errors, docs, index };
  for (const doc of docs) walk(doc.contents, [], text, toRange, settings, 0);
  return { settings, errors, docs, index };
}

function scalarSetting(text: string, toRange: (s: number, e: number) => Range, key: string, path: string[], keyNode: Node | null, node: Scalar): Setting | undefined {
  if (!node.range) return undefined;
  const [start, end] = node.range;
  const value = node.value === null || node.value === undefined ? '' : String(node.value);
  const src = text.slice(start, end);
  const keyRange = keyNode?.range ? toRange(keyNode.range[0], keyNode.range[1]) : toRange(start, start);
  const valueRange = toRange(start, end);
  const t = node.type;
  const quote = t === 'QUOTE_DOUBLE' ? '"' : t === 'QUOTE_SINGLE' ? "'" : '';
  const base = { key, path, value, valueRange, keyRange, quote } as const;
  if ((t === 'PLAIN' || t === undefined) && src === value) return offsetSetting(base, toRange, value, start);
  if (quote && src.length >= 2 && src.slice(1, -1) === value) return offsetSetting(base, toRange, value, start + 1);
  return offsetSetting(base, toRange, undefined, start);
}

function walk(node: unknown, path: string[], text: string, toRange: (s: number, e: number) => Range, out: Setting[], depth: number): void {
  if (depth > 64 || !node) return;
  if (isMap(node)) {
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const keyNode = pair.key as Node | null;
      const key = isScalar(keyNode) ? String(keyNode.value) : '';
      const value = pair.value;
      if (isScalar(value)) {
        const s = scalarSetting(text, toRange, key, [...path, key], keyNode, value);
        if (s) out.push(s);
      } else {
        walk(value, [...path, key], text, toRange, out, depth + 1);
      }
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, i) => {
      if (isScalar(item) && typeof item.value === 'string' && item.range) {
        // `- KEY=VALUE` (compose environment lists, args): a setting named KEY.
        const m = /^([A-Za-z_][A-Za-z0-9_.-]*)=/.exec(item.value);
        const s = scalarSetting(text, toRange, String(i), [...path, String(i)], null, item);
        if (!s) return;
        if (m) {
          const cut = m[0].length;
          const keyRange = s.exact ? s.locate(0, m[1].length) : { start: s.valueRange.start, end: s.valueRange.start };
          const base = { key: m[1], path: [...path, m[1]], value: s.value.slice(cut), valueRange: s.valueRange, keyRange, quote: s.quote, listItem: true };
          out.push(s.exact ? offsetSetting(base, toRange, s.text.slice(cut), item.range[0] + (s.quote ? 1 : 0) + cut) : offsetSetting(base, toRange, undefined, 0));
        } else out.push(s);
      } else if (isScalar(item)) {
        const s = scalarSetting(text, toRange, String(i), [...path, String(i)], null, item);
        if (s) out.push(s);
      } else walk(item, [...path, String(i)], text, toRange, out, depth + 1);
    });
  }
}
