/**
 * Index files of sealed raw segments (`<segment>.idx`): entries grouped by connection
 * and sorted by time, with a table of groups, so one connection's 30 days are 30 small
 * positional reads. Derived data: when missing, stale or damaged it is rebuilt from the
 * segment.
 *
 *   0  "DBPIDX01" | f64 segmentSize | u32 groups | u32 tableBytes | u32 tableCrc | u32 headCrc
 *   32 table: per group  u8 idLength | id | u32 firstEntry | u32 count | u32 entriesCrc | last entry (24)
 *   32 + tableBytes: entries (24 bytes each)
 */
import * as fs from 'node:fs';
import * as zlib from 'node:zlib';
import type { Entry } from './entries';
import { ENTRY_BYTES, EntryList, readEntry, writeEntry } from './entries';
import { readRange } from './fsUtil';

const MAGIC = Buffer.from('DBPIDX01', 'ascii');
const HEAD_BYTES = 32;

export interface IndexGroup {
  first: number;
  count: number;
  crc: number;
  last: Entry;
}

export interface IndexTable {
  segmentSize: number;
  entriesAt: number;
  groups: Map<string, IndexGroup>;
}

/** Serialises the per-connection lists of a segment (pure). */
export function encodeIndex(segmentSize: number, lists: Map<string, EntryList>): Buffer {
  const ids = [...lists.keys()].sort();
  const tableParts: Buffer[] = [];
  const entryParts: Buffer[] = [];
  let first = 0;
  for (const id of ids) {
    const list = lists.get(id)!;
    if (list.count === 0) continue;
    const idBytes = Buffer.from(id, 'utf8');
    const row = Buffer.alloc(1 + idBytes.length + 12 + ENTRY_BYTES);
    row.writeUInt8(idBytes.length, 0);
    idBytes.copy(row, 1);
    const bytes = list.bytes();
    row.writeUInt32LE(first, 1 + idBytes.length);
    row.writeUInt32LE(list.count, 5 + idBytes.length);
    row.writeUInt32LE(zlib.crc32(bytes) >>> 0, 9 + idBytes.length);
    writeEntry(row, 13 + idBytes.length, list.get(list.count - 1));
    tableParts.push(row);
    entryParts.push(bytes);
    first += list.count;
  }
  const table = Buffer.concat(tableParts);
  const head = Buffer.alloc(HEAD_BYTES);
  MAGIC.copy(head, 0);
  head.writeDoubleLE(segmentSize, 8);
  head.writeUInt32LE(tableParts.length, 16);
  head.writeUInt32LE(table.length, 20);
  head.writeUInt32LE(zlib.crc32(table) >>> 0, 24);
  head.writeUInt32LE(zlib.crc32(head.subarray(0, 28)) >>> 0, 28);
  return Buffer.concat([head, table, ...entryParts]);
}

/** Reads and checks the head and table of an index file; null when damaged or not an index. */
export function readIndexTable(fd: number): IndexTable | null {
  const head = readRange(fd, 0, HEAD_BYTES);
  if (head.length < HEAD_BYTES || !head.subarray(0, 8).equals(MAGIC)) return null;
  if (head.readUInt32LE(28) !== zlib.crc32(head.subarray(0, 28)) >>> 0) return null;
  const groupsCount = head.readUInt32LE(16);
  const tableBytes = head.readUInt32LE(20);
  const table = readRange(fd, HEAD_BYTES, tableBytes);
  if (table.length < tableBytes || zlib.crc32(table) >>> 0 !== head.readUInt32LE(24)) return null;
  const groups = new Map<string, IndexGroup>();
  let at = 0;
  for (let g = 0; g < groupsCount; g++) {
    const idLength = table.readUInt8(at);
    const id = table.toString('utf8', at + 1, at + 1 + idLength);
    at += 1 + idLength;
    groups.set(id, {
      first: table.readUInt32LE(at),
      count: table.readUInt32LE(at + 4),
      crc: table.readUInt32LE(at + 8),
      last: readEntry(table, at + 12),
    });
    at += 12 + ENTRY_BYTES;
  }
  return { segmentSize: head.readDoubleLE(8), entriesAt: HEAD_BYTES + tableBytes, groups };
}

/** One connection's entries from an index file; null when the group fails its CRC. */
export function readGroup(fd: number, table: IndexTable, id: string): EntryList | null {
  const g = table.groups.get(id);
  if (!g) return new EntryList();
  const bytes = readRange(fd, table.entriesAt + g.first * ENTRY_BYTES, g.count * ENTRY_BYTES);
  if (bytes.length !== g.count * ENTRY_BYTES || zlib.crc32(bytes) >>> 0 !== g.crc) return null;
  return new EntryList(bytes);
}

export function openIndex(file: string): { fd: number; table: IndexTable } | null {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch {
    return null;
  }
  const table = readIndexTable(fd);
  if (!table) {
    fs.closeSync(fd);
    return null;
  }
  return { fd, table };
}
