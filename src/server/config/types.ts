import type { FindingCategory } from '../../shared/categories';

export type Severity = 'error' | 'warning' | 'information' | 'hint';

/** Zero-based, like LSP: character offsets count UTF-16 code units. */
export interface Position {
  line: number;
  character: number;
}
export interface Range {
  start: Position;
  end: Position;
}

/** A text edit in some file; `file` absent means the linted file itself. */
export interface FileEdit {
  /** Absolute path; created if missing. */
  file?: string;
  range: Range;
  newText: string;
}

export interface QuickFix {
  title: string;
  edits: FileEdit[];
  /** The fix LSP should mark preferred (applied by "Fix all" / Ctrl+.). */
  isPreferred?: boolean;
}

export interface Finding {
  ruleId: string;
  category: FindingCategory;
  severity: Severity;
  message: string;
  range: Range;
  fixes?: QuickFix[];
}

/** What a rule may know about the file beyond its text. */
export interface LintContext {
  /** Absolute path of the file. */
  filePath: string;
  /** Workspace root the file belongs to, if any. */
  root?: string;
  /** True when git would not commit this file (covered by .gitignore). */
  ignored: boolean;
}
