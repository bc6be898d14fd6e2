/**
 * Removes secrets from text the engine writes (logs, synthetic error messages):
 * the connection's own secret values wherever they appear, and the password
 * part of any URL's user-info.
 */
import type { ConnectionSecret } from '../../shared/connection';

const MASK = '***';

export function redactSecrets(text: string, secret?: ConnectionSecret | null): string {
  let out = text
    .replace(/(\b[a-z][a-z0-9+.-]*:\/\/[^:/?#@\s]*:)([^@\s/]+)@/gi, `$1${MASK}@`)
    // Any PEM private key, whole or cut off.
    .replace(/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g, MASK);
  for (const value of secretValues(secret)) out = out.split(value).join(MASK);
  return out;
}

function secretValues(secret?: ConnectionSecret | null): string[] {
  if (!secret) return [];
  const values: string[] = [];
  if (secret.password) values.push(secret.password);
  if (secret.apiKey) values.push(secret.apiKey);
  if (secret.serviceAccountJson) {
    values.push(secret.serviceAccountJson);
    try {
      const parsed = JSON.parse(secret.serviceAccountJson) as Record<string, unknown>;
      for (const key of ['private_key', 'private_key_id']) {
        const v = parsed[key];
        if (typeof v === 'string') values.push(v, JSON.stringify(v).slice(1, -1));
      }
    } catch {
      // not JSON: the whole text is already masked
    }
  }
  // Longest first, so a value containing another is masked whole. Even short values are masked:
  // an odd-looking message is better than a leaked password.
  return values.filter((v) => v.length > 0).sort((a, b) => b.length - a.length);
}
