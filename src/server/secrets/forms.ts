/**
 * The literal forms of a secret: every way the same value is spelled in the text a writer sees.
 * A password typed into a form turns up raw in a driver's message, percent-encoded inside a URL
 * (encodeURIComponent's form and the userinfo form, which keeps `!$&'()*+,;=`), with lower-case
 * hex escapes, JSON-escaped inside a serialised body, form-encoded (`+` for a space), and inside
 * an HTTP Basic authorization value as base64 of `user:password`.
 */
import type { ConnectionSecret } from '../../shared/connection';
import { percentEncodeUserinfo } from '../../shared/connectionUrl';

/**
 * Values shorter than this are masked only where they stand alone (not inside a longer word or
 * number): masking every "ab" in a message would make it unreadable and would itself tell a
 * reader the password. A short value standing alone is masked all the same.
 */
export const SHORT_SECRET = 4;

function safely(f: () => string): string | undefined {
  try {
    return f();
  } catch {
    return undefined; // a lone surrogate cannot be percent-encoded: the raw form is enough
  }
}

/** Every literal form of one secret value (distinct, non-empty). Each user name adds a Basic-auth form. */
export function secretForms(value: string, users: readonly (string | undefined)[] = []): string[] {
  if (typeof value !== 'string' || value.length === 0) return [];
  const forms = new Set<string>([value]);
  const uri = safely(() => encodeURIComponent(value));
  if (uri !== undefined) {
    forms.add(uri);
    forms.add(uri.replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase()));
    forms.add(uri.replace(/%20/g, '+'));
  }
  forms.add(percentEncodeUserinfo(value));
  forms.add(JSON.stringify(value).slice(1, -1));
  if (value.length >= SHORT_SECRET) forms.add(Buffer.from(value, 'utf8').toString('base64'));
  for (const user of users) if (user !== undefined) forms.add(Buffer.from(`${user}:${value}`, 'utf8').toString('base64'));
  return [...forms].filter((f) => f.length > 0);
}

/** The values of a connection secret, including the key parts of a service-account JSON. */
export function secretValues(secret: ConnectionSecret | null | undefined): string[] {
  if (!secret) return [];
  const values: string[] = [];
  const add = (v: unknown): void => {
    if (typeof v === 'string' && v.length > 0) values.push(v);
  };
  add(secret.password);
  add(secret.apiKey);
  if (secret.serviceAccountJson) {
    add(secret.serviceAccountJson);
    try {
      const sa = JSON.parse(secret.serviceAccountJson) as Record<string, unknown>;
      add(sa.private_key);
      add(sa.private_key_id);
    } catch {
      // not JSON: the whole text is already listed
    }
  }
  return values;
}

/** Every literal form of every value of the secrets, longest first (a value containing another is masked whole). */
export function secretLiterals(
  secrets: ReadonlyArray<ConnectionSecret | null | undefined>,
  users: readonly (string | undefined)[] = [],
): string[] {
  const out = new Set<string>();
  for (const s of secrets) for (const v of secretValues(s)) for (const f of secretForms(v, users)) out.add(f);
  return [...out].sort((a, b) => b.length - a.length);
}
