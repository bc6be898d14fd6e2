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
is not a number score 0 and are reported on stderr; the exit code is then 1.`;

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
    for await (const raw of io.stdinLines()) {
      lineNo++;
      const line = raw.replace(/\r$/, '');
      if (line.trim() === '') continue;
      const comma = line.indexOf(',');
      const tsText = comma >= 0 ? line.slice(0, comma) : line;
      const valueText = comma >= 0 ? line.slice(comma + 1).split(',')[0] : '';
      if (!headerPrinted) {
        headerPrinted = true;
        io.stdout('timestamp,value,anomaly_score\n');
        if (/^\s*timestamp\s*$/i.test(tsText)) continue;
      }
      const value = valueText.trim() === '' ? Number.NaN : Number(valueText);
      let t = parseTimestamp(tsText);
      let score = 0;
      if (!Number.isFinite(value) || Number.isNaN(t)) {
        bad++;
        if (bad <= 5)
          io.stderr(
            `dbpulse anomaly: line ${lineNo}: ${Number.isNaN(t) ? `unreadable timestamp '${tsText.slice(0, 40)}'` : `value '${valueText.slice(0, 40)}' is not a number`}; scored 0\n`,
          );
      } else {
        if (t < lastT) t = lastT; // out-of-order rows keep the stream going; the seasonal memory just sees them late
        lastT = t;
        score = detectorUpdate(state, t, value, DEFAULT_DETECTOR_CONFIG).score;
      }
      io.stdout(`${tsText},${valueText},${score}\n`);
    }
    if (bad > 5) io.stderr(`dbpulse anomaly: ${bad} rows could not be read in total\n`);
    return bad > 0 ? 1 : 0;
  },
};
