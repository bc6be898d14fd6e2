/**
 * Defence in depth for free-form fields of audit and feedback records (pure): values
 * under secret-looking keys and passwords inside URLs never reach the store. Probe
 * results are sanitised by the probes (their contract); these records carry user text.
 */
const SECRET_KEY = /pass(word|wd)?|secret|token|api[-_]?key|private[-_]?key|credential|auth[-_]?header|service[-_]?account|cookie|session/i;
const URL_PASSWORD = /([a-z][a-z0-9+.-]*:\/\/[^:/?#@\s]*:)([^@/?#\s]+)@/gi;
const BEARER = /\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi;
const JWT = /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g;

export const REDACTED = '[redacted]';

export function redactText(text: string): string {
  return text.replace(URL_PASSWORD, `$1${REDACTED}@`).replace(BEARER, `$1 ${REDACTED}`).replace(JWT, REDACTED);
}

export function redactDetails(details: Record<string, string | number | boolean | null>): Record<string, string | number | boolean | null> {
  const out: Record<string, string | number | boolean | null> = {};
  for (const [k, v] of Object.entries(details)) {
    if (SECRET_KEY.test(k) && v !== null && v !== false && v !== '') out[k] = REDACTED;
    else out[k] = typeof v === 'string' ? redactText(v) : v;
  }
  return out;
}
