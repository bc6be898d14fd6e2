/**
 * Scores the held-out corpus (./realWorld.corpus.ts): shared by realWorld.test.ts and
 * bench/diagnose.bench.ts so that both report the same figure. A case is a hit when the
 * category equals `expect`, or `alsoAccept` for a case the spec leaves ambiguous.
 */
import type { Diagnosis } from '../../../src/shared/diagnosis';
import { diagnoseError } from '../../../src/server/diagnosis';
import { REAL_WORLD_CASES, type RealWorldCase } from './realWorld.corpus';

export interface Tally {
  hits: number;
  total: number;
}

export interface RealWorldMiss {
  c: RealWorldCase;
  got: Diagnosis;
}

export interface RealWorldScore {
  all: Tally;
  byProvider: Record<string, Tally>;
  bySplit: Record<string, Tally>;
  /** Split × provider, keyed `${split}/${provider}`. */
  bySplitProvider: Record<string, Tally>;
  misses: RealWorldMiss[];
}

export type Diagnose = (c: RealWorldCase) => Diagnosis;

export const diagnoseCase: Diagnose = (c) =>
  diagnoseError(c.provider, { provider: c.provider, message: c.message, fields: c.fields ?? {} });

export function isHit(c: RealWorldCase, category: string): boolean {
  return category === c.expect || (c.alsoAccept !== undefined && category === c.alsoAccept);
}

function add(t: Record<string, Tally>, key: string, hit: boolean): void {
  const x = (t[key] ??= { hits: 0, total: 0 });
  x.total++;
  if (hit) x.hits++;
}

export function scoreRealWorld(diagnose: Diagnose = diagnoseCase, cases: readonly RealWorldCase[] = REAL_WORLD_CASES): RealWorldScore {
  const s: RealWorldScore = { all: { hits: 0, total: 0 }, byProvider: {}, bySplit: {}, bySplitProvider: {}, misses: [] };
  for (const c of cases) {
    const got = diagnose(c);
    const hit = isHit(c, got.category);
    s.all.total++;
    if (hit) s.all.hits++;
    else s.misses.push({ c, got });
    add(s.byProvider, c.provider, hit);
    add(s.bySplit, c.split, hit);
    add(s.bySplitProvider, `${c.split}/${c.provider}`, hit);
  }
  return s;
}

export const pct = (t: Tally): number => (t.total === 0 ? 0 : (100 * t.hits) / t.total);

export function describeMiss(m: RealWorldMiss): string {
  const want = m.c.alsoAccept ? `${m.c.expect}|${m.c.alsoAccept}` : m.c.expect;
  return `${m.c.id} [${m.c.split}, ${m.c.provider}]: expected ${want}, got ${m.got.category} via ${m.got.patternId ?? 'none'} (${m.got.confidence.toFixed(2)}) — ${m.c.source}`;
}
