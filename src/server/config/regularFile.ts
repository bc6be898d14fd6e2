/**
 * The one way the linter, the language server and the CLI read a user's file (I/O): only
 * regular files, never more than a bounded number of bytes whatever `stat` says, and never
 * blocking. The file is opened with O_NONBLOCK (so a named pipe with no writer does not
 * hang the open), checked with fstat on the open descriptor (so a swapped-in FIFO, device,
 * socket or directory is refused before any read), then read up to the bound plus one byte.
 */
import * as fs from 'node:fs';

/** Default bound on a user file's size (the linter's limit). */
export const DEFAULT_MAX_FILE_BYTES = 5 * 1024 * 1024;

export type RegularFileRead = { bytes: Buffer } | { skipped: string; code?: string };

// O_NONBLOCK and O_NOCTTY are POSIX; Windows has neither (and no FIFOs to block on).
const OPEN_FLAGS = fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0) | (fs.constants.O_NOCTTY ?? 0);

function kindOf(st: fs.Stats): string {
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a named pipe';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  return 'a special file';
}

function reasonOf(err: unknown): { skipped: string; code?: string } {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  switch (code) {
    case 'ENOENT':
      return { skipped: 'it does not exist', code };
    case 'ELOOP':
      return { skipped: 'it is a symbolic link loop (too many levels of symbolic links)', code };
    case 'EACCES':
    case 'EPERM':
      return { skipped: 'permission denied', code };
    case 'EISDIR':
      return { skipped: 'it is not a regular file (a directory)', code };
    default:
      return { skipped: `cannot read it (${code ?? String(err)})`, code };
  }
}

function tooLarge(maxBytes: number, size: number): string {
  const mb = (n: number) => (n / 1024 / 1024).toFixed(1).replace(/\.0$/, '');
  return `it is larger than ${mb(maxBytes)} MB (${size > maxBytes + 1 ? `${mb(size)} MB` : 'grew while read'})`;
}

/** Reads a regular file of at most `maxBytes`; anything else is skipped with the reason. */
export function readRegularFile(absPath: string, maxBytes = DEFAULT_MAX_FILE_BYTES): RegularFileRead {
  let fd: number;
  try {
    fd = fs.openSync(absPath, OPEN_FLAGS);
  } catch (err) {
    return reasonOf(err);
  }
  try {
    const st = fs.fstatSync(fd);
    if (!st.isFile()) return { skipped: `it is not a regular file (${kindOf(st)})` };
    if (st.size > maxBytes) return { skipped: tooLarge(maxBytes, st.size) };
    // Read at most maxBytes + 1, whatever the size said: a file that grows (or lies) is bounded.
    const buf = Buffer.allocUnsafe(Math.min(maxBytes + 1, Math.max(st.size + 1, 64 * 1024)));
    let got = 0;
    for (;;) {
      if (got === buf.length) break;
      const n = fs.readSync(fd, buf, got, buf.length - got, null);
      if (n === 0) break;
      got += n;
    }
    if (got > maxBytes) return { skipped: tooLarge(maxBytes, got) };
    return { bytes: buf.subarray(0, got) };
  } catch (err) {
    return reasonOf(err);
  } finally {
    fs.closeSync(fd);
  }
}

/** The UTF-8 text of a regular file within the bound, or undefined (missing, special, too large, unreadable). */
export function readRegularText(absPath: string, maxBytes = DEFAULT_MAX_FILE_BYTES): string | undefined {
  const r = readRegularFile(absPath, maxBytes);
  return 'bytes' in r ? r.bytes.toString('utf8') : undefined;
}
