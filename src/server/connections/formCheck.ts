/**
 * Live validation for the Add Connection form: the settings' own problems plus
 * the config rules applied to the connection as a program would see it (a URL
 * with its password), with the same security score the linter gives files.
 * The secret goes to SecretStorage, not a file, so rules about committing
 * secrets do not apply here.
 */
import type { ConnectionConfig, ConnectionSecret } from '../../shared/connection';
import type { FindingCategory } from '../../shared/categories';
import { validateConnection, validateSecret } from '../../shared/providerSchemas';
import type { ConnectionCheck } from '../../shared/connectionTools';
import { lintDocument } from '../config/lint';
import { scoreFile } from '../config/score';

/** Findings about where a secret is written: not meaningful for a secret kept in SecretStorage. */
const NOT_FOR_FORM = new Set<FindingCategory>([
  'plaintext_secret',
  'secret_file_not_ignored',
  'dotenv_syntax',
  'known_token',
  'client_exposed_secret',
]);

/** The connection as a URL a program would use (password included), or undefined when it has none. */
export function connectionUrl(c: ConnectionConfig, s: ConnectionSecret): string | undefined {
  const pw = s.password ? `:${encodeURIComponent(s.password)}` : '';
  const user = c.user ? encodeURIComponent(c.user) : '';
  const auth = user || pw ? `${user}${pw}@` : '';
  const params = new URLSearchParams();
  if (c.provider === 'postgres') {
    if (c.tls?.mode) params.set('sslmode', c.tls.mode);
    if (c.tls?.caFile) params.set('sslrootcert', c.tls.caFile);
    if (c.connectTimeoutMs) params.set('connect_timeout', String(Math.max(1, Math.round(c.connectTimeoutMs / 1000))));
    return `postgres://${auth}${c.host ?? 'localhost'}${c.port ? `:${c.port}` : ''}/${c.database ?? ''}${params.size ? `?${params}` : ''}`;
  }
  if (c.provider === 'mysql') {
    const modes: Record<string, string> = {
      disable: 'DISABLED',
      prefer: 'PREFERRED',
      require: 'REQUIRED',
      'verify-ca': 'VERIFY_CA',
      'verify-full': 'VERIFY_IDENTITY',
    };
    if (c.tls?.mode) params.set('ssl-mode', modes[c.tls.mode]);
    if (c.connectTimeoutMs) params.set('connectTimeout', String(c.connectTimeoutMs));
    return `mysql://${auth}${c.host ?? 'localhost'}${c.port ? `:${c.port}` : ''}/${c.database ?? ''}${params.size ? `?${params}` : ''}`;
  }
  if (c.provider === 'mongodb' && c.url) {
    if (!pw) return c.url;
    return c.url.replace(/^(mongodb(?:\+srv)?:\/\/)([^@/]+)@/i, (_m, scheme: string, u: string) => `${scheme}${u.split(':')[0]}${pw}@`);
  }
  return undefined;
}

export function checkConnectionForm(config: ConnectionConfig, secret: ConnectionSecret): ConnectionCheck {
  const problems = [...validateConnection(config, { forProbe: true }), ...validateSecret(config.provider, secret)];
  const lines: string[] = [];
  try {
    const url = connectionUrl(config, secret);
    if (url) lines.push(`DATABASE_URL=${url}`);
    if (config.provider === 'supabase' && config.projectUrl) {
      lines.push(`SUPABASE_URL=${config.projectUrl}`);
      if (secret.apiKey) lines.push(`SUPABASE_KEY=${secret.apiKey}`);
    }
  } catch {
    // settings too broken to form a URL: the problems above say why
  }
  const tagged = config.tags?.some((t) => /^(prod|production|live)$/i.test(t));
  const result = lintDocument(lines.join('\n') + '\n', { filePath: tagged ? '/form/.env.production' : '/form/.env', ignored: true });
  const findings = result.findings.filter((f) => !NOT_FOR_FORM.has(f.category));
  return {
    problems,
    findings: findings.map((f) => ({ ruleId: f.ruleId, category: f.category, severity: f.severity, message: f.message })),
    score: scoreFile(findings, false).score,
  };
}
