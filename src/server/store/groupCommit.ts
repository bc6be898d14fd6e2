/**
 * Group commit (I/O): appends queued while a write+fdatasync is in flight go out together
 * in the next one, so every caller's promise resolves only once its bytes are durable,
 * and the number of fsyncs stays near one per burst instead of one per record.
 */
import * as fs from 'node:fs';
import { promisify } from 'node:util';

function write(fd: number, buf: Buffer, off: number, len: number, pos: number): Promise<number> {
  return new Promise((resolve, reject) => fs.write(fd, buf, off, len, pos, (err, n) => (err ? reject(err) : resolve(n))));
}
const fdatasync = promisify(fs.fdatasync);
const ftruncate = promisify(fs.ftruncate);

export class AppendFile {
  private constructor(
    readonly path: string,
    readonly fd: number,
    /** Durable size: bytes acknowledged so far. */
    public size: number,
  ) {}

  /** Opens (creating) `file` for appending at `size` (the end of its last good record). */
  static open(file: string, size?: number): AppendFile {
    const fd = fs.openSync(file, fs.constants.O_RDWR | fs.constants.O_CREAT, 0o600);
    return new AppendFile(file, fd, size ?? fs.fstatSync(fd).size);
  }

  close(): void {
    fs.closeSync(this.fd);
  }
}

interface Pending {
  file: AppendFile;
  buf: Buffer;
  resolve: (offset: number) => void;
  reject: (err: Error) => void;
}

export class GroupCommitter {
  private pending: Pending[] = [];
  private running: Promise<void> | null = null;

  /** @param check called before each batch; throwing rejects the whole batch (lost lock, closed store). */
  constructor(private readonly check: () => void = () => {}) {}

  /** Resolves with the record's offset once it is on disk and fdatasync'ed. */
  enqueue(file: AppendFile, buf: Buffer): Promise<number> {
    return new Promise((resolve, reject) => {
      this.pending.push({ file, buf, resolve, reject });
      if (!this.running) this.running = this.drain();
    });
  }

  /** Resolves when nothing is queued or in flight. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async drain(): Promise<void> {
    // Let the current turn of the event loop queue more appends into this batch.
    await new Promise<void>((r) => setImmediate(r));
    while (this.pending.length) {
      const batch = this.pending;
      this.pending = [];
      try {
        this.check();
      } catch (err) {
        for (const p of batch) p.reject(err as Error);
        continue;
      }
      const byFile = new Map<AppendFile, Pending[]>();
      for (const p of batch) {
        const list = byFile.get(p.file);
        if (list) list.push(p);
        else byFile.set(p.file, [p]);
      }
      await Promise.all([...byFile].map(([file, items]) => commit(file, items)));
    }
    this.running = null;
  }
}

async function commit(file: AppendFile, items: Pending[]): Promise<void> {
  const start = file.size;
  const data = items.length === 1 ? items[0].buf : Buffer.concat(items.map((p) => p.buf));
  try {
    let done = 0;
    while (done < data.length) done += await write(file.fd, data, done, data.length - done, start + done);
    await fdatasync(file.fd);
  } catch (err) {
    // Leave no partial batch behind: the next batch must start at a frame boundary.
    await ftruncate(file.fd, start).catch(() => undefined);
    const e = new Error(`could not write history to ${file.path}: ${(err as Error).message}`);
    for (const p of items) p.reject(e);
    return;
  }
  file.size = start + data.length;
  let at = start;
  for (const p of items) {
    p.resolve(at);
    at += p.buf.length;
  }
}
