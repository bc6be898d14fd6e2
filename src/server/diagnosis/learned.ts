/**
 * Learned patterns: diagnoses confirmed by the user (thumbs up, or a fix
 * followed by a successful probe) for errors the curated base did not know,
 * typically answered by the LLM. Matched by a normalised message signature and
 * structured code, so the same error needs no LLM call next time. Pure.
 */
import type { ErrorCategory, Provider } from '../../shared/categories';
import type { ErrorLayer } from './extract';
import { redact } from '../secrets';
import { DAY_MS } from './stats';

export const LEARNED_TTL_DAYS = 90;
/** Token-set similarity above which an error matches a learned pattern. */
export const MATCH_SIMILARITY = 0.8;
/** Similarity above which two learned patterns of the same provider and category are merged. */
export const MERGE_SIMILARITY = 0.85;
export const LEARNED_PRIOR = 0.6;

export interface LearnedPattern {
  id: string;
  provider: Provider;
  category: ErrorCategory;
  /** Normalised, redacted message: literals replaced by <q>, <n>, <host>, <ip>. */
  signature: string;
  /** Structured code of the error, when it had one (must match too). */
  code?: string;
  rootCause: string;
  /** Fix titles (display only; a learned fix never carries an action). */
  fixes: string[];
  source: 'llm' | 'user';
  createdAt: number;
  lastMatchedAt?: number;
  /** Signatures merged into this one. */
  variants?: number;
}

/** Normalises a message into a signature: redacted, literals replaced, lower case. */
export function signatureOf(message: string): string {
  return redact(message, { users: true })
    .split(/\r?\n/)
    .slice(0, 3)
    .join(' ')
    .replace(/"[^"]*"|'[^']*'|`[^`]*`/g, '<q>')
    .replace(/\b(?:\d{1,3}\.){3}\d{1,3}(?::\d+)?\b/g, '<ip>')
    .replace(/\b(?<![a-z0-9-])(?<![a-z0-9-]\.)(?:[a-z0-9-]+\.)+[a-z]{2,}(?::\d+)?\b/gi, '<host>')
    .replace(/\b[0-9a-f]{8,}\b/gi, '<id>')
    .replace(/\d+(?:\.\d+)?/g, '<n>')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase()
    .slice(0, 400);
}

export function tokens(signature: string): Set<string> {
  return new Set(signature.split(/[^a-z0-9<>_]+/).filter((t) => t.length > 1));
}

export function similarity(a: string, b: string): number {
  const ta = tokens(a);
  const tb = tokens(b);
  if (ta.size === 0 && tb.size === 0) return 1;
  let inter = 0;
  for (const t of ta) if (tb.has(t)) inter++;
  return inter / (ta.size + tb.size - inter);
}

/** The structured code of the first layer that has one. */
export function codeOf(layers: readonly ErrorLayer[]): string | undefined {
  for (const l of layers) {
    const c = l.code ?? l.sqlState ?? (l.errno !== undefined ? String(l.errno) : l.num !== undefined ? String(l.num) : l.codeName);
    if (c) return c;
  }
  return undefined;
}

export function learnedId(provider: Provider, signature: string, code?: string): string {
  let h = 2166136261;
  for (const ch of `${provider}|${code ?? ''}|${signature}`) {
    h ^= ch.charCodeAt(0);
    h = Math.imul(h, 16777619);
  }
  return `learned.${provider}.${(h >>> 0).toString(16).padStart(8, '0')}`;
}

export interface LearnedMatch {
  pattern: LearnedPattern;
  similarity: number;
}

export function matchLearned(
  layers: readonly ErrorLayer[],
  provider: Provider | undefined,
  learned: readonly LearnedPattern[],
): LearnedMatch | undefined {
  const message = layers.find((l) => l.message)?.message ?? '';
  const sig = signatureOf(message);
  const code = codeOf(layers);
  let best: LearnedMatch | undefined;
  for (const p of learned) {
    if (provider && p.provider !== provider) continue;
    if (p.code && code && p.code !== code) continue;
    const sim = similarity(sig, p.signature);
    if (sim >= MATCH_SIMILARITY && (!best || sim > best.similarity)) best = { pattern: p, similarity: sim };
  }
  return best;
}

export interface PruneResult {
  kept: LearnedPattern[];
  expired: string[];
  /** merged id → id it was merged into */
  merged: Record<string, string>;
}

/** Expires learned patterns unused for LEARNED_TTL_DAYS and merges near-duplicates. */
export function pruneLearned(learned: readonly LearnedPattern[], now: number): PruneResult {
  const expired: string[] = [];
  const alive = learned.filter((p) => {
    const last = p.lastMatchedAt ?? p.createdAt;
    const keep = now - last <= LEARNED_TTL_DAYS * DAY_MS;
    if (!keep) expired.push(p.id);
    return keep;
  });
  // Oldest first, so the surviving id is the one feedback has accumulated on longest.
  alive.sort((a, b) => a.createdAt - b.createdAt);
  const kept: LearnedPattern[] = [];
  const merged: Record<string, string> = {};
  for (const p of alive) {
    const into = kept.find(
      (k) =>
        k.provider === p.provider &&
        k.category === p.category &&
        (k.code ?? '') === (p.code ?? '') &&
        similarity(k.signature, p.signature) >= MERGE_SIMILARITY,
    );
    if (into) {
      merged[p.id] = into.id;
      into.variants = (into.variants ?? 1) + (p.variants ?? 1);
      into.lastMatchedAt = Math.max(into.lastMatchedAt ?? into.createdAt, p.lastMatchedAt ?? p.createdAt);
      for (const f of p.fixes) if (!into.fixes.includes(f)) into.fixes.push(f);
    } else {
      kept.push({ ...p, fixes: [...p.fixes] });
    }
  }
  return { kept, expired, merged };
}
