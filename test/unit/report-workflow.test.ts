import { canTransition, isOverdue, nextStatuses, REPORT_STATUSES, transitionEffects, type ReportStatus } from '../../server/domain/report-workflow';

test('the main path new → acknowledged → under_review → outcome → closed is allowed step by step', () => {
  expect(canTransition('new', 'acknowledged')).toBe(true);
  expect(canTransition('acknowledged', 'under_review')).toBe(true);
  for (const outcome of ['substantiated', 'partly_substantiated', 'unfounded'] as const) {
    expect(canTransition('under_review', outcome)).toBe(true);
    expect(canTransition(outcome, 'closed')).toBe(true);
  }
});

test('steps cannot be skipped or undone, and final statuses go nowhere', () => {
  expect(canTransition('new', 'under_review')).toBe(false);
  expect(canTransition('new', 'substantiated')).toBe(false);
  expect(canTransition('acknowledged', 'closed')).toBe(false);
  expect(canTransition('under_review', 'acknowledged')).toBe(false);
  expect(canTransition('substantiated', 'unfounded')).toBe(false);
  for (const final of ['closed', 'duplicate', 'withdrawn'] as ReportStatus[]) expect(nextStatuses(final)).toEqual([]);
});

test('duplicate and withdrawn are reachable from every open stage before an outcome', () => {
  for (const from of ['new', 'acknowledged', 'under_review'] as ReportStatus[]) {
    expect(canTransition(from, 'duplicate')).toBe(true);
    expect(canTransition(from, 'withdrawn')).toBe(true);
  }
  expect(canTransition('substantiated', 'withdrawn')).toBe(false);
});

test('no status moves to itself', () => {
  for (const s of REPORT_STATUSES) expect(canTransition(s, s)).toBe(false);
});

test('closing records the outcome it closed with; leaving new records the acknowledgement day', () => {
  expect(transitionEffects('new', 'acknowledged', '2026-05-04')).toEqual({ acknowledgedOn: '2026-05-04' });
  expect(transitionEffects('partly_substantiated', 'closed', '2026-06-01')).toEqual({ closedWith: 'partly_substantiated', closedOn: '2026-06-01' });
  expect(transitionEffects('new', 'duplicate', '2026-05-04')).toEqual({ acknowledgedOn: '2026-05-04', closedOn: '2026-05-04' });
});

test('overdue: new past its acknowledgement date, or an outcome past its outcome date; never once closed', () => {
  expect(isOverdue({ status: 'new', acknowledge_due_on: '2026-05-01', outcome_due_on: null }, '2026-05-02')).toBe(true);
  expect(isOverdue({ status: 'new', acknowledge_due_on: '2026-05-01', outcome_due_on: null }, '2026-05-01')).toBe(false);
  expect(isOverdue({ status: 'unfounded', acknowledge_due_on: '2026-01-01', outcome_due_on: '2026-05-01' }, '2026-05-02')).toBe(true);
  expect(isOverdue({ status: 'closed', acknowledge_due_on: '2026-01-01', outcome_due_on: '2026-01-02' }, '2026-05-02')).toBe(false);
});
