/**
 * The single-writer lock (I/O): `writer.lock` created with O_EXCL, holding the owner's
 * pid, host, process start time and a random token. A lock whose process is gone (or
 * whose pid now belongs to a process started later: pid reuse, checked on Linux) is
 * stale and is taken over under a second O_EXCL guard file, so two processes can never
 * both delete a lock and both win: the lock itself is only ever created with O_EXCL.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fsyncDir, isMissing } from './fsUtil';

export interface LockInfo {
  pid: number;
  hostname: string;
  token: string;
  acquiredAt: number;
  /** Process start time from /proc (Linux), to tell a reused pid from the owner. */
  procStart?: string;
}

export const LOCK_FILE = 'writer.lock';
const GUARD_FILE = 'writer.lock.takeover';
/** A takeover guard older than this was left by a crash during a takeover. */
const GUARD_STALE_MS = 30_000;

function processStart(pid: number): string | undefined {
  if (process.platform !== 'linux') return undefined;
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 22 (starttime) counted after the parenthesised command name, which may hold spaces.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** True when the lock's owner is certainly gone. A lock from another host is never judged stale. */
export function isStale(info: LockInfo): boolean {
  if (info.hostname !== os.hostname()) return false;
  if (info.pid === process.pid) return false;
  if (!pidAlive(info.pid)) return true;
  const start = processStart(info.pid);
  return info.procStart !== undefined && start !== undefined && start !== info.procStart;
}

function readInfo(file: string): LockInfo | null {
  try {
    const v = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<LockInfo>;
    if (typeof v.pid === 'number' && typeof v.hostname === 'string' && typeof v.token === 'string') return v as LockInfo;
    return null;
  } catch {
    return null;
  }
}

function createExclusive(file: string, content: string): boolean {
  let fd: number;
  try {
    fd = fs.openSync(file, 'wx');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
  try {
    fs.writeSync(fd, content);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fsyncDir(path.dirname(file));
  return true;
}

export type AcquireResult = { lock: WriterLock; tookOverFrom?: number } | { holder: LockInfo | null };

export class WriterLock {
  private constructor(
    readonly file: string,
    readonly info: LockInfo,
  ) {}

  /** Tries once (with one stale takeover); never waits. */
  static tryAcquire(dir: string, now: number): AcquireResult {
    const file = path.join(dir, LOCK_FILE);
    const info: LockInfo = {
      pid: process.pid,
      hostname: os.hostname(),
      token: randomBytes(12).toString('hex'),
      acquiredAt: now,
      procStart: processStart(process.pid),
    };
    const content = JSON.stringify(info);
    if (createExclusive(file, content)) return { lock: new WriterLock(file, info) };
    const holder = readInfo(file);
    // An unreadable lock is either being written right now or was torn by a crash while
    // being created; only treat it as stale once it is old enough to not be in flight.
    const staleUnreadable = holder === null && lockAge(file, now) > GUARD_STALE_MS;
    if (!staleUnreadable && (holder === null || !isStale(holder))) return { holder };
    const guard = path.join(dir, GUARD_FILE);
    if (lockAge(guard, now) > GUARD_STALE_MS) tryUnlink(guard);
    if (!createExclusive(guard, content)) return { holder };
    try {
      const again = readInfo(file);
      const same = holder === null ? again === null : again !== null && again.token === holder.token;
      if (same) tryUnlink(file);
      if (createExclusive(file, content)) return { lock: new WriterLock(file, info), tookOverFrom: holder?.pid ?? -1 };
      return { holder: readInfo(file) };
    } finally {
      tryUnlink(guard);
    }
  }

  /** True while the lock file is still this process's (false if someone removed or replaced it). */
  stillHeld(): boolean {
    return readInfo(this.file)?.token === this.info.token;
  }

  /**
   * After the lock file was deleted under a live writer (by hand, or a cleanup script):
   * creates it again, with O_EXCL and this process's own token, so it is only taken back
   * when no other process took it first. False when another process now holds it.
   */
  reacquire(): boolean {
    if (this.stillHeld()) return true;
    return createExclusive(this.file, JSON.stringify(this.info));
  }

  /** Who holds the lock file now (null when it is missing or unreadable). */
  holder(): LockInfo | null {
    return readInfo(this.file);
  }

  release(): void {
    if (this.stillHeld()) tryUnlink(this.file);
  }
}

/** Age by the real clock: file times are real times, whatever clock the store was given. */
function lockAge(file: string, _now: number): number {
  try {
    return Date.now() - fs.statSync(file).mtimeMs;
  } catch {
    return -1;
  }
}

function tryUnlink(file: string): void {
  try {
    fs.unlinkSync(file);
  } catch (err) {
    if (!isMissing(err)) throw err;
  }
}
