/**
 * Index entries (pure): one 24-byte slot per raw record, enough to answer series,
 * uptime and error-count queries without reading the record itself.
 *
 *   f64 ts | u32 offset | u32 length | f32 latencyMs | u8 kind | u8 state | u8 category | u8 0
 */
import type { FrameHead } from './frame';

export const ENTRY_BYTES = 24;

export interface Entry {
  ts: number;
  offset: number;
  length: number;
  latencyMs: number;
  kind: number;
  state: number;
  category: number;
}

/** A growable, time-sorted list of entries in one buffer. */
export class EntryList {
  private buf: Buffer;
  count: number;

  constructor(buf?: Buffer) {
    this.buf = buf ?? Buffer.alloc(ENTRY_BYTES * 16);
    this.count = buf ? Math.floor(buf.length / ENTRY_BYTES) : 0;
  }

  /** Adds an entry, keeping time order (appends are nearly sorted, so this is amortised O(1)). */
  push(e: Entry): void {
    if ((this.count + 1) * ENTRY_BYTES > this.buf.length) {
      const bigger = Buffer.alloc(Math.max(this.buf.length * 2, ENTRY_BYTES * 16));
      this.buf.copy(bigger, 0, 0, this.count * ENTRY_BYTES);
      this.buf = bigger;
    }
    let i = this.count;
    while (i > 0 && this.ts(i - 1) > e.ts) i--;
    if (i < this.count) this.buf.copy(this.buf, (i + 1) * ENTRY_BYTES, i * ENTRY_BYTES, this.count * ENTRY_BYTES);
    writeEntry(this.buf, i * ENTRY_BYTES, e);
    this.count++;
  }

  ts(i: number): number {
    return this.buf.readDoubleLE(i * ENTRY_BYTES);
  }

  // Field accessors for hot loops (no object per entry).
  state(i: number): number {
    return this.buf[i * ENTRY_BYTES + 21];
  }

  kind(i: number): number {
    return this.buf[i * ENTRY_BYTES + 20];
  }

  category(i: number): number {
    return this.buf[i * ENTRY_BYTES + 22];
  }

  latency(i: number): number {
    return this.buf.readFloatLE(i * ENTRY_BYTES + 16);
  }

  get(i: number): Entry {
    return readEntry(this.buf, i * ENTRY_BYTES);
  }

  /** First index with ts >= t. */
  lowerBound(t: number): number {
    let lo = 0;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.ts(mid) < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The bytes of all entries (for writing an index file). */
  bytes(): Buffer {
    return this.buf.subarray(0, this.count * ENTRY_BYTES);
  }
}

export function entryFromFrame(f: FrameHead, offset: number): Entry {
  return { ts: f.ts, offset, length: f.length, latencyMs: f.latencyMs, kind: f.kind, state: f.state, category: f.category };
}

export function writeEntry(buf: Buffer, at: number, e: Entry): void {
  buf.writeDoubleLE(e.ts, at);
  buf.writeUInt32LE(e.offset, at + 8);
  buf.writeUInt32LE(e.length, at + 12);
  buf.writeFloatLE(e.latencyMs, at + 16);
  buf.writeUInt8(e.kind, at + 20);
  buf.writeUInt8(e.state, at + 21);
  buf.writeUInt8(e.category, at + 22);
  buf.writeUInt8(0, at + 23);
}

export function readEntry(buf: Buffer, at: number): Entry {
  return {
    ts: buf.readDoubleLE(at),
    offset: buf.readUInt32LE(at + 8),
    length: buf.readUInt32LE(at + 12),
    latencyMs: buf.readFloatLE(at + 16),
    kind: buf.readUInt8(at + 20),
    state: buf.readUInt8(at + 21),
    category: buf.readUInt8(at + 22),
  };
}
