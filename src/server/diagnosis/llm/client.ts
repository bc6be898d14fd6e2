/**
 * The optional LLM path: asks an OpenAI-compatible Chat Completions endpoint
 * (OpenAI, Azure OpenAI, Ollama, LM Studio ...) for a structured diagnosis of
 * an error the knowledge base does not know. Off unless the caller constructs
 * it (the user's consent and settings live in the editor); never throws; a
 * timeout or a bad answer yields `{ ok: false }`.
 */
import OpenAI from 'openai';
import type { Provider } from '../../../shared/categories';
import type { ErrorLayer } from '../extract';
import { redact } from '../../secrets';
import type { DiagnosisContext } from '../types';
import { buildMessages, type PromptOptions } from './prompt';
import { LLM_ANSWER_SCHEMA, parseLlmContent, type LlmAnswer } from './schema';
import { errorMessage } from '../../../shared/errors';

export interface LlmSettings extends PromptOptions {
  /** e.g. https://api.openai.com/v1, http://127.0.0.1:11434/v1 (Ollama), https://<res>.openai.azure.com/openai/v1 */
  baseURL: string;
  /** From SecretStorage; local servers accept any value. */
  apiKey?: string;
  model: string;
  /** Whole request budget; default 15 s. */
  timeoutMs?: number;
  /** `json_schema` (structured outputs) or `json_object` for servers without schema support. */
  responseFormat?: 'json_schema' | 'json_object';
}

export type LlmResult = { ok: true; answer: LlmAnswer; model: string } | { ok: false; reason: string };

/** Anything that can ask: the real client, or a test double. */
export interface LlmAsker {
  ask(provider: Provider, layers: readonly ErrorLayer[], ctx: DiagnosisContext | undefined, signal?: AbortSignal): Promise<LlmResult>;
}

export class OpenAiDiagnoser implements LlmAsker {
  private readonly client: OpenAI;
  private readonly timeoutMs: number;

  constructor(private readonly settings: LlmSettings) {
    this.timeoutMs = settings.timeoutMs ?? 15_000;
    this.client = new OpenAI({
      baseURL: settings.baseURL,
      apiKey: settings.apiKey && settings.apiKey.length > 0 ? settings.apiKey : 'not-needed',
      timeout: this.timeoutMs,
      maxRetries: 0,
    });
  }

  async ask(
    provider: Provider,
    layers: readonly ErrorLayer[],
    ctx: DiagnosisContext | undefined,
    signal?: AbortSignal,
  ): Promise<LlmResult> {
    const messages = buildMessages(provider, layers, ctx, this.settings);
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.timeoutMs);
    const onAbort = () => controller.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const response_format =
        this.settings.responseFormat === 'json_object'
          ? ({ type: 'json_object' } as const)
          : ({
              type: 'json_schema',
              json_schema: { name: 'dbpulse_diagnosis', strict: true, schema: LLM_ANSWER_SCHEMA as unknown as Record<string, unknown> },
            } as const);
      const completion = await this.client.chat.completions.create(
        { model: this.settings.model, messages, temperature: 0, response_format },
        { signal: controller.signal },
      );
      const content = completion.choices?.[0]?.message?.content;
      const v = parseLlmContent(content);
      if (!v.ok) return { ok: false, reason: `the model's answer was rejected: ${v.reason}` };
      return { ok: true, answer: v.answer, model: completion.model ?? this.settings.model };
    } catch (err) {
      if (controller.signal.aborted) return { ok: false, reason: signal?.aborted ? 'cancelled' : `no answer within ${this.timeoutMs} ms` };
      const status = (err as { status?: number }).status;
      const msg = errorMessage(err);
      return { ok: false, reason: redact(`LLM request failed${status ? ` (HTTP ${status})` : ''}: ${msg}`).slice(0, 300) };
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  }
}
