/** YAML (compose, Rails, Spring, ormconfig): settings with positions, via `yaml`'s CST ranges. */
import {
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  parseAllDocuments,
  type Scalar,
  type Document,
  type Node,
  type Pair,
  type YAMLMap,
} from 'yaml';
import { LineIndex } from '../lineIndex';
import type { Setting } from '../settings';
import type { Range } from '../types';
import { errorMessage } from '../../../shared/errors';

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
  /** Settings a map takes over through `<<: *anchor` or an `*alias` value (they repeat settings written elsewhere). */
  inherited: number;
  /** Index in `settings` of each document's first setting. */
  docStarts: number[];
}

/**
 * ERB statement and comment tags (`<% name = 'x' %>`, `<%# … %>`) as spaces:
 * Rails runs ERB before YAML, so they are never YAML. Output tags (`<%= … %>`)
 * stay: they are the values. Offsets are kept (newlines inside a tag too).
 */
export function blankErbStatements(text: string): string {
  // By hand rather than /<%(?![=%])[\s\S]*?%>/g, which scans to the end from every "<%" when no "%>"
  // follows (quadratic on "<%<%<%…"). Same tags, linear time.
  let open = text.indexOf('<%');
  if (open < 0) return text;
  const parts: string[] = [];
  let done = 0;
  while (open >= 0) {
    const close = text.indexOf('%>', open + 2);
    if (close < 0) break; // no tag after this one can close either
    const kind = text.charCodeAt(open + 2);
    if (kind === 61 /* = */ || kind === 37 /* % */) {
      open = text.indexOf('<%', open + 2);
      continue;
    }
    parts.push(text.slice(done, open), text.slice(open, close + 2).replace(/[^\n]/g, ' '));
    done = close + 2;
    open = text.indexOf('<%', done);
  }
  return done === 0 ? text : parts.join('') + text.slice(done);
}

/** What the walk shares: the text, the document (for aliases), and the alias budget. */
interface WalkState {
  text: string;
  index: LineIndex;
  doc: Document.Parsed;
  out: Setting[];
  /** Direct settings by their scalar node (the origin of an inherited copy); kept only when the text has anchors. */
  byNode: Map<Node, YamlSetting>;
  anchors: boolean;
  /** Inherited settings still allowed (aliases can multiply a small document: "billion laughs"). */
  budget: number;
  inherited: number;
}

/**
 * The parser ran out of stack (it recurses once per nesting level; the yaml package reports
 * the RangeError as a document error): the text may be valid YAML, only nested too deeply.
 */
const TOO_DEEP = 'YAML nested too deeply to read (thousands of levels of [ or {): not linted';
function tooDeep(message: string): boolean {
  return /Maximum call stack size exceeded|too much recursion/i.test(message);
}

export function parseYamlSettings(text: string): YamlModel {
  const index = new LineIndex(text);
  const toRange = (s: number, e: number) => index.range(s, e);
  const errors: ParseProblem[] = [];
  const settings: Setting[] = [];
  let docs: Document.Parsed[] = [];
  const src = blankErbStatements(text);
  try {
    const parsed = parseAllDocuments(src, { uniqueKeys: false, prettyErrors: false, strict: false });
    docs = Array.isArray(parsed) ? parsed : [];
  } catch (err) {
    const message = errorMessage(err);
    errors.push({ range: toRange(0, 0), message: tooDeep(message) ? TOO_DEEP : `YAML could not be read: ${message}` });
    return { settings, errors, docs, index, inherited: 0, docStarts: [] };
  }
  for (const doc of docs) {
    for (const e of doc.errors)
      errors.push({
        range: toRange(e.pos[0], Math.max(e.pos[1], e.pos[0] + 1)),
        message: tooDeep(e.message) ? TOO_DEEP : `invalid YAML: ${e.message.split('\n')[0]}`,
      });
  }
  if (errors.length > 0) return { settings, errors, docs, index, inherited: 0, docStarts: [] };
  let inherited = 0;
  // Up to 10,000 inherited settings, or four per character of the document (whichever is more): real files stay far below.
  const budget = Math.max(10_000, 4 * src.length);
  const anchors = src.indexOf('&') >= 0;
  const docStarts: number[] = [];
  for (const doc of docs) {
    docStarts.push(settings.length);
    const st: WalkState = { text: src, index, doc, out: settings, byNode: new Map(), anchors, budget, inherited: 0 };
    walk(doc.contents, [], st, 0, false);
    inherited += st.inherited;
  }
  return { settings, errors, docs, index, inherited, docStarts };
}

/**
 * A YAML scalar as a setting. Offsets only: ranges are built when a rule reads
 * them (most settings of a compose file never get a finding).
 */
class YamlSetting implements Setting {
  listItem?: boolean;
  inherited?: boolean;
  origin?: Setting;
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
    const s = new YamlSetting(
      this.index,
      key,
      path,
      this.value.slice(cut),
      this.text.slice(cut),
      this.exact,
      this.quote,
      this.textOffset + cut,
      this.valueStart,
      this.valueEnd,
      keyStart,
      keyEnd,
    );
    s.listItem = true;
    if (this.inherited) s.inherited = true;
    return s;
  }
}

function scalarSetting(
  st: WalkState,
  key: string,
  path: string[],
  keyNode: Node | null,
  node: Scalar,
  inherited: boolean,
): YamlSetting | undefined {
  if (!node.range) return undefined;
  if (inherited && st.budget-- <= 0) return undefined;
  const s = makeScalarSetting(st.text, st.index, key, path, keyNode, node);
  if (inherited) {
    s.inherited = true;
    const origin = st.byNode.get(node);
    if (origin) s.origin = origin;
    st.inherited++;
  } else if (st.anchors && !st.byNode.has(node)) st.byNode.set(node, s);
  return s;
}

function makeScalarSetting(text: string, index: LineIndex, key: string, path: string[], keyNode: Node | null, node: Scalar): YamlSetting {
  const [start, end] = node.range!;
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

function walk(node: unknown, path: string[], st: WalkState, depth: number, inherited: boolean): void {
  if (depth > 64 || !node) return;
  if (isMap(node)) {
    let merges: Node[] | undefined;
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const keyNode = pair.key as Node | null;
      const key = isScalar(keyNode) ? String(keyNode.value) : '';
      if (key === '<<' && isMergeSource(pair.value)) {
        (merges ??= []).push(pair.value as Node);
        continue;
      }
      pairSetting(pair, key, path, st, depth, inherited);
    }
    if (merges) mergeInto(merges, ownKeys(node), path, st, depth);
  } else if (isSeq(node)) {
    node.items.forEach((item, i) => {
      if (isScalar(item) && typeof item.value === 'string' && item.range) {
        // `- KEY=VALUE` (compose environment lists, args): a setting named KEY.
        const m = /^([A-Za-z_][A-Za-z0-9_.-]*)=/.exec(item.value);
        const s = scalarSetting(st, String(i), [...path, String(i)], null, item, inherited);
        if (!s) return;
        if (m) {
          const li = s.listItemSetting(m[1], [...path, m[1]], m[0].length);
          // The list item, not the raw scalar, is what an inherited copy repeats.
          if (inherited) li.origin = st.byNode.get(item);
          else if (st.anchors) st.byNode.set(item, li);
          st.out.push(li);
        } else st.out.push(s);
      } else if (isScalar(item)) {
        const s = scalarSetting(st, String(i), [...path, String(i)], null, item, inherited);
        if (s) st.out.push(s);
      } else if (isAlias(item)) {
        walkAlias(item, [...path, String(i)], String(i), null, st, depth);
      } else walk(item, [...path, String(i)], st, depth + 1, inherited);
    });
  }
}

/** The keys a map sets itself (they override merged ones). */
function ownKeys(node: YAMLMap): Set<string> {
  const keys = new Set<string>();
  for (const pair of node.items) if (isPair(pair) && isScalar(pair.key)) keys.add(String(pair.key.value));
  return keys;
}

/** `<<: *a` or `<<: [*a, *b]`. */
function isMergeSource(value: unknown): boolean {
  return isAlias(value) || (isSeq(value) && value.items.length > 0 && value.items.every((v) => isAlias(v)));
}

/** One `key: value` pair of a map. */
function pairSetting(pair: Pair, key: string, path: string[], st: WalkState, depth: number, inherited: boolean): void {
  const keyNode = pair.key as Node | null;
  const value = pair.value;
  if (isScalar(value)) {
    const s = scalarSetting(st, key, [...path, key], keyNode, value, inherited);
    if (s) st.out.push(s);
  } else if (isAlias(value)) {
    walkAlias(value, [...path, key], key, keyNode, st, depth);
  } else {
    walk(value, [...path, key], st, depth + 1, inherited);
  }
}

/** An `*alias` value: the anchored node's settings, here, as inherited copies. */
function walkAlias(alias: Node, path: string[], key: string, keyNode: Node | null, st: WalkState, depth: number): void {
  if (!isAlias(alias) || st.budget <= 0) return;
  const target = alias.resolve(st.doc);
  if (!target) return;
  if (isScalar(target)) {
    const s = scalarSetting(st, key, path, keyNode, target, true);
    if (s) st.out.push(s);
  } else walk(target, path, st, depth + 1, true);
}

/**
 * YAML merge keys (`<<: *default`, Rails and compose extension fields): the
 * merged maps' pairs that this map does not set itself, earlier sources first
 * (YAML 1.1 merge semantics; merged maps may merge again).
 */
function mergeInto(sources: Node[], explicit: Set<string>, path: string[], st: WalkState, depth: number): void {
  const seen = new Set(explicit);
  const pending: Node[] = [];
  for (const src of sources) {
    if (isSeq(src)) for (const item of src.items) pending.push(item as Node);
    else pending.push(src);
  }
  for (let i = 0; i < pending.length && i < 64 && st.budget > 0; i++) {
    const target = isAlias(pending[i])
      ? (pending[i] as Node & { resolve(doc: Document.Parsed): Node | undefined }).resolve(st.doc)
      : pending[i];
    if (!isMap(target)) continue;
    const nested: Node[] = [];
    for (const pair of (target as YAMLMap).items) {
      if (!isPair(pair)) continue;
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      if (key === '<<' && isMergeSource(pair.value)) {
        if (isSeq(pair.value)) for (const item of pair.value.items) nested.push(item as Node);
        else nested.push(pair.value as Node);
        continue;
      }
      if (seen.has(key)) continue;
      seen.add(key);
      pairSetting(pair, key, path, st, depth, true);
    }
    // A merged map's own merges come after its explicit pairs.
    pending.splice(i + 1, 0, ...nested);
  }
}
