/**
 * Prometheus label sets for one connection (pure). Labels stay bounded: the connection id, the
 * provider, the host only when the user opted in, and the connection's tags: `key:value` or
 * `key=value` becomes label `key`, a plain tag `prod` becomes `tag_prod="true"`. Names are made
 * valid (`[a-zA-Z_][a-zA-Z0-9_]*`), names DB Pulse uses itself get a `tag_` prefix, at most
 * `MAX_TAG_LABELS` tags per connection, every value is run through the redactor and cut to
 * `MAX_LABEL_VALUE` characters. Never an error message, never a secret.
 */
import type { Provider } from '../../shared/categories';
import type { ConnectionConfig } from '../../shared/connection';
import { splitUrl } from '../../shared/connectionUrl';
import { redact, type Redactor } from '../secrets';

export const MAX_TAG_LABELS = 16;
export const MAX_LABEL_VALUE = 128;

/** What the registry knows of a connection (typed input: no secret field exists here). */
export interface MetricsConnection {
  id: string;
  provider: Provider;
  tags?: readonly string[];
  /** Used only when the registry was built with `hostLabel: true`. */
  host?: string;
}

/** Label names the registry's own metrics use: a tag may not take them. */
export const RESERVED_LABELS: ReadonlySet<string> = new Set([
  'connection',
  'provider',
  'host',
  'phase',
  'state',
  'severity',
  'resource',
  'metric',
  'reason',
  'le',
  'quantile',
  'job',
  'instance',
]);

export type LabelSet = Record<string, string>;

/** A valid, non-reserved label name for a tag key. */
export function tagLabelName(key: string): string {
  let name = key
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9_]/g, '_');
  if (!/^[a-z_]/.test(name)) name = `_${name}`;
  if (name.startsWith('__') || RESERVED_LABELS.has(name)) name = `tag_${name.replace(/^_+/, '')}`;
  return name.slice(0, 64);
}

/** Tag labels of one connection, in tag order, first of a name wins. */
export function tagLabels(tags: readonly string[] | undefined, redactor: Redactor = redact): LabelSet {
  const out: LabelSet = {};
  let n = 0;
  for (const tag of tags ?? []) {
    if (typeof tag !== 'string' || tag.trim() === '') continue;
    if (n >= MAX_TAG_LABELS) break;
    // Redacted whole before it is split: a secret's shape (a URL with a password) spans the separator.
    const clean = redactor(tag);
    const m = /^([^:=]+)[:=](.*)$/s.exec(clean);
    const name = m ? tagLabelName(m[1]) : tagLabelName(`tag_${clean}`);
    if (name in out) continue;
    out[name] = labelValue(m ? m[2] : 'true', redactor);
    n++;
  }
  return out;
}

/** A label value: redacted, single-line, bounded. */
export function labelValue(text: string, redactor: Redactor = redact): string {
  return redactor(String(text))
    .replace(/[\r\n]+/g, ' ')
    .slice(0, MAX_LABEL_VALUE);
}

/** The host a connection points at (its `host`, else the first host of its URL), for the opt-in `host` label. */
export function connectionHost(config: Pick<ConnectionConfig, 'host' | 'url'>): string | undefined {
  if (config.host) return config.host;
  if (!config.url) return undefined;
  return splitUrl(config.url)?.hostList[0]?.host || undefined;
}

/** A registry input from a connection config (tags, and the host for the opt-in label). */
export function metricsConnection(config: ConnectionConfig): MetricsConnection {
  const host = connectionHost(config);
  return { id: config.id, provider: config.provider, ...(config.tags ? { tags: config.tags } : {}), ...(host ? { host } : {}) };
}
