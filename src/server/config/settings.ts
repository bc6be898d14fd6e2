/**
 * The format-neutral view rules work on: every scalar setting of a config file
 * with its key path and a way to map offsets inside its text to document ranges.
 */
import type { Range } from './types';

export interface Setting {
  /** Key as written (last path segment). */
  key: string;
  /** Full key path: ['services', 'db', 'environment', 'POSTGRES_PASSWORD']. */
  path: string[];
  /** The value the program reads (decoded). */
  value: string;
  /** The text rules scan for URLs and tokens: the source inside quotes when `exact`, else `value`. */
  text: string;
  /** True when `text` offsets map 1:1 onto the source (edits inside the value are safe). */
  exact: boolean;
  /** Maps [start, end) inside `text` to a document range (the whole value when not exact). */
  locate(start: number, end: number): Range;
  /** The value as written, quotes included. */
  valueRange: Range;
  keyRange: Range;
  /** How the value is written: quoted or not (affects replacement text). */
  quote: '"' | "'" | '`' | '';
  /** A list item `KEY=VALUE` (compose environment list) rather than a mapping. */
  listItem?: boolean;
  /**
   * Taken over from elsewhere in the file (YAML `<<: *anchor` or an `*alias`
   * value): the ranges are those of the anchored text. Rules that judge one
   * value alone skip these (the original is checked); rules that read siblings
   * (host + password + TLS) use them.
   */
  inherited?: boolean;
  /** The setting written where an inherited one comes from (same node), when it is known. */
  origin?: Setting;
}

/** The path without its last segment as one string (a map key for siblings). */
export function parentKey(path: readonly string[]): string {
  if (path.length <= 1) return '';
  if (path.length === 2) return path[0];
  return path.slice(0, -1).join('\0');
}

/** A setting whose text sits at `offset` in a document indexed by `toRange`. */
export function offsetSetting(
  base: Omit<Setting, 'locate' | 'exact' | 'text'>,
  toRange: (start: number, end: number) => Range,
  text: string | undefined,
  offset: number,
): Setting {
  return new OffsetSetting(base, toRange, text, offset);
}

/** `offsetSetting`'s result: `locate` is a method (no closure, no object spread per setting). */
class OffsetSetting implements Setting {
  readonly key: string;
  readonly path: string[];
  readonly value: string;
  readonly text: string;
  readonly exact: boolean;
  readonly valueRange: Range;
  readonly keyRange: Range;
  readonly quote: Setting['quote'];
  readonly listItem?: boolean;

  constructor(
    base: Omit<Setting, 'locate' | 'exact' | 'text'>,
    private readonly toRange: (start: number, end: number) => Range,
    text: string | undefined,
    private readonly offset: number,
  ) {
    this.key = base.key;
    this.path = base.path;
    this.value = base.value;
    this.text = text ?? base.value;
    this.exact = text !== undefined;
    this.valueRange = base.valueRange;
    this.keyRange = base.keyRange;
    this.quote = base.quote;
    if (base.listItem !== undefined) this.listItem = base.listItem;
  }

  locate(start: number, end: number): Range {
    return this.exact ? this.toRange(this.offset + start, this.offset + end) : this.valueRange;
  }
}
