/**
 * The MongoDB probe in liveness mode (collectMetrics: false) against the
 * scripted wire-protocol stand-in (in-process, loopback, OS-assigned port):
 * one `hello` round trip, no serverStatus / buildInfo / replSetGetStatus.
 * (In test/unit/probes by file ownership; it talks to a loopback stand-in.)
 */
import * as assert from 'node:assert/strict';
import type { ConnectionConfig } from '../../../src/shared/connection';
import { runProbe } from '../../../src/server/probes/runProbe';
import { congoUnavailable } from '../../servers/mongo';
import { errorReply, MongoScriptedServer } from '../../servers/mongoScripted';

const STATISTICS = ['serverstatus', 'buildinfo', 'replsetgetstatus'];

describe('MongoDB probe, liveness mode (scripted wire-protocol stand-in)', function () {
  this.timeout(30000);
  const servers: MongoScriptedServer[] = [];
  before(function () {
    const why = congoUnavailable();
    if (why) {
      console.log(`      skipped: ${why}`);
      this.skip();
    }
  });
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.stop()));
  });
  const config = (port: number): ConnectionConfig => ({
    id: 'm',
    name: 'm',
    provider: 'mongodb',
    url: `mongodb://127.0.0.1:${port}/`,
    connectTimeoutMs: 3000,
    statementTimeoutMs: 2000,
  });

  it('is up with only metrics_skipped and sends no statistics command; with metrics it reads serverStatus', async () => {
    const s = await MongoScriptedServer.start(() => undefined);
    servers.push(s);
    const live = await runProbe({ config: config(s.port), secret: {}, collectMetrics: false });
    assert.equal(live.state, 'up', JSON.stringify(live));
    assert.deepEqual(live.metrics, { metrics_skipped: true });
    assert.equal(typeof live.timings.firstQueryMs, 'number');
    const names = s.commandNames();
    assert.ok(names.includes('hello') || names.includes('ismaster'), names.join(','));
    for (const n of STATISTICS) assert.ok(!names.includes(n), `liveness sent ${n}: ${names.join(',')}`);
    s.received.length = 0;
    const full = await runProbe({ config: config(s.port), secret: {} });
    assert.equal(full.state, 'up', JSON.stringify(full));
    assert.equal(full.metrics.metrics_skipped, undefined);
    assert.ok(s.commandNames().includes('serverstatus'));
  });

  it('a user without clusterMonitor is up (not degraded) in liveness mode', async () => {
    const s = await MongoScriptedServer.start((cmd) =>
      cmd.name.toLowerCase() === 'serverstatus'
        ? errorReply(13, 'Unauthorized', 'not authorized on admin to execute command { serverStatus: 1 }')
        : undefined,
    );
    servers.push(s);
    const live = await runProbe({ config: config(s.port), secret: {}, collectMetrics: false });
    assert.equal(live.state, 'up', JSON.stringify(live));
    const full = await runProbe({ config: config(s.port), secret: {} });
    assert.equal(full.state, 'degraded', JSON.stringify(full));
  });
});
