/**
 * Every writer that puts text somewhere outside the process (logs, history, alerts, LLM prompts,
 * probe results, diagnoses, CLI output), each as `(text, secret) => what it writes`. The redaction
 * property tests iterate this table, so a new writer is covered by adding one row.
 */
import type { ConnectionConfig, ConnectionSecret } from '../../src/shared/connection';
import type { ProbeResult } from '../../src/shared/probe';
import { renderAlert } from '../../src/server/alerts/render';
import { buildMessages, diagnoseError, extractLayers } from '../../src/server/diagnosis';
import { makeLogRedactor } from '../../src/server/engine/headless';
import { DbPulseMetrics } from '../../src/server/metrics/registry';
import type { HeadlessConnection } from '../../src/server/engine/headlessConfig';
import { runProbe } from '../../src/server/probes/runProbe';
import { normalise } from '../../src/server/store/recordCodec';
import { withRedactedStderr } from '../../src/cli/redactedIo';
import type { CliIo } from '../../src/cli/io';

export interface Writer {
  name: string;
  /** True when the writer is handed the connection's secret (it must mask every literal form of it). */
  knowsSecret: boolean;
  write(text: string, secret: ConnectionSecret, user: string): Promise<string>;
}

const config = (user: string): ConnectionConfig => ({ id: 'orders', name: 'Orders', provider: 'postgres', host: 'db.example.com', user });

/** A failed probe of "orders" whose error message is `text`. */
function downResult(text: string): ProbeResult {
  return {
    connectionId: 'orders',
    provider: 'postgres',
    startedAt: 1,
    state: 'down',
    timings: { totalMs: 5 },
    metrics: {},
    error: { message: text, code: 'XX000', category: 'unknown' },
  };
}

function cliStderr(text: string): string {
  let out = '';
  const io: CliIo = {
    stdout: () => undefined,
    stderr: (t) => void (out += t),
    readStdin: async () => '',
    stdinLines: () => [][Symbol.iterator]() as unknown as AsyncIterable<string>,
    cwd: '/',
    env: {},
  };
  withRedactedStderr(io).stderr(text);
  return out;
}

export const WRITERS: readonly Writer[] = [
  {
    name: 'probe result (runProbe: message, fields, warnings)',
    knowsSecret: true,
    write: async (text, secret, user) => {
      const err = Object.assign(new Error(text), { code: 'XX000', sqlMessage: text.slice(0, 400) });
      const r = await runProbe({ config: config(user), secret }, { loadProvider: () => ({ probe: async () => Promise.reject(err) }) });
      const ok = await runProbe(
        { config: config(user), secret },
        { loadProvider: () => ({ probe: async () => ({ serverVersion: '15', tls: null, metrics: {}, warnings: [text] }) }) },
      );
      return JSON.stringify([r, ok]);
    },
  },
  {
    name: 'monitor log (headless log redactor)',
    knowsSecret: true,
    write: async (text, secret, user) => {
      const env = { PG_PW: secret.password ?? '' };
      const connection: HeadlessConnection = { config: config(user), passwordEnv: 'PG_PW' };
      return makeLogRedactor([connection], env)(text);
    },
  },
  {
    name: 'history (transition reason, feedback comment, audit details)',
    knowsSecret: false,
    write: async (text) =>
      JSON.stringify([
        normalise({ type: 'transition', value: { connectionId: 'orders', at: 1, kind: 'health', from: 'up', to: 'down', reason: text } }),
        normalise({ type: 'feedback', value: { at: 1, subject: 's', verdict: 'wrong', comment: text } }),
        normalise({ type: 'audit', value: { at: 1, action: 'connection_changed', details: { message: text, password: text } } }),
      ]),
  },
  {
    name: 'alerts (JSON payload, chat and email bodies)',
    knowsSecret: false,
    write: async (text, _secret, user) => {
      const result = downResult(text);
      const r = renderAlert(
        { event: 'down', connectionId: 'orders', at: 1, state: 'down', previousState: 'up', breaker: 'CLOSED', downSince: 1 },
        {
          connection: { id: 'orders', name: 'Orders', provider: 'postgres', tags: [], user },
          diagnosis: { category: 'unknown', rootCause: text },
          result,
        },
        '0.0.0',
      );
      return [r.json, r.slack, r.email.subject, r.email.text, r.email.html].join('\n');
    },
  },
  {
    name: 'LLM prompt',
    knowsSecret: false,
    write: async (text, _secret, user) =>
      JSON.stringify(
        buildMessages('postgres', extractLayers(Object.assign(new Error(text), { cause: new Error(text) })), {
          connection: { host: 'db.example.com', user },
        }),
      ),
  },
  {
    name: 'diagnosis (root cause, evidence)',
    knowsSecret: false,
    write: async (text, _secret, user) =>
      JSON.stringify(diagnoseError('postgres', new Error(text), { connection: { host: 'db.example.com', user } })),
  },
  {
    name: 'Prometheus metrics (label values from tags, ids; error and warning texts)',
    knowsSecret: true,
    write: async (text, secret, user) => {
      const connection: HeadlessConnection = { config: config(user), passwordEnv: 'PG_PW' };
      const metrics = new DbPulseMetrics({
        processMetrics: false,
        hostLabel: true,
        redact: makeLogRedactor([connection], { PG_PW: secret.password ?? '' }),
      });
      metrics.setConnections([{ id: 'orders', provider: 'postgres', tags: [`note:${text}`, text], host: text }]);
      metrics.observeProbe({ ...downResult(text), warnings: [text] });
      return metrics.metrics();
    },
  },
  { name: 'CLI error output', knowsSecret: false, write: async (text) => cliStderr(text) },
];
