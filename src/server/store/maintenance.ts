/**
 * Retention (I/O): raw days past `rawDays` are rolled up hourly per connection into
 * rollup/<connection>/YYYY-MM.seg and then deleted; roll-up and event months past their
 * retention are deleted. Writer only.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { DICTIONARY_V1 } from './dictionary';
import type { EventLog } from './eventLog';
import { loadFile } from './fileRecovery';
import { encodeFrame, FLAG_DEFLATE_V1, RecordKind } from './frame';
import { errorMessage } from '../../shared/errors';
import { fsyncDir } from './fsUtil';
import type { RollupData } from './hourly';
import { accumulateEntries, type HourAccumulator } from './hourly';
import { connectionDirName, monthName, monthStart, parseMonthName, RAW_DIR, ROLLUP_DIR } from './layout';
import type { RawSegment } from './rawSegment';
import { monthExpired, rawDayExpired } from './retention';
import type { RawSegments } from './segments';
import type { StoreContext } from './storeContext';

/** Applies retention once; safe to call any time. */
export function runMaintenance(ctx: StoreContext, segments: RawSegments, events: EventLog): void {
  const now = ctx.now();
  const p = ctx.retention;
  for (const seg of [...segments.list]) {
    if (segments.active?.seg === seg || seg.inflight > 0 || !rawDayExpired(seg.day, now, p)) continue;
    try {
      rollUp(ctx, seg);
      seg.closeFiles();
      fs.rmSync(seg.idxPath, { force: true });
      fs.rmSync(seg.path, { force: true });
      segments.remove(seg);
      ctx.report({ kind: 'expired', file: seg.path });
    } catch (err) {
      ctx.report({ kind: 'error', file: seg.path, message: `roll-up failed, raw segment kept: ${errorMessage(err)}` });
    }
  }
  fsyncDir(ctx.sub(RAW_DIR));
  const rollupRoot = ctx.sub(ROLLUP_DIR);
  for (const conn of ctx.listDir(rollupRoot)) {
    const cdir = path.join(rollupRoot, conn);
    for (const name of ctx.listDir(cdir)) {
      const month = parseMonthName(name);
      if (month !== null && monthExpired(month, now, p.rollupDays)) {
        fs.rmSync(path.join(cdir, name), { force: true });
        ctx.report({ kind: 'expired', file: path.join(cdir, name) });
      }
    }
    if (ctx.listDir(cdir).length === 0) fs.rmSync(cdir, { recursive: true, force: true });
  }
  for (const ev of [...events.files]) {
    if (events.active?.ev === ev || !monthExpired(ev.month, now, p.eventDays)) continue;
    fs.rmSync(ev.path, { force: true });
    events.remove(ev);
    ctx.report({ kind: 'expired', file: ev.path });
  }
}

/** Appends the hourly roll-ups of one raw segment to the per-connection monthly roll-up files. */
function rollUp(ctx: StoreContext, seg: RawSegment): void {
  let hours = 0;
  const ids = seg.connectionIds();
  for (const id of ids) {
    const list = seg.group(id);
    if (!list) throw new Error(`index of ${seg.name} is damaged for ${id}`);
    const acc = new Map<number, HourAccumulator>();
    accumulateEntries(list, -Infinity, Infinity, ctx.codes, acc);
    const byMonth = new Map<number, Buffer[]>();
    for (const [hour, a] of [...acc].sort((x, y) => x[0] - y[0])) {
      const data: RollupData & { source: string } = { ...a.toRollup(id, hour), source: seg.name };
      const json = Buffer.from(JSON.stringify(data), 'utf8');
      const z = ctx.compress ? deflateRawSync(json, { dictionary: DICTIONARY_V1 }) : json;
      const frame = encodeFrame({
        kind: RecordKind.Rollup,
        flags: z === json ? 0 : FLAG_DEFLATE_V1,
        ts: hour,
        latencyMs: 0,
        state: 0,
        category: 0,
        connectionId: id,
        payload: z,
      });
      const m = monthStart(hour);
      const parts = byMonth.get(m);
      if (parts) parts.push(frame);
      else byMonth.set(m, [frame]);
      hours++;
    }
    const cdir = path.join(ctx.sub(ROLLUP_DIR), connectionDirName(id));
    fs.mkdirSync(cdir, { recursive: true });
    for (const [m, frames] of byMonth) {
      const file = path.join(cdir, monthName(m));
      // Continue after the last good frame, so a torn tail from a crash mid-roll-up is overwritten.
      const existing = fs.existsSync(file) ? loadFile(file, ctx.repairOpts()).goodEnd : 0;
      const fd = fs.openSync(file, fs.constants.O_RDWR | fs.constants.O_CREAT, 0o600);
      try {
        const data = Buffer.concat(frames);
        fs.writeSync(fd, data, 0, data.length, existing);
        fs.ftruncateSync(fd, existing + data.length);
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
    }
    fsyncDir(cdir);
  }
  fsyncDir(ctx.sub(ROLLUP_DIR));
  ctx.report({ kind: 'rolled_up', file: seg.path, connections: ids.length, hours });
}
