/**
 * Scores the linter on the hand-labelled real-world corpus
 * (test/fixtures/real-world-lint/corpus.jsonl, issue 15). A label is found when
 * a finding of its category starts on its line (any severity); a finding is
 * false when it is an error or a warning and no label of its category is on
 * its line (Information and hints are not counted either way).
 * Run: npx tsx test/unit/config/realWorldCorpus.ts [--batch batch-8] [--json] [--misses]
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isFindingCategory, type FindingCategory } from '../../../src/shared/categories';
import { lintDocument } from '../../../src/server/config/lint';
import type { Finding } from '../../../src/server/config/types';

export interface CorpusLabel {
  line: number;
  category: FindingCategory;
}

export interface CorpusRecord {
  id: string;
  /** Collection round: a batch is scored before anything is tuned on it (docs/real-world-lint.md says which were tuned on). */
  batch: string;
  stack: string;
  source: { repo: string; path: string; commit?: string };
  /** Path the file is linted as (relative to a scratch root). */
  file: string;
  text: string;
  labels: CorpusLabel[];
  note?: string;
  /** Other files of the same project (relative path → text), for cross-file rules. */
  siblings?: Record<string, string>;
}

export const CORPUS_PATH = path.resolve(__dirname, '../../fixtures/real-world-lint/corpus.jsonl');

export function loadCorpus(file = CORPUS_PATH): CorpusRecord[] {
  const out: CorpusRecord[] = [];
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const r = JSON.parse(line) as CorpusRecord;
    for (const l of r.labels) if (!isFindingCategory(l.category)) throw new Error(`${r.id}: unknown category ${l.category}`);
    out.push(r);
  }
  return out;
}

export interface Tally {
  labels: number;
  found: number;
  /** Error/warning findings of the family. */
  reported: number;
  falsePositives: number;
}

export interface CorpusScore {
  files: number;
  stacks: number;
  all: Tally;
  byCategory: Record<string, Tally>;
  byStack: Record<string, Tally>;
  byBatch: Record<string, Tally>;
  misses: Array<{ id: string; line: number; category: string; text: string }>;
  falses: Array<{ id: string; line: number; ruleId: string; category: string; message: string }>;
  internalErrors: string[];
}

const ROOT = '/corpus';
const NOW = Date.UTC(2026, 11, 1);

export function lintRecord(r: CorpusRecord): { findings: Finding[]; internalErrors: string[] } {
  const root = `${ROOT}/${r.id}`;
  const filePath = `${root}/${r.file}`;
  // Which other files the project has is known only for records that list them: otherwise existence rules are not run.
  const files = r.siblings ? new Set([filePath, ...Object.keys(r.siblings).map((p) => `${root}/${p}`)]) : undefined;
  const res = lintDocument(r.text, {
    filePath,
    root,
    ignored: false,
    now: () => NOW,
    ...(files ? { fileExists: (p: string) => files.has(p) } : {}),
  });
  return { findings: res.findings, internalErrors: res.internalErrors };
}

const tally = (): Tally => ({ labels: 0, found: 0, reported: 0, falsePositives: 0 });

export function scoreCorpus(records: readonly CorpusRecord[] = loadCorpus()): CorpusScore {
  const s: CorpusScore = {
    files: records.length,
    stacks: new Set(records.map((r) => r.stack)).size,
    all: tally(),
    byCategory: {},
    byStack: {},
    byBatch: {},
    misses: [],
    falses: [],
    internalErrors: [],
  };
  let batch = '';
  const bump = (cat: string, stack: string, k: keyof Tally) => {
    s.all[k]++;
    (s.byCategory[cat] ??= tally())[k]++;
    (s.byStack[stack] ??= tally())[k]++;
    (s.byBatch[batch] ??= tally())[k]++;
  };
  for (const r of records) {
    batch = r.batch;
    const { findings, internalErrors } = lintRecord(r);
    s.internalErrors.push(...internalErrors.map((e) => `${r.id}: ${e}`));
    const at = new Set(findings.map((f) => `${f.range.start.line + 1}:${f.category}`));
    const labelled = new Set(r.labels.map((l) => `${l.line}:${l.category}`));
    const lines = r.text.split('\n');
    for (const l of r.labels) {
      bump(l.category, r.stack, 'labels');
      if (at.has(`${l.line}:${l.category}`)) bump(l.category, r.stack, 'found');
      else s.misses.push({ id: r.id, line: l.line, category: l.category, text: (lines[l.line - 1] ?? '').trim() });
    }
    for (const f of findings) {
      if (f.severity !== 'error' && f.severity !== 'warning') continue;
      bump(f.category, r.stack, 'reported');
      if (!labelled.has(`${f.range.start.line + 1}:${f.category}`)) {
        bump(f.category, r.stack, 'falsePositives');
        s.falses.push({ id: r.id, line: f.range.start.line + 1, ruleId: f.ruleId, category: f.category, message: f.message });
      }
    }
  }
  return s;
}

const pct = (a: number, b: number) => (b ? `${((100 * a) / b).toFixed(1)} %` : '–');

export function formatScore(s: CorpusScore): string {
  const row = (name: string, t: Tally) =>
    `| ${name} | ${t.labels} | ${t.found} | ${pct(t.found, t.labels)} | ${t.reported} | ${t.falsePositives} | ${pct(t.reported - t.falsePositives, t.reported)} |`;
  const head = '| family | labels | found | recall | error/warning findings | false | precision |\n|---|---|---|---|---|---|---|';
  const out = [`${s.files} files, ${s.stacks} stacks`, '', head, row('**all**', s.all)];
  for (const k of Object.keys(s.byCategory).sort()) out.push(row(k, s.byCategory[k]));
  out.push('', head.replace('family', 'batch'));
  for (const k of Object.keys(s.byBatch).sort()) out.push(row(k, s.byBatch[k]));
  out.push('', head.replace('family', 'stack'));
  for (const k of Object.keys(s.byStack).sort()) out.push(row(k, s.byStack[k]));
  return out.join('\n');
}

if (require.main === module) {
  const only = process.argv.indexOf('--batch');
  const all = loadCorpus();
  const s = scoreCorpus(only >= 0 ? all.filter((r) => r.batch === process.argv[only + 1]) : all);
  if (process.argv.includes('--json')) console.log(JSON.stringify(s, null, 1));
  else {
    console.log(formatScore(s));
    if (process.argv.includes('--misses')) {
      console.log('\nmisses:');
      for (const m of s.misses) console.log(`  ${m.id}:${m.line} ${m.category}  ${m.text.slice(0, 90)}`);
      console.log('\nfalse:');
      for (const f of s.falses) console.log(`  ${f.id}:${f.line} ${f.ruleId} (${f.category}) ${f.message.slice(0, 100)}`);
    }
    if (s.internalErrors.length) console.log('\ninternal errors:\n' + s.internalErrors.join('\n'));
  }
}
