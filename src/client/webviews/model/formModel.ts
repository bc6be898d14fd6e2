/**
 * The connection form's model: which fields a provider's schema shows, the
 * values as typed, and the conversion between those values and a
 * `ConnectionConfig` plus a `ConnectionSecret`. Pure (no DOM, no editor API):
 * the webview script and the unit tests use it alike.
 */
import { isProvider, type Provider } from '../../../shared/categories';
import type { ConnectionConfig, ConnectionSecret } from '../../../shared/connection';
import {
  schemaFor,
  type ConnectionProblem,
  type FieldGroup,
  type ParsedConnection,
  type SchemaField,
} from '../../../shared/providerSchemas';

/** Field values as the inputs hold them: text for text-like inputs, booleans for check boxes. */
export type FormValues = Record<string, string | boolean>;

export const SECRET_KEYS = ['password', 'apiKey', 'serviceAccountJson'] as const satisfies readonly (keyof ConnectionSecret)[];
export type SecretKey = (typeof SECRET_KEYS)[number];

export function isSecretKey(key: string): key is SecretKey {
  return (SECRET_KEYS as readonly string[]).includes(key);
}

export const GROUP_LABELS: Readonly<Record<FieldGroup, string>> = {
  general: 'General',
  server: 'Server',
  auth: 'Authentication',
  tls: 'TLS',
  advanced: 'Advanced',
};

const GROUP_ORDER: readonly FieldGroup[] = ['general', 'server', 'auth', 'tls', 'advanced'];

/** The initial values of a new connection of this provider: the schema's defaults. */
export function defaultValues(provider: Provider): FormValues {
  const out: FormValues = {};
  for (const f of schemaFor(provider).fields) {
    if (f.secret) continue;
    if (f.type === 'boolean') out[f.key] = f.default === true;
    else out[f.key] = f.default === undefined ? '' : String(f.default);
  }
  return out;
}

/** Whether a field is shown given the other values (`showWhen`). */
export function isVisible(field: SchemaField, values: FormValues): boolean {
  if (!field.showWhen) return true;
  const current = values[field.showWhen.key];
  return field.showWhen.in.some((v) => String(v) === String(current));
}

export interface FieldGroupView {
  group: FieldGroup;
  label: string;
  fields: SchemaField[];
}

/** The provider's fields in display order, grouped; hidden ones (showWhen) left out. */
export function visibleGroups(provider: Provider, values: FormValues): FieldGroupView[] {
  const fields = schemaFor(provider).fields.filter((f) => isVisible(f, values));
  return GROUP_ORDER.map((group) => ({ group, label: GROUP_LABELS[group], fields: fields.filter((f) => f.group === group) })).filter(
    (g) => g.fields.length > 0,
  );
}

function getPath(obj: object, path: string): unknown {
  let cur: unknown = obj;
  for (const part of path.split('.')) {
    if (typeof cur !== 'object' || cur === null) return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

function setPath(obj: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let cur = obj;
  for (const part of parts.slice(0, -1)) {
    const next = cur[part];
    if (typeof next !== 'object' || next === null) cur[part] = {};
    cur = cur[part] as Record<string, unknown>;
  }
  cur[parts[parts.length - 1]] = value;
}

/** A stored connection as form values (never a secret: those live in Secret Storage). */
export function valuesFromConfig(config: ConnectionConfig): FormValues {
  // A setting the connection does not have stays empty (the input shows the
  // default as its placeholder), so editing does not add settings unasked.
  // Choices (TLS mode) show their default: a select has no empty state.
  const out: FormValues = {};
  for (const f of schemaFor(config.provider).fields) {
    if (f.secret) continue;
    out[f.key] = f.type === 'boolean' ? false : f.type === 'enum' && f.default !== undefined ? String(f.default) : '';
  }
  for (const f of schemaFor(config.provider).fields) {
    if (f.secret) continue;
    const v = getPath(config, f.key);
    if (f.type === 'boolean') out[f.key] = v === true;
    else if (f.type === 'tags') out[f.key] = Array.isArray(v) ? v.filter((t) => typeof t === 'string').join(', ') : '';
    else if (v === undefined || v === null) out[f.key] = '';
    else out[f.key] = String(v);
  }
  return out;
}

export interface BuiltConnection {
  config: ConnectionConfig;
  secret: ConnectionSecret;
  /** Values the inputs hold that cannot become settings (a port that is not a number). */
  inputProblems: ConnectionProblem[];
}

/**
 * Settings and secret from the form. Empty and hidden fields are left out, so
 * a hidden CA file or an unset host never reaches the settings; numbers are
 * parsed; the interval is a number of ms when it is all digits, else cron text.
 */
export function buildConnection(
  provider: Provider,
  values: FormValues,
  secrets: Partial<Record<SecretKey, string>> = {},
  base: Partial<Pick<ConnectionConfig, 'id' | 'scope'>> = {},
): BuiltConnection {
  const config: Record<string, unknown> = { id: '', name: '', provider };
  const secret: ConnectionSecret = {};
  const inputProblems: ConnectionProblem[] = [];
  for (const f of schemaFor(provider).fields) {
    if (f.secret) {
      const v = isSecretKey(f.key) ? secrets[f.key] : undefined;
      if (typeof v === 'string' && v.length > 0 && isSecretKey(f.key)) secret[f.key] = v;
      continue;
    }
    if (!isVisible(f, values)) continue;
    const raw = values[f.key];
    if (f.type === 'boolean') {
      // Only a checked box is a setting: unchecked is the default everywhere.
      if (raw === true) setPath(config, f.key, true);
      continue;
    }
    const text = typeof raw === 'string' ? raw.trim() : '';
    if (text === '') continue;
    if (f.type === 'integer') {
      if (!/^-?\d+$/.test(text)) {
        inputProblems.push({ field: f.key, message: `${f.label} must be a whole number`, severity: 'error' });
        continue;
      }
      setPath(config, f.key, Number(text));
    } else if (f.type === 'tags') {
      const tags = text
        .split(',')
        .map((t) => t.trim())
        .filter((t) => t.length > 0);
      if (tags.length) setPath(config, f.key, [...new Set(tags)]);
    } else if (f.key === 'interval' && /^\d+$/.test(text)) {
      setPath(config, f.key, Number(text));
    } else if (f.type === 'multiline') {
      setPath(config, f.key, typeof raw === 'string' ? raw : '');
    } else {
      setPath(config, f.key, text);
    }
  }
  if (base.id !== undefined && base.id !== '') config.id = base.id;
  if (base.scope) config.scope = base.scope;
  return { config: config as unknown as ConnectionConfig, secret, inputProblems };
}

/** Problems of required fields left empty (the shared validator covers the rest). */
export function requiredProblems(
  provider: Provider,
  values: FormValues,
  secretsPresent: ReadonlySet<string>,
  options: { forProbe?: boolean } = {},
): ConnectionProblem[] {
  const out: ConnectionProblem[] = [];
  for (const f of schemaFor(provider).fields) {
    if (!f.required || !isVisible(f, values)) continue;
    if (options.forProbe && (f.key === 'id' || f.key === 'name')) continue;
    // The id is filled in from the name on save when left empty.
    if (f.key === 'id') continue;
    const empty = f.secret ? !secretsPresent.has(f.key) : typeof values[f.key] !== 'boolean' && String(values[f.key] ?? '').trim() === '';
    if (empty) out.push({ field: f.key, message: `${f.label} is required`, severity: 'error' });
  }
  return out;
}

/** Problems per field key; '' holds the ones about the whole connection. Duplicate messages collapse. */
export function problemsByField(problems: readonly ConnectionProblem[]): Map<string, ConnectionProblem[]> {
  const out = new Map<string, ConnectionProblem[]>();
  for (const p of problems) {
    const list = out.get(p.field) ?? [];
    if (!list.some((q) => q.message === p.message)) list.push(p);
    out.set(p.field, list);
  }
  return out;
}

/**
 * Where a problem shows: on its field when the form has an input for it
 * (`tls` problems go to `tls.mode`), else at the top of the form.
 */
export function problemAnchor(provider: Provider, values: FormValues, field: string): string {
  const fields = schemaFor(provider).fields.filter((f) => isVisible(f, values));
  if (fields.some((f) => f.key === field)) return field;
  const parent = fields.find((f) => f.key.startsWith(`${field}.`));
  return parent ? parent.key : '';
}

/**
 * The form after switching provider: the new provider's defaults, with what
 * the user typed kept where the new schema has the same field (a default of
 * the old provider, such as its port, does not carry over).
 */
export function switchProvider(from: Provider, to: Provider, values: FormValues): FormValues {
  const oldDefaults = defaultValues(from);
  const next = defaultValues(to);
  for (const f of schemaFor(to).fields) {
    if (f.secret || !(f.key in values)) continue;
    const v = values[f.key];
    if (v !== oldDefaults[f.key] || f.group === 'general') next[f.key] = v;
  }
  return next;
}

/** The form after pasting a connection string: its provider, its settings over the current values, and its secret. */
export function valuesFromParsed(
  parsed: ParsedConnection,
  current: FormValues,
  keepIdentity: boolean,
): { provider: Provider; values: FormValues; secrets: Partial<Record<SecretKey, string>> } {
  const provider = parsed.config.provider;
  const fromUrl = valuesFromConfig(parsed.config);
  const values: FormValues = { ...defaultValues(provider) };
  for (const f of schemaFor(provider).fields) {
    if (f.secret) continue;
    const parsedHas = getPath(parsed.config, f.key) !== undefined;
    if (parsedHas) values[f.key] = fromUrl[f.key];
    else if (f.key in current && (f.group === 'general' || f.group === 'advanced')) values[f.key] = current[f.key];
  }
  if (keepIdentity) {
    values.id = current.id ?? values.id;
    values.name = current.name ?? values.name;
  } else {
    if (typeof current.name === 'string' && current.name.trim() !== '') values.name = current.name;
    if (typeof current.id === 'string' && current.id.trim() !== '') values.id = current.id;
  }
  const secrets: Partial<Record<SecretKey, string>> = {};
  for (const k of SECRET_KEYS) {
    const v = parsed.secret[k];
    if (typeof v === 'string' && v.length > 0) secrets[k] = v;
  }
  return { provider, values, secrets };
}

/** The secret to store when saving: the stored one, with every field the user typed replacing its value. */
export function mergeSecret(stored: ConnectionSecret | null | undefined, entered: ConnectionSecret): ConnectionSecret {
  const out: ConnectionSecret = {};
  for (const k of SECRET_KEYS) {
    const v = typeof entered[k] === 'string' && (entered[k] ?? '').length > 0 ? entered[k] : stored?.[k];
    if (typeof v === 'string' && v.length > 0) out[k] = v;
  }
  return out;
}

/** Which secret fields hold a value (the webview learns only that, never the value). */
export function secretPresence(secret: ConnectionSecret | null | undefined): SecretKey[] {
  return SECRET_KEYS.filter((k) => typeof secret?.[k] === 'string' && (secret?.[k] ?? '').length > 0);
}

/** The settings fields that changed between two configs, for the audit entry (names only, never values). */
export function changedFields(before: ConnectionConfig, after: ConnectionConfig): string[] {
  const keys = new Set<string>();
  const walk = (a: unknown, b: unknown, prefix: string): void => {
    if (typeof a === 'object' && a !== null && !Array.isArray(a) && typeof b === 'object' && b !== null && !Array.isArray(b)) {
      for (const k of new Set([...Object.keys(a), ...Object.keys(b)]))
        walk((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], prefix ? `${prefix}.${k}` : k);
      return;
    }
    if (JSON.stringify(a) !== JSON.stringify(b)) keys.add(prefix);
  };
  const { scope: _a, ...x } = before;
  const { scope: _b, ...y } = after;
  walk(x, y, '');
  return [...keys].sort();
}

export function asProvider(v: unknown, fallback: Provider = 'postgres'): Provider {
  return isProvider(v) ? v : fallback;
}
