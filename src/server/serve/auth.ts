/**
 * The team API's bearer token: read from an environment variable or a file (Docker and
 * Kubernetes secrets), compared in constant time. The token is never logged or echoed.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { readRegularText } from '../config/regularFile';

export const MIN_TOKEN_LENGTH = 16;
const MAX_TOKEN_FILE_BYTES = 4096;

export class TokenError extends Error {}

/** The token from `file` (trimmed) or else from `env[envName]`; undefined when neither gives one. */
export function loadToken(o: { file?: string; envName: string; env: NodeJS.ProcessEnv }): string | undefined {
  let token: string | undefined;
  let where: string;
  if (o.file !== undefined) {
    const text = readRegularText(o.file, MAX_TOKEN_FILE_BYTES);
    if (text === undefined)
      throw new TokenError(`cannot read the token file ${o.file} (missing, not a regular file, or over ${MAX_TOKEN_FILE_BYTES} bytes)`);
    token = text.trim();
    where = `the token file ${o.file}`;
  } else {
    token = o.env[o.envName];
    where = `$${o.envName}`;
  }
  if (token === undefined || token === '') return undefined;
  if (token.length < MIN_TOKEN_LENGTH)
    throw new TokenError(`the token in ${where} is too short: use at least ${MIN_TOKEN_LENGTH} characters`);
  if (/\s/.test(token)) throw new TokenError(`the token in ${where} contains white space`);
  return token;
}

const digest = (s: string): Buffer => createHash('sha256').update(s, 'utf8').digest();

/** Whether an `Authorization` header carries the token (`Bearer <token>`); constant time in the token. */
export function bearerMatches(header: string | undefined, token: string): boolean {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  // Digests first: timingSafeEqual needs equal lengths, and the length of the guess tells nothing then.
  const given = digest(m ? m[1] : '');
  return timingSafeEqual(given, digest(token)) && m !== null;
}
