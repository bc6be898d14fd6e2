/**
 * Opening one store file (I/O): scan its frames, and as the writer repair what a crash or
 * a bad disk left behind. A torn tail (no good frame after the damage) is truncated. Damage
 * followed by good frames is corruption: the file is moved to quarantine/ and its good
 * frames are written back in its place, so one bad block loses only the records in it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FrameHead } from './frame';
import { frameAt, scanFrames } from './frame';
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
}

export function loadFile(file: string, opts: RepairOptions): LoadedFile {
  const buf = fs.readFileSync(file);
  const frames: FrameHead[] = [];
  const scan = scanFrames(buf, (f) => frames.push(f));
  if (scan.badRegions.length > 0) {
    if (!opts.repair) return { buf, frames, goodEnd: scan.goodEnd };
    const salvaged = Buffer.concat(frames.map((f) => buf.subarray(f.offset, f.offset + f.length)));
    fs.mkdirSync(opts.quarantineDir, { recursive: true });
    const movedTo = path.join(
      opts.quarantineDir,
      `${path.basename(path.dirname(file))}-${path.basename(file)}.${new Date(opts.now).toISOString().replace(/[:.]/g, '-')}.corrupt`,
    );
    fs.renameSync(file, movedTo);
    fsyncDir(opts.quarantineDir);
    writeFileAtomic(file, salvaged);
    opts.report({
      kind: 'quarantined',
      file,
      movedTo,
      salvagedRecords: frames.length,
      badRegions: scan.badRegions.length + (scan.tornBytes > 0 ? 1 : 0),
    });
    const again: FrameHead[] = [];
    scanFrames(salvaged, (f) => again.push(f));
    return { buf: salvaged, frames: again, goodEnd: salvaged.length };
  }
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
