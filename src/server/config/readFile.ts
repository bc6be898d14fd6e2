/** Reading a config file from disk the way the linter needs it: size cap, binary check, UTF-8 with fallback, BOM. */
import { MAX_LINT_CHARS } from './lint';
import { readRegularFile } from './regularFile';

export type ReadResult = { text: string; note?: string } | { skipped: string };

export function readConfigFile(absPath: string, maxBytes = MAX_LINT_CHARS): ReadResult {
  const r = readRegularFile(absPath, maxBytes);
  return 'bytes' in r ? decodeConfigBytes(r.bytes) : { skipped: r.skipped };
}

/** Bytes → text: NUL bytes mean binary; invalid UTF-8 falls back to Latin-1 (positions stay per character). */
export function decodeConfigBytes(buf: Buffer): ReadResult {
  const head = buf.subarray(0, 8192);
  if (head.includes(0)) return { skipped: 'it looks binary (contains NUL bytes)' };
  let text: string;
  let note: string | undefined;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    text = buf.toString('latin1');
    note = 'not valid UTF-8: read as Latin-1';
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return { text, note };
}
