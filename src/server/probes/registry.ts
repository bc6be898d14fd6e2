/**
 * Loads provider probe modules lazily, one bundle per provider (dist/probes/<provider>.js),
 * so that starting the server loads no database driver.
 */
import type { Provider } from '../../shared/categories';

const loaded = new Set<string>();

export function loadedDrivers(): string[] {
  return [...loaded].sort();
}

/** Marks a provider's driver as loaded; called by the provider loader. */
export function markLoaded(provider: Provider): void {
  loaded.add(provider);
}
