/**
 * Secrets out of everything DB Pulse writes. One mask, one notion of the literal forms of a secret,
 * one set of secret shapes; every writer (logs, history, alerts, LLM prompts, metrics, CLI output)
 * goes through `redact` / `makeRedactor` / `redactValue`.
 */
export { MASK, HOST_MASK, IP_MASK } from './mask';
export { SHORT_SECRET, secretForms, secretLiterals, secretValues } from './forms';
export { isSecretKey } from './patterns';
export { makeRedactor, redact, redactValue, type RedactOptions, type Redactor } from './redact';
