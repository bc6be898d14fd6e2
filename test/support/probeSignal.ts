/**
 * Watches the AbortSignal `runProbe` hands the real provider module, so a test can assert WHY a probe
 * stopped (its deadline, the caller) from the abort reason itself rather than from elapsed time.
 */
import type { Provider } from '../../src/shared/categories';
import { loadProvider } from '../../src/server/probes/registry';
import type { RunProbeOptions } from '../../src/server/probes/runProbe';
import type { ProviderModule } from '../../src/server/probes/types';

export interface ProbeSignalWatch {
  /** Pass to `runProbe(req, options)`: the real provider module, its signal watched. */
  options: RunProbeOptions;
  /**
   * The reason of the first abort of the provider's signal (runProbe aborts it with "probe finished"
   * once it is done, so a probe stopped early shows its own reason here), or undefined if never aborted.
   */
  firstAbortReason(): unknown;
}

export function watchProbeSignal(): ProbeSignalWatch {
  let first: { reason: unknown } | undefined;
  return {
    options: {
      loadProvider: (provider: Provider): ProviderModule => {
        const real = loadProvider(provider);
        return {
          probe: (req, ctx) => {
            ctx.signal.addEventListener('abort', () => (first ??= { reason: ctx.signal.reason }), { once: true });
            return real.probe(req, ctx);
          },
        };
      },
    },
    firstAbortReason: () => first?.reason,
  };
}
