/**
 * The optional LLM, read from the user's settings at the moment it is needed:
 * off unless `dbpulse.llm.enabled`; the key comes from the client's
 * SecretStorage per call and is never kept. The OpenAI client module loads only
 * when an answer is actually asked for.
 */
import type { Connection } from 'vscode-languageserver/node';
import type { LlmAsker, LlmResult } from '../diagnosis';
import { GetLlmKeyRequest } from '../../shared/protocol';
import type { LlmSettingsSection } from '../../shared/llmSettings';

export function settingsBackedAsker(connection: Connection): LlmAsker {
  return {
    async ask(provider, layers, ctx, signal): Promise<LlmResult> {
      let cfg: LlmSettingsSection | null = null;
      try {
        cfg = (await connection.workspace.getConfiguration('dbpulse.llm')) as LlmSettingsSection | null;
      } catch {
        cfg = null;
      }
      if (!cfg?.enabled) return { ok: false, reason: 'the LLM is off (dbpulse.llm.enabled)' };
      if (!cfg.baseUrl || !cfg.model) return { ok: false, reason: 'dbpulse.llm.baseUrl and dbpulse.llm.model must be set' };
      let apiKey: string | null = null;
      try {
        apiKey = await connection.sendRequest(GetLlmKeyRequest.type);
      } catch {
        apiKey = null;
      }
      // A dynamic import: the bundler keeps the module's code uninitialised until this line runs.
      const { OpenAiDiagnoser } = await import('../diagnosis/llm/client');
      const asker = new OpenAiDiagnoser({
        baseURL: cfg.baseUrl,
        model: cfg.model,
        apiKey: apiKey ?? undefined,
        redactAllHosts: cfg.redactHosts !== false,
        timeoutMs: cfg.timeoutMs,
      });
      return asker.ask(provider, layers, ctx, signal);
    },
  };
}
