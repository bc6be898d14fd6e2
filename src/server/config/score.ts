/**
 * The security score (docs/security-score.md): 100 = nothing found. Each
 * security finding costs weight(severity) × exposure, where exposure is 1 for a
 * file git would commit and 0.5 for a git-ignored one; hygiene rules (dotenv
 * syntax, parse errors) cost nothing. score = round(100 × e^(−penalty / 50)),
 * so one committed error gives 61, one warning 82, one information 94. The
 * workspace score applies the same formula to the sum of all files' penalties.
 */
import { ruleMeta } from './ruleCatalog';
import type { Finding, Severity } from './types';

export const SEVERITY_WEIGHT: Record<Severity, number> = { error: 25, warning: 10, information: 3, hint: 1 };
export const IGNORED_EXPOSURE = 0.5;
export const SCALE = 50;

export function isSecurityFinding(f: Finding): boolean {
  return ruleMeta(f.ruleId)?.security ?? true;
}

export function penaltyOf(findings: readonly Finding[], ignored: boolean): number {
  let p = 0;
  for (const f of findings) if (isSecurityFinding(f)) p += SEVERITY_WEIGHT[f.severity];
  return p * (ignored ? IGNORED_EXPOSURE : 1);
}

export function scoreFromPenalty(penalty: number): number {
  return Math.max(0, Math.min(100, Math.round(100 * Math.exp(-penalty / SCALE))));
}

export interface FileScore {
  score: number;
  penalty: number;
  /** Security findings counted in the score. */
  problems: number;
}

export function scoreFile(findings: readonly Finding[], ignored: boolean): FileScore {
  // One pass (this runs on every re-lint of an open document).
  let p = 0;
  let problems = 0;
  for (const f of findings) {
    if (!isSecurityFinding(f)) continue;
    p += SEVERITY_WEIGHT[f.severity];
    problems++;
  }
  const penalty = p * (ignored ? IGNORED_EXPOSURE : 1);
  return { score: scoreFromPenalty(penalty), penalty, problems };
}

export function scoreWorkspace(files: ReadonlyArray<{ penalty: number }>): number {
  return scoreFromPenalty(files.reduce((s, f) => s + f.penalty, 0));
}

export function scoreLabel(s: FileScore): string {
  return `Security score ${s.score}/100: ${s.problems === 0 ? 'no problems' : `${s.problems} problem${s.problems === 1 ? '' : 's'}`}`;
}
