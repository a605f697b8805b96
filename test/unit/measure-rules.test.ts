import { defaultNextReview, measureReviewOverdue, parseDimensions, validateMeasure } from '../../server/domain/measure-rules';

const form = { dimensions: ['supervision', 'rules'], description: '加强日常监督', owner: '监督室', due_on: '', status: 'planned', review_notes: '', next_review_on: '2026-09-01' };

test('next review defaults to 90, 180 or 360 days by the post level, and to 180 when the level is unknown', () => {
  expect(defaultNextReview('high', '2026-01-01')).toBe('2026-04-01');
  expect(defaultNextReview('medium', '2026-01-01')).toBe('2026-06-30');
  expect(defaultNextReview('low', '2026-01-01')).toBe('2026-12-27');
  expect(defaultNextReview(null, '2026-01-01')).toBe('2026-06-30');
});

test('a review is overdue only after its date, and never for a finished or dropped measure', () => {
  expect(measureReviewOverdue('planned', '2026-05-01', '2026-05-01')).toBe(false);
  expect(measureReviewOverdue('in_progress', '2026-05-01', '2026-05-02')).toBe(true);
  expect(measureReviewOverdue('done', '2026-05-01', '2026-05-02')).toBe(false);
  expect(measureReviewOverdue('dropped', '2026-05-01', '2026-05-02')).toBe(false);
  expect(measureReviewOverdue('planned', null, '2026-05-02')).toBe(false);
});

test('dimensions are stored in the canonical order and unknown ones are refused', () => {
  const r = validateMeasure(form);
  expect(r.ok && r.value.dimensions).toEqual(['rules', 'supervision']);
  expect(r.ok && r.value.dueOn).toBeNull();
  const bad = validateMeasure({ ...form, dimensions: ['rules', 'luck'] });
  expect(!bad.ok && bad.errors.dimensions).toBe('form.invalid');
  const none = validateMeasure({ ...form, dimensions: [] });
  expect(!none.ok && none.errors.dimensions).toBe('assess.measure.error.dimensions');
  expect(parseDimensions('cost,opportunity,bogus')).toEqual(['opportunity', 'cost']);
});

test('missing owner, unknown status and impossible dates are refused per field', () => {
  const r = validateMeasure({ ...form, owner: ' ', status: 'finished', due_on: '2026-13-01', next_review_on: '' });
  expect(r.ok).toBe(false);
  if (!r.ok) expect(Object.keys(r.errors).sort()).toEqual(['due_on', 'next_review_on', 'owner', 'status']);
});
