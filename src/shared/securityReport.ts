/** The workspace security report ("DB Pulse: Security Report"): files, findings and rule groups. */
import type { FindingCategory } from './categories';
import type { Severity } from './severity';
import type { Range } from './textRange';

/** One config finding as the security report lists it (positions are LSP, 0-based). */
export interface SecurityReportFinding {
  ruleId: string;
  category: FindingCategory;
  severity: Severity;
  message: string;
  range: Range;
  /** docs/rules/<id>.md */
  docsUrl: string;
}

export interface SecurityReportFile {
  uri: string;
  /** Relative to its workspace folder. */
  file: string;
  /** 0-100, 100 = nothing found (docs/security-score.md). */
  score: number;
  /** Security findings counted in the score. */
  problems: number;
  /** Covered by .gitignore. */
  ignored: boolean;
  findings: SecurityReportFinding[];
}

export interface SecurityReportRuleGroup {
  ruleId: string;
  category: FindingCategory;
  title: string;
  docsUrl: string;
  count: number;
  locations: Array<{
    uri: string;
    file: string;
    range: Range;
    severity: Severity;
  }>;
}

export interface SecurityReport {
  /** Workspace score over every linted file. */
  score: number;
  /** Files with findings first, lowest score first. */
  files: SecurityReportFile[];
  /** Findings grouped by rule, most frequent first. */
  byRule: SecurityReportRuleGroup[];
  /** Files looked at (including clean ones). */
  filesScanned: number;
  generatedAt: number;
}
