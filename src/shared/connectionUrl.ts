/**
 * The one connection-URL tokenizer (pure; client and server both import it). It splits
 * `scheme://[user[:password]@]host[:port][,host…][/database][?k=v&…][#…]` into spans that keep
 * their offsets in the scanned text, so the config linter can point at exact characters; the
 * offset-free view (`splitUrl`, decoded values) used by "Add from Connection String", the probes
 * and the CLI is built on the same spans, so the two can never read one text differently.
 *
 * Splitting follows the drivers: WHATWG URL splitting (node-postgres, mysql2) for the authority,
 * except that a password holding an unencoded '/', '?', '#' or '@' (which people paste) is read up
 * to the last '@' that is followed by a plausible host. Multi-host MongoDB URLs are kept whole
 * (they are not valid WHATWG URLs).
 */

export interface Span {
  start: number;
  end: number;
  text: string;
}

export interface HostSpan extends Span {
  /** The host name, lower-cased, without IPv6 brackets. */
  host: string;
  port?: Span;
}

export interface Param {
  key: Span;
  value: Span;
}

export interface UrlTokens {
  /** The authority's first character (just after `://`). */
  authStart: number;
  end: number;
  user?: Span;
  password?: Span;
  /** The host list as written (`h1:1,h2:2`), possibly empty. */
  hostList: Span;
  hosts: HostSpan[];
  /** The path after the host list without its '/', up to '?' or '#'. Absent when empty. */
  database?: Span;
  params: Param[];
  /** Where a new parameter goes and what precedes it (`?`, `&` or nothing). */
  paramInsert: { at: number; prefix: string };
}

export function span(text: string, start: number, end: number): Span {
  return { start, end, text: text.slice(start, end) };
}

const SLASH = 0x2f;
const QUESTION = 0x3f;
const HASH = 0x23;
const OPEN_BRACKET = 0x5b;

/** Index of the first of '/', '?', '#' in text[from, end), or end. */
function authorityEnd(text: string, from: number, end: number, stopAtSlash = true): number {
  for (let i = from; i < end; i++) {
    const c = text.charCodeAt(i);
    if ((stopAtSlash && c === SLASH) || c === QUESTION || c === HASH) return i;
  }
  return end;
}

function indexOfIn(text: string, ch: string, from: number, end: number): number {
  const i = text.indexOf(ch, from);
  return i >= 0 && i < end ? i : -1;
}

function lastIndexOfIn(text: string, ch: string, from: number, before: number): number {
  const i = text.lastIndexOf(ch, before - 1);
  return i >= from ? i : -1;
}

/** The '@' that ends the userinfo in text[authStart, end), or -1. */
function userinfoEnd(text: string, authStart: number, end: number): number {
  const whatwgEnd = authorityEnd(text, authStart, end);
  const at = lastIndexOfIn(text, '@', authStart, whatwgEnd);
  const lastAt = lastIndexOfIn(text, '@', authStart, end);
  if (lastAt > whatwgEnd) {
    // An unencoded delimiter in the password: take the later '@' when what precedes it is not a
    // query (`?k=v`) and what follows it reads as a host.
    const candidate = text.slice(authStart, lastAt);
    const afterAt = text.slice(lastAt + 1, end);
    if (!/[?&][A-Za-z_]+=/.test(candidate) && /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9._-]+)(:[^/?#@]*)?([/?#,]|$)/.test(afterAt)) return lastAt;
  }
  return at;
}

function hostSpan(text: string, start: number, end: number): HostSpan {
  let hostEnd = end;
  let portStart = -1;
  if (text.charCodeAt(start) === OPEN_BRACKET) {
    const close = indexOfIn(text, ']', start, end);
    hostEnd = close >= 0 ? close + 1 : end;
    if (text[hostEnd] === ':' && hostEnd < end) portStart = hostEnd + 1;
  } else {
    const colon = lastIndexOfIn(text, ':', start, end);
    if (colon >= 0) {
      hostEnd = colon;
      portStart = colon + 1;
    }
  }
  const hostText = text.slice(start, hostEnd);
  // A literal, not a spread (slow on Node 20): this runs per host of every URL.
  const h: HostSpan = {
    start,
    end,
    text: text.slice(start, end),
    host: (hostText.charCodeAt(0) === OPEN_BRACKET ? hostText.replace(/^\[|\]$/g, '') : hostText).toLowerCase(),
  };
  if (portStart >= 0) h.port = span(text, portStart, end);
  return h;
}

/**
 * Tokenizes the URL in text[.., end) whose authority starts at `authStart` (just after `://`; the
 * caller has read the scheme). Linear in the URL's length.
 */
export function tokenizeUrl(text: string, authStart: number, end: number): UrlTokens {
  const at = userinfoEnd(text, authStart, end);
  const out: UrlTokens = {
    authStart,
    end,
    hostList: span(text, authStart, authStart),
    hosts: [],
    params: [],
    paramInsert: { at: end, prefix: '?' },
  };
  let hostFrom = authStart;
  if (at >= 0) {
    const colon = indexOfIn(text, ':', authStart, at);
    out.user = span(text, authStart, colon >= 0 ? colon : at);
    if (colon >= 0) out.password = span(text, colon + 1, at);
    hostFrom = at + 1;
  }
  const hostsEnd = authorityEnd(text, hostFrom, end);
  out.hostList = span(text, hostFrom, hostsEnd);
  if (hostsEnd > hostFrom) {
    let from = hostFrom;
    for (let comma = indexOfIn(text, ',', from, hostsEnd); ; comma = indexOfIn(text, ',', from, hostsEnd)) {
      const to = comma >= 0 ? comma : hostsEnd;
      out.hosts.push(hostSpan(text, from, to));
      if (comma < 0) break;
      from = comma + 1;
    }
  }
  let p = hostsEnd;
  if (text.charCodeAt(p) === SLASH && p < end) {
    const dbEnd = authorityEnd(text, p + 1, end, false);
    if (dbEnd > p + 1) out.database = span(text, p + 1, dbEnd);
    p = dbEnd;
  }
  if (text.charCodeAt(p) === QUESTION && p < end) {
    const hash = indexOfIn(text, '#', p + 1, end);
    const qEnd = hash >= 0 ? hash : end;
    let k = p + 1;
    while (k <= qEnd) {
      const amp = indexOfIn(text, '&', k, qEnd);
      const pairEnd = amp >= 0 ? amp : qEnd;
      if (pairEnd > k) {
        const eq = indexOfIn(text, '=', k, pairEnd);
        const keyEnd = eq >= 0 ? eq : pairEnd;
        out.params.push({ key: span(text, k, keyEnd), value: span(text, eq >= 0 ? keyEnd + 1 : keyEnd, pairEnd) });
      }
      k = pairEnd + 1;
    }
    out.paramInsert = { at: qEnd, prefix: qEnd > p + 1 && text[qEnd - 1] !== '&' ? '&' : '' };
  } else {
    out.paramInsert = { at: p < end && text.charCodeAt(p) === HASH ? p : end, prefix: '?' };
  }
  return out;
}

// ------------------------------------------------------------ the offset-free view

export interface SplitUrl {
  scheme: string;
  user?: string;
  password?: string;
  /** `host[:port][,host[:port]…]`, raw. */
  hosts: string;
  /** Each host of the list: name as written (without IPv6 brackets, decoded) and the port text, if any. */
  hostList: Array<{ host: string; port?: string }>;
  /** Path without the leading '/', decoded. */
  path: string;
  params: Array<[string, string]>;
}

/** Percent-decoding that keeps a malformed escape as written (drivers differ; nothing is lost). */
export function decodeComponent(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

const SCHEME = /^([a-z][a-z0-9+.-]*):\/\//i;

/** Splits a connection URL (the whole trimmed text) into decoded parts; undefined when it has no `scheme://`. */
export function splitUrl(url: string): SplitUrl | undefined {
  const text = url.trim();
  const m = SCHEME.exec(text);
  if (!m) return undefined;
  const t = tokenizeUrl(text, m[0].length, text.length);
  const out: SplitUrl = {
    scheme: m[1].toLowerCase(),
    hosts: t.hostList.text,
    hostList: t.hosts.map((h) => {
      const name = text.slice(h.start, h.port ? h.port.start - 1 : h.end).replace(/^\[|\]$/g, '');
      return h.port ? { host: decodeComponent(name), port: h.port.text } : { host: decodeComponent(name) };
    }),
    path: t.database ? decodeComponent(t.database.text) : '',
    params: t.params.map((p) => [decodeComponent(p.key.text), decodeComponent(p.value.text.replace(/\+/g, ' '))]),
  };
  if (t.user) out.user = decodeComponent(t.user.text);
  if (t.password) out.password = decodeComponent(t.password.text);
  return out;
}

/** Rebuilds a URL without its password (for display and settings). */
export function urlWithoutPassword(url: string): string {
  const text = url.trim();
  const m = SCHEME.exec(text);
  if (!m) return url;
  const t = tokenizeUrl(text, m[0].length, text.length);
  if (!t.password) return url;
  return text.slice(0, t.password.start - 1) + text.slice(t.password.end);
}

// ------------------------------------------------------------ encoding

function encodeChar(c: string): string {
  return '%' + c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0');
}

/** Percent-encodes what a driver would misread in a user name or password, keeping valid %XX escapes. */
export function percentEncodeUserinfo(raw: string): string {
  let out = '';
  const chars = Array.from(raw); // code points: surrogate pairs stay together
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i];
    if (c === '%' && /^[0-9A-Fa-f]{2}$/.test(chars.slice(i + 1, i + 3).join(''))) out += c;
    else if (/[A-Za-z0-9\-._~!$&'()*+,;=]/.test(c)) out += c;
    else if (/[\uD800-\uDFFF]/.test(c) && c.length === 1)
      out += '%EF%BF%BD'; // lone surrogate: not encodable
    else out += encodeURIComponent(c).replace(/[!'()*]/g, encodeChar);
  }
  return out;
}

/** The %XX form of one ASCII character (for messages that say how to encode it). */
export function percentEncodedChar(c: string): string {
  return encodeChar(c);
}
