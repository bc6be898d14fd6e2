/**
 * Entry of dist/lib/docsearch.js: the provider error references and their search in a bundle of
 * their own, so the server bundle does not carry them and they load on the first unsure diagnosis
 * only (see catalog.ts).
 */
import catalog from './providerErrors.json';
import { ProviderDocsIndex, type ProviderErrorCatalog } from './search';

export function createProviderDocsIndex(): ProviderDocsIndex {
  return new ProviderDocsIndex(catalog as unknown as ProviderErrorCatalog);
}
