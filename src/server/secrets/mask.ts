/** The one mask every writer puts where a secret was (logs, history, alerts, prompts, CLI output). */
export const MASK = '[REDACTED]';
/** Where a host name was removed on request (LLM prompts with host redaction on). */
export const HOST_MASK = '[HOST]';
/** Where an IP address was removed on request. */
export const IP_MASK = '[IP]';
