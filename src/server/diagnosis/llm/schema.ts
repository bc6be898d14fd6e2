/**
 * The JSON schema the LLM must answer with, and its validator. An answer that
 * does not validate is discarded: nothing acts on free text.
 */
import { ERROR_CATEGORIES, isErrorCategory, type ErrorCategory } from '../../../shared/categories';
import { redact } from '../../secrets';

export interface LlmAnswer {
  category: ErrorCategory;
  confidence: number;
  rootCause: string;
  fixes: string[];
}

export const MAX_ROOT_CAUSE = 300;
export const MAX_FIXES = 5;
export const MAX_FIX = 200;

/** OpenAI structured-outputs schema (strict: every property required, no extras). */
export const LLM_ANSWER_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['category', 'confidence', 'rootCause', 'fixes'],
  properties: {
    category: { type: 'string', enum: [...ERROR_CATEGORIES] },
    confidence: { type: 'number', minimum: 0, maximum: 1 },
    rootCause: { type: 'string', maxLength: MAX_ROOT_CAUSE },
    fixes: { type: 'array', maxItems: MAX_FIXES, items: { type: 'string', maxLength: MAX_FIX } },
  },
} as const;

export type Validation = { ok: true; answer: LlmAnswer } | { ok: false; reason: string };

// eslint-disable-next-line no-control-regex -- strips control characters from model output
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

function clean(s: string, max: number): string {
  return redact(s.replace(CONTROL, '').replace(/\s+/g, ' ').trim()).slice(0, max);
}

/** Validates a parsed answer against LLM_ANSWER_SCHEMA (and a little more: non-empty root cause). */
export function validateLlmAnswer(value: unknown): Validation {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, reason: 'answer is not a JSON object' };
  const v = value as Record<string, unknown>;
  const extra = Object.keys(v).filter((k) => !['category', 'confidence', 'rootCause', 'fixes'].includes(k));
  if (extra.length > 0) return { ok: false, reason: `unexpected properties: ${extra.join(', ')}` };
  if (!isErrorCategory(v.category))
    return { ok: false, reason: `category is not one of the taxonomy ids: ${JSON.stringify(v.category)?.slice(0, 60)}` };
  if (typeof v.confidence !== 'number' || !Number.isFinite(v.confidence) || v.confidence < 0 || v.confidence > 1)
    return { ok: false, reason: 'confidence must be a number from 0 to 1' };
  if (typeof v.rootCause !== 'string' || v.rootCause.trim().length === 0)
    return { ok: false, reason: 'rootCause must be a non-empty string' };
  if (v.rootCause.length > MAX_ROOT_CAUSE) return { ok: false, reason: `rootCause longer than ${MAX_ROOT_CAUSE} characters` };
  if (!Array.isArray(v.fixes) || v.fixes.length > MAX_FIXES || !v.fixes.every((f) => typeof f === 'string' && f.length <= MAX_FIX)) {
    return { ok: false, reason: `fixes must be at most ${MAX_FIXES} strings of at most ${MAX_FIX} characters` };
  }
  return {
    ok: true,
    answer: {
      category: v.category,
      confidence: v.confidence,
      rootCause: clean(v.rootCause, MAX_ROOT_CAUSE),
      fixes: (v.fixes as string[]).map((f) => clean(f, MAX_FIX)).filter((f) => f.length > 0),
    },
  };
}

/** Parses the model's message content (JSON, possibly fenced) and validates it. */
export function parseLlmContent(content: string | null | undefined): Validation {
  if (!content) return { ok: false, reason: 'empty answer' };
  const text = content
    .trim()
    .replace(/^```(?:json)?\s*/i, '')
    .replace(/\s*```$/, '');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'answer is not valid JSON' };
  }
  return validateLlmAnswer(parsed);
}
