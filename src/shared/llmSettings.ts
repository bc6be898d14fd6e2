/** Settings of the optional LLM diagnosis. */

/** The `dbpulse.llm` settings the server reads (workspace/configuration). */
export interface LlmSettingsSection {
  enabled?: boolean;
  baseUrl?: string;
  model?: string;
  redactHosts?: boolean;
  timeoutMs?: number;
}
