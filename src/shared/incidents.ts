/** An open alert incident as the editor shows it (rule-based alerting, issue 18). */
import type { AlertSeverity } from './alertRules';

export interface IncidentView {
  id: string;
  ruleId: string;
  /** A connection id, or `workspace`. */
  subject: string;
  severity: AlertSeverity;
  openedAt: number;
  /** The reading that opened it (or the latest), against the rule's threshold. */
  value: number | null;
  threshold: number;
  unit: string;
  text: string;
  notifications: number;
  acknowledgedAt?: number;
  acknowledgedBy?: string;
  snoozedUntil?: number;
}

export type IncidentAction = { incidentId: string; action: 'acknowledge' } | { incidentId: string; action: 'snooze'; minutes: number };

/** Snoozes longer than a week are refused: acknowledge instead. */
export const MAX_SNOOZE_MINUTES = 7 * 24 * 60;
