/**
 * Loads provider probe modules lazily, one bundle per provider (dist/probes/<provider>.js),
 * so that starting the server loads no database driver.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Provider } from '../../shared/categories';
import type { ProviderModule } from './types';

const loaded = new Set<string>();
const modules = new Map<Provider, ProviderModule>();

export function loadedDrivers(): string[] {
  return [...loaded].sort();
}

/** Marks a provider's driver as loaded; called by the provider loader. */
export function markLoaded(provider: Provider): void {
  loaded.add(provider);
}

function isProviderModule(value: unknown): value is ProviderModule {
  return typeof value === 'object' && value !== null && typeof (value as { probe?: unknown }).probe === 'function';
}

/**
 * The probe module of one provider, loaded on first use. Bundled (dist/server.js,
 * dist/cli.js) it is `dist/probes/<provider>.js` next to the running bundle; from
 * sources (tsx, tests) it is `./providers/<provider>`. Throws a clear error when
 * the module is missing or is not a provider module.
 */
export function loadProvider(provider: Provider): ProviderModule {
  const cached = modules.get(provider);
  if (cached) return cached;
  // A non-literal require keeps esbuild from inlining the provider bundles.
  const dynamicRequire: (id: string) => unknown = require;
  const bundled = path.join(__dirname, 'probes', `${provider}.js`);
  let mod: unknown;
  if (fs.existsSync(bundled)) {
    mod = dynamicRequire(bundled);
  } else {
    try {
      mod = dynamicRequire(`./providers/${provider}`);
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      if (code === 'MODULE_NOT_FOUND' && String((err as Error).message).includes(`providers/${provider}'`)) {
        throw new Error(`no probe module for provider '${provider}' (looked for ${bundled} and ./providers/${provider})`);
      }
      throw err;
    }
  }
  if (!isProviderModule(mod)) throw new Error(`probe module for '${provider}' does not export probe()`);
  modules.set(provider, mod);
  markLoaded(provider);
  return mod;
}
