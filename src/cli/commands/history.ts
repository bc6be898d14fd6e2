/**
 * `dbpulse history`: prints what the monitoring engine stored (probe results, or with
 * --kind the transitions, audit entries or feedback). Opens the store read-only: it never
 * takes the writer lock, so it runs safely next to the editor or `dbpulse monitor`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Subcommand } from '../main';
import type { CliIo } from '../io';
import type { ProbeResult } from '../../shared/probe';
import { describeStoreReport, HistoryStore, isDataLossReport } from '../../server/store';
import { errorMessage } from '../../shared/errors';

const USAGE = `Usage: dbpulse history --storage DIR [--connection ID] [--since TIME] [--until TIME]
                       [--limit N] [--kind results|transitions|predictions|alerts|audit|feedback]
                       [--json]

Prints stored history, oldest first: probe results (a failed one carries its diagnosis
category), state transitions, the predictor's forecasts, alerts sent with each channel's
outcome, audit entries or feedback. TIME is ISO 8601 (2025-01-31T12:00:00Z), epoch
milliseconds, or a duration back from now (90m, 24h, 7d). --limit keeps the newest N.
--json writes one JSON object per line (JSON Lines): the stored records as they are.
Damaged files and records that could not be read are skipped, named on stderr, and the
rest is printed.
Exit codes: 0 printed (possibly nothing), 1 the storage could not be read, 2 usage error,
3 printed, but some stored history was damaged and skipped (see stderr).`;

const KINDS = ['results', 'transitions', 'predictions', 'alerts', 'audit', 'feedback'] as const;
type Kind = (typeof KINDS)[number];

interface Options {
  storage: string;
  connection?: string;
  since?: number;
  until?: number;
  limit?: number;
  kind: Kind;
  json: boolean;
}

/** ISO 8601, epoch ms, or "<n>(s|m|h|d)" back from `now`; NaN when unreadable. */
export function parseTime(text: string, now: number): number {
  const rel = /^(\d+(?:\.\d+)?)(s|m|h|d)$/.exec(text.trim());
  if (rel) return now - Number(rel[1]) * { s: 1e3, m: 6e4, h: 3.6e6, d: 8.64e7 }[rel[2] as 's' | 'm' | 'h' | 'd'];
  if (/^\d{10,}$/.test(text.trim())) return Number(text.trim());
  if (!/^\d{4}-\d{2}-\d{2}/.test(text.trim())) return Number.NaN;
  return Date.parse(text.trim());
}

function parseArgs(args: string[], io: CliIo, now: number): Options | string {
  const o: Partial<Options> & { kind: Kind; json: boolean } = { kind: 'results', json: false };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const [flag, inline] =
      a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = (): string | undefined => inline ?? args[++i];
    switch (flag) {
      case '--json':
        o.json = true;
        break;
      case '--storage': {
        const v = value();
        if (!v) return '--storage needs a directory';
        o.storage = path.resolve(io.cwd, v);
        break;
      }
      case '--connection': {
        const v = value();
        if (!v) return '--connection needs an id';
        o.connection = v;
        break;
      }
      case '--since':
      case '--until': {
        const v = value();
        const t = v === undefined ? Number.NaN : parseTime(v, now);
        if (Number.isNaN(t)) return `${flag} needs a time: ISO 8601, epoch ms, or a duration like 24h (got '${v ?? ''}')`;
        if (flag === '--since') o.since = t;
        else o.until = t;
        break;
      }
      case '--limit': {
        const v = value();
        const n = Number(v);
        if (!Number.isInteger(n) || n <= 0) return `--limit needs a positive whole number (got '${v ?? ''}')`;
        o.limit = n;
        break;
      }
      case '--kind': {
        const v = value();
        if (!(KINDS as readonly string[]).includes(v ?? '')) return `--kind must be one of ${KINDS.join(', ')} (got '${v ?? ''}')`;
        o.kind = v as Kind;
        break;
      }
      default:
        return `unexpected argument '${a}'`;
    }
  }
  if (!o.storage) return '--storage DIR is required';
  if (o.since !== undefined && o.until !== undefined && o.since >= o.until) return '--since must be before --until';
  return o as Options;
}

function resultLine(r: ProbeResult): string {
  const parts = [new Date(r.startedAt).toISOString(), r.connectionId, r.state.padEnd(8), `${Math.round(r.timings.totalMs)} ms`];
  if (r.error) parts.push(`${r.error.category}: ${r.error.message}`);
  else if (r.warnings?.length) parts.push(r.warnings.join('; '));
  return parts.join('  ');
}

function eventLine(v: { at: number; connectionId?: string } & Record<string, unknown>): string {
  const { at, connectionId, ...rest } = v;
  return `${new Date(at).toISOString()}  ${connectionId ?? '-'}  ${JSON.stringify(rest)}`;
}

export const command: Subcommand = {
  summary: 'print stored probe results',
  usage: USAGE,
  async run(args, io) {
    const parsed = parseArgs(args, io, Date.now());
    if (typeof parsed === 'string') {
      io.stderr(`dbpulse history: ${parsed}\n\n${USAGE}\n`);
      return 2;
    }
    const o = parsed;
    if (!fs.existsSync(o.storage) || !fs.statSync(o.storage).isDirectory()) {
      io.stderr(`dbpulse history: no storage directory at ${o.storage}\n`);
      return 2;
    }
    let store: HistoryStore;
    try {
      store = await HistoryStore.open({ dir: o.storage, role: 'reader' });
    } catch (err) {
      io.stderr(`dbpulse history: cannot read ${o.storage}: ${errorMessage(err)}\n`);
      return 1;
    }
    try {
      const range = { from: o.since, to: o.until, connectionId: o.connection };
      const print = (value: object, text: string): void => io.stdout(`${o.json ? JSON.stringify(value) : text}\n`);
      if (o.kind === 'results') {
        if (o.limit !== undefined) {
          // Keep only the newest N while streaming, so memory stays bounded.
          const ring: ProbeResult[] = [];
          for await (const r of store.results(range)) {
            ring.push(r);
            if (ring.length > o.limit) ring.shift();
          }
          for (const r of ring) print(r, resultLine(r));
        } else {
          for await (const r of store.results(range)) print(r, resultLine(r));
        }
      } else {
        const list =
          o.kind === 'transitions'
            ? await store.transitions(range)
            : o.kind === 'predictions'
              ? await store.predictions(range)
              : o.kind === 'alerts'
                ? await store.alerts(range)
                : o.kind === 'audit'
                  ? await store.audit(range)
                  : await store.feedback(range);
        const shown = o.limit !== undefined ? list.slice(-o.limit) : list;
        for (const v of shown) print(v, eventLine(v as unknown as { at: number } & Record<string, unknown>));
      }
      const lost = store.reports.filter(isDataLossReport);
      for (const r of lost) io.stderr(`dbpulse history: ${describeStoreReport(r)}\n`);
      return lost.length > 0 ? 3 : 0;
    } finally {
      await store.close();
    }
  },
};
