/**
 * One raw segment file as the store sees it (I/O): either held in memory (the active
 * segment, or a segment a reader found without an index) or backed by its index file.
 * Either way it answers "the entries of connection X" and "the record at offset Y".
 */
import * as fs from 'node:fs';
import type { Entry } from './entries';
import { EntryList, entryFromFrame } from './entries';
import type { FrameHead } from './frame';
import { readFrameAt } from './fileRecovery';
import type { AppendFile } from './groupCommit';
import type { IndexTable } from './segmentIndex';
import { readGroup } from './segmentIndex';

export class RawSegment {
  /** In-memory entries by connection (active or unindexed segment). */
  lists: Map<string, EntryList> | null = null;
  /** The sealed segment's index. */
  index: { fd: number; table: IndexTable } | null = null;
  /** End of the last good record. */
  size = 0;
  /** Appends queued but not yet durable (the active segment is sealed once this is 0). */
  inflight = 0;
  /** The append handle while this is (or was, until its last append lands) the active segment. */
  appendFile: AppendFile | null = null;
  private readFd: number | null = null;

  constructor(
    readonly name: string,
    readonly path: string,
    readonly day: number,
    readonly part: number,
  ) {}

  get idxPath(): string {
    return `${this.path.slice(0, -4)}.idx`;
  }

  static fromFrames(seg: RawSegment, frames: FrameHead[], goodEnd: number): RawSegment {
    seg.lists = new Map();
    for (const f of frames) seg.addFrame(f);
    seg.size = goodEnd;
    return seg;
  }

  addFrame(f: FrameHead): void {
    this.addEntry(f.connectionId, entryFromFrame(f, f.offset));
  }

  addEntry(id: string, e: Entry): void {
    if (!this.lists) this.lists = new Map();
    let list = this.lists.get(id);
    if (!list) this.lists.set(id, (list = new EntryList()));
    list.push(e);
  }

  connectionIds(): string[] {
    if (this.lists) return [...this.lists.keys()];
    return this.index ? [...this.index.table.groups.keys()] : [];
  }

  /** The newest entry of a connection, without reading the entries. */
  last(id: string): Entry | undefined {
    if (this.lists) {
      const l = this.lists.get(id);
      return l && l.count ? l.get(l.count - 1) : undefined;
    }
    return this.index?.table.groups.get(id)?.last;
  }

  /** Entries of one connection, time-sorted; null when the index group is damaged. */
  group(id: string): EntryList | null {
    if (this.lists) return this.lists.get(id) ?? new EntryList();
    if (this.index) return readGroup(this.index.fd, this.index.table, id);
    return new EntryList();
  }

  /** The checked frame of an entry; null when the file no longer holds it intact. Reads off the event loop. */
  async readFrame(e: Entry): Promise<Buffer | null> {
    try {
      if (this.readFd === null) this.readFd = fs.openSync(this.path, 'r');
      return await readFrameAt(this.readFd, e.offset, e.length);
    } catch {
      return null;
    }
  }

  closeFiles(): void {
    if (this.readFd !== null) fs.closeSync(this.readFd);
    this.readFd = null;
    if (this.index) fs.closeSync(this.index.fd);
    this.index = null;
  }
}
