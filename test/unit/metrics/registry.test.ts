import * as assert from 'node:assert/strict';
import { DbPulseMetrics, type MonitorSelfHealth } from '../../../src/server/metrics/registry';
import { tagLabelName, tagLabels } from '../../../src/server/metrics/labels';
import type { ProbeResult } from '../../../src/shared/probe';

type Sample = { labels: Record<string, string | number>; value: number; metricName?: string };

async function samples(m: DbPulseMetrics, name: string): Promise<Sample[]> {
  const all = await m.registry.getMetricsAsJSON();
  const metric = all.find((x) => x.name === name);
  return metric ? (metric.values as Sample[]) : [];
}

async function value(m: DbPulseMetrics, name: string, labels: Record<string, string>): Promise<number | undefined> {
  const found = (await samples(m, name)).filter((s) => Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  assert.ok(found.length <= 1, `${name} ${JSON.stringify(labels)}: ${found.length} series`);
  return found[0]?.value;
}

const pgResult = (over: Partial<ProbeResult> = {}): ProbeResult => ({
  connectionId: 'orders',
  provider: 'postgres',
  startedAt: 1_700_000_000_000,
  state: 'up',
  timings: { dnsMs: 1, connectMs: 4, tlsMs: 6, authMs: 3, firstQueryMs: 2, totalMs: 17 },
  tls: { protocol: 'TLSv1.3', validTo: '2027-01-01T00:00:00.000Z' },
  metrics: {
    connections_used: 45,
    max_connections: 100,
    connections_reserved: 3,
    oldest_xact_age_s: 12.5,
    xid_wraparound_age: 1000,
    cache_hit_ratio: 0.99,
    pg_stat_statements: true,
    in_recovery: false,
  },
  ...over,
});

describe('metrics registry (prom-client)', () => {
  let m: DbPulseMetrics;
  beforeEach(() => {
    m = new DbPulseMetrics({ processMetrics: false });
    m.setConnections([
      { id: 'orders', provider: 'postgres', tags: ['env:prod', 'team=payments', 'critical'], host: 'db.internal.example' },
      { id: 'shop', provider: 'mysql' },
    ]);
  });

  it('dbpulse_up and dbpulse_degraded per connection, with tags as labels, from final results only', async () => {
    m.observeProbe(pgResult());
    assert.equal(await value(m, 'dbpulse_up', { connection: 'orders' }), 1);
    const [up] = await samples(m, 'dbpulse_up');
    assert.deepEqual(up.labels, { connection: 'orders', provider: 'postgres', env: 'prod', team: 'payments', tag_critical: 'true' });
    assert.equal(await value(m, 'dbpulse_up', { connection: 'shop' }), undefined, 'no series before the first probe');
    m.observeProbe(pgResult({ state: 'down', metrics: {}, error: { message: 'boom', category: 'conn_refused' } }), { final: false });
    assert.equal(await value(m, 'dbpulse_up', { connection: 'orders' }), 1, 'a retried attempt does not flap the gauge');
    m.observeProbe(pgResult({ state: 'down', metrics: {}, error: { message: 'connect ECONNREFUSED', category: 'conn_refused' } }));
    assert.equal(await value(m, 'dbpulse_up', { connection: 'orders' }), 0);
    assert.equal(await value(m, 'dbpulse_degraded', { connection: 'orders' }), 0);
    m.observeProbe(pgResult({ state: 'degraded', warnings: ['connections at 95%'] }));
    assert.equal(await value(m, 'dbpulse_up', { connection: 'orders' }), 1);
    assert.equal(await value(m, 'dbpulse_degraded', { connection: 'orders' }), 1);
    assert.equal(await value(m, 'dbpulse_probes_total', { connection: 'orders', state: 'down' }), 2);
    const text = await m.metrics();
    assert.doesNotMatch(text, /ECONNREFUSED|boom|connections at 95/, 'no error or warning text in any label');
    assert.doesNotMatch(text, /db\.internal\.example/, 'no host label unless opted in');
  });

  it('probe duration histogram per phase, in seconds', async () => {
    m.observeProbe(pgResult());
    m.observeProbe(pgResult({ timings: { connectMs: 2, totalMs: 3000 } }));
    const counts = (await samples(m, 'dbpulse_probe_duration_seconds')).filter(
      (s) => s.metricName === 'dbpulse_probe_duration_seconds_count',
    );
    const byPhase = Object.fromEntries(counts.map((s) => [s.labels.phase, s.value]));
    assert.deepEqual(byPhase, { dns: 1, connect: 2, tls: 1, auth: 1, first_query: 1, total: 2 });
    const sum = (await samples(m, 'dbpulse_probe_duration_seconds')).find(
      (s) => s.metricName === 'dbpulse_probe_duration_seconds_sum' && s.labels.phase === 'total',
    );
    assert.equal(sum?.value, 3.017);
  });

  it('saturation gauges, raw probe metrics, certificate expiry, breaker, prediction and advisor counts', async () => {
    m.observeProbe(pgResult());
    const orders = { connection: 'orders' };
    assert.equal(await value(m, 'dbpulse_connections_used', orders), 45);
    assert.equal(await value(m, 'dbpulse_connections_limit', orders), 97);
    assert.equal(await value(m, 'dbpulse_cache_hit_ratio', orders), 0.99);
    assert.equal(await value(m, 'dbpulse_oldest_transaction_age_seconds', orders), 12.5);
    assert.equal(await value(m, 'dbpulse_saturation_ratio', { ...orders, resource: 'connections' }), 45 / 97);
    assert.equal(await value(m, 'dbpulse_probe_metric', { ...orders, metric: 'pg_stat_statements' }), 1);
    assert.equal(await value(m, 'dbpulse_probe_metric', { ...orders, metric: 'xid_wraparound_age' }), 1000);
    assert.equal(await value(m, 'dbpulse_tls_cert_expiry_seconds', orders), Date.parse('2027-01-01T00:00:00Z') / 1000);
    // A liveness-only probe keeps the last figures.
    m.observeProbe(pgResult({ metrics: { metrics_skipped: true } }));
    assert.equal(await value(m, 'dbpulse_connections_used', orders), 45);
    assert.equal(await value(m, 'dbpulse_probe_metric', { ...orders, metric: 'metrics_skipped' }), undefined);
    // TLS turned off: the expiry goes.
    m.observeProbe(pgResult({ tls: null }));
    assert.equal(await value(m, 'dbpulse_tls_cert_expiry_seconds', orders), undefined);

    m.observeBreaker('orders', 'OPEN');
    assert.equal(await value(m, 'dbpulse_breaker_state', orders), 2);
    m.observePrediction('orders', {
      failure_probability: 82,
      time_to_failure_hours: 1.5,
      confidence_score: 60,
      risk_level: 'IMMEDIATE_ACTION_REQUIRED',
    });
    assert.equal(await value(m, 'dbpulse_failure_probability', orders), 0.82);
    assert.equal(await value(m, 'dbpulse_time_to_failure_seconds', orders), 5400);
    assert.equal(await value(m, 'dbpulse_prediction_confidence', orders), 0.6);
    assert.equal(await value(m, 'dbpulse_risk_level', orders), 2);
    m.observePrediction('orders', { failure_probability: 5, time_to_failure_hours: null, confidence_score: 60, risk_level: 'HEALTHY' });
    assert.equal(await value(m, 'dbpulse_time_to_failure_seconds', orders), undefined, 'nothing running out: no series');
    m.observeAdvisor('orders', [{ severity: 'critical' }, { severity: 'warning' }, { severity: 'critical' }]);
    assert.equal(await value(m, 'dbpulse_advisor_findings', { ...orders, severity: 'critical' }), 2);
    assert.equal(await value(m, 'dbpulse_advisor_findings', { ...orders, severity: 'info' }), 0);
  });

  it('MySQL and MongoDB saturation under the same names', async () => {
    m.setConnections([
      { id: 'shop', provider: 'mysql' },
      { id: 'events', provider: 'mongodb' },
    ]);
    m.observeProbe({
      ...pgResult({ connectionId: 'shop', provider: 'mysql', tls: undefined }),
      metrics: { threads_connected: 9, max_connections: 151, buffer_pool_hit_ratio: 0.5, replication_lag_s: 3 },
    });
    m.observeProbe({
      ...pgResult({ connectionId: 'events', provider: 'mongodb', tls: undefined }),
      metrics: { connections_current: 10, connections_available: 90, repl_state: 'SECONDARY', repl_lag_s: 7 },
    });
    assert.equal(await value(m, 'dbpulse_connections_limit', { connection: 'shop' }), 151);
    assert.equal(await value(m, 'dbpulse_cache_hit_ratio', { connection: 'shop' }), 0.5);
    assert.equal(await value(m, 'dbpulse_connections_limit', { connection: 'events' }), 100);
    assert.equal(await value(m, 'dbpulse_replication_lag_seconds', { connection: 'events' }), 7);
    assert.equal(
      await value(m, 'dbpulse_probe_metric', { connection: 'events', metric: 'repl_state' }),
      undefined,
      'text facts are not series',
    );
  });

  it("removed connections' series are removed; unchanged ones keep their state; tag changes relabel", async () => {
    m.observeProbe(pgResult());
    m.observeProbe({ ...pgResult({ connectionId: 'shop', provider: 'mysql' }), metrics: {} });
    m.observeBreaker('orders', 'HALF_OPEN');
    m.setConnections([{ id: 'shop', provider: 'mysql', tags: ['region:eu'] }]);
    const text = await m.metrics();
    assert.doesNotMatch(text, /connection="orders"/, text);
    assert.equal(await value(m, 'dbpulse_up', { connection: 'shop', region: 'eu' }), 1, 'state kept, new tag label');
    assert.deepEqual(
      (await samples(m, 'dbpulse_up')).map((s) => Object.keys(s.labels).sort()),
      [['connection', 'provider', 'region']],
      'the old tag label names are gone',
    );
    // Back again: starts empty, not with the old state.
    m.setConnections([{ id: 'orders', provider: 'postgres' }]);
    assert.equal(await value(m, 'dbpulse_breaker_state', { connection: 'orders' }), undefined);
    m.observeProbe(pgResult({ connectionId: 'ghost' }));
    assert.doesNotMatch(await m.metrics(), /ghost/, 'observations of unknown connections are ignored');
  });

  it('the host label only when opted in; the monitor self-health counters and store write latency', async () => {
    const withHost = new DbPulseMetrics({ processMetrics: false, hostLabel: true });
    withHost.setConnections([{ id: 'orders', provider: 'postgres', host: 'db.internal.example' }]);
    withHost.observeProbe(pgResult());
    assert.equal(await value(withHost, 'dbpulse_up', { host: 'db.internal.example' }), 1);
    const health: MonitorSelfHealth = {
      probesScheduled: 10,
      probesAchieved: 9,
      probesSkipped: { overrun: 1, circuit_open: 0 },
      probeSlotsInUse: 2,
      probeSlots: 8,
      probesQueued: 0,
    };
    withHost.setSelfHealth(() => health);
    withHost.observeStoreWrite(0.002);
    assert.equal(await value(withHost, 'dbpulse_monitor_probes_scheduled_total', {}), 10);
    assert.equal(await value(withHost, 'dbpulse_monitor_probes_achieved_total', {}), 9);
    assert.equal(await value(withHost, 'dbpulse_monitor_probes_skipped_total', { reason: 'overrun' }), 1);
    assert.equal(await value(withHost, 'dbpulse_monitor_probe_slots_in_use', {}), 2);
    health.probesScheduled = 12;
    assert.equal(await value(withHost, 'dbpulse_monitor_probes_scheduled_total', {}), 12, 'read at every scrape');
    const count = (await samples(withHost, 'dbpulse_monitor_store_write_seconds')).find(
      (s) => s.metricName === 'dbpulse_monitor_store_write_seconds_count',
    );
    assert.equal(count?.value, 1);
    assert.match(withHost.contentType, /^text\/plain; version=0\.0\.4/);
  });

  it('tag label names are valid, never a reserved name, and bounded', () => {
    assert.equal(tagLabelName('Env'), 'env');
    assert.equal(tagLabelName('connection'), 'tag_connection');
    assert.equal(tagLabelName('__name__'), 'tag_name__');
    assert.equal(tagLabelName('9lives'), '_9lives');
    assert.equal(tagLabelName('a-b.c'), 'a_b_c');
    const many = tagLabels(Array.from({ length: 40 }, (_, i) => `k${i}:v`));
    assert.equal(Object.keys(many).length, 16);
    assert.deepEqual(tagLabels(['env:prod', 'env:dev']), { env: 'prod' }, 'first of a name wins');
    assert.equal(tagLabels([`note:${'x'.repeat(500)}`]).note.length, 128);
  });
});
