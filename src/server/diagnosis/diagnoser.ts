/**
 * The stateful diagnoser the language server holds: the curated knowledge base
 * plus per-user statistics and learned patterns (persisted through an injected
 * store), feedback, fix outcomes, pruning, and the optional LLM path.
 *
 * The deterministic diagnosis is always returned at once; an LLM answer, when
 * configured and needed, arrives later as a separate promise and never delays it.
 */
import { createHash } from 'node:crypto';
import type { Provider } from '../../shared/categories';
import { isProvider } from '../../shared/categories';
import { diagnoseCore, layersOf } from './diagnose';
import { MAX_REFERENCES, referencesFor } from './docsearch/catalog';
import type { ProviderDocsIndex } from './docsearch/search';
import { CURATED_PATTERNS, type Pattern } from './kb';
import { LEARNED_PRIOR, codeOf, learnedId, matchLearned, signatureOf, type LearnedPattern } from './learned';
import type { LlmAsker } from './llm/client';
import { redact } from '../secrets';
import { adjustMatchConfidence, patternConfidence, type PatternStats } from './stats';
import { applyOp, MAX_FEEDBACK, type StateOp } from './stateOps';
import { emptyState, type DiagnosisState, type DiagnosisStatsStore, type FeedbackRecord, type FeedbackType } from './statsStore';
import type { DocReference } from '../../shared/diagnosis';
import type { Diagnosis, DiagnosisContext } from './types';

export { MAX_FEEDBACK };
/** Below this, the deterministic answer is not trusted enough and the LLM (if enabled) is asked. */
export const LLM_THRESHOLD = 0.5;
/** A match alone is worth 1/50 of a save: statistics of matches are written in batches (and on flush). */
const MATCH_WEIGHT = 0.02;

export interface DiagnoserOptions {
  store?: DiagnosisStatsStore;
  /** Epoch milliseconds; injectable for tests. */
  clock?: () => number;
  llm?: LlmAsker;
  patterns?: readonly Pattern[];
  /** Save after this many changes (default 1: every change). 0 = only on flush(). */
  saveEvery?: number;
  /** The provider documentation index (default: the shipped one, built on first use). */
  docs?: () => { index: ProviderDocsIndex } | { error: string };
}

export interface FeedbackInput {
  type: FeedbackType;
  /** Pattern id (error_analysis), fix id (fix_suggestion), rule or finding id (config_validation). */
  targetId: string;
  patternId?: string;
  helpful: boolean;
  comment?: string;
}

export interface LlmOutcome {
  /** The deterministic diagnosis, available immediately. */
  immediate: Diagnosis;
  /** The LLM's diagnosis, or null when not asked, not configured, failed or timed out. */
  refined: Promise<Diagnosis | null>;
}

interface Candidate {
  provider: Provider;
  signature: string;
  code?: string;
  diagnosis: Diagnosis;
  at: number;
}

export class Diagnoser {
  private state: DiagnosisState = emptyState();
  private readonly clock: () => number;
  private readonly patterns: readonly Pattern[];
  private readonly priors = new Map<string, number>();
  private readonly candidates = new Map<string, Candidate>();
  private dirty = 0;
  /** Changes since the last save, replayed onto the state on disk when saving (see stateOps.ts). */
  private pending: StateOp[] = [];
  private saving: Promise<void> = Promise.resolve();

  private constructor(private readonly options: DiagnoserOptions) {
    this.clock = options.clock ?? Date.now;
    this.patterns = options.patterns ?? CURATED_PATTERNS;
    for (const p of this.patterns) this.priors.set(p.id, p.confidence);
  }

  static async open(options: DiagnoserOptions = {}): Promise<Diagnoser> {
    const d = new Diagnoser(options);
    if (options.store) d.state = await options.store.load();
    return d;
  }

  /** The deterministic diagnosis, weighted by this user's statistics; learned patterns fill in for unknown errors. */
  diagnose(provider: Provider | string, error: unknown, ctx?: DiagnosisContext): Diagnosis {
    const now = this.clock();
    const d = diagnoseCore(provider, error, ctx, {
      patterns: this.patterns,
      adjust: (id, prior, conf) => adjustMatchConfidence(conf, prior, this.state.stats[id], now),
    });
    let result = d;
    if (d.category === 'unknown' || d.confidence < LLM_THRESHOLD) {
      const learned = matchLearned(layersOf(error), isProvider(provider) ? provider : undefined, this.state.learned);
      if (learned) result = this.fromLearned(learned.pattern, learned.similarity, d, now);
    }
    if (result.patternId && result.source !== 'fallback') this.apply({ op: 'match', patternId: result.patternId, at: now }, MATCH_WEIGHT);
    return result;
  }

  /**
   * The entries of the providers' public error references that match the error (exact codes first,
   * then full text). Empty when the index cannot load: the diagnosis goes on without them.
   */
  references(provider: Provider, error: unknown, limit = MAX_REFERENCES): DocReference[] {
    return referencesFor(provider, error, limit, this.options.docs);
  }

  /**
   * Deterministic now; the LLM's answer (when enabled and the error is not known well) later. An
   * unsure answer (unknown, or below LLM_THRESHOLD) carries the matching provider references, and
   * the LLM is shown them so that its answer can cite them.
   */
  diagnoseWithLlm(provider: Provider, error: unknown, ctx?: DiagnosisContext, signal?: AbortSignal): LlmOutcome {
    let immediate = this.diagnose(provider, error, ctx);
    const unsure = immediate.category === 'unknown' || immediate.confidence < LLM_THRESHOLD;
    const references = unsure ? this.references(provider, error) : [];
    if (references.length) immediate = { ...immediate, references };
    const llm = this.options.llm;
    if (!llm || !unsure || immediate.source === 'learned') {
      return { immediate, refined: Promise.resolve(null) };
    }
    const layers = layersOf(error);
    const asked = references.length ? { ...ctx, references } : ctx;
    const refined = llm.ask(provider, layers, asked, signal).then(
      (r) => {
        if (!r.ok) return null;
        const message = layers.find((l) => l.message)?.message ?? '';
        const signature = signatureOf(message);
        const code = codeOf(layers);
        const id = `llm.${createHash('sha256')
          .update(`${provider}|${code ?? ''}|${signature}`)
          .digest('hex')
          .slice(0, 12)}`;
        const diagnosis: Diagnosis = {
          category: r.answer.category,
          confidence: Math.min(0.9, r.answer.confidence),
          rootCause: r.answer.rootCause,
          fixes: r.answer.fixes.map((title, i) => ({ id: `${id}.fix${i}`, title })),
          docsUrl: immediate.docsUrl,
          patternId: id,
          evidence: [{ path: 'llm', matched: `model ${redact(r.model)}` }],
          source: 'llm',
          message: immediate.message,
        };
        if (references.length) diagnosis.references = references;
        this.candidates.set(id, { provider, signature, code, diagnosis, at: this.clock() });
        return diagnosis;
      },
      () => null,
    );
    return { immediate, refined };
  }

  /** Thumbs up/down (with an optional comment) on a diagnosis, a fix suggestion or a config finding. */
  recordFeedback(input: FeedbackInput): void {
    const now = this.clock();
    const rec: FeedbackRecord = { type: input.type, targetId: input.targetId, helpful: input.helpful, at: now };
    if (input.patternId) rec.patternId = input.patternId;
    if (input.comment) rec.comment = redact(input.comment, { users: true, prose: true }).slice(0, 1000);
    const patternId = input.type === 'error_analysis' ? input.targetId : input.type === 'fix_suggestion' ? input.patternId : undefined;
    const thumbed = patternId ?? (input.type === 'config_validation' ? `config.${input.targetId}` : undefined);
    this.apply({ op: 'feedback', record: rec }, thumbed ? 0 : 1);
    if (patternId) {
      const target = (input.helpful ? this.learnFromCandidate(patternId, now) : undefined) ?? patternId;
      this.apply({ op: 'thumb', patternId: target, helpful: input.helpful, at: now });
    } else if (thumbed) {
      this.apply({ op: 'thumb', patternId: thumbed, helpful: input.helpful, at: now });
    }
  }

  /** A fix of a diagnosis was applied; `succeeded` says whether the next probe then succeeded. */
  recordFixOutcome(patternId: string, fixId: string, succeeded: boolean): void {
    const now = this.clock();
    const target = (succeeded ? this.learnFromCandidate(patternId, now) : undefined) ?? patternId;
    this.apply({ op: 'fix', patternId: target, succeeded, at: now });
    void fixId;
  }

  /** Current confidence of a pattern (curated or learned) after feedback and decay. */
  confidenceOf(patternId: string): number | undefined {
    const now = this.clock();
    const prior = this.priors.get(patternId);
    if (prior !== undefined) return patternConfidence(prior, this.state.stats[patternId], now);
    if (this.state.learned.some((l) => l.id === patternId)) return patternConfidence(LEARNED_PRIOR, this.state.stats[patternId], now, true);
    return undefined;
  }

  stats(patternId: string): PatternStats | undefined {
    const s = this.state.stats[patternId];
    return s ? { ...s } : undefined;
  }

  learnedPatterns(): readonly LearnedPattern[] {
    return this.state.learned;
  }

  feedback(): readonly FeedbackRecord[] {
    return this.state.feedback;
  }

  /**
   * Expires unused learned patterns (90 days), merges near-duplicates, drops their orphaned
   * statistics; the same prune runs on the state on disk at the next save.
   */
  prune(): { expired: string[]; merged: Record<string, string> } {
    const now = this.clock();
    const r = this.apply({ op: 'prune', at: now }, 0);
    // Unconfirmed LLM candidates older than a day are dropped.
    for (const [id, c] of this.candidates) if (now - c.at > 86_400_000) this.candidates.delete(id);
    if (r.expired.length > 0 || Object.keys(r.merged).length > 0) this.markDirty();
    return r;
  }

  /**
   * Writes pending changes through the store: they are replayed onto what the store holds (which
   * another process may have changed), and the merged state becomes this diagnoser's.
   */
  async flush(): Promise<void> {
    const store = this.options.store;
    if (!store) return;
    this.dirty = 0;
    const ops = this.pending;
    this.pending = [];
    const run = this.saving.then(async () => {
      try {
        const merged = await store.update((disk) => {
          for (const op of ops) applyOp(disk, op);
          return disk;
        });
        const next = structuredClone(merged);
        for (const op of this.pending) applyOp(next, op);
        this.state = next;
      } catch (err) {
        this.pending = [...ops, ...this.pending]; // kept for the next save
        throw err;
      }
    });
    this.saving = run.catch(() => undefined);
    await run;
  }

  private fromLearned(p: LearnedPattern, sim: number, fallback: Diagnosis, now: number): Diagnosis {
    const conf = patternConfidence(LEARNED_PRIOR, this.state.stats[p.id], now, true) * sim;
    this.apply({ op: 'learnedMatch', patternId: p.id, at: now }, 0);
    return {
      category: p.category,
      confidence: Math.round(Math.min(0.95, conf) * 1000) / 1000,
      rootCause: p.rootCause,
      fixes: p.fixes.map((title, i) => ({ id: `${p.id}.fix${i}`, title })),
      docsUrl: fallback.docsUrl,
      patternId: p.id,
      evidence: [{ path: 'error', matched: `learned signature (similarity ${sim.toFixed(2)})` }],
      source: 'learned',
      message: fallback.message,
    };
  }

  /** Turns a confirmed LLM answer into a learned pattern; returns the learned id. */
  private learnFromCandidate(patternId: string, now: number): string | undefined {
    const c = this.candidates.get(patternId);
    if (!c) return undefined;
    this.candidates.delete(patternId);
    const id = learnedId(c.provider, c.signature, c.code);
    if (this.state.learned.some((l) => l.id === id)) return id;
    const pattern: LearnedPattern = {
      id,
      provider: c.provider,
      category: c.diagnosis.category,
      signature: c.signature,
      code: c.code,
      rootCause: c.diagnosis.rootCause,
      fixes: c.diagnosis.fixes.map((f) => f.title),
      source: 'llm',
      createdAt: now,
      lastMatchedAt: now,
    };
    // Feedback on the candidate carries over to the learned pattern.
    this.apply({ op: 'learn', pattern, fromCandidate: patternId });
    return id;
  }

  /** Applies a change now and keeps it for the next save; `weight` counts towards `saveEvery`. */
  private apply(op: StateOp, weight = 1): ReturnType<typeof applyOp> {
    const r = applyOp(this.state, op);
    if (this.options.store) this.pending.push(op);
    if (weight > 0) this.markDirty(weight);
    return r;
  }

  private markDirty(weight = 1): void {
    this.dirty += weight;
    const every = this.options.saveEvery ?? 1;
    if (every > 0 && this.dirty >= every && this.options.store) void this.flush().catch(() => undefined);
  }
}
