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
}

/** A setting whose text sits at `offset` in a document indexed by `toRange`. */
export function offsetSetting(
  base: Omit<Setting, 'locate' | 'exact' | 'text'>,
  toRange: (start: number, end: number) => Range,
  text: string | undefined,
  offset: number,
): Setting {
  if (text !== undefined) {
    return { ...base, text, exact: true, locate: (s, e) => toRange(offset + s, offset + e) };
  }
  const whole = base.valueRange;
  return { ...base, text: base.value, exact: false, locate: () => whole };
}
