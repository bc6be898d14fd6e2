/**
 * Error diagnosis: the entry points other modules use.
 *
 *   diagnoseError(provider, error, context?)  deterministic, synchronous, never throws
 *   (redaction before storing/logging/sending lives in ../secrets)
 */
import type { Provider } from '../../shared/categories';
import { diagnoseCore } from './diagnose';
import type { Diagnosis, DiagnosisContext } from './types';

export type { Diagnosis, DiagnosisContext, Evidence, Fix, FixAction, HistoryEntry, ErrorRecord } from './types';
export { NETWORK_CATEGORIES } from './diagnose';
export { extractLayers, type ErrorLayer } from './extract';
export { Diagnoser, LLM_THRESHOLD, type DiagnoserOptions, type FeedbackInput, type LlmOutcome } from './diagnoser';
export {
  JsonFileStatsStore,
  MemoryStatsStore,
  emptyState,
  type DiagnosisState,
  type DiagnosisStatsStore,
  type FeedbackRecord,
  type FeedbackType,
} from './statsStore';
export { patternConfidence, posterior, posteriorMean, staleness, type PatternStats } from './stats';
export { pruneLearned, signatureOf, type LearnedPattern } from './learned';
// The OpenAI client loads `openai`: import it from './llm/client' only where the LLM path is enabled.
export type { LlmAsker, LlmResult, LlmSettings } from './llm/client';
export { LLM_ANSWER_SCHEMA, validateLlmAnswer, type LlmAnswer } from './llm/schema';
export { buildMessages } from './llm/prompt';
export { CURATED_PATTERNS } from './kb';
export { MAX_REFERENCES, referencesFor } from './docsearch/catalog';

/**
 * Diagnoses a connection error: a thrown driver error (cause / AggregateError /
 * reason / gRPC / HTTP bodies are walked), a string, or a `{provider, message,
 * fields}` record. Deterministic and offline; the curated knowledge base only.
 */
export function diagnoseError(provider: Provider, error: unknown, context?: DiagnosisContext): Diagnosis {
  return diagnoseCore(provider, error, context);
}
