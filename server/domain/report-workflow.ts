// Report status workflow (DESIGN.md §2): new → acknowledged → under_review → substantiated | partly_substantiated |
// unfounded → closed, plus duplicate and withdrawn from any open stage.
export const REPORT_STATUSES = ['new', 'acknowledged', 'under_review', 'substantiated', 'partly_substantiated', 'unfounded', 'closed', 'duplicate', 'withdrawn'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

export const OUTCOMES = ['substantiated', 'partly_substantiated', 'unfounded'] as const;
export type Outcome = (typeof OUTCOMES)[number];

const TRANSITIONS: Readonly<Record<ReportStatus, readonly ReportStatus[]>> = {
  new: ['acknowledged', 'duplicate', 'withdrawn'],
  acknowledged: ['under_review', 'duplicate', 'withdrawn'],
  under_review: ['substantiated', 'partly_substantiated', 'unfounded', 'duplicate', 'withdrawn'],
  substantiated: ['closed'],
  partly_substantiated: ['closed'],
  unfounded: ['closed'],
  closed: [],
  duplicate: [],
  withdrawn: [],
};

export function isReportStatus(value: unknown): value is ReportStatus {
  return typeof value === 'string' && (REPORT_STATUSES as readonly string[]).includes(value);
}

export function isOutcome(status: string): status is Outcome {
  return (OUTCOMES as readonly string[]).includes(status);
}

/** The statuses a report may move to next (the workflow's edges). */
export function nextStatuses(from: ReportStatus): readonly ReportStatus[] {
  return TRANSITIONS[from];
}

/** Workflow rule: a move is allowed only along an edge of the workflow. */
export function canTransition(from: ReportStatus, to: ReportStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** Final statuses: the case is over (closing date set, retention clock starts, no more replies). */
export function isFinal(status: ReportStatus): boolean {
  return TRANSITIONS[status].length === 0;
}

/** What a move records besides the status: the acknowledgement date, the outcome a closed report closed with, the closing date. */
export function transitionEffects(from: ReportStatus, to: ReportStatus, today: string): { acknowledgedOn?: string; closedWith?: Outcome; closedOn?: string } {
  const effects: { acknowledgedOn?: string; closedWith?: Outcome; closedOn?: string } = {};
  if (from === 'new') effects.acknowledgedOn = today;
  if (to === 'closed' && isOutcome(from)) effects.closedWith = from;
  if (isFinal(to)) effects.closedOn = today;
  return effects;
}

/** Days ahead in which a running deadline counts as due soon on the committee's desk. */
export const DUE_SOON_DAYS = 5;

/**
 * Which deadline runs in which statuses: acknowledgement while new, telling the outcome once there is one. The one
 * statement of the rule: runningDeadline, isOverdue and isDueSoon read it, and so does the SQL form (report-deadline-sql.ts).
 */
export const RUNNING_DEADLINES = [
  { statuses: ['new'], due: 'acknowledge_due_on' },
  { statuses: OUTCOMES, due: 'outcome_due_on' },
] as const satisfies readonly { statuses: readonly ReportStatus[]; due: string }[];

/** The statuses in which a deadline runs. */
export const DEADLINE_STATUSES: readonly ReportStatus[] = RUNNING_DEADLINES.flatMap((s) => [...s.statuses]);

/** The deadline running for a report, if any (RUNNING_DEADLINES). */
export function runningDeadline(report: { status: string; acknowledge_due_on: string | null; outcome_due_on: string | null }): string | null {
  const stage = RUNNING_DEADLINES.find((s) => (s.statuses as readonly string[]).includes(report.status));
  return stage ? report[stage.due] : null;
}

/** Due-soon rule: a running deadline not yet passed that falls within `horizon` ('YYYY-MM-DD', today + DUE_SOON_DAYS). */
export function isDueSoon(report: { status: string; acknowledge_due_on: string | null; outcome_due_on: string | null }, today: string, horizon: string): boolean {
  const due = runningDeadline(report);
  return due !== null && due >= today && due <= horizon;
}

/** Overdue rule: not acknowledged by its acknowledgement date, or an outcome not closed (told) by its outcome date. */
export function isOverdue(report: { status: string; acknowledge_due_on: string | null; outcome_due_on: string | null }, today: string): boolean {
  const due = runningDeadline(report);
  return due !== null && due < today;
}
