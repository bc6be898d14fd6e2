import type { FindingCategory } from '../../shared/categories';

export type { Severity } from '../../shared/severity';
export type { Position, Range } from '../../shared/textRange';
import type { Severity } from '../../shared/severity';
import type { Range } from '../../shared/textRange';

/** A text edit in some file; `file` absent means the linted file itself. */
export interface FileEdit {
  /** Absolute path; created if missing. */
  file?: string;
  range: Range;
  newText: string;
  /**
   * Insert `newText` at the end of `file` instead of at `range` (the range is then
   * ignored): creates the file if missing and starts a new line if the file does
   * not end with one. Used to append to `.env` and `.gitignore`.
   */
  append?: boolean;
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
  /**
   * Builds the quick fixes on demand (code actions, tests): linting never pays
   * for edits nobody asks for. Absent: no fix. Read it through `fixesOf`.
   */
  makeFixes?: () => QuickFix[];
}

/** The finding's quick fixes (built now; empty when it has none). */
export function fixesOf(f: Finding): QuickFix[] {
  return f.makeFixes ? f.makeFixes() : [];
}

/** `dbpulse.rules`: rule id (or category) → off or a severity. */
export type RuleSettings = Record<string, Severity | 'off'>;

/** What a rule may know about the file beyond its text. */
export interface LintContext {
  /** Absolute path of the file. */
  filePath: string;
  /** Workspace root the file belongs to, if any. */
  root?: string;
  /** True when git would not commit this file (covered by .gitignore). */
  ignored: boolean;
  /** Rule overrides; absent means the defaults. */
  rules?: RuleSettings;
  /** Whether a file exists (GOOGLE_APPLICATION_CREDENTIALS); absent: that rule is skipped. */
  fileExists?: (absolutePath: string) => boolean;
  /**
   * Where to append a moved secret (`<root>/.env` by default) and whether that
   * file already defines a name, so the fix picks a free one.
   */
  envFile?: { path: string; keys: ReadonlySet<string> };
  /**
   * The quick fix for "not ignored": which .gitignore to append to and the line
   * to append (computed by the gitignore module with the real files).
   */
  ignoreFix?: { gitignorePath: string; line: string };
  /** Variables that a Prisma schema in the workspace reads with env("…"); absent: guess from names. */
  prismaEnvVars?: ReadonlySet<string>;
  /** Other places that use a variable name (for rename fixes); absent: only this file is edited. */
  findReferences?: (name: string) => Array<{ file: string; range: Range }>;
  /** Injectable clock for expiry checks (ms since epoch). */
  now?: () => number;
}
