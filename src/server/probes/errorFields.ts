/**
 * The primitive, classification-relevant fields of a driver error, for the probe result. Every
 * string goes through the caller's redactor (../secrets) before it is kept.
 */
/** Structured fields worth keeping from a driver error (all primitive). */
const FIELD_NAMES = [
  'code',
  'errno',
  'sqlState',
  'sqlMessage',
  'severity',
  'routine',
  'syscall',
  'address',
  'port',
  'hostname',
  'status',
  'codeName',
  'fatal',
  'reason',
] as const;

/**
 * Picks the primitive, classification-relevant fields of an error (and of its
 * `cause` chain, prefixed `cause.`), redacted. Never throws.
 */
export function errorFields(error: unknown, redact: (s: string) => string): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  let current: unknown = error;
  let prefix = '';
  for (let depth = 0; depth < 4 && typeof current === 'object' && current !== null; depth++) {
    const o = current as Record<string, unknown>;
    for (const name of FIELD_NAMES) {
      let v: unknown;
      try {
        v = o[name];
      } catch {
        continue;
      }
      if (typeof v === 'string' && v.length > 0 && v.length < 500) out[prefix + name] = redact(v);
      else if (typeof v === 'number' && Number.isFinite(v)) out[prefix + name] = v;
      else if (typeof v === 'boolean') out[prefix + name] = String(v);
    }
    let next: unknown;
    try {
      next = o.cause;
    } catch {
      next = undefined;
    }
    if (next === current) break;
    current = next;
    prefix += 'cause.';
  }
  return out;
}
