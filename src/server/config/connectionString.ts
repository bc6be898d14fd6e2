/** Finding the parts of a database connection URL without decoding it away from its positions. */
export interface UrlParts {
  scheme: string;
  user?: string;
  /** Offset of the password within the URL string, and its raw (encoded) text. */
  password?: { start: number; end: number; raw: string };
  hosts: string;
}

const SCHEME = /^(postgres(?:ql)?|mysql|mariadb|mongodb(?:\+srv)?):\/\//i;

export function parseConnectionUrl(url: string): UrlParts | undefined {
  const m = SCHEME.exec(url);
  if (!m) return undefined;
  const afterScheme = m[0].length;
  // The authority ends at the first '/', '?' or '#' after the last '@'.
  const rest = url.slice(afterScheme);
  const at = rest.lastIndexOf('@', firstOf(rest, ['/', '?', '#'], rest.length, rest.lastIndexOf('@')));
  const parts: UrlParts = { scheme: m[1].toLowerCase(), hosts: '' };
  if (at < 0) {
    parts.hosts = rest.slice(0, firstOf(rest, ['/', '?', '#'], rest.length, 0));
    return parts;
  }
  const userinfo = rest.slice(0, at);
  const colon = userinfo.indexOf(':');
  parts.user = colon >= 0 ? userinfo.slice(0, colon) : userinfo;
  if (colon >= 0) {
    const start = afterScheme + colon + 1;
    parts.password = { start, end: afterScheme + at, raw: userinfo.slice(colon + 1) };
  }
  const hostRest = rest.slice(at + 1);
  parts.hosts = hostRest.slice(0, firstOf(hostRest, ['/', '?', '#'], hostRest.length, 0));
  return parts;
}

function firstOf(s: string, chars: string[], fallback: number, from: number): number {
  let best = fallback;
  for (const c of chars) {
    const i = s.indexOf(c, Math.max(0, from));
    if (i >= 0 && i < best) best = i;
  }
  return best;
}
