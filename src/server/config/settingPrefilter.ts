/**
 * A cheap test that tells which dotenv entries the setting rules
 * (checkConnections, checkSecrets, checkCredentialsPath) can say anything
 * about. Most lines of a real .env (`PORT=3000`, `LOG_LEVEL=info`) cannot: then
 * the linter builds no Setting, runs no regex over the value and allocates
 * nothing for them. Each clause is a necessary condition of one rule, read off
 * the rule's own early exits (kept next to them in the comments below); the
 * property test in test/unit/config/prefilter.test.ts checks that an entry
 * this says "no" to gets no finding, no secret mark and no Supabase claim.
 */
import { MIN_TOKEN_TEXT, SECRET_NAME_HINT, TOKEN_HINT } from './secrets';

// Module-local copies: read on every entry.
const TOKEN_TEXT_MIN = MIN_TOKEN_TEXT;
const TOKEN_LITERALS = TOKEN_HINT;

/**
 * The credentials-path rule's key names (GOOGLE_APPLICATION_CREDENTIALS,
 * FIREBASE_SERVICE_ACCOUNT[_KEY]_PATH, GCLOUD_KEYFILE, GOOGLE_CLOUD_KEYFILE)
 * all contain CREDENTIAL, SERVICE or KEY, so the secret-name hint covers them.
 */
const KEY_HINT = SECRET_NAME_HINT;

/**
 * Every scheme the connection-string reader accepts (URL_START in
 * connectionString.ts: postgres, postgresql and their misspellings, pgsql,
 * mysql, mariadb, mongo, mongodb, mongodb+srv) contains one of these.
 */
const DB_SCHEME_HINT = /postgre|pgsql|mysql|mariadb|mongo/i;
const SUPABASE = /supabase/i;

/**
 * False when no setting rule can report on, or take note of, an entry with
 * this key, source text (`raw`, what the rules scan) and loaded value.
 */
export function settingRulesApply(key: string, raw: string, value: string): boolean {
  // checkConnections: a key/value connection string needs "="; a URL needs "://" after a database scheme.
  if (raw.indexOf('=') >= 0) return true;
  if (raw.indexOf('://') >= 0 && (DB_SCHEME_HINT.test(raw) || raw.indexOf('@') >= 0)) return true; // findCredentialUrls: any scheme with user:password@
  // A Supabase project URL (its ref is read for the cross-entry project check).
  if (SUPABASE.test(raw)) return true;
  // checkSecrets, Supabase keys: the trimmed value starts with sb_secret_, sb_publishable_ or eyJ.
  if (value.indexOf('sb_') >= 0 || value.indexOf('eyJ') >= 0) return true;
  // checkSecrets, vendor tokens: findTokens' own pre-check.
  if (raw.length >= TOKEN_TEXT_MIN && TOKEN_LITERALS.test(raw)) return true;
  // checkSecrets, a secret by its name; checkCredentialsPath, by its name.
  return KEY_HINT.test(key);
}
