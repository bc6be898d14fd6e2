import type { ErrorCategory } from './categories';

/** What a feedback answer is about. */

export type FeedbackKind = 'error_analysis' | 'fix_suggestion' | 'config_validation';

/** One "was this helpful?" answer from the editor. */
export interface FeedbackAnswer {
  type: FeedbackKind;
  helpful: boolean;
  comment?: string;
  connectionId?: string;
  /** error_analysis / fix_suggestion: the diagnosis' pattern and category. */
  patternId?: string;
  category?: ErrorCategory;
  fixId?: string;
  /** config_validation: the rule. */
  ruleId?: string;
}
