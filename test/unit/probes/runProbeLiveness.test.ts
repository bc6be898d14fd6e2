/**
 * runProbe hands `collectMetrics` to the provider and reports a liveness-only
 * outcome as `up` with `metrics: { metrics_skipped: true }` (fake provider, no server).
 */
import * as assert from 'node:assert/strict';
import type { ConnectionConfig } from '../../../src/shared/connection';
import { runProbe } from '../../../src/server/probes/runProbe';
import { livenessOutcome, wantsMetrics } from '../../../src/server/probes/liveness';
import type { ProbeRequest, ProviderModule } from '../../../src/server/probes/types';

const config: ConnectionConfig = {
  id: 'c1',
  name: 'c1',
  provider: 'postgres',
  host: '127.0.0.1',
  port: 5432,
  user: 'app',
  database: 'app',
};

function fakeProvider(seen: Array<boolean | undefined>): ProviderModule {
  return {
    async probe(req: ProbeRequest, ctx) {
      seen.push(req.collectMetrics);
      ctx.connected();
      if (!wantsMetrics(req)) return livenessOutcome('15.8', null);
      return {
        serverVersion: '15.8',
        tls: null,
        metrics: { connections_used: 99, max_connections: 100 },
        warnings: ['connections at 99% of max_connections'],
      };
    },
  };
}

describe('runProbe with collectMetrics', () => {
  it('passes the flag to the provider; liveness results are up with only metrics_skipped, metrics results keep their verdict', async () => {
    const seen: Array<boolean | undefined> = [];
    const loadProvider = () => fakeProvider(seen);
    const live = await runProbe({ config, secret: { password: 'pw-Secret-1' }, collectMetrics: false }, { loadProvider });
    assert.equal(live.state, 'up');
    assert.deepEqual(live.metrics, { metrics_skipped: true });
    assert.equal(live.serverVersion, '15.8');
    assert.equal(live.warnings, undefined);
    const full = await runProbe({ config, secret: { password: 'pw-Secret-1' } }, { loadProvider });
    assert.equal(full.state, 'degraded', 'saturation is judged only with metrics');
    assert.equal(full.metrics.connections_used, 99);
    const explicit = await runProbe({ config, secret: {}, collectMetrics: true }, { loadProvider });
    assert.equal(explicit.metrics.metrics_skipped, undefined);
    assert.deepEqual(seen, [false, undefined, true]);
  });
});
