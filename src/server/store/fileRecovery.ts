/**
 * Opening one store file (I/O): scan its frames, and as the writer repair what a crash or
 * a bad disk left behind.
 *
 * - A torn write can only be the LAST PARTIAL FRAME: the tail after the last good frame
 *   is shorter than a frame header, or is one frame header whose declared length runs past
 *   the end of the file. Only that tail is cut (`torn_tail`), and nothing in it was ever
 *   acknowledged (appends resolve after fdatasync).
 * - Anything else (a damaged region followed by good frames, a tail of garbage, a file with
 *   no good frame at all) is corruption: the whole file is first copied to quarantine/ and
 *   fsync'ed, then its good frames are written back in its place (`quarantined`, with how
 *   many records were lost and where the copy is). Nothing is ever cut without a copy.
 * - A frame whose CRC holds but whose payload cannot be decoded counts as damage for the
 *   writer (`decodable`): quarantined the same way, so the live file holds only readable records.
 * - A reader never changes a file; it reports the damage it skipped (`damaged`).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FrameHead, ScanResult } from './frame';
import { BODY_FIXED_BYTES, FRAME_MAGIC, frameAt, HEADER_BYTES, MAX_BODY_BYTES, scanFrames } from './frame';
import { fsyncDir, writeFileAtomic } from './fsUtil';
import type { StoreReport } from './types';

export interface LoadedFile {
  buf: Buffer;
  frames: FrameHead[];
  /** End of the last good frame: where appends continue. */
  goodEnd: number;
}

export interface RepairOptions {
  /** Writer: repair the file. Reader: only read what is good. */
  repair: boolean;
  quarantineDir: string;
  now: number;
  report: (r: StoreReport) => void;
  /**
   * Writer: whether a checked frame's payload decodes. A frame whose CRC holds but whose
   * payload does not (written by a faulty disk or program) is damage like any other: the
   * file is quarantined and rewritten without it.
   */
  decodable?: (buf: Buffer, head: FrameHead) => boolean;
}

/**
 * Zero bytes a crash may leave after the last write (the file's new size reached the disk
 * before its data): tolerated after a torn frame up to this many bytes.
 */
export const MAX_ZERO_FILL_BYTES = 64 * 1024;

/**
 * True when `tail` (the bytes after the last good frame) can only be one frame cut short
 * by a crash mid-write: a prefix of a frame header, or one header whose frame never
 * finished, possibly followed by zero fill. Anything else holds damage that may have been
 * acknowledged records.
 */
export function isTornLastFrame(tail: Buffer): boolean {
  let end = tail.length;
  while (end > 0 && tail[end - 1] === 0) end--;
  const zeros = tail.length - end;
  if (end === 0) return zeros <= MAX_ZERO_FILL_BYTES;
  const written = tail.subarray(0, end);
  const magic = Buffer.from([FRAME_MAGIC >> 8, FRAME_MAGIC & 0xff]);
  if (written.length < HEADER_BYTES) {
    const n = Math.min(2, written.length);
    return zeros <= MAX_ZERO_FILL_BYTES && written.subarray(0, n).equals(magic.subarray(0, n));
  }
  if (written.readUInt16BE(0) !== FRAME_MAGIC) return false;
  const bodyLength = written.readUInt32LE(4);
  if (bodyLength < BODY_FIXED_BYTES || bodyLength > MAX_BODY_BYTES) return false;
  const frameLength = HEADER_BYTES + bodyLength;
  // The written bytes fit in that one frame, and the frame is not complete (else it would be a CRC failure).
  if (written.length >= frameLength) return false;
  return tail.length - frameLength <= MAX_ZERO_FILL_BYTES;
}

/**
 * How many records the damaged bytes held (an estimate: the damage may have destroyed the
 * frame headers): the larger of the frame headers still found in each region and the
 * region's length over the file's mean good-frame length, and at least one per region.
 */
export function lostRecordCount(buf: Buffer, scan: ScanResult, frames: FrameHead[]): number {
  const mean = frames.length ? frames.reduce((n, f) => n + f.length, 0) / frames.length : 0;
  const regions = [...scan.badRegions];
  if (scan.tornBytes > 0) regions.push({ from: scan.goodEnd, to: buf.length });
  let lost = 0;
  for (const r of regions) {
    let starts = 0;
    for (let i = r.from; i + HEADER_BYTES <= r.to; i++) {
      if (buf.readUInt16BE(i) !== FRAME_MAGIC) continue;
      const len = buf.readUInt32LE(i + 4);
      if (len >= BODY_FIXED_BYTES && len <= MAX_BODY_BYTES) starts++;
    }
    lost += Math.max(1, starts, mean ? Math.round((r.to - r.from) / mean) : 0);
  }
  return lost;
}

/** Bytes in damaged regions (what recovery cannot read). */
function damagedBytes(buf: Buffer, scan: ScanResult): number {
  return scan.badRegions.reduce((n, r) => n + (r.to - r.from), 0) + scan.tornBytes;
}

export function loadFile(file: string, opts: RepairOptions): LoadedFile {
  const st = fs.statSync(file);
  if (!st.isFile()) throw new Error(`${file} is not a regular file (a ${kindOfStat(st)}); it was skipped`);
  const buf = fs.readFileSync(file);
  const frames: FrameHead[] = [];
  const scan = scanFrames(buf, (f) => frames.push(f));
  const torn = scan.badRegions.length === 0 && isTornLastFrame(buf.subarray(scan.goodEnd));
  const decodable = opts.repair ? opts.decodable : undefined;
  const undecodable = decodable ? frames.filter((f) => !decodable(buf, f)) : [];
  if (torn && undecodable.length === 0) {
    if (scan.tornBytes > 0 && opts.repair) {
      const fd = fs.openSync(file, 'r+');
      try {
        fs.ftruncateSync(fd, scan.goodEnd);
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
      opts.report({ kind: 'torn_tail', file, droppedBytes: scan.tornBytes });
    }
    return { buf, frames, goodEnd: scan.goodEnd };
  }
  // A torn tail beside undecodable records is still only a torn write: it costs no acknowledged record.
  const lostRecords = (torn ? 0 : lostRecordCount(buf, scan, frames)) + undecodable.length;
  const badBytes = (torn ? 0 : damagedBytes(buf, scan)) + undecodable.reduce((n, f) => n + f.length, 0);
  const badRegions = (torn ? 0 : scan.badRegions.length + (scan.tornBytes > 0 ? 1 : 0)) + undecodable.length;
  if (!opts.repair) {
    opts.report({ kind: 'damaged', file, keptRecords: frames.length, lostRecords, badBytes });
    return { buf, frames, goodEnd: scan.goodEnd };
  }
  // Copy aside first (and make the copy durable), only then replace the live file.
  fs.mkdirSync(opts.quarantineDir, { recursive: true });
  const movedTo = path.join(
    opts.quarantineDir,
    `${path.basename(path.dirname(file))}-${path.basename(file)}.${new Date(opts.now).toISOString().replace(/[:.]/g, '-')}.corrupt`,
  );
  writeFileAtomic(movedTo, buf);
  fsyncDir(opts.quarantineDir);
  const kept = undecodable.length ? frames.filter((f) => !undecodable.includes(f)) : frames;
  const salvaged = Buffer.concat(kept.map((f) => buf.subarray(f.offset, f.offset + f.length)));
  writeFileAtomic(file, salvaged);
  opts.report({
    kind: 'quarantined',
    file,
    movedTo,
    salvagedRecords: kept.length,
    lostRecords,
    badBytes,
    badRegions,
  });
  const again: FrameHead[] = [];
  scanFrames(salvaged, (f) => again.push(f));
  return { buf: salvaged, frames: again, goodEnd: salvaged.length };
}

function kindOfStat(st: fs.Stats): string {
  if (st.isDirectory()) return 'directory';
  if (st.isFIFO()) return 'named pipe';
  if (st.isSocket()) return 'socket';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'device';
  return 'special file';
}

function read(fd: number, buf: Buffer, off: number, len: number, pos: number): Promise<number> {
  return new Promise((resolve, reject) => fs.read(fd, buf, off, len, pos, (err, n) => (err ? reject(err) : resolve(n))));
}

/** Reads and checks one frame at a known offset (asynchronously); null when it no longer checks out. */
export async function readFrameAt(fd: number, offset: number, length: number): Promise<Buffer | null> {
  const buf = Buffer.allocUnsafe(length);
  let got = 0;
  while (got < length) {
    const n = await read(fd, buf, got, length - got, offset + got);
    if (n === 0) return null;
    got += n;
  }
  return frameAt(buf, 0) ? buf : null;
}
