/**
 * A real Prometheus Alertmanager (Debian's `prometheus-alertmanager`) on loopback, for tests:
 * its own config (one route to the webhook URL the test gives, resolved notices on, short group
 * timers), storage in a temp folder, clustering off. Stopped exactly.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeTempDir, removeDir, spawnServer, waitUntil, type ServerProcess } from './common';
import { reservedPort } from './ports';

export const ALERTMANAGER_BIN = '/usr/bin/prometheus-alertmanager';

export interface AlertmanagerServer {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** Why Alertmanager cannot run here (undefined when it can). CI installs it (.ci/run). */
export function alertmanagerUnavailable(): string | undefined {
  return fs.existsSync(ALERTMANAGER_BIN) ? undefined : `${ALERTMANAGER_BIN} is not installed (apt-get install prometheus-alertmanager)`;
}

export async function startAlertmanager(opts: { webhookUrl: string; groupBy?: string[] }): Promise<AlertmanagerServer> {
  const dir = makeTempDir('dbpulse-am-');
  const port = await reservedPort();
  const config = [
    'route:',
    '  receiver: hook',
    `  group_by: [${(opts.groupBy ?? ['alertname', 'connection']).map((l) => `'${l}'`).join(', ')}]`,
    '  group_wait: 100ms',
    '  group_interval: 300ms',
    '  repeat_interval: 1h',
    'receivers:',
    '  - name: hook',
    '    webhook_configs:',
    `      - url: '${opts.webhookUrl}'`,
    '        send_resolved: true',
    '',
  ].join('\n');
  fs.writeFileSync(path.join(dir, 'alertmanager.yml'), config);
  const logFile = path.join(dir, 'alertmanager.log');
  const proc: ServerProcess = spawnServer(
    'alertmanager',
    ALERTMANAGER_BIN,
    [
      `--config.file=${path.join(dir, 'alertmanager.yml')}`,
      `--storage.path=${path.join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--cluster.listen-address=',
      '--log.level=warn',
    ],
    { logFile },
  );
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitUntil(async () => (await fetch(`${url}/-/ready`)).ok, 20_000, 'alertmanager', logFile, proc);
  } catch (err) {
    await proc.stop();
    removeDir(dir);
    throw err;
  }
  return {
    url,
    port,
    async stop() {
      await proc.stop();
      removeDir(dir);
    },
  };
}
