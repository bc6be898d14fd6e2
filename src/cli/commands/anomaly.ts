/**
 * `dbpulse anomaly`: reads a NAB-style CSV (`timestamp,value`) on stdin and streams
 * `timestamp,value,anomaly_score` (one row per input row) as each row arrives. Scores come from
 * the same streaming detector the predictor uses; a row's score depends only on the rows before
 * it, so output can be consumed live.
 */
import type { Subcommand } from '../main';
import { DEFAULT_DETECTOR_CONFIG, detectorUpdate, newDetectorState } from '../../server/predict/anomaly/detector';

const USAGE = `Usage: dbpulse anomaly < data.csv > scores.csv

Reads CSV rows "timestamp,value" (a header line is optional) on standard input and writes
"timestamp,value,anomaly_score" for every row, computed online (no look-ahead). Timestamps are
ISO-like ("2014-04-01 00:00:00", "2014-04-01T00:00:00Z") or epoch milliseconds. Rows whose value
is not a number, or that have more than two columns (a third column, or a decimal comma as in
"1,5": write 1.5), score 0 and are reported on stderr; the exit code is then 1. Rows whose
timestamp is not later than the row before (out of order, or a duplicate) are scored as if at
that earlier time and reported on stderr as warnings (exit code unchanged). Empty input prints
the header only.`;

/** "2014-04-01 00:00:00" (UTC, NAB), ISO 8601, or epoch ms → epoch ms; NaN when unparseable. */
export function parseTimestamp(text: string): number {
  const s = text.trim();
  if (/^\d+(\.\d+)?$/.test(s)) return Number(s);
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|[+-]\d{2}:?\d{2})?$/.exec(s);
  if (!m) return Number.NaN;
  if (m[8]) return Date.parse(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6] ?? '00'}${m[7] ? `.${m[7]}` : ''}${m[8]}`);
  const ms = m[7] ? Math.round(Number(`0.${m[7]}`) * 1000) : 0;
  return Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +(m[6] ?? 0), ms);
}

export const command: Subcommand = {
  summary: 'score a NAB-style CSV (timestamp,value) for anomalies, online',
  usage: USAGE,
  async run(args, io) {
    const unknown = args.filter((a) => a !== '--');
    if (unknown.length > 0) {
      io.stderr(`dbpulse anomaly: unexpected argument '${unknown[0]}'\n\n${USAGE}\n`);
      return 2;
    }
    const state = newDetectorState(DEFAULT_DETECTOR_CONFIG);
    let lineNo = 0;
    let bad = 0;
    let headerPrinted = false;
    let lastT = Number.NEGATIVE_INFINITY;
    let unordered = 0;
    /** The previous good row's own timestamp (before clamping), for the wording of a warning. */
    let prevT = Number.NaN;
    const header = (): void => {
      if (headerPrinted) return;
      headerPrinted = true;
      io.stdout('timestamp,value,anomaly_score\n');
    };
    for await (const raw of io.stdinLines()) {
      lineNo++;
      const line = raw.replace(/\r$/, '');
      if (line.trim() === '') continue;
      const cells = line.split(',');
      const tsText = cells[0];
      const valueText = cells.length > 1 ? cells[1] : '';
      if (!headerPrinted) {
        header();
        if (/^\s*timestamp\s*$/i.test(tsText)) continue;
      }
      const value = valueText.trim() === '' ? Number.NaN : Number(valueText);
      let t = parseTimestamp(tsText);
      let score = 0;
      const problem =
        cells.length > 2
          ? `${cells.length} columns, expected timestamp,value (a third column, or a decimal comma such as '${cells.slice(1).join(',').slice(0, 40)}': write 1.5)`
          : Number.isNaN(t)
            ? `unreadable timestamp '${tsText.slice(0, 40)}'`
            : !Number.isFinite(value)
              ? `value '${valueText.slice(0, 40)}' is not a number`
              : undefined;
      if (problem) {
        bad++;
        if (bad <= 5) io.stderr(`dbpulse anomaly: line ${lineNo}: ${problem}; scored 0\n`);
      } else {
        if (t <= lastT) {
          unordered++;
          if (unordered <= 5)
            io.stderr(
              `dbpulse anomaly: warning: line ${lineNo}: timestamp '${tsText.slice(0, 40)}' is ${t === prevT ? "the same as the previous row's" : "earlier than a previous row's"}; scored as if at the latest time seen\n`,
            );
        }
        prevT = t;
        if (t < lastT) t = lastT; // out-of-order rows keep the stream going; the seasonal memory just sees them late
        lastT = t;
        score = detectorUpdate(state, t, value, DEFAULT_DETECTOR_CONFIG).score;
      }
      // A refused row of several columns is echoed as one quoted CSV field, so the output keeps three columns.
      const echoed = cells.length > 2 ? `"${cells.slice(1).join(',').replace(/"/g, '""')}"` : valueText;
      io.stdout(`${tsText},${echoed},${score}\n`);
    }
    header();
    if (bad > 5) io.stderr(`dbpulse anomaly: ${bad} rows could not be read in total\n`);
    if (unordered > 5) io.stderr(`dbpulse anomaly: warning: ${unordered} rows out of order or with a repeated timestamp in total\n`);
    return bad > 0 ? 1 : 0;
  },
};
