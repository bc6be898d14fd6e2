/**
 * A real Prometheus (Debian's `prometheus`) on loopback, for tests: its own config (one scrape
 * job for the targets the test gives, 1 s scrape and rule evaluation, the given rule files), TSDB
 * in a temp folder. Mirrors alertmanager.ts. Stopped exactly.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { reservedPort } from './ports';
import { makeTempDir, removeDir, spawnServer, waitUntil, type ServerProcess } from './common';

export const PROMETHEUS_BIN = '/usr/bin/prometheus';
export const PROMTOOL_BIN = '/usr/bin/promtool';

export interface PrometheusServer {
  url: string;
  /** Runs an instant query; the result vector. */
  query(expr: string): Promise<Array<{ metric: Record<string, string>; value: [number, string] }>>;
  /** The alerts Prometheus has (pending and firing). */
  alerts(): Promise<Array<{ labels: Record<string, string>; state: string }>>;
  stop(): Promise<void>;
}

/** Why Prometheus cannot run here (undefined when it can). CI installs it (.ci/run). */
export function prometheusUnavailable(): string | undefined {
  return fs.existsSync(PROMETHEUS_BIN) ? undefined : `${PROMETHEUS_BIN} is not installed (apt-get install prometheus)`;
}

export async function startPrometheus(opts: { targets: string[]; ruleFiles?: string[] }): Promise<PrometheusServer> {
  const dir = makeTempDir('dbpulse-prom-');
  const port = await reservedPort();
  const config = [
    'global:',
    '  scrape_interval: 1s',
    '  evaluation_interval: 1s',
    'rule_files:',
    ...(opts.ruleFiles ?? []).map((f) => `  - '${f}'`),
    'scrape_configs:',
    '  - job_name: dbpulse',
    '    static_configs:',
    `      - targets: [${opts.targets.map((t) => `'${t}'`).join(', ')}]`,
    '',
  ].join('\n');
  fs.writeFileSync(path.join(dir, 'prometheus.yml'), config);
  const logFile = path.join(dir, 'prometheus.log');
  const proc: ServerProcess = spawnServer(
    'prometheus',
    PROMETHEUS_BIN,
    [
      `--config.file=${path.join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${path.join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
    { logFile },
  );
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitUntil(async () => (await fetch(`${url}/-/ready`)).ok, 30_000, 'prometheus', logFile, proc);
  } catch (err) {
    await proc.stop();
    removeDir(dir);
    throw err;
  }
  const api = async <T>(p: string): Promise<T> => {
    const res = await fetch(`${url}${p}`);
    const body = (await res.json()) as { status: string; data: T; error?: string };
    if (body.status !== 'success') throw new Error(`prometheus ${p}: ${body.error ?? res.status}`);
    return body.data;
  };
  return {
    url,
    query: async (expr) =>
      (
        await api<{ result: Array<{ metric: Record<string, string>; value: [number, string] }> }>(
          `/api/v1/query?query=${encodeURIComponent(expr)}`,
        )
      ).result,
    alerts: async () => (await api<{ alerts: Array<{ labels: Record<string, string>; state: string }> }>('/api/v1/alerts')).alerts,
    async stop() {
      await proc.stop();
      removeDir(dir);
    },
  };
}
