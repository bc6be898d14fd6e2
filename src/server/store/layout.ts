/**
 * Where things live in the storage directory, and how file names map to time (pure).
 *
 *   format.json                      format version and the category code list
 *   writer.lock                      the single-writer lock
 *   raw/YYYY-MM-DD.NNN.seg (+ .idx)  probe results, one segment per UTC day (NNN: size rotation)
 *   events/YYYY-MM.seg               transitions, feedback and audit entries, one file per month
 *   rollup/<connection>/YYYY-MM.seg  hourly roll-ups of expired raw days, per connection and month
 *   quarantine/                      damaged files moved aside, never read again
 */
import { createHash } from 'node:crypto';
import { DAY_MS } from './hourly';

export const RAW_DIR = 'raw';
export const EVENTS_DIR = 'events';
export const ROLLUP_DIR = 'rollup';
export const QUARANTINE_DIR = 'quarantine';
export const FORMAT_FILE = 'format.json';

const SEGMENT_RE = /^(\d{4})-(\d{2})-(\d{2})\.(\d{3})\.seg$/;
const MONTH_RE = /^(\d{4})-(\d{2})\.seg$/;

export function dayStart(t: number): number {
  return Math.floor(t / DAY_MS) * DAY_MS;
}

export function segmentName(day: number, part: number): string {
  return `${new Date(day).toISOString().slice(0, 10)}.${String(part).padStart(3, '0')}.seg`;
}

export function parseSegmentName(name: string): { day: number; part: number } | null {
  const m = SEGMENT_RE.exec(name);
  if (!m) return null;
  const day = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return Number.isFinite(day) ? { day, part: Number(m[4]) } : null;
}

export function monthStart(t: number): number {
  const d = new Date(t);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
}

export function nextMonthStart(t: number): number {
  const d = new Date(t);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
}

export function monthName(t: number): string {
  return `${new Date(monthStart(t)).toISOString().slice(0, 7)}.seg`;
}

export function parseMonthName(name: string): number | null {
  const m = MONTH_RE.exec(name);
  if (!m) return null;
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, 1);
  return Number.isFinite(t) ? t : null;
}

/** A directory name for a connection id: the id itself when it is a safe, portable name, else a hash. */
export function connectionDirName(id: string): string {
  if (/^[A-Za-z0-9_-][A-Za-z0-9_.-]{0,80}$/.test(id) && !/^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$/i.test(id)) return id;
  return `h-${createHash('sha256').update(id).digest('hex').slice(0, 32)}`;
}

/** Month starts (epoch ms) of every month overlapping [from, to). */
export function monthsBetween(from: number, to: number): number[] {
  const out: number[] = [];
  for (let m = monthStart(from); m < to; m = nextMonthStart(m)) out.push(m);
  return out;
}
