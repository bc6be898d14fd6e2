/**
 * Reads the NAB subset in place from ../shared/data/nab (never copied into the repo).
 * Returns null when the data is absent so callers can skip cleanly.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Profiles, WindowLimits } from './scorer';
import { windowsToIndices } from './scorer';

export interface NabFile {
  /** `<folder>/<file>.csv`, the key used by combined_windows.json. */
  name: string;
  timestamps: number[];
  values: number[];
  windows: WindowLimits[];
}

export interface NabCorpus {
  root: string;
  files: NabFile[];
  profiles: Profiles;
  /** Number of windows in the label file (NAB's "perfect" detector gets one TP per window). */
  windowCount: number;
}

export function defaultNabRoot(): string {
  const repoRoot = path.resolve(__dirname, '..', '..');
  return path.resolve(repoRoot, '../shared/data/nab');
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
  for (const [name, wins] of Object.entries(labels).sort(([a], [b]) => a.localeCompare(b))) {
    windowCount += wins.length;
    const csvPath = path.join(root, 'data', name);
    if (!fs.existsSync(csvPath)) continue;
    const { timestamps, values } = parseNabCsv(fs.readFileSync(csvPath, 'utf8'));
    const windows = windowsToIndices(
      timestamps,
      wins.map(([a, b]) => [parseNabTimestamp(a), parseNabTimestamp(b)] as const),
    );
    files.push({ name, timestamps, values, windows });
  }
  return { root, files, profiles, windowCount };
}
