/**
 * Every change to the per-user diagnosis state, as a value. The diagnoser applies each change to
 * its own copy at once and keeps the list; saving replays the list onto the state on disk (under
 * the store's lock), so two processes sharing one storage folder never lose each other's updates:
 * counters add up, feedback from both is kept, a prune runs on the merged state. Pure.
 */
import { pruneLearned, type LearnedPattern } from './learned';
import { emptyStats, recordFixOutcome, recordMatch, recordThumb, type PatternStats } from './stats';
import type { DiagnosisState, FeedbackRecord } from './statsStore';

/** Feedback records kept (newest last). */
export const MAX_FEEDBACK = 500;

export type StateOp =
  | { op: 'match'; patternId: string; at: number }
  | { op: 'thumb'; patternId: string; helpful: boolean; at: number }
  | { op: 'fix'; patternId: string; succeeded: boolean; at: number }
  | { op: 'feedback'; record: FeedbackRecord }
  /** A learned pattern was used: its `lastMatchedAt` moves on. */
  | { op: 'learnedMatch'; patternId: string; at: number }
  /** A confirmed LLM answer becomes a learned pattern; the candidate's statistics move to it. */
  | { op: 'learn'; pattern: LearnedPattern; fromCandidate: string }
  | { op: 'prune'; at: number };

export interface PruneOutcome {
  expired: string[];
  merged: Record<string, string>;
}

/** Applies one change in place; returns what a prune removed (empty otherwise). */
export function applyOp(state: DiagnosisState, op: StateOp): PruneOutcome {
  const touch = (id: string, f: (s: PatternStats) => PatternStats): void => void (state.stats[id] = f(state.stats[id] ?? emptyStats(id)));
  switch (op.op) {
    case 'match':
      touch(op.patternId, (s) => recordMatch(s, op.at));
      break;
    case 'thumb':
      touch(op.patternId, (s) => recordThumb(s, op.helpful, op.at));
      break;
    case 'fix':
      touch(op.patternId, (s) => recordFixOutcome(s, op.succeeded, op.at));
      break;
    case 'feedback':
      state.feedback.push(op.record);
      if (state.feedback.length > MAX_FEEDBACK) state.feedback.splice(0, state.feedback.length - MAX_FEEDBACK);
      break;
    case 'learnedMatch':
      state.learned = state.learned.map((l) =>
        l.id === op.patternId ? { ...l, lastMatchedAt: Math.max(l.lastMatchedAt ?? 0, op.at) } : l,
      );
      break;
    case 'learn': {
      const id = op.pattern.id;
      if (!state.learned.some((l) => l.id === id)) state.learned.push({ ...op.pattern, fixes: [...op.pattern.fixes] });
      const s = state.stats[op.fromCandidate];
      if (s) {
        state.stats[id] = mergeStats(state.stats[id], { ...s, patternId: id });
        delete state.stats[op.fromCandidate];
      }
      break;
    }
    case 'prune':
      return prune(state, op.at);
  }
  return { expired: [], merged: {} };
}

/** Expires unused learned patterns, merges near-duplicates and their statistics, drops orphaned statistics. */
function prune(state: DiagnosisState, now: number): PruneOutcome {
  const r = pruneLearned(state.learned, now);
  state.learned = r.kept;
  for (const id of r.expired) delete state.stats[id];
  for (const [from, into] of Object.entries(r.merged)) {
    const a = state.stats[from];
    if (!a) continue;
    state.stats[into] = mergeStats(state.stats[into], { ...a, patternId: into });
    delete state.stats[from];
  }
  return { expired: r.expired, merged: r.merged };
}

/** The sum of two statistics of one pattern (counters added, times widened). */
export function mergeStats(b: PatternStats | undefined, a: PatternStats): PatternStats {
  if (!b) return a;
  const max = (x?: number, y?: number): number | undefined => Math.max(x ?? 0, y ?? 0) || undefined;
  const min = (x?: number, y?: number): number | undefined => (x === undefined ? y : y === undefined ? x : Math.min(x, y));
  return {
    ...b,
    matches: b.matches + a.matches,
    thumbsUp: b.thumbsUp + a.thumbsUp,
    thumbsDown: b.thumbsDown + a.thumbsDown,
    fixesApplied: b.fixesApplied + a.fixesApplied,
    fixSuccesses: b.fixSuccesses + a.fixSuccesses,
    fixFailures: b.fixFailures + a.fixFailures,
    firstMatchedAt: min(a.firstMatchedAt, b.firstMatchedAt),
    lastMatchedAt: max(a.lastMatchedAt, b.lastMatchedAt),
    lastConfirmedAt: max(a.lastConfirmedAt, b.lastConfirmedAt),
  };
}
