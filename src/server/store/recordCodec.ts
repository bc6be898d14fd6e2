/**
 * StoredRecord <-> frame (pure). Checks what a caller hands in so a bad value becomes a
 * clear error instead of a bad byte on disk, and redacts the free-form fields of audit
 * and feedback records.
 */
import * as zlib from 'node:zlib';
import { isErrorCategory } from '../../shared/categories';
import type { ProbeResult } from '../../shared/probe';
import type { CategoryCodes } from './codes';
import { stateCode } from './codes';
import { DICTIONARY_V1 } from './dictionary';
import { encodeFrame, FLAG_DEFLATE_V1, framePayload, RecordKind } from './frame';
import type { FrameHead } from './frame';
import { redact, redactValue } from '../secrets';
import type { AlertRecord, AuditEntry, FeedbackRecord, PredictionRecord, StoredRecord, StoreReport, TransitionRecord } from './types';
import { errorMessage } from '../../shared/errors';

const HEALTH = new Set(['up', 'degraded', 'down']);
const BREAKER = new Set(['CLOSED', 'OPEN', 'HALF_OPEN']);

export function kindOf(type: StoredRecord['type']): number {
  switch (type) {
    case 'probe':
      return RecordKind.Probe;
    case 'transition':
      return RecordKind.Transition;
    case 'feedback':
      return RecordKind.Feedback;
    case 'audit':
      return RecordKind.Audit;
    case 'prediction':
      return RecordKind.Prediction;
    case 'alert':
      return RecordKind.Alert;
  }
}

function need(ok: boolean, message: string): void {
  if (!ok) throw new TypeError(message);
}

function checkTime(at: unknown, what: string): void {
  need(typeof at === 'number' && Number.isFinite(at), `${what} must be epoch milliseconds (a finite number)`);
}

function checkId(id: unknown, what: string): void {
  need(typeof id === 'string' && id.length > 0 && Buffer.byteLength(id) <= 255, `${what} must be a non-empty string of at most 255 bytes`);
}

/** Returns the record as it will be stored (redacted), or throws a TypeError naming the problem. */
export function normalise(rec: StoredRecord): StoredRecord {
  switch (rec.type) {
    case 'probe': {
      const r: ProbeResult = rec.value;
      need(typeof r === 'object' && r !== null, 'probe result must be an object');
      checkId(r.connectionId, 'probe result connectionId');
      checkTime(r.startedAt, 'probe result startedAt');
      need(HEALTH.has(r.state), `probe result state must be up, degraded or down (got ${String(r.state)})`);
      need(typeof r.timings?.totalMs === 'number', 'probe result timings.totalMs must be a number');
      if (r.error)
        need(isErrorCategory(r.error.category), `probe result error.category '${String(r.error.category)}' is not a known category`);
      return rec;
    }
    case 'transition': {
      const t: TransitionRecord = rec.value;
      checkId(t.connectionId, 'transition connectionId');
      checkTime(t.at, 'transition at');
      const states = t.kind === 'health' ? HEALTH : t.kind === 'breaker' ? BREAKER : null;
      need(states !== null, `transition kind must be health or breaker (got ${String((t as { kind: unknown }).kind)})`);
      need(states!.has(t.to), `transition to-state '${String(t.to)}' is not a ${t.kind} state`);
      need(t.from === null || states!.has(t.from), `transition from-state '${String(t.from)}' is not a ${t.kind} state`);
      return { type: 'transition', value: t.reason === undefined ? t : { ...t, reason: redact(t.reason) } };
    }
    case 'feedback': {
      const f: FeedbackRecord = rec.value;
      checkTime(f.at, 'feedback at');
      need(typeof f.subject === 'string' && f.subject.length > 0, 'feedback subject must be a non-empty string');
      need(typeof f.verdict === 'string' && f.verdict.length > 0, 'feedback verdict must be a non-empty string');
      if (f.connectionId !== undefined) checkId(f.connectionId, 'feedback connectionId');
      if (f.category !== undefined) need(isErrorCategory(f.category), `feedback category '${String(f.category)}' is not a known category`);
      if (f.correctedCategory !== undefined)
        need(isErrorCategory(f.correctedCategory), `feedback correctedCategory '${String(f.correctedCategory)}' is not a known category`);
      return { type: 'feedback', value: f.comment === undefined ? f : { ...f, comment: redact(f.comment, { prose: true }) } };
    }
    case 'audit': {
      const a: AuditEntry = rec.value;
      checkTime(a.at, 'audit at');
      need(typeof a.action === 'string' && a.action.length > 0, 'audit action must be a non-empty string');
      if (a.connectionId !== undefined) checkId(a.connectionId, 'audit connectionId');
      return { type: 'audit', value: a.details === undefined ? a : { ...a, details: redactValue(a.details) } };
    }
    case 'prediction': {
      const p: PredictionRecord = rec.value;
      checkTime(p.at, 'prediction at');
      checkId(p.connectionId, 'prediction connectionId');
      need(typeof p.prediction === 'object' && p.prediction !== null, 'prediction must be an object');
      return rec;
    }
    case 'alert': {
      const a: AlertRecord = rec.value;
      checkTime(a.at, 'alert at');
      checkId(a.connectionId, 'alert connectionId');
      need(typeof a.event === 'string' && a.event.length > 0, 'alert event must be a non-empty string');
      need(Array.isArray(a.outcomes), 'alert outcomes must be a list');
      return { type: 'alert', value: { ...a, outcomes: a.outcomes.map((o) => ({ ...o, detail: redact(o.detail) })) } };
    }
    default:
      throw new TypeError(`unknown record type '${String((rec as { type: unknown }).type)}'`);
  }
}

export function encodeRecord(rec: StoredRecord, codes: CategoryCodes, compress: boolean): Buffer {
  const json = Buffer.from(JSON.stringify(rec.value), 'utf8');
  let payload = json;
  let flags = 0;
  if (compress) {
    const z = zlib.deflateRawSync(json, { dictionary: DICTIONARY_V1 });
    if (z.length < json.length) {
      payload = z;
      flags = FLAG_DEFLATE_V1;
    }
  }
  const base = { kind: kindOf(rec.type), flags, payload, latencyMs: 0, category: 0 };
  switch (rec.type) {
    case 'probe': {
      const r = rec.value;
      return encodeFrame({
        ...base,
        ts: r.startedAt,
        latencyMs: r.timings.totalMs,
        state: stateCode(r.state),
        category: codes.code(r.error?.category),
        connectionId: r.connectionId,
      });
    }
    case 'transition':
      return encodeFrame({ ...base, ts: rec.value.at, state: stateCode(rec.value.to), connectionId: rec.value.connectionId });
    case 'feedback':
      return encodeFrame({
        ...base,
        ts: rec.value.at,
        state: 0,
        category: codes.code(rec.value.category),
        connectionId: rec.value.connectionId ?? '',
      });
    case 'audit':
      return encodeFrame({ ...base, ts: rec.value.at, state: 0, connectionId: rec.value.connectionId ?? '' });
    case 'prediction':
    case 'alert':
      return encodeFrame({ ...base, ts: rec.value.at, state: 0, connectionId: rec.value.connectionId });
  }
}

/** The JSON payload of a checked frame. */
export function decodePayload(buf: Buffer, head: Pick<FrameHead, 'offset' | 'flags'>): unknown {
  let bytes = framePayload(buf, head.offset);
  if (head.flags & FLAG_DEFLATE_V1) bytes = zlib.inflateRawSync(bytes, { dictionary: DICTIONARY_V1 });
  return JSON.parse(bytes.toString('utf8')) as unknown;
}

/** Whether a checked frame's payload decodes (the writer's repair drops the ones that do not). */
export function isDecodable(buf: Buffer, head: Pick<FrameHead, 'offset' | 'flags'>): boolean {
  try {
    decodePayload(buf, head);
    return true;
  } catch {
    return false;
  }
}

export function decodeRecord(buf: Buffer, head: FrameHead): StoredRecord | null {
  const value = decodePayload(buf, head);
  switch (head.kind) {
    case RecordKind.Probe:
      return { type: 'probe', value: value as ProbeResult };
    case RecordKind.Transition:
      return { type: 'transition', value: value as TransitionRecord };
    case RecordKind.Feedback:
      return { type: 'feedback', value: value as FeedbackRecord };
    case RecordKind.Audit:
      return { type: 'audit', value: value as AuditEntry };
    case RecordKind.Prediction:
      return { type: 'prediction', value: value as PredictionRecord };
    case RecordKind.Alert:
      return { type: 'alert', value: value as AlertRecord };
    default:
      return null;
  }
}

/**
 * Decodes one checked frame; a payload that cannot be decoded (a CRC-valid frame written
 * by a faulty disk or program) is reported as `record_skipped` and yields null, so one bad
 * record never fails a whole read. `at` is the frame's offset in `file` for the report.
 */
export function decodeOrReport(
  ctx: { report(r: StoreReport): void },
  file: string,
  buf: Buffer,
  head: FrameHead,
  at = head.offset,
): StoredRecord | null {
  try {
    return decodeRecord(buf, head);
  } catch (err) {
    ctx.report({
      kind: 'record_skipped',
      file,
      offset: at,
      reason: `payload cannot be decoded: ${errorMessage(err)}`,
    });
    return null;
  }
}
