/**
 * Variable interpolation as the tools that read config files expand it, so
 * that rules judge the value the tool will see, or know they cannot.
 *
 * compose (docs.docker.com/compose/how-tos/environment-variables/variable-interpolation,
 * and compose-go's template package): `$VAR`, `${VAR}`, `${VAR:-default}`
 * (unset or empty), `${VAR-default}` (unset), `${VAR:?err}` / `${VAR?err}`
 * (compose refuses to start when unset), `${VAR:+alt}` / `${VAR+alt}` (alt
 * when set), `$$` for a literal `$`; defaults may nest (`${A:-${B:-x}}`).
 * Spring: `${name}` and `${name:default}`, nesting allowed.
 */

export type Dialect = 'compose' | 'spring';

export interface VarRef {
  name: string;
  /** Offsets of the whole `${…}` / `$NAME` in the value. */
  start: number;
  end: number;
  /** The operator after the name ('' for none). */
  op: '' | ':-' | '-' | ':?' | '?' | ':+' | '+' | ':';
  /** The operand (default, message or alternative) as written, and its offset. */
  arg: string;
  argStart: number;
}

export interface Interpolated {
  refs: VarRef[];
  /**
   * The value the tool sees when none of the variables is set: defaults
   * substituted, `$$` unescaped. Undefined when that depends on a variable
   * without a default (`${X}`), or the tool refuses to start (`${X:?}`).
   */
  unset: string | undefined;
  /** Every reference has a default (so `unset` is what runs when nothing is configured). */
  allDefaulted: boolean;
}

const NAME = /[A-Za-z_][A-Za-z0-9_]*/y;
const SPRING_NAME = /[A-Za-z0-9_.\-[\]]+/y;

/** Parses the references of `value` (one level of nesting in defaults is followed). */
export function interpolate(value: string, dialect: Dialect = 'compose'): Interpolated {
  const refs: VarRef[] = [];
  let out = '';
  let known = true;
  let allDefaulted = true;
  let i = 0;
  while (i < value.length) {
    const c = value.charCodeAt(i);
    if (c !== 36 /* $ */) {
      const next = value.indexOf('$', i);
      const stop = next < 0 ? value.length : next;
      out += value.slice(i, stop);
      i = stop;
      continue;
    }
    if (dialect === 'compose' && value.charCodeAt(i + 1) === 36) {
      out += '$';
      i += 2;
      continue;
    }
    if (value.charCodeAt(i + 1) === 123 /* { */) {
      const close = matchingBrace(value, i + 1);
      if (close < 0) {
        out += value.slice(i);
        break;
      }
      const ref = parseBraced(value, i, close, dialect);
      if (!ref) {
        out += value.slice(i, close + 1);
        i = close + 1;
        continue;
      }
      refs.push(ref);
      const v = unsetValue(ref, dialect);
      if (v === undefined) {
        known = false;
        allDefaulted = false;
      } else out += v;
      if (ref.op === '') allDefaulted = false;
      i = close + 1;
      continue;
    }
    if (dialect === 'compose') {
      NAME.lastIndex = i + 1;
      const m = NAME.exec(value);
      if (m) {
        refs.push({ name: m[0], start: i, end: i + 1 + m[0].length, op: '', arg: '', argStart: i + 1 + m[0].length });
        known = false;
        allDefaulted = false;
        i += 1 + m[0].length;
        continue;
      }
    }
    out += '$';
    i++;
  }
  return { refs, unset: known ? out : undefined, allDefaulted: allDefaulted && refs.length > 0 };
}

/** The value the tool sees when nothing is set; undefined when the value depends on a variable without a default. */
export function unsetValue(ref: VarRef, dialect: Dialect): string | undefined {
  switch (ref.op) {
    case ':-':
    case '-':
    case ':': {
      // The default may itself hold references (`${A:-${B:-x}}`).
      const inner = ref.arg.indexOf('$') >= 0 ? interpolate(ref.arg, dialect).unset : ref.arg;
      return inner;
    }
    case ':+':
    case '+':
      return '';
    default:
      return undefined;
  }
}

/** Offset of the `}` closing the `{` at `open`, counting nested `${`. */
function matchingBrace(value: string, open: number): number {
  let depth = 0;
  for (let k = open; k < value.length; k++) {
    const c = value.charCodeAt(k);
    if (c === 123) depth++;
    else if (c === 125 && --depth === 0) return k;
  }
  return -1;
}

function parseBraced(value: string, start: number, close: number, dialect: Dialect): VarRef | undefined {
  const re = dialect === 'spring' ? SPRING_NAME : NAME;
  re.lastIndex = start + 2;
  const m = re.exec(value);
  if (!m) return undefined;
  let p = start + 2 + m[0].length;
  const name = m[0];
  if (p === close) return { name, start, end: close + 1, op: '', arg: '', argStart: close };
  let op: VarRef['op'];
  if (dialect === 'spring') {
    if (value[p] !== ':') return undefined;
    op = ':';
    p += 1;
  } else {
    const two = value.slice(p, p + 2);
    if (two === ':-' || two === ':?' || two === ':+') {
      op = two;
      p += 2;
    } else if (value[p] === '-' || value[p] === '?' || value[p] === '+') {
      op = value[p] as VarRef['op'];
      p += 1;
    } else return undefined;
  }
  return { name, start, end: close + 1, op, arg: value.slice(p, close), argStart: p };
}

/**
 * `value` with each reference replaced by what it expands to when nothing is
 * set, or by `unknown` when that cannot be known (no default): the shape of
 * the value, to parse (`${PORT:-5432}:5432` → `5432:5432`, `${IP}:80:80` → `?:80:80`).
 */
export function shapeOf(value: string, refs: readonly VarRef[], dialect: Dialect, unknown: string): string {
  let out = '';
  let at = 0;
  for (const r of refs) {
    out += unescapeDollars(value.slice(at, r.start), dialect);
    out += unsetValue(r, dialect) ?? unknown;
    at = r.end;
  }
  return out + unescapeDollars(value.slice(at), dialect);
}

function unescapeDollars(s: string, dialect: Dialect): string {
  return dialect === 'compose' && s.indexOf('$$') >= 0 ? s.replace(/\$\$/g, '$') : s;
}

/** The interpolation dialect of a file kind, or undefined when its values are taken literally. */
export function dialectOf(info: { kind: string; spring: boolean }): Dialect | undefined {
  if (info.kind === 'compose') return 'compose';
  if (info.spring || info.kind === 'properties') return 'spring';
  return undefined;
}
