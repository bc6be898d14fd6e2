/**
 * One .gitignore file compiled to matchers, following gitignore(5) and git's
 * wildmatch: blank lines and `#` comments skipped, trailing unescaped spaces
 * stripped, `\` escapes, `!` negation, trailing `/` for directories only, a `/`
 * anywhere else anchors the pattern to the file's directory, `*` `?` `[…]` never
 * match `/`, and `**` spans directories when it is a whole path segment.
 */
export interface IgnoreRule {
  negative: boolean;
  dirOnly: boolean;
  /** Match against the basename (no slash in the pattern) or the whole relative path. */
  basenameOnly: boolean;
  re: RegExp;
  source: string;
}

export function compileGitignore(text: string, ignoreCase = false): IgnoreRule[] {
  const rules: IgnoreRule[] = [];
  for (const rawLine of text.replace(/^\uFEFF/, '').split(/\r?\n/)) {
    const rule = compileLine(rawLine, ignoreCase);
    if (rule) rules.push(rule);
  }
  return rules;
}

function compileLine(raw: string, ignoreCase: boolean): IgnoreRule | undefined {
  let line = raw;
  // Trailing spaces are stripped unless escaped with a backslash.
  let end = line.length;
  while (end > 0 && line[end - 1] === ' ' && !(end >= 2 && line[end - 2] === '\\' && !isEscaped(line, end - 2))) end--;
  line = line.slice(0, end);
  if (line === '' || line.startsWith('#')) return undefined;
  let negative = false;
  if (line.startsWith('!')) {
    negative = true;
    line = line.slice(1);
  }
  let dirOnly = false;
  if (line.endsWith('/') && !isEscaped(line, line.length - 1)) {
    dirOnly = true;
    line = line.slice(0, -1);
  }
  if (line === '') return undefined;
  const slash = indexOfUnescaped(line, '/');
  const basenameOnly = slash < 0;
  if (line.startsWith('/')) line = line.slice(1);
  let re: RegExp;
  try {
    re = new RegExp('^' + translate(line) + '$', ignoreCase ? 'i' : '');
  } catch {
    return undefined; // a pattern git cannot match either (e.g. an empty class)
  }
  return { negative, dirOnly, basenameOnly, re, source: raw };
}

function isEscaped(s: string, i: number): boolean {
  let n = 0;
  for (let k = i - 1; k >= 0 && s[k] === '\\'; k--) n++;
  return n % 2 === 1;
}

function indexOfUnescaped(s: string, ch: string): number {
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '\\') i++;
    else if (s[i] === ch) return i;
  }
  return -1;
}

function escapeRe(c: string): string {
  return /[\\^$.*+?()[\]{}|/]/.test(c) ? '\\' + c : c;
}

/** wildmatch → RegExp source over a '/'-separated relative path. */
function translate(p: string): string {
  let out = '';
  let i = 0;
  while (i < p.length) {
    const c = p[i];
    if (c === '*') {
      if (p[i + 1] === '*') {
        const atStart = i === 0 || p[i - 1] === '/';
        let j = i;
        while (p[j] === '*') j++;
        const atEnd = j === p.length || p[j] === '/';
        if (atStart && atEnd) {
          if (j === p.length) {
            // trailing "/**" (or a lone "**"): everything inside
            out += i === 0 ? '.*' : '.*';
            i = j;
            continue;
          }
          // "**/" : zero or more directories
          out += '(?:.*/)?';
          i = j + 1;
          continue;
        }
        // Not a whole segment: like a single '*'.
        out += '[^/]*';
        i = j;
        continue;
      }
      out += '[^/]*';
      i++;
    } else if (c === '?') {
      out += '[^/]';
      i++;
    } else if (c === '[') {
      const cls = readClass(p, i);
      if (cls) {
        out += cls.re;
        i = cls.next;
      } else {
        out += '\\[';
        i++;
      }
    } else if (c === '\\' && i + 1 < p.length) {
      out += escapeRe(p[i + 1]);
      i += 2;
    } else {
      out += escapeRe(c);
      i++;
    }
  }
  return out;
}

function readClass(p: string, start: number): { re: string; next: number } | undefined {
  let i = start + 1;
  let negate = false;
  if (p[i] === '!' || p[i] === '^') {
    negate = true;
    i++;
  }
  let body = '';
  let first = true;
  while (i < p.length && (p[i] !== ']' || first)) {
    first = false;
    let c = p[i];
    if (c === '\\' && i + 1 < p.length) {
      i++;
      c = p[i];
    }
    if (c === '[' && p[i + 1] === ':') {
      const close = p.indexOf(':]', i + 2);
      if (close > 0) {
        const name = p.slice(i + 2, close);
        const map: Record<string, string> = {
          alnum: 'A-Za-z0-9',
          alpha: 'A-Za-z',
          digit: '0-9',
          lower: 'a-z',
          upper: 'A-Z',
          space: ' \\t\\n\\r\\f\\v',
          xdigit: '0-9A-Fa-f',
          punct: '!-\\/:-@\\[-`{-~',
          blank: ' \\t',
        };
        body += map[name] ?? '';
        i = close + 2;
        continue;
      }
    }
    if (p[i + 1] === '-' && i + 2 < p.length && p[i + 2] !== ']') {
      let hi = p[i + 2];
      let skip = 3;
      if (hi === '\\' && i + 3 < p.length) {
        hi = p[i + 3];
        skip = 4;
      }
      // A reversed range matches nothing, as in wildmatch.
      if (c <= hi) body += escapeClassChar(c) + '-' + escapeClassChar(hi);
      i += skip;
      continue;
    }
    body += escapeClassChar(c);
    i++;
  }
  if (i >= p.length) return undefined;
  // A class never matches '/'.
  if (body === '') return { re: negate ? '[^/]' : '(?!)', next: i + 1 };
  return { re: negate ? `[^/${body}]` : `(?!/)[${body}]`, next: i + 1 };
}

function escapeClassChar(c: string): string {
  return /[\\\]^-]/.test(c) ? '\\' + c : c;
}

/** The last rule matching `rel` (relative to the .gitignore's directory) decides: true ignored, false re-included, undefined no match. */
export function matchRules(rules: readonly IgnoreRule[], rel: string, isDir: boolean): boolean | undefined {
  const slash = rel.lastIndexOf('/');
  const base = slash >= 0 ? rel.slice(slash + 1) : rel;
  for (let i = rules.length - 1; i >= 0; i--) {
    const r = rules[i];
    if (r.dirOnly && !isDir) continue;
    if (r.re.test(r.basenameOnly ? base : rel)) return !r.negative;
  }
  return undefined;
}
