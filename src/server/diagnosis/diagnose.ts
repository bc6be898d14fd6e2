/**
 * The deterministic diagnosis: error → layers → pattern hits → the best
 * explanation, rendered with the connection's concrete culprit. Pure and
 * synchronous; the LLM path and feedback statistics wrap around it (diagnoser.ts).
 */
import type { ErrorCategory, Provider } from '../../shared/categories';
import { isProvider } from '../../shared/categories';
import { extractLayers, fieldsFromText, type ErrorLayer } from './extract';
import { CATEGORY_PHRASE, FALLBACK_FIXES, fallbackFor } from './fallback';
import { CURATED_PATTERNS, docsUrlFor, type Pattern } from './kb';
import { findHits, type Hit, type MatchContext } from './match';
import { redact } from '../secrets';
import { connectionFacts, fillTemplate, renderFixes, templateValues } from './render';
import type { Diagnosis, DiagnosisContext, Evidence } from './types';
import { errorMessage } from '../../shared/errors';

/** Categories that describe the network path; a wrapper that hides the cause defers to them. */
export const NETWORK_CATEGORIES: ReadonlySet<ErrorCategory> = new Set<ErrorCategory>([
  'conn_refused',
  'dns_failure',
  'network_unreachable',
  'timeout',
  'connection_reset',
  'host_not_allowed',
  'ssl_required',
  'ssl_unsupported',
  'ssl_certificate',
]);

const MIN_CONFIDENCE = 0.35;

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

/** Turns CLI records `{provider, message, fields}` and bare strings into an error-like object. */
export function normaliseInput(error: unknown): unknown {
  if (typeof error === 'string') return { message: error };
  if (isObj(error) && !(error instanceof Error) && isObj(error.fields) && !Array.isArray(error.fields)) {
    const { fields, provider: _provider, ...rest } = error;
    return {
      ...fields,
      ...rest,
      message: typeof rest.message === 'string' ? rest.message : typeof fields.message === 'string' ? fields.message : '',
    };
  }
  return error;
}

// Starts only where a dotted name starts (not after "label." or inside a word): linear time on long runs.
const HOST_IN_TEXT = /\b(?<![a-z0-9-])(?<![a-z0-9-]\.)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}\b/gi;

export function layersOf(error: unknown): ErrorLayer[] {
  const layers = extractLayers(normaliseInput(error));
  if (layers.length > 0) {
    const fromText = fieldsFromText(layers[0].message);
    if (fromText) layers.push(fromText);
  }
  return layers;
}

function matchContextOf(ctx: DiagnosisContext | undefined, layers: readonly ErrorLayer[]): MatchContext {
  const facts = connectionFacts(ctx?.connection);
  const hosts: string[] = [];
  if (facts.host) hosts.push(facts.host);
  for (const l of layers) {
    if (l.hostname) hosts.push(l.hostname);
    for (const m of l.message.slice(0, 4000).matchAll(HOST_IN_TEXT)) hosts.push(m[0]);
  }
  const previouslyUp = (ctx?.history ?? []).some((h) => h.state === 'up' || h.state === 'degraded');
  return { tlsMode: facts.tlsMode, hosts, previouslyUp };
}

export interface CoreOptions {
  /** Patterns to match (curated plus learned); defaults to the curated base. */
  patterns?: readonly Pattern[];
  /** Re-weights a hit's confidence (feedback statistics); the ranking follows. */
  adjust?: (patternId: string, prior: number, confidence: number) => number;
}

interface Picked {
  hit?: Hit;
  /** When a hiding wrapper deferred to the probe's attempt or the history. */
  revealed?: { category: ErrorCategory; confidence: number; rootCause?: string; fixes?: Diagnosis['fixes']; evidence: Evidence[] };
}

function pick(
  hits: readonly Hit[],
  provider: Provider | undefined,
  ctx: DiagnosisContext | undefined,
  patterns: readonly Pattern[],
): Picked {
  const best = hits[0];
  if (!best || best.confidence < MIN_CONFIDENCE) return {};
  if (!best.pattern.hidesNetworkCause) return { hit: best };
  // A concrete cause found deeper in the error (cause, reason.servers ...) or stated more confidently wins over the wrapper;
  // another provider's pattern does not (a Firebase deadline is no cause of a MongoDB wrapper).
  const concrete = hits.find(
    (h) =>
      !h.pattern.hidesNetworkCause &&
      (!h.crossProvider || best.crossProvider) &&
      h.confidence >= 0.5 &&
      h.pattern.category !== 'unknown' &&
      (h.layer.path !== best.layer.path || h.confidence > best.confidence),
  );
  if (concrete) return { hit: concrete };
  if (ctx?.probeError !== undefined) {
    const probe = diagnoseCore(provider, ctx.probeError, { ...ctx, probeError: undefined }, { patterns });
    if (NETWORK_CATEGORIES.has(probe.category) && probe.source !== 'fallback') {
      return {
        hit: best,
        revealed: {
          category: probe.category,
          confidence: Math.min(0.95, probe.confidence),
          rootCause: probe.rootCause,
          fixes: probe.fixes,
          evidence: [{ path: 'context.probeError', matched: `probe's own attempt: ${probe.category} (${probe.patternId ?? ''})` }],
        },
      };
    }
  }
  const history = ctx?.history ?? [];
  for (let i = history.length - 1; i >= 0 && i >= history.length - 5; i--) {
    const c = history[i].error?.category;
    if (history[i].state === 'down' && c && NETWORK_CATEGORIES.has(c)) {
      return {
        hit: best,
        revealed: {
          category: c,
          confidence: 0.75,
          evidence: [{ path: `context.history[${i}]`, matched: `recent probe failed with ${c}` }],
        },
      };
    }
  }
  return { hit: best };
}

/** The deterministic diagnosis of one error. Never throws: a hostile error object yields `unknown`. */
export function diagnoseCore(
  provider: Provider | string | undefined,
  error: unknown,
  ctx?: DiagnosisContext,
  options: CoreOptions = {},
): Diagnosis {
  try {
    return diagnoseUnsafe(provider, error, ctx, options);
  } catch (err) {
    return {
      category: 'unknown',
      confidence: 0.05,
      rootCause: `The error could not be read (${redact(errorMessage(err)).slice(0, 120)})`,
      fixes: [],
      evidence: [],
      source: 'fallback',
    };
  }
}

function diagnoseUnsafe(
  provider: Provider | string | undefined,
  error: unknown,
  ctx: DiagnosisContext | undefined,
  options: CoreOptions,
): Diagnosis {
  const prov: Provider | undefined = isProvider(provider) ? provider : undefined;
  const patterns = options.patterns ?? CURATED_PATTERNS;
  const layers = layersOf(error);
  const mctx = matchContextOf(ctx, layers);
  let hits = findHits(layers, patterns, prov, mctx);
  if (options.adjust) {
    const adjust = options.adjust;
    hits = hits
      .map((h) => {
        const confidence = adjust(h.pattern.id, h.pattern.confidence, h.confidence);
        return { ...h, confidence, score: h.score + (confidence - h.confidence) };
      })
      .sort((a, b) => Number(a.crossProvider) - Number(b.crossProvider) || b.score - a.score);
  }
  const facts = connectionFacts(ctx?.connection);
  const hosts = [...(ctx?.redactHosts ?? [])];
  const topMessage = layers.find((l) => l.message)?.message ?? '';
  const message = redact(topMessage, { hosts });
  const picked = pick(hits, prov, ctx, patterns);
  const hit = picked.hit;
  if (!hit) {
    // Beneath the curated patterns: the codes and words the error carries (./fallback.ts), each
    // layer less sure than the one above; the diagnosis names the layer that answered.
    const fb = fallbackFor(layers, prov);
    if (fb) {
      const values = templateValues({ provider: prov, facts, layer: fb.from, layers, groups: {} });
      return {
        category: fb.category,
        confidence: fb.confidence,
        rootCause: `No known ${values.provider} error matched; ${fb.signal} points to ${CATEGORY_PHRASE[fb.category]} (inferred by the ${fb.layer} fallback, lower confidence): ${values.m}`,
        fixes: renderFixes(FALLBACK_FIXES[fb.category] ?? ['check-server-logs'], values),
        docsUrl: prov ? docsUrlFor(prov, fb.category) : undefined,
        patternId: `fallback.${fb.layer}`,
        evidence: fb.evidence,
        source: 'fallback',
        message,
      };
    }
    const values = templateValues({ provider: prov, facts, layer: layers[0], layers, groups: {} });
    return {
      category: 'unknown',
      confidence: hits[0] ? round(Math.min(hits[0].confidence, 0.3)) : 0.1,
      rootCause: topMessage
        ? `Unrecognised error from ${values.target}: ${values.m}`
        : 'The error carried no message or recognisable fields',
      fixes: renderFixes(['check-server-logs', 'check-reachability'], values),
      docsUrl: prov ? docsUrlFor(prov, 'unknown') : undefined,
      evidence: [],
      source: 'fallback',
      message,
    };
  }
  const values = templateValues({ provider: prov, facts, layer: hit.layer, layers, groups: hit.groups });
  const category = picked.revealed?.category ?? hit.pattern.category;
  let rootCause = fillTemplate(hit.pattern.rootCause, values);
  if (picked.revealed) {
    rootCause = picked.revealed.rootCause
      ? `${picked.revealed.rootCause} (the wrapper said: ${values.m})`
      : `${rootCause}; the last probe of this connection failed with ${picked.revealed.category}`;
  }
  rootCause = rootCause.charAt(0).toUpperCase() + rootCause.slice(1);
  const d: Diagnosis = {
    category,
    confidence: round(Math.min(0.99, picked.revealed?.confidence ?? hit.confidence)),
    rootCause,
    fixes: picked.revealed?.fixes ?? renderFixes(hit.pattern.fixes, values),
    docsUrl: hit.pattern.docs ?? (prov ? docsUrlFor(prov, category) : undefined),
    patternId: hit.pattern.id,
    evidence: [...hit.evidence, ...(picked.revealed?.evidence ?? [])],
    source: hit.pattern.id.startsWith('learned.') ? 'learned' : 'knowledge-base',
    message,
  };
  if (hit.pattern.transient && !picked.revealed) d.transient = true;
  return d;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
