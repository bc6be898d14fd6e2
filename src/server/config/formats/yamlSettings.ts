/** YAML (compose, Rails, Spring, ormconfig): settings with positions, via `yaml`'s CST ranges. */
import { isMap, isPair, isScalar, isSeq, parseAllDocuments, Scalar, type Document, type Node } from 'yaml';
import { LineIndex } from '../lineIndex';
import type { Setting } from '../settings';
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
  for (const doc of docs) walk(doc.contents, [], text, index, settings, 0);
  return { settings, errors, docs, index };
}

/**
 * A YAML scalar as a setting. Offsets only: ranges are built when a rule reads
 * them (most settings of a compose file never get a finding).
 */
class YamlSetting implements Setting {
  listItem?: boolean;
  private valueRange_: Range | undefined = undefined;
  private keyRange_: Range | undefined = undefined;

  constructor(
    private readonly index: LineIndex,
    readonly key: string,
    readonly path: string[],
    readonly value: string,
    /** The source inside quotes when `exact`, else `value`. */
    readonly text: string,
    readonly exact: boolean,
    readonly quote: Setting['quote'],
    /** Offset of text[0] in the document (when exact). */
    readonly textOffset: number,
    private readonly valueStart: number,
    private readonly valueEnd: number,
    private readonly keyStart: number,
    private readonly keyEnd: number,
  ) {}

  get valueRange(): Range {
    return (this.valueRange_ ??= this.index.range(this.valueStart, this.valueEnd));
  }

  get keyRange(): Range {
    return (this.keyRange_ ??= this.index.range(this.keyStart, this.keyEnd));
  }

  locate(start: number, end: number): Range {
    return this.exact ? this.index.range(this.textOffset + start, this.textOffset + end) : this.valueRange;
  }

  /** `- KEY=VALUE`: the part after `cut` characters as the setting `key`. */
  listItemSetting(key: string, path: string[], cut: number): YamlSetting {
    const keyStart = this.exact ? this.textOffset : this.valueStart;
    const keyEnd = this.exact ? this.textOffset + key.length : this.valueStart;
    const s = new YamlSetting(this.index, key, path, this.value.slice(cut), this.text.slice(cut), this.exact, this.quote, this.textOffset + cut, this.valueStart, this.valueEnd, keyStart, keyEnd);
    s.listItem = true;
    return s;
  }
}

function scalarSetting(text: string, index: LineIndex, key: string, path: string[], keyNode: Node | null, node: Scalar): YamlSetting | undefined {
  if (!node.range) return undefined;
  const [start, end] = node.range;
  const value = node.value === null || node.value === undefined ? '' : String(node.value);
  const keyStart = keyNode?.range ? keyNode.range[0] : start;
  const keyEnd = keyNode?.range ? keyNode.range[1] : start;
  const t = node.type;
  const quote = t === 'QUOTE_DOUBLE' ? '"' : t === 'QUOTE_SINGLE' ? "'" : '';
  // The value's text maps 1:1 onto the source (plain, or quoted without escapes): exact offsets.
  if ((t === 'PLAIN' || t === undefined) && end - start === value.length && text.startsWith(value, start)) {
    return new YamlSetting(index, key, path, value, value, true, quote, start, start, end, keyStart, keyEnd);
  }
  if (quote && end - start >= 2 && end - start - 2 === value.length && text.startsWith(value, start + 1)) {
    return new YamlSetting(index, key, path, value, value, true, quote, start + 1, start, end, keyStart, keyEnd);
  }
  return new YamlSetting(index, key, path, value, value, false, quote, start, start, end, keyStart, keyEnd);
}

function walk(node: unknown, path: string[], text: string, index: LineIndex, out: Setting[], depth: number): void {
  if (depth > 64 || !node) return;
  if (isMap(node)) {
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const keyNode = pair.key as Node | null;
      const key = isScalar(keyNode) ? String(keyNode.value) : '';
      const value = pair.value;
      if (isScalar(value)) {
        const s = scalarSetting(text, index, key, [...path, key], keyNode, value);
        if (s) out.push(s);
      } else {
        walk(value, [...path, key], text, index, out, depth + 1);
      }
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, i) => {
      if (isScalar(item) && typeof item.value === 'string' && item.range) {
        // `- KEY=VALUE` (compose environment lists, args): a setting named KEY.
        const m = /^([A-Za-z_][A-Za-z0-9_.-]*)=/.exec(item.value);
        const s = scalarSetting(text, index, String(i), [...path, String(i)], null, item);
        if (!s) return;
        if (m) out.push(s.listItemSetting(m[1], [...path, m[1]], m[0].length));
        else out.push(s);
      } else if (isScalar(item)) {
        const s = scalarSetting(text, index, String(i), [...path, String(i)], null, item);
        if (s) out.push(s);
      } else walk(item, [...path, String(i)], text, index, out, depth + 1);
    });
  }
}
