/** Every config rule: stable id, category (public contract), default severity, title, docs page. */
import type { FindingCategory } from '../../shared/categories';
import type { Severity } from './types';

export interface RuleMeta {
  id: string;
  category: FindingCategory;
  /** Severity in the common case (some findings raise or lower it, e.g. local vs public host). */
  severity: Severity;
  title: string;
  /** Counted in the security score (hygiene rules are not security problems). */
  security: boolean;
}

const R = (id: string, category: FindingCategory, severity: Severity, title: string, security = true): RuleMeta => ({
  id,
  category,
  severity,
  title,
  security,
});

export const RULES: readonly RuleMeta[] = [
  R('plaintext-password-in-url', 'plaintext_secret', 'error', 'Literal password in a connection string'),
  R('plaintext-secret', 'plaintext_secret', 'error', 'Literal secret in a setting git would commit'),
  R('secret-file-not-ignored', 'secret_file_not_ignored', 'error', 'File with secrets not covered by .gitignore'),
  R('tls-disabled', 'tls_disabled', 'warning', 'TLS off or downgradable to a non-local host'),
  R('weak-password', 'weak_password', 'error', 'Empty, default, common or equal-to-user password'),
  R('superuser-account', 'superuser_account', 'warning', 'Application connects as a superuser'),
  R('client-exposed-secret', 'client_exposed_secret', 'error', 'Server-only secret under a browser-exposed variable prefix'),
  R('supabase-key-project-mismatch', 'key_project_mismatch', 'error', 'Supabase key belongs to another project'),
  R('expired-credential', 'expired_credential', 'warning', 'Token or key already expired'),
  R('pooler-pgbouncer-missing', 'pooler_misconfig', 'warning', 'Transaction pooler used by Prisma without pgbouncer=true'),
  R('pool-exceeds-server-limit', 'pooler_misconfig', 'warning', 'Pool size above the server connection limit'),
  R('private-key-in-env', 'plaintext_secret', 'warning', 'Private key pasted into an env file'),
  R('credentials-file-missing', 'credentials_file_missing', 'error', 'Credentials file does not exist'),
  R('compose-literal-password', 'plaintext_secret', 'warning', 'Literal database password in a compose file'),
  R('open-security-rules', 'insecure_auth_mode', 'error', 'Firebase security rules open to anyone'),
  R('insecure-auth-mode', 'insecure_auth_mode', 'error', 'Database authentication switched off'),
  R('public-port-binding', 'public_port_binding', 'warning', 'Database port published on all interfaces'),
  R('malformed-connection-string', 'malformed_connection_string', 'error', 'Connection string the driver rejects or misreads'),
  R('known-token', 'known_token', 'error', 'Vendor API token in a committed file'),
  R('missing-connect-timeout', 'missing_timeout', 'information', 'No connect timeout on a production connection'),
  R('dotenv-duplicate-key', 'dotenv_syntax', 'warning', 'Duplicate key (the later one silently wins)', false),
  R('dotenv-key-without-value', 'dotenv_syntax', 'warning', 'Key without value', false),
  R('dotenv-invalid-key', 'dotenv_syntax', 'warning', 'Invalid key name', false),
  R('dotenv-invalid-line', 'dotenv_syntax', 'error', 'Line dotenv cannot read', false),
  R('dotenv-unquoted-spaces', 'dotenv_syntax', 'warning', 'Unquoted value with spaces', false),
  R('dotenv-space-around-equals', 'dotenv_syntax', 'warning', 'Space before "="', false),
  R('dotenv-unclosed-quote', 'dotenv_syntax', 'error', 'Quote never closed', false),
  R('dotenv-trailing-whitespace', 'dotenv_syntax', 'information', 'Trailing whitespace', false),
  R('dotenv-leading-whitespace', 'dotenv_syntax', 'information', 'Leading whitespace before a key', false),
  R('dotenv-lowercase-key', 'dotenv_syntax', 'information', 'Lower-case key', false),
  R('dotenv-text-after-quote', 'dotenv_syntax', 'warning', 'Text after a closing quote is dropped', false),
  R('config-parse-error', 'dotenv_syntax', 'error', 'Config file that does not parse', false),
  R('file-skipped', 'dotenv_syntax', 'information', 'File not linted (too large, binary or not UTF-8)', false),
];

const BY_ID = new Map(RULES.map((r) => [r.id, r]));

export function ruleMeta(id: string): RuleMeta | undefined {
  return BY_ID.get(id);
}

/** The one place rule documentation URLs are built (docs/rules/<id>.md in the repository). */
export const DOCS_BASE = 'https://github.com/dbpulse/dbpulse/blob/main/docs/rules/';

export function ruleDocsUrl(id: string): string {
  return `${DOCS_BASE}${encodeURIComponent(id)}.md`;
}
