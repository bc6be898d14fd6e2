/**
 * Kubernetes manifests read as the cluster reads them, on top of the YAML
 * settings: a `Secret`'s `data` values are base64 (decoded here: base64 is an
 * encoding, anyone with the file reads them), `stringData` and `ConfigMap`
 * `data` are plain; a container's `env: [{ name, value }]` is the variable
 * `name` set to `value`; kustomize `secretGenerator`/`configMapGenerator`
 * `literals: [KEY=VALUE]` are already settings named KEY (YAML list items),
 * and their `envs`/`files` name files that must exist.
 */
import type { Setting } from '../settings';
import type { Range } from '../types';

/** Kinds whose manifests hold settings worth reading. */
export const K8S_KINDS = /^(?:Secret|ConfigMap|Deployment|StatefulSet|DaemonSet|Pod|Job|CronJob|ReplicaSet)$/;

/** A YAML file that looks like a Kubernetes manifest or a kustomization. */
export function looksLikeKubernetes(text: string): boolean {
  return (
    /^kind:\s*["']?(?:Secret|ConfigMap|Deployment|StatefulSet|DaemonSet|Pod|Job|CronJob|ReplicaSet)\b/m.test(text) ||
    /^(?:secretGenerator|configMapGenerator):/m.test(text)
  );
}

/** A setting seen under another key or with its value decoded; positions stay those of the text as written. */
class DerivedSetting implements Setting {
  readonly exact: boolean;
  readonly text: string;
  readonly quote: Setting['quote'];
  readonly inherited?: boolean;

  constructor(
    private readonly base: Setting,
    readonly key: string,
    readonly path: string[],
    readonly value: string,
    sameText: boolean,
  ) {
    // A decoded value does not map onto the source: findings cover the value as written.
    this.exact = sameText && base.exact;
    this.text = sameText ? base.text : value;
    this.quote = base.quote;
    if (base.inherited) this.inherited = true;
  }

  get valueRange(): Range {
    return this.base.valueRange;
  }

  get keyRange(): Range {
    return this.base.keyRange;
  }

  locate(start: number, end: number): Range {
    return this.exact ? this.base.locate(start, end) : this.base.valueRange;
  }
}

/** Decodes a Secret `data` value (standard base64, whitespace allowed); undefined when it is not base64 of UTF-8 text. */
export function decodeSecretData(value: string): string | undefined {
  const v = value.replace(/\s+/g, '');
  if (v.length === 0 || v.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(v)) return undefined;
  const text = Buffer.from(v, 'base64').toString('utf8');
  // Binary content (keystores, certificates in DER) is not judged as text.
  // eslint-disable-next-line no-control-regex -- control characters are what tells binary from text
  if (text.includes('\uFFFD') || /[\u0000-\u0008\u000e-\u001f]/.test(text)) return undefined;
  return text;
}

export interface KubernetesView {
  settings: Setting[];
  /** Files a kustomization reads (generators' `envs`/`files`), relative to the file. */
  referencedFiles: Setting[];
}

/**
 * The settings of each document (`docStarts[i]` is the index of document i's
 * first setting) as the cluster sees them: `data` of Secrets decoded, container
 * env entries as variables. Other settings are kept as they are.
 */
export function kubernetesView(settings: readonly Setting[], docStarts: readonly number[]): KubernetesView {
  const out: Setting[] = [];
  const referencedFiles: Setting[] = [];
  for (let d = 0; d < docStarts.length; d++) {
    const from = docStarts[d];
    const to = d + 1 < docStarts.length ? docStarts[d + 1] : settings.length;
    let kind = '';
    for (let i = from; i < to; i++) if (settings[i].path.length === 1 && settings[i].key === 'kind') kind = settings[i].value.trim();
    /** Container env entries by their list path: name and value settings. */
    const envNames = new Map<string, Setting>();
    const envValues = new Map<string, Setting>();
    for (let i = from; i < to; i++) {
      const s = settings[i];
      const p = s.path;
      if (kind === 'Secret' && p.length === 2 && p[0] === 'data') {
        const decoded = decodeSecretData(s.value);
        out.push(decoded === undefined ? s : new DerivedSetting(s, s.key, s.path, decoded, false));
        continue;
      }
      const n = p.length;
      if (n >= 4 && p[n - 3] === 'env' && /^\d+$/.test(p[n - 2]) && (s.key === 'name' || s.key === 'value')) {
        const at = p.slice(0, n - 1).join('\0');
        (s.key === 'name' ? envNames : envValues).set(at, s);
        continue;
      }
      if (n >= 3 && /^(?:secretGenerator|configMapGenerator)$/.test(p[0]) && /^(?:envs|files|env)$/.test(p[n - 2])) referencedFiles.push(s);
      out.push(s);
    }
    for (const [at, nameS] of envNames) {
      const valueS = envValues.get(at);
      if (!valueS) continue;
      const name = nameS.value.trim();
      const path = [...valueS.path.slice(0, -2), name];
      out.push(new DerivedSetting(valueS, name, path, valueS.value, true));
    }
  }
  return { settings: out, referencedFiles };
}
