/** Reading a config file from disk the way the linter needs it: size cap, binary check, UTF-8 with fallback, BOM. */
import * as fs from 'node:fs';
import { MAX_LINT_CHARS } from './lint';

export type ReadResult = { text: string; note?: string } | { skipped: string };

export function readConfigFile(absPath: string, maxBytes = MAX_LINT_CHARS): ReadResult {
  let size: number;
  try {
    const st = fs.statSync(absPath);
    if (!st.isFile()) return { skipped: 'not a regular file' };
    size = st.size;
  } catch (err) {
    return { skipped: `cannot read it (${(err as NodeJS.ErrnoException).code ?? String(err)})` };
  }
  if (size > maxBytes)
    return { skipped: `it is larger than ${Math.round(maxBytes / 1024 / 1024)} MB (${(size / 1024 / 1024).toFixed(1)} MB)` };
  let buf: Buffer;
  try {
    buf = fs.readFileSync(absPath);
  } catch (err) {
    return { skipped: `cannot read it (${(err as NodeJS.ErrnoException).code ?? String(err)})` };
  }
  return decodeConfigBytes(buf);
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
