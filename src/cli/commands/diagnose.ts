/**
 * `dbpulse diagnose`: reads JSON Lines on stdin, each
 *   {"provider": ..., "message": ..., "fields": {"code", "errno", "sqlState", "name", "codeName", "status", ...}, "context"?: {"connection": {...}}}
 * and writes one line per input. Deterministic and offline: the curated
 * knowledge base only (no statistics, no LLM, no clock).
 */
import type { Subcommand } from '../main';
import { isProvider, PROVIDERS } from '../../shared/categories';
import { LLM_THRESHOLD, diagnoseError, referencesFor } from '../../server/diagnosis';
import type { Diagnosis, DiagnosisContext } from '../../server/diagnosis/types';

const USAGE = `Usage: dbpulse diagnose [--json] [--provider <name>]

Reads connection errors as JSON Lines on standard input, one per line:
  {"provider": "postgres", "message": "...", "fields": {"code": "28P01"}}
and writes one diagnosis per line: category, confidence, rootCause, fixes, docsUrl, and for an
unsure answer the matching entries of the provider's own error reference (references).

Options:
  --json              JSON Lines output (default when stdout is not a terminal)
  --text              human-readable output
  --provider <name>   provider for lines that name none (${PROVIDERS.join(', ')})

A line that cannot be read yields {"line": N, "error": "..."} and exit code 1.
Deterministic and offline: nothing is sent anywhere.`;

interface Options {
  json: boolean;
  provider?: string;
}

function parseArgs(args: string[]): Options | string {
  const o: Options = { json: true };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--json') o.json = true;
    else if (a === '--text') o.json = false;
    else if (a === '--provider' || a.startsWith('--provider=')) {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : args[++i];
      if (!isProvider(v))
        return `--provider must be one of ${PROVIDERS.join(', ')} (got ${v === undefined ? 'nothing' : JSON.stringify(v)})`;
      o.provider = v;
    } else return `unknown option ${JSON.stringify(a)}`;
  }
  return o;
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The JSON written for one diagnosis (stable key order). */
export function diagnosisJson(d: Diagnosis): Record<string, unknown> {
  const out: Record<string, unknown> = {
    category: d.category,
    confidence: d.confidence,
    rootCause: d.rootCause,
    fixes: d.fixes,
  };
  if (d.docsUrl) out.docsUrl = d.docsUrl;
  if (d.patternId) out.patternId = d.patternId;
  if (d.transient) out.transient = true;
  if (d.evidence && d.evidence.length > 0) out.evidence = d.evidence;
  if (d.references?.length) out.references = d.references.map((r) => ({ code: r.code, name: r.name, url: r.url, exact: r.exact }));
  return out;
}

/** Diagnoses one input line; returns the output object or an error string. */
export function diagnoseLine(line: string, defaultProvider?: string): Record<string, unknown> | string {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (err) {
    return `invalid JSON (${(err as Error).message})`;
  }
  if (typeof value === 'string') value = { message: value };
  if (!isObj(value)) return 'expected a JSON object {"provider", "message", "fields"}';
  const provider = value.provider ?? defaultProvider;
  if (provider !== undefined && !isProvider(provider))
    return `unknown provider ${JSON.stringify(provider)}; expected one of ${PROVIDERS.join(', ')}`;
  if (value.message !== undefined && typeof value.message !== 'string') return '"message" must be a string';
  if (value.fields !== undefined && !isObj(value.fields)) return '"fields" must be an object';
  if (value.message === undefined && value.fields === undefined) return 'a line needs "message" or "fields"';
  const context: DiagnosisContext | undefined = isObj(value.context) ? (value.context as DiagnosisContext) : undefined;
  const record = { message: value.message ?? '', fields: (value.fields as Record<string, unknown> | undefined) ?? {} };
  // diagnoseError accepts an unknown provider as "any": provider-specific patterns then all apply.
  const d = diagnoseError(provider as never, record, context);
  // Unsure answers name the matching entries of the provider's own error reference.
  if (provider !== undefined && (d.category === 'unknown' || d.confidence < LLM_THRESHOLD)) {
    const references = referencesFor(provider, record);
    if (references.length) d.references = references;
  }
  return diagnosisJson(d);
}

function referencesText(refs: unknown): string {
  if (!Array.isArray(refs)) return '';
  return refs
    .map(
      (r: { code: string; name: string; url: string }) =>
        `\n  reference: ${r.code}${r.name && r.name !== r.code ? ` ${r.name}` : ''} ${r.url}`,
    )
    .join('');
}

function textOf(d: Record<string, unknown>): string {
  const fixes = (d.fixes as Array<{ title: string }>).map((f, i) => `  ${i + 1}. ${f.title}`).join('\n');
  return `${String(d.category)} (${Number(d.confidence).toFixed(2)}): ${String(d.rootCause)}\n${fixes}${d.docsUrl ? `\n  docs: ${String(d.docsUrl)}` : ''}${referencesText(d.references)}\n`;
}

export const command: Subcommand = {
  summary: 'classify connection errors read as JSON Lines on stdin',
  usage: USAGE,
  async run(args, io) {
    const opts = parseArgs(args);
    if (typeof opts === 'string') {
      io.stderr(`dbpulse diagnose: ${opts}\n${USAGE}\n`);
      return 2;
    }
    let n = 0;
    let failed = 0;
    for await (const raw of io.stdinLines()) {
      n++;
      const line = raw.trim();
      if (line.length === 0) continue;
      const r = diagnoseLine(line, opts.provider);
      if (typeof r === 'string') {
        failed++;
        if (opts.json) io.stdout(`${JSON.stringify({ line: n, error: r })}\n`);
        else io.stderr(`line ${n}: ${r}\n`);
        continue;
      }
      io.stdout(opts.json ? `${JSON.stringify(r)}\n` : textOf(r));
    }
    return failed > 0 ? 1 : 0;
  },
};
