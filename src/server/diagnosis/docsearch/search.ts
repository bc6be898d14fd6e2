/**
 * Search over the providers' public error references (providerErrors.json, built by
 * scripts/docs-index/extract.mjs; sources in SOURCES.md). Two passes: the codes and names an error
 * carries (SQLSTATE, errno, MongoDB code or codeName, `auth/…`, PGRST…, ER_…) are looked up
 * exactly; the message is then searched as full text (MiniSearch, BM25 with light fuzziness) within
 * the provider's references. Pure: the catalog is handed in; nothing here reads files.
 */
import MiniSearch from 'minisearch';
import type { Provider } from '../../../shared/categories';
import type { DocReference } from '../../../shared/diagnosis';
import type { ErrorLayer } from '../extract';

export interface ProviderErrorCatalog {
  refs: { url: string; source: string }[];
  /** [provider, code, name, text, index into refs] */
  entries: [string, string, string, string, number][];
}

interface Doc {
  id: number;
  provider: string;
  code: string;
  name: string;
  words: string;
  text: string;
  ref: number;
}

/** Which references an error of this provider may match: Supabase's database is PostgreSQL. */
const SCOPE: Record<Provider, readonly string[]> = {
  postgres: ['postgres'],
  supabase: ['supabase', 'postgres'],
  mysql: ['mysql'],
  mongodb: ['mongodb'],
  firebase: ['firebase'],
};

const STOP = new Set(
  'a an and are as at be but by can cannot could did does error errors for from has have if in into is it its may no not of on or s so such than that the their then there this to was were when which while will with you your'.split(
    ' ',
  ),
);

/** Terms of a reference or a message: lower case, no format placeholders (%-.200s), no stop words. */
function term(t: string): string | null {
  const w = t.toLowerCase();
  if (w.length < 2 || STOP.has(w) || /^\d{1,3}$/.test(w) || /^(lu|ld|llu|zu)$/.test(w)) return null;
  // A light stem, so "canceling", "canceled" and "cancel" meet.
  return w.length > 5 ? w.replace(/(ing|ed|es|s)$/, '') : w;
}

const spaced = (name: string): string =>
  name
    .replace(/^(ER|CR|WARN|ERRCODE)_/, '')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/[_/-]+/g, ' ')
    .toLowerCase();

/** Codes written in a message that the layer extraction may not have lifted out. */
const CODE_IN_TEXT = [
  /\b(?=[0-9A-Z]*\d)(?=[0-9A-Z]*[A-Z])([0-9A-Z]{5})\b/g, // SQLSTATE with a letter (28P01, 3D000, 42P01)
  /\b(?:SQLSTATE|sqlstate|code)\s*[:=]?\s*\[?(\d{5})\b/g, // all-digit SQLSTATE only where named as one
  /\bE(\d{4,5})\b/g, // MongoDB E11000
  /\b((?:auth|app|messaging|installations|instance-id)\/[a-z0-9-]+)\b/g,
  /\b(PGRST[0-9X]\d\d)\b/g,
  /\b((?:ER|CR)_[A-Z0-9_]+)\b/g,
  /\b(?:ERROR|errno|error code|Error code)\s*[:=]?\s*(\d{4})\b/g, // MySQL: ERROR 1045 (28000)
];

/** Words of a message searched as full text. */
const MAX_QUERY_WORDS = 24;

export class ProviderDocsIndex {
  private readonly docs: Doc[];
  private readonly refs: ProviderErrorCatalog['refs'];
  private readonly byKey = new Map<string, number[]>();
  private readonly mini: MiniSearch<Doc>;

  constructor(catalog: ProviderErrorCatalog) {
    this.refs = catalog.refs;
    this.docs = catalog.entries.map(([provider, code, name, text, ref], id) => ({
      id,
      provider,
      code,
      name,
      words: spaced(name),
      text,
      ref,
    }));
    for (const d of this.docs) {
      for (const key of [d.code, d.name])
        if (key) {
          const k = `${d.provider}:${key.toLowerCase()}`;
          const list = this.byKey.get(k);
          if (list) list.push(d.id);
          else this.byKey.set(k, [d.id]);
        }
    }
    this.mini = new MiniSearch<Doc>({
      fields: ['text', 'words'],
      storeFields: [],
      processTerm: term,
      searchOptions: {
        boost: { words: 1.5 },
        fuzzy: (t) => (t.length >= 6 ? 0.15 : false),
        maxFuzzy: 1,
        prefix: (t) => t.length >= 6,
        combineWith: 'OR',
      },
    });
    this.mini.addAll(this.docs);
  }

  get size(): number {
    return this.docs.length;
  }

  /** The best references for an error of `provider`, exact code matches first. */
  search(provider: Provider, layers: readonly ErrorLayer[], limit = 3): DocReference[] {
    const scope = SCOPE[provider] ?? [provider];
    const out: DocReference[] = [];
    const taken = new Set<number>();
    const take = (id: number, exact: boolean): void => {
      if (taken.has(id) || out.length >= limit) return;
      taken.add(id);
      out.push(this.reference(id, exact));
    };
    for (const key of codesOf(layers))
      for (const p of scope) for (const id of this.byKey.get(`${p}:${key.toLowerCase()}`) ?? []) take(id, true);
    // The first words of the messages, each once: the query stays small whatever the error's size.
    const text = [
      ...new Set(
        layers
          .map((l) => l.message)
          .filter(Boolean)
          .join(' ')
          .slice(0, 600)
          .split(/\s+/),
      ),
    ]
      .slice(0, MAX_QUERY_WORDS)
      .join(' ');
    if (text && out.length < limit) {
      const allowed = new Set(scope);
      const hits = this.mini.search(text, { filter: (r) => allowed.has(this.docs[Number(r.id)].provider) });
      // A full-text answer shares at least two words with the message: one common word is not a match.
      const best = hits[0]?.score ?? 0;
      for (const h of hits) {
        if (h.score < best * 0.5) continue;
        if (h.terms.length < 2) continue;
        take(Number(h.id), false);
      }
    }
    return out;
  }

  private reference(id: number, exact: boolean): DocReference {
    const d = this.docs[id];
    const ref = this.refs[d.ref] ?? { url: '', source: '' };
    return { provider: d.provider as Provider, code: d.code, name: d.name, text: d.text, url: ref.url, source: ref.source, exact };
  }
}

/** The codes and names an error carries, in the order its layers give them. */
export function codesOf(layers: readonly ErrorLayer[]): string[] {
  const out: string[] = [];
  const add = (v: unknown): void => {
    if (typeof v === 'string' && v.trim()) out.push(v.trim());
    else if (typeof v === 'number' && Number.isInteger(v) && v > 0) out.push(String(v));
  };
  for (const l of layers) {
    add(l.sqlState);
    add(l.code);
    add(l.errno);
    add(l.num);
    add(l.codeName);
  }
  for (const l of layers) {
    for (const re of CODE_IN_TEXT) {
      for (const m of (l.message ?? '').matchAll(re)) add(m[1]);
    }
  }
  return [...new Set(out)];
}
