/**
 * Matches error layers against knowledge-base patterns: structured fields
 * first, message patterns second, context conditions third. Pure.
 */
import type { Provider } from '../../shared/categories';
import type { ErrorLayer } from './extract';
import type { Alternative, ContextCondition, FieldMatch, Pattern } from './kb/types';
import type { Evidence } from './types';

/** What the context stage needs to know about the connection. */
export interface MatchContext {
  tlsMode?: string;
  /** Host names known for this connection (settings, URL, error fields, messages). */
  hosts: readonly string[];
  previouslyUp: boolean;
}

export interface Hit {
  pattern: Pattern;
  layer: ErrorLayer;
  /** Confidence of this match before feedback statistics. */
  confidence: number;
  /** Ranking score: confidence plus a small bonus per matched criterion. */
  score: number;
  /** Named and first capture groups of the message pattern. */
  groups: Record<string, string>;
  evidence: Evidence[];
  /** The pattern belongs to another provider (used only when nothing else matches). */
  crossProvider: boolean;
}

function inList<T>(list: readonly T[] | undefined, v: T | undefined): boolean {
  return list !== undefined && v !== undefined && list.includes(v);
}

function ciIn(list: readonly string[] | undefined, v: string | undefined): boolean {
  if (list === undefined || v === undefined) return false;
  const lv = v.toLowerCase();
  return list.some((x) => x.toLowerCase() === lv);
}

/** Returns the evidence strings if every key of the field match is satisfied, else null. */
function matchFields(f: FieldMatch, layer: ErrorLayer): string[] | null {
  const ev: string[] = [];
  if (f.code) {
    if (ciIn(f.code, layer.code)) ev.push(`code=${layer.code}`);
    else return null;
  }
  if (f.sqlState) {
    const s = layer.sqlState ?? (layer.code && /^[0-9A-Z]{5}$/.test(layer.code) ? layer.code : undefined);
    if (inList(f.sqlState, s)) ev.push(`sqlState=${s}`);
    else return null;
  }
  if (f.errno) {
    if (inList(f.errno, layer.errno)) ev.push(`errno=${layer.errno}`);
    else if (inList(f.errno, layer.num)) ev.push(`code=${layer.num}`);
    else return null;
  }
  if (f.num) {
    if (inList(f.num, layer.num)) ev.push(`code=${layer.num}`);
    else return null;
  }
  if (f.codeName) {
    if (ciIn(f.codeName, layer.codeName)) ev.push(`codeName=${layer.codeName}`);
    else return null;
  }
  if (f.status) {
    if (inList(f.status, layer.status)) ev.push(`status=${layer.status}`);
    else return null;
  }
  if (f.name) {
    if (layer.name && f.name.test(layer.name)) ev.push(`name=${layer.name}`);
    else return null;
  }
  if (f.syscall) {
    if (inList(f.syscall, layer.syscall)) ev.push(`syscall=${layer.syscall}`);
    else return null;
  }
  if (f.label) {
    const l = layer.labels?.find((x) => f.label?.includes(x));
    if (l) ev.push(`errorLabel=${l}`);
    else return null;
  }
  return ev;
}

/** "Error: ", "MongoServerError: ", "psycopg2.OperationalError: ", "FATAL:  " ... prefixes that wrappers add. */
const PREFIX = /^(?:(?:[A-Za-z_][\w.$]*(?:Error|Exception|Failure)|Error|error|FATAL|ERROR|PANIC|fatal)(?:\s*\[[^\]]*\])?:\s*)+/;

/**
 * Message patterns see at most this much of each text. Driver messages are far shorter; a long text
 * is an HTTP body or a dump, whose head says what went wrong. The cap bounds the time of a
 * knowledge base of hundreds of patterns, any of which may scan a long run of letters more than once.
 */
export const MESSAGE_MATCH_LIMIT = 4096;

function matchMessage(re: RegExp, layer: ErrorLayer): { groups: Record<string, string>; text: string } | null {
  const texts = [layer.message, layer.detail, layer.hint];
  const stripped = layer.message.replace(PREFIX, '');
  if (stripped !== layer.message) texts.push(stripped);
  for (const full of texts) {
    if (!full) continue;
    const text = full.length > MESSAGE_MATCH_LIMIT ? full.slice(0, MESSAGE_MATCH_LIMIT) : full;
    const m = re.exec(text);
    if (m) {
      const groups: Record<string, string> = {};
      for (const [k, v] of Object.entries(m.groups ?? {})) if (v !== undefined) groups[k] = v;
      return { groups, text: m[0] };
    }
  }
  return null;
}

export function contextAllows(when: ContextCondition | undefined, ctx: MatchContext): string[] | null {
  if (!when) return [];
  const ev: string[] = [];
  if (when.tlsMode) {
    const mode = ctx.tlsMode ?? 'unset';
    if (!(when.tlsMode as readonly string[]).includes(mode)) return null;
    ev.push(`context:tls.mode=${mode}`);
  }
  if (when.host) {
    const h = ctx.hosts.find((x) => when.host?.test(x));
    if (!h) return null;
    ev.push(`context:host~${when.host.source}`);
  }
  if (when.previouslyUp !== undefined) {
    if (when.previouslyUp !== ctx.previouslyUp) return null;
    ev.push(`context:previouslyUp=${ctx.previouslyUp}`);
  }
  return ev;
}

function matchAlternative(alt: Alternative, layer: ErrorLayer): { ev: string[]; groups: Record<string, string> } | null {
  const ev: string[] = [];
  let groups: Record<string, string> = {};
  if (!alt.fields && !alt.message) return null;
  if (alt.fields) {
    const f = matchFields(alt.fields, layer);
    if (!f) return null;
    ev.push(...f);
  }
  if (alt.message) {
    const m = matchMessage(alt.message, layer);
    if (!m) return null;
    groups = m.groups;
    ev.push(`message~"${m.text.length > 80 ? `${m.text.slice(0, 77)}...` : m.text}"`);
  }
  return { ev, groups };
}

function appliesTo(p: Pattern, provider: Provider | undefined): boolean {
  return provider === undefined || p.providers === 'any' || p.providers.includes(provider);
}

/** Every pattern/layer match, best first. */
export function findHits(
  layers: readonly ErrorLayer[],
  patterns: readonly Pattern[],
  provider: Provider | undefined,
  ctx: MatchContext,
): Hit[] {
  const hits: Hit[] = [];
  for (const pattern of patterns) {
    const cond = contextAllows(pattern.when, ctx);
    if (cond === null) continue;
    const crossProvider = !appliesTo(pattern, provider);
    let best: Hit | undefined;
    for (const layer of layers) {
      for (const alt of pattern.match) {
        const r = matchAlternative(alt, layer);
        if (!r) continue;
        let confidence = alt.confidence ?? (alt.fields ? pattern.confidence : pattern.confidence * 0.97);
        if (layer.fromText) confidence *= 0.97;
        if (crossProvider) confidence *= 0.8;
        const criteria = r.ev.length + cond.length;
        const score = confidence + 0.01 * criteria;
        if (!best || score > best.score) {
          best = {
            pattern,
            layer,
            confidence,
            score,
            groups: r.groups,
            evidence: [...r.ev.map((matched) => ({ path: layer.path, matched })), ...cond.map((matched) => ({ path: 'context', matched }))],
            crossProvider,
          };
        }
      }
    }
    if (best) {
      // Groups and corroborating evidence from the pattern's other alternatives (a structured
      // match also confirmed by the message text ranks above either alone).
      for (const alt of pattern.match) {
        if (!alt.message) continue;
        for (const layer of layers) {
          const m = matchMessage(alt.message, layer);
          if (!m) continue;
          for (const [k, v] of Object.entries(m.groups)) if (!(k in best.groups)) best.groups[k] = v;
          if (!best.evidence.some((e) => e.matched.startsWith('message~'))) {
            best.evidence.push({ path: layer.path, matched: `message~"${m.text.length > 80 ? `${m.text.slice(0, 77)}...` : m.text}"` });
            best.score += 0.01;
          }
          break;
        }
      }
      hits.push(best);
    }
  }
  hits.sort((a, b) => b.score - a.score);
  // Patterns of the caller's provider first; others only when nothing of the provider matched well.
  const own = hits.filter((h) => !h.crossProvider);
  if (own.length > 0 && own[0].confidence >= 0.5) return [...own, ...hits.filter((h) => h.crossProvider)];
  return hits;
}
