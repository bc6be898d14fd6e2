/**
 * Issue 7's scenarios against real servers, through the real probe (runProbe + the drivers) and
 * the real predictor (updatePredictor + predictFromState after each check), on simulated time:
 * one real probe = one simulated minute (see simulatedClock.ts).
 *   1. PostgreSQL and MariaDB: a connection leak climbing until the server refuses.
 *   2. PostgreSQL behind a proxy whose delay grows: latency degradation until probes time out.
 *   3. PostgreSQL behind a proxy that alternately forwards and resets/refuses: flapping.
 *   4. PostgreSQL and MariaDB: 24 simulated hours (1,440 real probes each) of a steady server.
 * A warning means risk_level MONITOR_CLOSELY or worse (failure_probability ≥ 40).
 * Prints a reliability table (predicted probability vs observed failure) over all runs.
 */
import * as assert from 'node:assert/strict';
import { runProbe } from '../../../src/server/probes/runProbe';
import type { ConnectionConfig } from '../../../src/shared/connection';
import { startDelayProxy, type DelayProxy, type ProxyMode } from '../../servers/delayProxy';
import { mariadbUnavailable, startMariaDb, type MariaServer } from '../../servers/mariadb';
import { postgresUnavailable, startPostgres, type PgServer } from '../../servers/postgres';
import { ConnectionLeak, jitteredLeakSizes, mysqlLeakTarget, pgLeakTarget, type LeakTarget } from './connectionLeak';
import { formatReliabilityTable, labelRun, reliabilityTable, type ReliabilitySample } from './reliability';
import { describeRecord, firstWarning, recordAt, runScenario, type ScenarioRecord } from './runScenario';
import { HOUR_MS, MINUTE_MS, seededRandom } from './simulatedClock';

const T0 = Date.UTC(2025, 2, 3, 8, 0, 0);
const MONITOR_PASSWORD = 'Mon1tor-pw-Scen!';
const APP_PASSWORD = 'App-leaky-pw-7q';
const MAX_CONNECTIONS = 80;
const BASELINE_MIN = 30;
/** Horizons of the reliability table: 1 h and the predictor's default (6 h). */
const HORIZONS = [1, 6];
const SECRETS = [MONITOR_PASSWORD, APP_PASSWORD];

/** Every run, for the reliability table printed at the end. */
const runs: Array<{ name: string; records: ScenarioRecord[] }> = [];

function trace(records: readonly ScenarioRecord[], every = 1): string {
  return records
    .filter((_, i) => i % every === 0 || i === records.length - 1)
    .map((r) => describeRecord(r, T0))
    .join('\n');
}

function assertNoSecret(records: readonly ScenarioRecord[]): void {
  const text = JSON.stringify(records);
  for (const s of SECRETS) assert.ok(!text.includes(s), 'a password reached a probe result or prediction');
}

/**
 * The leak scenario on any server: BASELINE_MIN quiet minutes, then 1–3 leaked connections per
 * simulated minute (2 a minute on average, jittered: see jitteredLeakSizes) until the server first refuses one (the leak's or the probe's own),
 * then three more checks. Checks the three promises.
 */
async function leakScenario(name: string, target: LeakTarget, probeConfig: ConnectionConfig, seed: number): Promise<void> {
  const leak = new ConnectionLeak(target);
  const sizes = jitteredLeakSizes(seededRandom(seed));
  let failAt: number | null = null;
  let records: ScenarioRecord[] = [];
  let leaked = 0;
  try {
    records = await runScenario({
      connectionId: probeConfig.id,
      provider: probeConfig.provider,
      startMs: T0,
      steps: BASELINE_MIN + 3 * MAX_CONNECTIONS,
      horizonsHours: HORIZONS,
      before: async ({ index, simNow }) => {
        if (index < BASELINE_MIN) return;
        // After the first refusal the leak keeps taking any slot that frees up (one a minute): a server
        // may refuse the leak while the previous probe's session is still being torn down, and then
        // admit the next probe into that slot.
        const round = await leak.leak(failAt === null ? sizes() : 1);
        if (round.refused && failAt === null) failAt = simNow;
      },
      probe: () => runProbe({ config: probeConfig, secret: { password: MONITOR_PASSWORD } }),
      stopAfter: (r, all) => {
        if (failAt === null && r.result.error?.category === 'too_many_connections') failAt = r.startedAt;
        if (failAt === null) return false;
        const after = all.filter((x) => x.startedAt >= (failAt as number));
        return after.filter((x) => x.result.state === 'down').length >= 4 || after.length >= 12;
      },
    });
  } finally {
    leaked = leak.open;
    await leak.release();
  }
  runs.push({ name, records });
  assertNoSecret(records);
  const log = trace(records, 3);
  assert.ok(failAt !== null, `the server never refused a connection (leaked ${leaked})\n${log}`);
  const fail = failAt as number;
  const up = records.filter((r) => r.startedAt < fail);
  assert.ok(
    up.every((r) => r.result.state !== 'down'),
    `a check failed before the server refused a connection\n${log}`,
  );
  const refusedProbe = records.find((r) => r.startedAt >= fail && r.result.state === 'down');
  assert.equal(
    refusedProbe?.result.error?.category,
    'too_many_connections',
    `the probe is refused with too_many_connections once the slots are gone\n${log}`,
  );

  // A warning at least 10 simulated minutes before the first refusal.
  const warned = firstWarning(records, fail);
  assert.ok(warned, `never warned before the first refusal\n${log}`);
  const leadMin = (fail - warned.startedAt) / MINUTE_MS;
  assert.ok(leadMin >= 10, `warned only ${leadMin} min before the first refusal\n${log}`);
  assert.match(warned.prediction.prediction.root_cause, /connection/i, `the warning names connections\n${describeRecord(warned, T0)}`);

  // Time to failure within ±30% of the truth when half and a quarter of the climb remain.
  const climbStart = T0 + BASELINE_MIN * MINUTE_MS;
  const lines: string[] = [];
  for (const remaining of [0.5, 0.25]) {
    const at = recordAt(records, fail - remaining * (fail - climbStart));
    assert.ok(at, 'no check at the checkpoint');
    const truthH = (fail - at.startedAt) / HOUR_MS;
    const p = at.prediction.prediction;
    assert.ok(p.time_to_failure_hours !== null, `no time to failure with ${(truthH * 60).toFixed(0)} min left\n${describeRecord(at, T0)}`);
    const err = (p.time_to_failure_hours - truthH) / truthH;
    assert.ok(
      Math.abs(err) <= 0.3,
      `time to failure ${p.time_to_failure_hours} h vs truth ${truthH.toFixed(3)} h (${(100 * err).toFixed(0)}%)\n${log}`,
    );
    assert.match(p.root_cause, /connection/i);
    assert.match(p.root_cause, /exhaustion/i);
    assert.ok(
      p.preventive_actions.some((a) => /pool|max_connections|leak/i.test(a)),
      JSON.stringify(p.preventive_actions),
    );
    const [lo, hi] = p.time_to_failure_interval_hours ?? [NaN, NaN];
    assert.ok(
      lo <= p.time_to_failure_hours && (hi === null || hi >= p.time_to_failure_hours),
      `interval ${lo}..${hi} around ${p.time_to_failure_hours}`,
    );
    lines.push(
      `${100 * remaining}% of the climb left: predicted ${(p.time_to_failure_hours * 60).toFixed(1)} min, truth ${(truthH * 60).toFixed(0)} min (${err >= 0 ? '+' : ''}${(100 * err).toFixed(0)}%)`,
    );
  }

  // Once refused, the prediction says exhaustion, now.
  const last = records[records.length - 1].prediction.prediction;
  assert.equal(last.risk_level, 'IMMEDIATE_ACTION_REQUIRED', log);
  assert.match(last.root_cause, /connection pool exhaustion/i, log);
  console.log(
    `      ${name}: leak from min ${BASELINE_MIN}, first refusal at min ${(fail - T0) / MINUTE_MS} with ${leaked} leaked; first warning at min ${(warned.startedAt - T0) / MINUTE_MS} (${leadMin} min ahead, p=${warned.prediction.prediction.failure_probability}); ${lines.join('; ')}`,
  );
}

/** 1,440 real checks, one per simulated minute: never a warning. */
async function healthyScenario(name: string, probeConfig: ConnectionConfig): Promise<void> {
  const records = await runScenario({
    connectionId: probeConfig.id,
    provider: probeConfig.provider,
    startMs: T0,
    steps: 24 * 60,
    horizonsHours: HORIZONS,
    probe: () => runProbe({ config: probeConfig, secret: { password: MONITOR_PASSWORD } }),
  });
  runs.push({ name, records });
  assert.equal(records.length, 1440);
  const down = records.filter((r) => r.result.state === 'down');
  assert.equal(down.length, 0, `a healthy server failed a check: ${down.map((r) => describeRecord(r, T0)).join('\n')}`);
  const alarms = records.filter((r) => r.prediction.prediction.risk_level !== 'HEALTHY');
  assert.equal(
    alarms.length,
    0,
    `${alarms.length} false alarms:\n${alarms
      .slice(0, 10)
      .map((r) => describeRecord(r, T0))
      .join('\n')}`,
  );
  const ps = records.map((r) => r.prediction.prediction.failure_probability);
  const lat = records.map((r) => r.result.timings.totalMs).sort((a, b) => a - b);
  console.log(
    `      ${name}: 1440 checks, max failure_probability ${Math.max(...ps)}%, latency median ${lat[720].toFixed(1)} ms, p99 ${lat[1425].toFixed(1)} ms, max ${lat[1439].toFixed(1)} ms; final: ${JSON.stringify(records[1439].prediction)}`,
  );
}

describe('integration: prediction scenarios on a real PostgreSQL (simulated clock, real probes)', function () {
  this.timeout(180_000);
  let pg: PgServer | undefined;
  const proxies: DelayProxy[] = [];

  before(async function () {
    const why = postgresUnavailable();
    if (why) {
      console.log(`      skipped: ${why}`);
      this.skip();
    }
    pg = await startPostgres({ maxConnections: MAX_CONNECTIONS, ssl: false });
    await pg.admin(
      `CREATE ROLE monitor LOGIN PASSWORD '${MONITOR_PASSWORD}'; GRANT pg_monitor TO monitor; CREATE ROLE app LOGIN PASSWORD '${APP_PASSWORD}'`,
    );
    await pg.admin('CREATE DATABASE app_db OWNER app');
  });

  after(async () => {
    for (const p of proxies.splice(0)) await p.close();
    await pg?.destroy();
  });

  const config = (over: Partial<ConnectionConfig> = {}): ConnectionConfig => ({
    id: 'pg-scenario',
    name: 'pg scenario',
    provider: 'postgres',
    host: '127.0.0.1',
    port: pg!.port,
    user: 'monitor',
    database: 'postgres',
    tls: { mode: 'disable' },
    connectTimeoutMs: 5000,
    statementTimeoutMs: 5000,
    ...over,
  });

  it('connection leak toward max_connections: warns ≥ 10 min ahead, time to failure within ±30%, root cause connection exhaustion', async () => {
    const server = pg!;
    await leakScenario(
      'PostgreSQL leak',
      pgLeakTarget({ port: server.port, user: 'app', password: APP_PASSWORD, database: 'app_db' }),
      config({ id: 'pg-leak' }),
      7101,
    );
    // The probe saw the climb in its own metric.
    const records = runs[runs.length - 1].records;
    const used = records.map((r) => r.result.metrics.connections_used).filter((x): x is number => typeof x === 'number');
    assert.ok(Math.max(...used) >= MAX_CONNECTIONS - 10, `connections_used peaked at ${Math.max(...used)}`);
  });

  it('latency degradation through a delaying proxy: trend degrading and rising failure probability before probes time out', async () => {
    const server = pg!;
    const proxy = await startDelayProxy({ host: '127.0.0.1', port: server.port });
    proxies.push(proxy);
    const timeoutMs = 800;
    // 4 ms more one-way delay per simulated minute after the baseline (a round trip gains 8 ms/min).
    const growthPerMin = 4;
    let firstDown: number | null = null;
    const records = await runScenario({
      connectionId: 'pg-latency',
      provider: 'postgres',
      startMs: T0,
      steps: BASELINE_MIN + 90,
      horizonsHours: HORIZONS,
      predictOptions: { timeoutMs },
      before: async ({ index }) => {
        proxy.delayMs = Math.max(0, index - BASELINE_MIN) * growthPerMin;
      },
      probe: () =>
        runProbe({
          config: config({ id: 'pg-latency', port: proxy.port, connectTimeoutMs: timeoutMs, statementTimeoutMs: timeoutMs }),
          secret: { password: MONITOR_PASSWORD },
        }),
      stopAfter: (r, all) => {
        if (firstDown === null && r.result.state === 'down') firstDown = r.startedAt;
        return firstDown !== null && all.filter((x) => x.result.state === 'down').length >= 2;
      },
    });
    runs.push({ name: 'PostgreSQL latency', records });
    assertNoSecret(records);
    const log = trace(records, 3);
    assert.ok(firstDown !== null, `probes never timed out\n${log}`);
    const fail = firstDown as number;
    const firstFailure = records.find((r) => r.startedAt === fail);
    assert.equal(firstFailure?.result.error?.category, 'timeout', `the probes fail by timing out\n${log}`);
    const before = records.filter((r) => r.startedAt < fail);
    const baseline = before.slice(0, BASELINE_MIN);
    const lastUp = before[before.length - 1];
    assert.equal(lastUp.prediction.response_time_trend, 'degrading', log);
    const baselineMax = Math.max(...baseline.map((r) => r.prediction.prediction.failure_probability));
    const lastP = lastUp.prediction.prediction.failure_probability;
    assert.ok(lastP > baselineMax, `failure probability ${lastP}% before the first timeout, baseline up to ${baselineMax}%\n${log}`);
    const warned = firstWarning(records, fail);
    assert.ok(warned, `no warning before the first timeout\n${log}`);
    const leadMin = (fail - warned.startedAt) / MINUTE_MS;
    assert.ok(leadMin >= 10, `warned only ${leadMin} min before the first timeout\n${log}`);
    assert.match(lastUp.prediction.prediction.root_cause, /latency|response/i, log);
    const degradingAt = before.find(
      (r) => r.startedAt >= T0 + BASELINE_MIN * MINUTE_MS && r.prediction.response_time_trend === 'degrading',
    );
    console.log(
      `      PostgreSQL latency: delay +${growthPerMin} ms/min each way from min ${BASELINE_MIN}; trend "degrading" from min ${degradingAt ? (degradingAt.startedAt - T0) / MINUTE_MS : '-'}; first warning at min ${(warned.startedAt - T0) / MINUTE_MS} (p=${warned.prediction.prediction.failure_probability}, ${leadMin} min ahead); first timeout at min ${(fail - T0) / MINUTE_MS} (delay ${proxy.delayMs} ms); p ${baselineMax}% (baseline max) → ${lastP}% (last check before the timeout); ttf then ${lastUp.prediction.prediction.time_to_failure_hours} h`,
    );
  });

  it('flapping network (a proxy alternately forwarding and resetting/refusing): flapping detected', async () => {
    const server = pg!;
    const proxy = await startDelayProxy({ host: '127.0.0.1', port: server.port });
    proxies.push(proxy);
    const random = seededRandom(7301);
    const flapMin = 60;
    // Up runs of 1–4 minutes, down runs of 1–2 minutes; down alternates reset (ECONNRESET) and refuse (ECONNREFUSED).
    const schedule: ProxyMode[] = [];
    let downs = 0;
    while (schedule.length < flapMin) {
      const upRun = 1 + Math.floor(random() * 4);
      for (let i = 0; i < upRun; i++) schedule.push('forward');
      const downRun = 1 + Math.floor(random() * 2);
      const mode: ProxyMode = downs++ % 2 === 0 ? 'reset' : 'refuse';
      for (let i = 0; i < downRun; i++) schedule.push(mode);
    }
    const records = await runScenario({
      connectionId: 'pg-flapping',
      provider: 'postgres',
      startMs: T0,
      steps: BASELINE_MIN + flapMin,
      horizonsHours: HORIZONS,
      before: async ({ index }) => {
        await proxy.setMode(index < BASELINE_MIN ? 'forward' : schedule[index - BASELINE_MIN]);
      },
      probe: () =>
        runProbe({
          config: config({ id: 'pg-flapping', port: proxy.port, connectTimeoutMs: 2000, statementTimeoutMs: 2000 }),
          secret: { password: MONITOR_PASSWORD },
        }),
    });
    await proxy.setMode('forward');
    runs.push({ name: 'PostgreSQL flapping', records });
    assertNoSecret(records);
    const log = trace(records, 2);
    const baseline = records.slice(0, BASELINE_MIN);
    assert.ok(
      baseline.every((r) => r.result.state !== 'down' && r.prediction.prediction.risk_level === 'HEALTHY'),
      `baseline not healthy\n${log}`,
    );
    const categories = new Set(records.filter((r) => r.result.state === 'down').map((r) => r.result.error?.category));
    assert.ok(
      categories.has('connection_reset') && categories.has('conn_refused'),
      `real resets and refusals: ${[...categories].join(', ')}`,
    );
    const last = records[records.length - 1].prediction;
    assert.notEqual(last.prediction.risk_level, 'HEALTHY', log);
    assert.match(last.prediction.root_cause, /flapping/i, log);
    assert.ok(parseFloat(last.failure_rate) > 5, last.failure_rate);
    const detected = records.find(
      (r) => r.prediction.prediction.risk_level !== 'HEALTHY' && /flapping/i.test(r.prediction.prediction.root_cause),
    );
    assert.ok(detected);
    const flipsBefore = records
      .slice(0, records.indexOf(detected) + 1)
      .filter((r, i, a) => i > 0 && (r.result.state === 'down') !== (a[i - 1].result.state === 'down')).length;
    console.log(
      `      PostgreSQL flapping: from min ${BASELINE_MIN}, ${[...categories].join(' + ')}; flapping detected at min ${(detected.startedAt - T0) / MINUTE_MS} after ${flipsBefore} up/down transitions (p=${detected.prediction.prediction.failure_probability}); at the end p=${last.prediction.failure_probability} ${last.prediction.risk_level}, failure rate ${last.failure_rate}`,
    );
  });

  it('steady healthy server: 24 h of simulated checks (1,440 real probes) stay HEALTHY', async () => {
    await healthyScenario('PostgreSQL healthy 24 h', config({ id: 'pg-healthy' }));
  });
});

describe('integration: prediction scenarios on a real MariaDB (simulated clock, real probes)', function () {
  this.timeout(180_000);
  let db: MariaServer | undefined;

  before(async function () {
    const why = mariadbUnavailable();
    if (why) {
      console.log(`      skipped: ${why}`);
      this.skip();
    }
    db = await startMariaDb({ maxConnections: MAX_CONNECTIONS, ssl: false });
    await db.admin(`
      CREATE USER 'monitor'@'%' IDENTIFIED BY '${MONITOR_PASSWORD}';
      GRANT PROCESS, SLAVE MONITOR ON *.* TO 'monitor'@'%';
      CREATE DATABASE app_db;
      CREATE USER 'app'@'%' IDENTIFIED BY '${APP_PASSWORD}';
      GRANT ALL ON app_db.* TO 'app'@'%';`);
  });

  after(async () => {
    await db?.destroy();
  });

  const config = (over: Partial<ConnectionConfig> = {}): ConnectionConfig => ({
    id: 'maria-scenario',
    name: 'mariadb scenario',
    provider: 'mysql',
    host: '127.0.0.1',
    port: db!.port,
    user: 'monitor',
    tls: { mode: 'disable' },
    connectTimeoutMs: 5000,
    statementTimeoutMs: 5000,
    ...over,
  });

  it('connection leak toward max_connections: warns ≥ 10 min ahead, time to failure within ±30%, root cause connection exhaustion', async () => {
    const server = db!;
    await leakScenario(
      'MariaDB leak',
      mysqlLeakTarget({ port: server.port, user: 'app', password: APP_PASSWORD }),
      config({ id: 'maria-leak' }),
      7201,
    );
    const records = runs[runs.length - 1].records;
    const used = records.map((r) => r.result.metrics.threads_connected).filter((x): x is number => typeof x === 'number');
    assert.ok(Math.max(...used) >= MAX_CONNECTIONS - 10, `threads_connected peaked at ${Math.max(...used)}`);
  });

  it('steady healthy server: 24 h of simulated checks (1,440 real probes) stay HEALTHY', async () => {
    await healthyScenario('MariaDB healthy 24 h', config({ id: 'maria-healthy' }));
  });
});

describe('integration: prediction scenarios, reliability of failure_probability', () => {
  it('prints the reliability table over every scenario run above (predictions made while up)', function () {
    if (runs.length === 0) this.skip();
    const lines: string[] = [];
    const comparisons: Array<{ h: number; table: ReturnType<typeof reliabilityTable>; failed: number; total: number }> = [];
    for (const h of HORIZONS) {
      const samples: ReliabilitySample[] = [];
      for (const run of runs) samples.push(...labelRun(run.records, h * HOUR_MS, (r) => r.probabilityByHorizon[h]));
      const table = reliabilityTable(samples);
      lines.push(
        formatReliabilityTable(`horizon ${h} h${h === 6 ? ' (the default)' : ''}, runs: ${runs.map((r) => r.name).join(', ')}`, table),
      );
      comparisons.push({ h, table, failed: samples.filter((s) => s.failed).length, total: samples.length });
    }
    console.log(`\n${lines.join('\n\n')}\n`);
    // The comparison needs predictions followed by a failure and predictions that were not: a run
    // selected alone (e.g. with --grep) may have only one kind, and then there is nothing to compare.
    const usable = comparisons.filter((c) => c.failed > 0 && c.failed < c.total);
    if (usable.length === 0) {
      console.log('      skipped: the runs give no horizon with both outcomes');
      this.skip();
    }
    for (const { h, table } of usable) {
      // Every failure in these runs is one the predictor is meant to warn of: the bucket that raises
      // an alarm must have predictions and be right more often than the quiet bucket.
      const quiet = table.rows[0];
      const alarm = table.rows.slice(2).filter((r) => r.count > 0);
      assert.ok(quiet.count > 0, `horizon ${h} h: no quiet prediction (0–10%) at all`);
      assert.ok(alarm.length > 0, `horizon ${h} h: failures followed, but no prediction reached the warning level (≥ 40%)`);
      const alarmRate = alarm.reduce((a, r) => a + r.observedRate * r.count, 0) / alarm.reduce((a, r) => a + r.count, 0);
      assert.ok(
        alarmRate > quiet.observedRate,
        `horizon ${h} h: warnings are followed by failures (${alarmRate}) no more often than quiet predictions (${quiet.observedRate})`,
      );
    }
  });
});
