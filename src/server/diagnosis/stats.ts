/**
 * Per-pattern feedback statistics and the confidence formula. Pure arithmetic;
 * the clock is a parameter.
 *
 * Confidence of a pattern (documented in docs/diagnosis.md):
 *
 *   prior       α₀ = c₀·n₀,  β₀ = (1 − c₀)·n₀          c₀ = curated confidence, n₀ = PRIOR_STRENGTH
 *   evidence    α  = α₀ + up + W_FIX_OK·fixSuccesses
 *               β  = β₀ + down + W_FIX_FAIL·fixFailures
 *   posterior   m  = α / (α + β)                       (mean of Beta(α, β))
 *   staleness   s  = 0.5 ^ (daysSinceConfirmation / HALF_LIFE_DAYS)
 *   confidence  c  = m · (1 − λ·(1 − s))               λ = max decay share (curated 0.2, learned 0.5)
 *
 * A diagnosis made by the pattern scales its match confidence by c / c₀, so an
 * unconfirmed pattern keeps its curated value and feedback moves it either way.
 */

export const PRIOR_STRENGTH = 8;
export const W_FIX_OK = 1;
export const W_FIX_FAIL = 0.5;
export const HALF_LIFE_DAYS = 180;
export const DECAY_SHARE_CURATED = 0.2;
export const DECAY_SHARE_LEARNED = 0.5;
export const DAY_MS = 86_400_000;

export interface PatternStats {
  patternId: string;
  matches: number;
  thumbsUp: number;
  thumbsDown: number;
  fixesApplied: number;
  fixSuccesses: number;
  fixFailures: number;
  firstMatchedAt?: number;
  lastMatchedAt?: number;
  /** Last thumbs-up or fix followed by a successful probe. */
  lastConfirmedAt?: number;
}

export function emptyStats(patternId: string): PatternStats {
  return { patternId, matches: 0, thumbsUp: 0, thumbsDown: 0, fixesApplied: 0, fixSuccesses: 0, fixFailures: 0 };
}

export interface BetaParams {
  alpha: number;
  beta: number;
}

export function posterior(prior: number, s: PatternStats | undefined): BetaParams {
  const c0 = Math.min(0.99, Math.max(0.01, prior));
  const alpha = c0 * PRIOR_STRENGTH + (s ? s.thumbsUp + W_FIX_OK * s.fixSuccesses : 0);
  const beta = (1 - c0) * PRIOR_STRENGTH + (s ? s.thumbsDown + W_FIX_FAIL * s.fixFailures : 0);
  return { alpha, beta };
}

export function posteriorMean(p: BetaParams): number {
  return p.alpha / (p.alpha + p.beta);
}

/** 1 when just confirmed, halving every HALF_LIFE_DAYS without confirmation. */
export function staleness(s: PatternStats | undefined, now: number): number {
  const since = s?.lastConfirmedAt ?? s?.firstMatchedAt;
  if (since === undefined) return 1;
  const days = Math.max(0, (now - since) / DAY_MS);
  return Math.pow(0.5, days / HALF_LIFE_DAYS);
}

export function patternConfidence(prior: number, s: PatternStats | undefined, now: number, learned = false): number {
  const m = posteriorMean(posterior(prior, s));
  const lambda = learned ? DECAY_SHARE_LEARNED : DECAY_SHARE_CURATED;
  return m * (1 - lambda * (1 - staleness(s, now)));
}

/** Scales a match's confidence by how the pattern's current confidence compares with its prior. */
export function adjustMatchConfidence(
  matchConfidence: number,
  prior: number,
  s: PatternStats | undefined,
  now: number,
  learned = false,
): number {
  if (!s) return matchConfidence;
  const factor = patternConfidence(prior, s, now, learned) / Math.min(0.99, Math.max(0.01, prior));
  return Math.min(0.99, Math.max(0.01, matchConfidence * factor));
}

export function recordMatch(s: PatternStats, now: number): PatternStats {
  return { ...s, matches: s.matches + 1, firstMatchedAt: s.firstMatchedAt ?? now, lastMatchedAt: now };
}

export function recordThumb(s: PatternStats, helpful: boolean, now: number): PatternStats {
  return helpful ? { ...s, thumbsUp: s.thumbsUp + 1, lastConfirmedAt: now } : { ...s, thumbsDown: s.thumbsDown + 1 };
}

/** A fix was applied; `succeeded` says whether the next probe then succeeded. */
export function recordFixOutcome(s: PatternStats, succeeded: boolean, now: number): PatternStats {
  const next = { ...s, fixesApplied: s.fixesApplied + 1 };
  return succeeded
    ? { ...next, fixSuccesses: next.fixSuccesses + 1, lastConfirmedAt: now }
    : { ...next, fixFailures: next.fixFailures + 1 };
}
