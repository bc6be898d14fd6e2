/**
 * Builds the request sent to the LLM: the redacted error, the provider and
 * non-secret settings. No password, key, token, user name or (configured) host
 * name is included: everything passes through the redactor with the
 * connection's own user, host and database names as literals.
 */
import { ERROR_CATEGORIES, type Provider } from '../../../shared/categories';
import type { ErrorLayer } from '../extract';
import { redact, type RedactOptions } from '../../secrets';
import { connectionFacts } from '../render';
import type { DiagnosisContext } from '../types';

export interface PromptOptions {
  /** Host names never to send (in addition to the connection's own host). */
  redactHosts?: readonly string[];
  /** Replace every host name and IP address (default true). */
  redactAllHosts?: boolean;
}

export interface ChatMessage {
  role: 'system' | 'user';
  content: string;
}

const SAFE_FIELDS = ['code', 'errno', 'sqlState', 'codeName', 'name', 'status', 'syscall'] as const;

export const SYSTEM_PROMPT = [
  'You diagnose database connection errors for developers.',
  'Answer with one JSON object only: {"category", "confidence", "rootCause", "fixes"}.',
  `category must be exactly one of: ${ERROR_CATEGORIES.join(', ')}.`,
  'Choose the cause a maintainer of the database driver would conclude, not the layer the message names.',
  'rootCause: one sentence. fixes: up to 5 short imperative steps, most useful first.',
  'confidence: 0 to 1; use "unknown" with low confidence when unsure.',
  'Values shown as [REDACTED], [HOST] or [IP] were removed for privacy; do not ask for them.',
  'When "references" lists entries of the provider\'s error reference, base the answer on them where they apply and cite each one you use by its code in rootCause or a fix, e.g. (see 28P01).',
].join(' ');

export function redactionFor(ctx: DiagnosisContext | undefined, options: PromptOptions): RedactOptions {
  const facts = connectionFacts(ctx?.connection);
  const literals = [facts.user, facts.database, ctx?.connection?.projectId, ctx?.connection?.name].filter(
    (x): x is string => typeof x === 'string' && x.length >= 3,
  );
  const hosts = [facts.host, ...(options.redactHosts ?? []), ...(ctx?.redactHosts ?? [])].filter(
    (x): x is string => typeof x === 'string' && x.length > 0,
  );
  return { users: true, literals, hosts, allHosts: options.redactAllHosts ?? true };
}

export function buildMessages(
  provider: Provider,
  layers: readonly ErrorLayer[],
  ctx: DiagnosisContext | undefined,
  options: PromptOptions = {},
): ChatMessage[] {
  const r = redactionFor(ctx, options);
  const errors = layers
    .filter((l) => !l.fromText)
    .slice(0, 6)
    .map((l) => {
      const o: Record<string, string | number> = { at: l.path };
      if (l.message) o.message = redact(l.message.slice(0, 1500), r);
      for (const k of SAFE_FIELDS) {
        const v = l[k];
        if (typeof v === 'string') o[k] = redact(v.slice(0, 100), r);
        else if (typeof v === 'number') o[k] = v;
      }
      if (l.num !== undefined) o.numericCode = l.num;
      return o;
    });
  const facts = connectionFacts(ctx?.connection);
  const settings: Record<string, string | number | boolean> = { provider };
  if (facts.port) settings.port = facts.port;
  if (facts.tlsMode) settings.tlsMode = facts.tlsMode;
  if (facts.host)
    settings.hostKind = /^(localhost|127\.|::1$)/.test(facts.host)
      ? 'loopback'
      : /^[\d.]+$|:/.test(facts.host)
        ? 'ip-address'
        : 'host-name';
  if (ctx?.connection?.connectTimeoutMs) settings.connectTimeoutMs = ctx.connection.connectTimeoutMs;
  if (ctx?.connection?.emulator) settings.usesEmulator = true;
  const history = (ctx?.history ?? []).slice(-5).map((h) => ({ state: h.state, category: h.error?.category ?? null }));
  const payload: Record<string, unknown> = { provider, settings, errors, recentProbes: history };
  // Reference data is public, but it passes the redactor like everything else that is sent.
  const references = (ctx?.references ?? []).slice(0, 5).map((x) => ({
    code: x.code,
    name: x.name,
    text: redact(x.text.slice(0, 300), r),
    url: x.url,
  }));
  if (references.length) payload.references = references;
  return [
    { role: 'system', content: SYSTEM_PROMPT },
    { role: 'user', content: JSON.stringify(payload) },
  ];
}
