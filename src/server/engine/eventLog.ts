/**
 * Engine events as log lines, for the headless monitor's stderr: readable text
 * or one JSON object per line. Pure. Messages pass through `redact` (the
 * caller's secret masker) before they are written.
 */
import type { EngineEvent } from './events';

export type LogFormat = 'text' | 'json';

export function formatEvent(event: EngineEvent, format: LogFormat, redact: (text: string) => string = (t) => t): string {
  return format === 'json' ? JSON.stringify(jsonView(event, redact)) + '\n' : textView(event, redact) + '\n';
}

function iso(at: number): string {
  return new Date(at).toISOString();
}

function textView(e: EngineEvent, redact: (t: string) => string): string {
  switch (e.type) {
    case 'result': {
      const r = e.result;
      const what =
        r.state === 'down'
          ? `down ${r.error?.category ?? 'unknown'}: ${redact(r.error?.message ?? '')}`
          : `${r.state} ${Math.round(r.timings.totalMs)} ms`;
      const retry = e.attempt > 0 ? ` (retry ${e.attempt})` : '';
      return `${iso(r.startedAt)} ${e.connectionId} ${what}${retry}${e.stored ? ' [stored]' : ' [not stored]'}`;
    }
    case 'health':
      return `${iso(e.at)} ${e.connectionId} health ${e.from} -> ${e.to}`;
    case 'breaker':
      return `${iso(e.at)} ${e.connectionId} circuit ${e.from} -> ${e.to}`;
    case 'skipped':
      return `${iso(e.at)} ${e.connectionId} skipped: ${e.reason}${e.detail ? ` (${redact(e.detail)})` : ''}`;
    case 'retry':
      return `${iso(e.at)} ${e.connectionId} retry ${e.attempt} in ${e.delayMs} ms`;
    case 'sleep':
      return `${iso(e.at)} clock jumped ${Math.round(e.gapMs / 1000)} s (sleep or clock change): rescheduled every connection from now`;
    case 'monitoring':
      return `${iso(e.at)} monitoring ${e.enabled ? 'on' : 'off'}`;
    case 'warning':
      return `${iso(e.at)} warning${e.connectionId ? ` ${e.connectionId}` : ''}: ${redact(e.message)}`;
  }
}

function jsonView(e: EngineEvent, redact: (t: string) => string): Record<string, unknown> {
  switch (e.type) {
    case 'result': {
      const r = e.result;
      return {
        event: 'result',
        connectionId: e.connectionId,
        startedAt: r.startedAt,
        state: r.state,
        totalMs: r.timings.totalMs,
        attempt: e.attempt,
        final: e.final,
        stored: e.stored,
        ...(r.error ? { category: r.error.category, message: redact(r.error.message) } : {}),
      };
    }
    case 'skipped':
      return {
        event: 'skipped',
        connectionId: e.connectionId,
        reason: e.reason,
        at: e.at,
        ...(e.detail ? { detail: redact(e.detail) } : {}),
      };
    case 'warning':
      return { event: 'warning', at: e.at, message: redact(e.message), ...(e.connectionId ? { connectionId: e.connectionId } : {}) };
    default: {
      const { type, ...rest } = e;
      return { event: type, ...rest };
    }
  }
}
