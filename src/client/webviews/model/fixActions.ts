/**
 * What the error analysis panel may do for a fix, decided before anything
 * runs: a settings patch is applied to a copy of the connection and checked
 * by the shared validator; commands are limited to DB Pulse's own; URLs to
 * http(s). Pure.
 */
import type { ErrorCategory } from '../../../shared/categories';
import type { ConnectionConfig } from '../../../shared/connection';
import type { FeedbackAnswer } from '../../../shared/feedback';
import type { Fix as DiagnosisFix, Diagnosis as FullDiagnosis } from '../../../shared/diagnosis';
import { validateConnection } from '../../../shared/providerSchemas';

type Patch = Extract<NonNullable<DiagnosisFix['action']>, { kind: 'editConnection' }>['patch'];

/** The connection with the patch applied; `tls` is merged field by field, `undefined` values remove a setting. */
export function applyPatch(config: ConnectionConfig, patch: Patch): ConnectionConfig {
  const next: ConnectionConfig = { ...config, tls: config.tls ? { ...config.tls } : undefined };
  for (const [k, v] of Object.entries(patch) as Array<[keyof Patch, unknown]>) {
    if (k === 'tls') {
      if (v === undefined || v === null) delete next.tls;
      else next.tls = { ...(next.tls ?? {}), ...(v as NonNullable<ConnectionConfig['tls']>) };
    } else if (v === undefined || v === null) delete (next as unknown as Record<string, unknown>)[k];
    else (next as unknown as Record<string, unknown>)[k] = v;
  }
  if (next.tls === undefined) delete next.tls;
  return next;
}

function show(v: unknown): string {
  if (v === undefined || v === null || v === '') return '(unset)';
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

/** "port: 5432 → 6543" lines for the confirmation, one per changed setting. */
export function describePatch(config: ConnectionConfig, patch: Patch): string[] {
  const after = applyPatch(config, patch);
  const lines: string[] = [];
  const keys = new Set<string>();
  for (const k of Object.keys(patch)) {
    if (k === 'tls') for (const t of new Set([...Object.keys(config.tls ?? {}), ...Object.keys(after.tls ?? {})])) keys.add(`tls.${t}`);
    else keys.add(k);
  }
  for (const k of [...keys].sort()) {
    const get = (c: ConnectionConfig): unknown =>
      k.startsWith('tls.') ? (c.tls as Record<string, unknown> | undefined)?.[k.slice(4)] : (c as unknown as Record<string, unknown>)[k];
    const a = get(config);
    const b = get(after);
    if (JSON.stringify(a) !== JSON.stringify(b)) lines.push(`${k}: ${show(a)} → ${show(b)}`);
  }
  return lines;
}

export type FixPlan =
  | { kind: 'edit'; next: ConnectionConfig; changes: string[] }
  | { kind: 'command'; command: string; args: unknown[] }
  | { kind: 'retry'; afterMs: number }
  | { kind: 'openUrl'; url: string }
  | { kind: 'none'; reason: string };

/** Longest wait before a retry the panel honours (a diagnosis may suggest minutes). */
export const MAX_RETRY_WAIT_MS = 30_000;

/** Decides what applying a fix means, or why it cannot be applied. */
export function planFix(fix: DiagnosisFix, connection: ConnectionConfig | undefined): FixPlan {
  const a = fix.action;
  if (!a) return { kind: 'none', reason: 'this fix is a manual step: follow its description' };
  switch (a.kind) {
    case 'editConnection': {
      if (!connection) return { kind: 'none', reason: 'this fix changes a saved connection; the error was not from one' };
      if (!a.patch || typeof a.patch !== 'object' || Object.keys(a.patch).length === 0)
        return { kind: 'none', reason: 'the fix has no settings to change' };
      const next = applyPatch(connection, a.patch);
      const problems = validateConnection(next).filter((p) => p.severity === 'error');
      if (problems.length)
        return { kind: 'none', reason: `the change would make the settings invalid: ${problems.map((p) => p.message).join('; ')}` };
      const changes = describePatch(connection, a.patch);
      if (changes.length === 0) return { kind: 'none', reason: 'the connection already has these settings' };
      return { kind: 'edit', next, changes };
    }
    case 'command':
      if (typeof a.command !== 'string' || !/^dbpulse\.[A-Za-z0-9_.]+$/.test(a.command))
        return { kind: 'none', reason: `only DB Pulse commands run from a fix (not '${String(a.command)}')` };
      return { kind: 'command', command: a.command, args: Array.isArray(a.args) ? a.args : [] };
    case 'retry':
      if (!connection) return { kind: 'none', reason: 'there is no saved connection to probe again' };
      return { kind: 'retry', afterMs: Math.max(0, Math.min(MAX_RETRY_WAIT_MS, Number.isFinite(a.afterMs) ? a.afterMs : 0)) };
    case 'openUrl':
      return isWebUrl(a.url) ? { kind: 'openUrl', url: a.url } : { kind: 'none', reason: 'the link is not an http(s) address' };
    default:
      return { kind: 'none', reason: 'unknown fix action' };
  }
}

export function isWebUrl(v: unknown): v is string {
  if (typeof v !== 'string') return false;
  try {
    const u = new URL(v);
    return (u.protocol === 'https:' || u.protocol === 'http:') && u.hostname !== '';
  } catch {
    return false;
  }
}

/** The button text for a fix's action. */
export function actionLabel(fix: DiagnosisFix): string | undefined {
  switch (fix.action?.kind) {
    case 'editConnection':
      return 'Apply to connection';
    case 'command':
      return 'Run';
    case 'retry':
      return 'Probe again';
    case 'openUrl':
      return 'Open';
    default:
      return undefined;
  }
}

/** The feedback request for the analysis (no fix) or one fix. Comments are trimmed and capped. */
export function feedbackParams(
  d: Pick<FullDiagnosis, 'patternId' | 'category'>,
  helpful: boolean,
  options: { fixId?: string; comment?: string; connectionId?: string } = {},
): FeedbackAnswer {
  const p: FeedbackAnswer = {
    type: options.fixId ? 'fix_suggestion' : 'error_analysis',
    helpful,
    category: d.category as ErrorCategory,
  };
  if (d.patternId) p.patternId = d.patternId;
  if (options.fixId) p.fixId = options.fixId;
  const comment = options.comment?.trim();
  if (comment) p.comment = comment.slice(0, 1000);
  if (options.connectionId) p.connectionId = options.connectionId;
  return p;
}
