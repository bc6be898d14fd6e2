/**
 * Reads a NAB corpus in place: by default the subset in ../shared/data/nab (never copied into the
 * repo); the bench also accepts a fuller copy laid out like the numenta/NAB repository through
 * $DBPULSE_NAB_DIR (data/<family>/<file>.csv, labels/combined_windows.json, config/profiles.json;
 * see fetch-notes.md). Files listed in the labels but missing on disk are left out, and so are
 * their windows. Returns null when the data is absent so callers can skip cleanly.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Profiles, WindowLimits } from './scorer';
import { windowsToIndices } from './scorer';

export interface NabFile {
  /** `<folder>/<file>.csv`, the key used by combined_windows.json. */
  name: string;
  /** `<folder>`: NAB's data family (realAWSCloudwatch, realTweets, ...). */
  family: string;
  /** Windows in the label file for this file (the perfect detector's TP count). */
  labelledWindows: number;
  timestamps: number[];
  values: number[];
  windows: WindowLimits[];
}

export interface NabCorpus {
  root: string;
  files: NabFile[];
  profiles: Profiles;
  /**
   * Windows in the label file for the files present (NAB's "perfect" detector gets one TP per
   * window); equal to the label file's total when every labelled file is present.
   */
  windowCount: number;
  /** Files listed in the label file, present or not. */
  labelledFiles: number;
}

/** Environment variable naming a fuller NAB corpus for the bench. */
export const NAB_DIR_ENV = 'DBPULSE_NAB_DIR';

export function defaultNabRoot(): string {
  const repoRoot = path.resolve(__dirname, '..', '..');
  return path.resolve(repoRoot, '../shared/data/nab');
}

/** The corpus the bench scores: $DBPULSE_NAB_DIR when set, else the bundled subset. */
export function benchNabRoot(env: NodeJS.ProcessEnv = process.env): string {
  const dir = env[NAB_DIR_ENV];
  return dir ? path.resolve(dir) : defaultNabRoot();
}

/** `<family>/<file>.csv` → `<family>`. */
export function familyOf(name: string): string {
  const slash = name.indexOf('/');
  return slash < 0 ? '' : name.slice(0, slash);
}

/** "2014-04-01 00:00:00[.000000]" (NAB's format, UTC) → epoch ms; NaN when unparseable. */
export function parseNabTimestamp(text: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?/.exec(text.trim());
  if (!m) return Number.NaN;
  const ms = m[7] ? Math.round(Number(`0.${m[7]}`) * 1000) : 0;
  return Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6], ms);
}

export function parseNabCsv(text: string): { timestamps: number[]; values: number[] } {
  const timestamps: number[] = [];
  const values: number[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (!line || line.startsWith('timestamp')) continue;
    const comma = line.indexOf(',');
    if (comma < 0) continue;
    timestamps.push(parseNabTimestamp(line.slice(0, comma)));
    values.push(Number(line.slice(comma + 1)));
  }
  return { timestamps, values };
}

export function loadNabCorpus(root = defaultNabRoot()): NabCorpus | null {
  const labelsPath = path.join(root, 'labels', 'combined_windows.json');
  const profilesPath = path.join(root, 'config', 'profiles.json');
  if (!fs.existsSync(labelsPath) || !fs.existsSync(profilesPath)) return null;
  const labels = JSON.parse(fs.readFileSync(labelsPath, 'utf8')) as Record<string, [string, string][]>;
  const profiles = JSON.parse(fs.readFileSync(profilesPath, 'utf8')) as Profiles;
  const files: NabFile[] = [];
  let windowCount = 0;
  const entries = Object.entries(labels).sort(([a], [b]) => a.localeCompare(b));
  for (const [name, wins] of entries) {
    const csvPath = path.join(root, 'data', name);
    if (!fs.existsSync(csvPath)) continue;
    windowCount += wins.length;
    const { timestamps, values } = parseNabCsv(fs.readFileSync(csvPath, 'utf8'));
    const windows = windowsToIndices(
      timestamps,
      wins.map(([a, b]) => [parseNabTimestamp(a), parseNabTimestamp(b)] as const),
    );
    files.push({ name, family: familyOf(name), labelledWindows: wins.length, timestamps, values, windows });
  }
  return { root, files, profiles, windowCount, labelledFiles: entries.length };
}
