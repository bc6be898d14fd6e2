/**
 * Scores real-message corpora: the regression corpus (./realWorld.corpus.ts, every split tuned on)
 * and the held-out batches (test/fixtures/errors/held-out). Shared by the tests and
 * bench/diagnose.bench.ts so that both report the same figure. A case is a hit when the category
 * equals `expect`, or `alsoAccept` for a case the spec leaves ambiguous.
 */
import type { LabelledMessage } from '../../fixtures/errors/load';
import type { Diagnosis } from '../../../src/shared/diagnosis';
import { diagnoseError } from '../../../src/server/diagnosis';
import { REAL_WORLD_CASES } from './realWorld.corpus';

/** What scoring needs of a case (RealWorldCase and HeldOutCase both have it). */
export type ScoredCase = LabelledMessage & { split: string };

export interface Tally {
  hits: number;
  total: number;
  /** Answers of `unknown` (hit or not). */
  unknown: number;
}

export interface RealWorldMiss {
  c: ScoredCase;
  got: Diagnosis;
}

export interface RealWorldScore {
  all: Tally;
  byProvider: Record<string, Tally>;
  bySplit: Record<string, Tally>;
  /** Split × provider, keyed `${split}/${provider}`. */
  bySplitProvider: Record<string, Tally>;
  /** Answers per fallback layer (patternId prefix `fallback.<layer>`), and `kb` for curated patterns. */
  byLayer: Record<string, Tally>;
  misses: RealWorldMiss[];
}

export type Diagnose = (c: ScoredCase) => Diagnosis;

export const diagnoseCase: Diagnose = (c) =>
  diagnoseError(c.provider, { provider: c.provider, message: c.message, fields: c.fields ?? {} });

export function isHit(c: Pick<ScoredCase, 'expect' | 'alsoAccept'>, category: string): boolean {
  return category === c.expect || (c.alsoAccept !== undefined && category === c.alsoAccept);
}

function add(t: Record<string, Tally>, key: string, hit: boolean, unknown: boolean): void {
  const x = (t[key] ??= { hits: 0, total: 0, unknown: 0 });
  x.total++;
  if (hit) x.hits++;
  if (unknown) x.unknown++;
}

/** Which layer answered: `kb` (curated pattern), `fallback.<layer>`, or `none` (unknown). */
export function layerOf(d: Diagnosis): string {
  if (d.category === 'unknown' || !d.patternId) return 'none';
  const m = /^fallback\.([\w-]+)/.exec(d.patternId);
  return m ? `fallback.${m[1]}` : 'kb';
}

export function scoreRealWorld(diagnose: Diagnose = diagnoseCase, cases: readonly ScoredCase[] = REAL_WORLD_CASES): RealWorldScore {
  const s: RealWorldScore = {
    all: { hits: 0, total: 0, unknown: 0 },
    byProvider: {},
    bySplit: {},
    bySplitProvider: {},
    byLayer: {},
    misses: [],
  };
  for (const c of cases) {
    const got = diagnose(c);
    const hit = isHit(c, got.category);
    const unknown = got.category === 'unknown';
    s.all.total++;
    if (hit) s.all.hits++;
    if (unknown) s.all.unknown++;
    if (!hit) s.misses.push({ c, got });
    add(s.byProvider, c.provider, hit, unknown);
    add(s.bySplit, c.split, hit, unknown);
    add(s.bySplitProvider, `${c.split}/${c.provider}`, hit, unknown);
    add(s.byLayer, layerOf(got), hit, unknown);
  }
  return s;
}

export const pct = (t: { hits: number; total: number }): number => (t.total === 0 ? 0 : (100 * t.hits) / t.total);
export const unknownPct = (t: { unknown: number; total: number }): number => (t.total === 0 ? 0 : (100 * t.unknown) / t.total);

export function describeMiss(m: RealWorldMiss): string {
  const want = m.c.alsoAccept ? `${m.c.expect}|${m.c.alsoAccept}` : m.c.expect;
  return `${m.c.id} [${m.c.split}, ${m.c.provider}]: expected ${want}, got ${m.got.category} via ${m.got.patternId ?? 'none'} (${m.got.confidence.toFixed(2)}) — ${m.c.source}`;
}

/** Ids of hits (category named, not `unknown`) that lack a root cause, fixes, a docs link or a sane confidence. */
export function hitsLackingExplanation(cases: readonly ScoredCase[], diagnose: Diagnose = diagnoseCase): string[] {
  const bad: string[] = [];
  for (const c of cases) {
    const d = diagnose(c);
    if (!isHit(c, d.category) || d.category === 'unknown') continue;
    if (d.rootCause.length <= 10 || d.fixes.length === 0 || !d.docsUrl?.startsWith('https://') || !(d.confidence > 0 && d.confidence <= 1))
      bad.push(c.id);
  }
  return bad;
}
