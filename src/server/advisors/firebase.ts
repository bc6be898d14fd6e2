/**
 * Firebase advisor: what can be read without the project's admin APIs, the
 * security rules files in the workspace (firestore.rules, storage.rules,
 * database.rules.json). Pure analysis of their text: rules that allow reads or
 * writes to anyone (`if true`, no condition, `".read": true`), and test-mode
 * time limits (`request.time < timestamp.date(…)`, `now < <ms>`), open until
 * that date and denying everything after it.
 */
import type { Finding } from '../../shared/advisors';
import { type Analysis, finding } from './types';

export interface RulesFile {
  /** Workspace-relative path, shown in findings. */
  path: string;
  text: string;
}

const DOCS = 'https://firebase.google.com/docs/rules/insecure-rules';
const WRITE_OPS = /\b(write|create|update|delete)\b/;

function lineOf(text: string, index: number): number {
  return text.slice(0, index).split('\n').length;
}

/** `timestamp.date(2024, 1, 31)` → epoch ms, or `now < 1700000000000` → that number. */
function deadlineOf(cond: string): number | undefined {
  const d = /request\.time\s*<\s*timestamp\.date\(\s*(\d{4})\s*,\s*(\d{1,2})\s*,\s*(\d{1,2})\s*\)/.exec(cond);
  if (d) return Date.UTC(Number(d[1]), Number(d[2]) - 1, Number(d[3]));
  const n = /\bnow\s*<\s*(\d{12,14})\b/.exec(cond);
  return n ? Number(n[1]) : undefined;
}

function openFinding(file: string, line: number, ops: string, condition: string, now: number): Finding | undefined {
  const cond = condition.trim();
  const deadline = deadlineOf(cond);
  const always = cond === '' || cond === 'true';
  if (!always && deadline === undefined) return undefined;
  const writes = WRITE_OPS.test(ops);
  const object = `${file}:${line}`;
  const evidence = { file, line, operations: ops, condition: cond || '(none)' };
  if (deadline !== undefined && deadline <= now)
    return finding(
      'open_security_rules',
      'warning',
      `${object}: the time-limited rule for ${ops} expired on ${new Date(deadline).toISOString().slice(0, 10)}: every request is now denied`,
      { ...evidence, expired: true },
      {
        object,
        fix: { text: 'Replace the test-mode rule with rules that check request.auth and the data' },
        docs: DOCS,
      },
    );
  const until = deadline !== undefined ? ` until ${new Date(deadline).toISOString().slice(0, 10)}` : '';
  return finding(
    'open_security_rules',
    writes ? 'critical' : 'warning',
    `${object}: anyone may ${ops}${until}`,
    { ...evidence, expired: false },
    {
      object,
      fix: { text: 'Require request.auth (and check ownership) instead of allowing everyone' },
      docs: DOCS,
    },
  );
}

function firestoreStyle(f: RulesFile, now: number): Finding[] {
  const out: Finding[] = [];
  const re = /\ballow\s+([a-z,\s]+?)\s*(?::\s*if\s+([^;]*))?;/g;
  for (const m of f.text.matchAll(re)) {
    const ops = m[1].replace(/\s+/g, ' ').trim();
    const found = openFinding(f.path, lineOf(f.text, m.index), ops, m[2] ?? '', now);
    if (found) out.push(found);
  }
  return out;
}

function realtimeStyle(f: RulesFile, now: number): Finding[] {
  const out: Finding[] = [];
  const re = /"\.(read|write)"\s*:\s*(true|"[^"]*")/g;
  for (const m of f.text.matchAll(re)) {
    const cond = m[2] === 'true' ? 'true' : m[2].slice(1, -1);
    const found = openFinding(f.path, lineOf(f.text, m.index), m[1], cond, now);
    if (found) out.push(found);
  }
  return out;
}

export function analyzeFirebaseRules(files: RulesFile[], now: number): Analysis {
  const out: Analysis = { findings: [], skipped: [] };
  if (!files.length)
    out.skipped.push({
      check: 'open_security_rules',
      reason: 'no security rules files given (firestore.rules, storage.rules, database.rules.json)',
    });
  for (const f of files) out.findings.push(...(f.path.endsWith('.json') ? realtimeStyle(f, now) : firestoreStyle(f, now)));
  return out;
}
