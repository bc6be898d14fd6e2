/**
 * The team files and a real scrape: the rules in docs/team pass `promtool check rules`, every
 * metric the rules and the Grafana dashboard name exists in the registry, and a real Prometheus
 * scraping a real monitor that watches a real PostgreSQL (password from a file) sees dbpulse_up 1,
 * then 0 once the PostgreSQL stops, and the docs' DBPulseConnectionDown alert firing.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { EventEmitter } from 'node:events';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createMonitorCommand } from '../../../src/cli/commands/monitor';
import { DbPulseMetrics } from '../../../src/server/metrics/registry';
import { fakeIo } from '../../support/cliIo';
import { makeTempDir, removeDir, waitUntil } from '../../servers/common';
import { startPostgresWithApp, type PgServer } from '../../servers/postgres';
import { prometheusUnavailable, PROMTOOL_BIN, startPrometheus, type PrometheusServer } from '../../servers/prometheus';

const TEAM = path.resolve(__dirname, '../../../docs/team');
const RULES = path.join(TEAM, 'dbpulse-rules.yml');

/** Metric names an expression refers to, histogram suffixes folded onto their metric. */
function metricNames(expr: string): string[] {
  return [...expr.matchAll(/\b(dbpulse_[a-z0-9_]+)/g)].map((m) => m[1].replace(/_(bucket|count|sum)$/, ''));
}

describe('team: Prometheus rules, dashboard and a real scrape', function () {
  this.timeout(120_000);

  it('the rules pass promtool; the rules and the dashboard name only metrics the registry has', async function () {
    if (!fs.existsSync(PROMTOOL_BIN)) {
      console.log(`      skipped: ${PROMTOOL_BIN} is not installed (apt-get install prometheus)`);
      this.skip();
    }
    const r = spawnSync(PROMTOOL_BIN, ['check', 'rules', RULES], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /SUCCESS: 4 rules found/);
    const c = spawnSync(PROMTOOL_BIN, ['check', 'config', path.join(TEAM, 'prometheus.yml')], { encoding: 'utf8' });
    assert.equal(c.status, 0, c.stdout + c.stderr);

    const known = new Set((await new DbPulseMetrics().registry.getMetricsAsJSON()).map((m) => m.name));
    const dashboard = JSON.parse(fs.readFileSync(path.join(TEAM, 'grafana-dashboard.json'), 'utf8')) as {
      panels: Array<{ title: string; targets: Array<{ expr: string }> }>;
    };
    const used = [
      ...dashboard.panels.flatMap((p) => p.targets.flatMap((t) => metricNames(t.expr))),
      ...metricNames(fs.readFileSync(RULES, 'utf8')),
      ...metricNames(fs.readFileSync(path.resolve(TEAM, '../team.md'), 'utf8')),
    ];
    assert.ok(used.length > 20);
    for (const name of used) assert.ok(known.has(name), `${name} is named in docs/team but not in the registry`);
  });

  describe('a real Prometheus scraping a monitor of a real PostgreSQL', () => {
    let pg: PgServer;
    let prom: PrometheusServer | undefined;
    let dir: string;
    before(async function () {
      const why = prometheusUnavailable();
      if (why) {
        console.log(`      skipped: ${why}`);
        this.skip();
      }
      pg = await startPostgresWithApp(this, { role: 'app', database: 'app', password: 'pw-from-a-file-9' });
      dir = makeTempDir('dbpulse-team-');
    });
    after(async () => {
      await prom?.stop();
      await pg?.destroy();
      if (dir) removeDir(dir);
    });

    it('dbpulse_up is 1, then 0 after PostgreSQL stops, and DBPulseConnectionDown fires', async () => {
      fs.writeFileSync(path.join(dir, 'pg-password'), 'pw-from-a-file-9\n', { mode: 0o600 });
      fs.writeFileSync(
        path.join(dir, 'monitor.json'),
        JSON.stringify({
          intervalMs: 1000,
          connections: [
            {
              id: 'orders',
              provider: 'postgres',
              host: '127.0.0.1',
              port: pg.port,
              user: 'app',
              database: 'app',
              passwordFile: 'pg-password',
              connectTimeoutMs: 1000,
              tags: ['env:test'],
            },
          ],
        }),
      );
      const signals = new EventEmitter();
      const io = Object.assign(fakeIo(), { cwd: dir });
      const done = createMonitorCommand({ signals: signals as unknown as NodeJS.Process }).run(
        ['--config', 'monitor.json', '--storage', 'store', '--retries', '0', '--metrics', '127.0.0.1:0', '--no-watch'],
        io,
      );
      try {
        let target = '';
        await waitUntil(async () => !!(target = /metrics at http:\/\/([^/\s]+)/.exec(io.err)?.[1] ?? ''), 20_000, `metrics URL: ${io.err}`);
        prom = await startPrometheus({ targets: [target], ruleFiles: [RULES] });
        const up = async (): Promise<string | undefined> => (await prom!.query('dbpulse_up{connection="orders"}'))[0]?.value[1];
        await waitUntil(async () => (await up()) === '1', 30_000, `dbpulse_up 1 (monitor log: ${io.err})`);
        const [series] = await prom.query('dbpulse_up{connection="orders"}');
        assert.equal(series.metric.env, 'test');
        assert.equal(series.metric.provider, 'postgres');
        assert.equal((await prom.query('dbpulse_connections_used{connection="orders"} > 0')).length, 1);

        await pg.stop();
        await waitUntil(async () => (await up()) === '0', 30_000, 'dbpulse_up 0');
        await waitUntil(
          async () =>
            (await prom!.alerts()).some(
              (a) => a.labels.alertname === 'DBPulseConnectionDown' && a.labels.connection === 'orders' && a.state === 'firing',
            ),
          30_000,
          'DBPulseConnectionDown firing',
        );
        assert.doesNotMatch(io.err, /pw-from-a-file-9/);
      } finally {
        signals.emit('SIGTERM');
        assert.equal(await done, 0, io.err);
      }
    });
  });
});
