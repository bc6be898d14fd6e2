/**
 * The provider documentation index, built once on first use: bundled, `dist/lib/docsearch.js`
 * next to the running bundle; from sources (tsx, tests), ./bundle. A non-literal require keeps
 * esbuild from inlining 2,500 references and the search library into the server bundle.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Provider } from '../../../shared/categories';
import type { DocReference } from '../../../shared/diagnosis';
import { layersOf } from '../diagnose';
import type { ProviderDocsIndex } from './search';

let cached: { index: ProviderDocsIndex } | { error: string } | undefined;

/** The index, or why it could not be loaded (the diagnosis then goes without references). */
export function providerDocs(): { index: ProviderDocsIndex } | { error: string } {
  if (cached) return cached;
  try {
    const dynamicRequire: (id: string) => unknown = require;
    const bundled = path.join(__dirname, 'lib', 'docsearch.js');
    const mod = dynamicRequire(fs.existsSync(bundled) ? bundled : './bundle') as { createProviderDocsIndex(): ProviderDocsIndex };
    cached = { index: mod.createProviderDocsIndex() };
  } catch (err) {
    cached = { error: `provider documentation index not loaded: ${err instanceof Error ? err.message : String(err)}` };
  }
  return cached;
}

/** How many provider references an unsure diagnosis carries. */
export const MAX_REFERENCES = 3;

/**
 * The entries of the providers' public error references that match an error (exact codes first,
 * then full text). Empty when the index cannot load: a diagnosis goes on without them.
 */
export function referencesFor(
  provider: Provider,
  error: unknown,
  limit = MAX_REFERENCES,
  load: () => { index: ProviderDocsIndex } | { error: string } = providerDocs,
): DocReference[] {
  const docs = load();
  if ('error' in docs) return [];
  try {
    return docs.index.search(provider, layersOf(error), limit);
  } catch {
    return [];
  }
}
