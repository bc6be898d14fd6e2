/**
 * Knowledge-base insights for the dashboard: each pattern's hits, success rate and confidence
 * with the decay that went into it, the learned patterns and where they came from, the learned
 * patterns due for pruning and the ones a prune would merge. Pure: built from the diagnoser's
 * statistics and learned patterns, with `now` a parameter; the prune is previewed, never applied.
 */
import {
  DECAY_SHARE_CURATED,
  DECAY_SHARE_LEARNED,
  patternConfidence,
  posterior,
  posteriorMean,
  staleness,
  type PatternStats,
} from '../diagnosis/stats';
import { LEARNED_PRIOR, pruneLearned, type LearnedPattern } from '../diagnosis/learned';

export interface PatternInsight {
  patternId: string;
  origin: 'curated' | 'llm' | 'user';
  hits: number;
  thumbsUp: number;
  thumbsDown: number;
  fixSuccesses: number;
  fixFailures: number;
  /** Confirmations over verdicts (thumbs and fix outcomes); null with no verdict yet. */
  successRate: number | null;
  /** The confidence the pattern started from (curated value or the learned prior). */
  prior: number;
  /** Posterior mean before decay. */
  undecayed: number;
  /** 1 when just confirmed, halving every half-life without confirmation. */
  staleness: number;
  /** What the decay took off: undecayed − confidence. */
  decay: number;
  confidence: number;
  lastMatchedAt?: number;
  lastConfirmedAt?: number;
}

export interface LearnedInsight {
  patternId: string;
  source: 'llm' | 'user';
  createdAt: number;
  variants: number;
}

export interface KnowledgeInsights {
  /** Most hits first, then highest confidence. */
  patterns: PatternInsight[];
  learned: LearnedInsight[];
  /** Learned patterns a prune now would expire (unused too long). */
  dueForPruning: string[];
  /** Learned patterns a prune now would merge: id → the id it would go into. */
  mergeCandidates: Record<string, string>;
}

export interface KnowledgeInput {
  now: number;
  /** Curated patterns' confidence, by id. */
  curated: ReadonlyMap<string, number>;
  learned: readonly LearnedPattern[];
  stats: Readonly<Record<string, PatternStats>>;
}

function insightOf(
  patternId: string,
  origin: PatternInsight['origin'],
  prior: number,
  s: PatternStats | undefined,
  now: number,
): PatternInsight {
  const learned = origin !== 'curated';
  const undecayed = posteriorMean(posterior(prior, s));
  const confidence = patternConfidence(prior, s, now, learned);
  const up = (s?.thumbsUp ?? 0) + (s?.fixSuccesses ?? 0);
  const verdicts = up + (s?.thumbsDown ?? 0) + (s?.fixFailures ?? 0);
  return {
    patternId,
    origin,
    hits: s?.matches ?? 0,
    thumbsUp: s?.thumbsUp ?? 0,
    thumbsDown: s?.thumbsDown ?? 0,
    fixSuccesses: s?.fixSuccesses ?? 0,
    fixFailures: s?.fixFailures ?? 0,
    successRate: verdicts ? up / verdicts : null,
    prior,
    undecayed,
    staleness: staleness(s, now),
    decay: undecayed - confidence,
    confidence,
    ...(s?.lastMatchedAt !== undefined ? { lastMatchedAt: s.lastMatchedAt } : {}),
    ...(s?.lastConfirmedAt !== undefined ? { lastConfirmedAt: s.lastConfirmedAt } : {}),
  };
}

/** The largest share of a pattern's confidence decay can take (for the dashboard's legend). */
export const DECAY_LIMITS = { curated: DECAY_SHARE_CURATED, learned: DECAY_SHARE_LEARNED } as const;

export function knowledgeInsights(input: KnowledgeInput): KnowledgeInsights {
  const patterns: PatternInsight[] = [];
  for (const [id, prior] of input.curated) patterns.push(insightOf(id, 'curated', prior, input.stats[id], input.now));
  for (const l of input.learned) patterns.push(insightOf(l.id, l.source, LEARNED_PRIOR, input.stats[l.id], input.now));
  patterns.sort((a, b) => b.hits - a.hits || b.confidence - a.confidence || (a.patternId < b.patternId ? -1 : 1));
  const preview = pruneLearned(input.learned, input.now);
  return {
    patterns,
    learned: input.learned.map((l) => ({ patternId: l.id, source: l.source, createdAt: l.createdAt, variants: l.variants ?? 1 })),
    dueForPruning: preview.expired,
    mergeCandidates: preview.merged,
  };
}
