/**
 * The on-disk record frame (pure; no I/O). Every file of the store is a run of frames:
 *
 *   header (12 bytes)                      body (16 bytes + connection id + payload)
 *   u16 magic 0xDB50 | u8 flags | u8 kind   f64 ts | f32 latencyMs | u8 state | u8 category
 *   u32 bodyLength   | u32 crc32            u8 idLength | u8 0 | id (UTF-8) | payload
 *
 * Little-endian except the magic. The CRC-32 covers the first 8 header bytes and the body,
 * so a torn or bit-flipped frame is caught; the magic lets a scan find the next good frame
 * after damage. The fixed body fields let the store index a file without parsing payloads.
 */
import * as zlib from 'node:zlib';

export const FRAME_MAGIC = 0xdb50;
export const HEADER_BYTES = 12;
export const BODY_FIXED_BYTES = 16;
/** Larger bodies are treated as damage (no record comes near this). */
export const MAX_BODY_BYTES = 16 * 1024 * 1024;
const MAGIC_BYTES = Buffer.from([0xdb, 0x50]);

export const RecordKind = { Probe: 1, Transition: 2, Feedback: 3, Audit: 4, Rollup: 5, Prediction: 6, Alert: 7 } as const;

/** Frame flag: the payload is raw deflate with preset dictionary v1 (dictionary.ts). */
export const FLAG_DEFLATE_V1 = 1;

export interface FrameFields {
  kind: number;
  flags: number;
  ts: number;
  latencyMs: number;
  state: number;
  category: number;
  connectionId: string;
  payload: Buffer;
}

export interface FrameHead {
  kind: number;
  flags: number;
  ts: number;
  latencyMs: number;
  state: number;
  category: number;
  connectionId: string;
  /** Offset of the frame within the scanned buffer (plus the caller's base). */
  offset: number;
  /** Total frame length in bytes. */
  length: number;
}

export function encodeFrame(f: FrameFields): Buffer {
  const id = Buffer.from(f.connectionId, 'utf8');
  if (id.length > 255) throw new Error(`connection id is longer than 255 bytes: ${f.connectionId.slice(0, 40)}...`);
  const bodyLength = BODY_FIXED_BYTES + id.length + f.payload.length;
  if (bodyLength > MAX_BODY_BYTES) throw new Error(`record too large (${bodyLength} bytes)`);
  const buf = Buffer.allocUnsafe(HEADER_BYTES + bodyLength);
  buf.writeUInt16BE(FRAME_MAGIC, 0);
  buf.writeUInt8(f.flags, 2);
  buf.writeUInt8(f.kind, 3);
  buf.writeUInt32LE(bodyLength, 4);
  const b = HEADER_BYTES;
  buf.writeDoubleLE(f.ts, b);
  buf.writeFloatLE(Number.isFinite(f.latencyMs) ? f.latencyMs : 0, b + 8);
  buf.writeUInt8(f.state, b + 12);
  buf.writeUInt8(f.category, b + 13);
  buf.writeUInt8(id.length, b + 14);
  buf.writeUInt8(0, b + 15);
  id.copy(buf, b + BODY_FIXED_BYTES);
  f.payload.copy(buf, b + BODY_FIXED_BYTES + id.length);
  buf.writeUInt32LE(frameCrc(buf, 0, bodyLength), 8);
  return buf;
}

function frameCrc(buf: Buffer, at: number, bodyLength: number): number {
  const head = zlib.crc32(buf.subarray(at, at + 8));
  return zlib.crc32(buf.subarray(at + HEADER_BYTES, at + HEADER_BYTES + bodyLength), head) >>> 0;
}

/** The frame at `at` when it is complete and its CRC matches; otherwise null. */
export function frameAt(buf: Buffer, at: number): FrameHead | null {
  if (buf.length - at < HEADER_BYTES + BODY_FIXED_BYTES) return null;
  if (buf.readUInt16BE(at) !== FRAME_MAGIC) return null;
  const bodyLength = buf.readUInt32LE(at + 4);
  if (bodyLength < BODY_FIXED_BYTES || bodyLength > MAX_BODY_BYTES) return null;
  if (at + HEADER_BYTES + bodyLength > buf.length) return null;
  const idLength = buf.readUInt8(at + HEADER_BYTES + 14);
  if (BODY_FIXED_BYTES + idLength > bodyLength) return null;
  if (buf.readUInt32LE(at + 8) !== frameCrc(buf, at, bodyLength)) return null;
  const b = at + HEADER_BYTES;
  return {
    flags: buf.readUInt8(at + 2),
    kind: buf.readUInt8(at + 3),
    ts: buf.readDoubleLE(b),
    latencyMs: buf.readFloatLE(b + 8),
    state: buf.readUInt8(b + 12),
    category: buf.readUInt8(b + 13),
    connectionId: buf.toString('utf8', b + BODY_FIXED_BYTES, b + BODY_FIXED_BYTES + idLength),
    offset: at,
    length: HEADER_BYTES + bodyLength,
  };
}

/** The payload bytes of a complete frame that starts at `at` (already CRC-checked). */
export function framePayload(buf: Buffer, at: number): Buffer {
  const bodyLength = buf.readUInt32LE(at + 4);
  const idLength = buf.readUInt8(at + HEADER_BYTES + 14);
  return buf.subarray(at + HEADER_BYTES + BODY_FIXED_BYTES + idLength, at + HEADER_BYTES + bodyLength);
}

export interface ScanResult {
  /** End of the last good frame before a damaged tail (= buffer length when clean). */
  goodEnd: number;
  /** Bytes after `goodEnd` that hold no complete frame: a torn tail. */
  tornBytes: number;
  /** Damaged regions followed by good frames (mid-file corruption). */
  badRegions: Array<{ from: number; to: number }>;
}

/**
 * Walks every frame of `buf`, calling `onFrame` for each good one. Damage is skipped by
 * searching for the next frame that checks out; damage with no good frame after it is a
 * torn tail (a write cut short by a crash), anything else is corruption.
 */
export function scanFrames(buf: Buffer, onFrame: (f: FrameHead) => void): ScanResult {
  const badRegions: Array<{ from: number; to: number }> = [];
  let pos = 0;
  let goodEnd = 0;
  while (pos < buf.length) {
    const f = frameAt(buf, pos);
    if (f) {
      onFrame(f);
      pos += f.length;
      goodEnd = pos;
      continue;
    }
    const next = resync(buf, pos + 1);
    if (next < 0) break;
    badRegions.push({ from: pos, to: next });
    pos = next;
  }
  return { goodEnd, tornBytes: buf.length - goodEnd, badRegions };
}

function resync(buf: Buffer, from: number): number {
  let at = from;
  for (;;) {
    const i = buf.indexOf(MAGIC_BYTES, at);
    if (i < 0) return -1;
    if (frameAt(buf, i)) return i;
    at = i + 1;
  }
}
