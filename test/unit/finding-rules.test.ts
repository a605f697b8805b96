import { validateFinding } from '../../server/domain/finding-rules';

const ok = { source: 'inspection', severity: '2', found_on: '2026-03-01', summary: '审批流程不规范' };

test('a complete finding is accepted with severity as a number and the summary trimmed', () => {
  const r = validateFinding({ ...ok, summary: '  审批流程不规范  ' }, '2026-06-01');
  expect(r).toEqual({ ok: true, value: { source: 'inspection', severity: 2, foundOn: '2026-03-01', summary: '审批流程不规范' } });
});

test('unknown source, severity outside 1–3, impossible or future dates and long summaries are refused per field', () => {
  const r = validateFinding({ source: 'rumour', severity: '0', found_on: '2026-02-30', summary: '' }, '2026-06-01');
  expect(r.ok).toBe(false);
  if (!r.ok) expect(Object.keys(r.errors).sort()).toEqual(['found_on', 'severity', 'source', 'summary']);
  const future = validateFinding({ ...ok, found_on: '2026-06-02' }, '2026-06-01');
  expect(!future.ok && future.errors.found_on).toBe('assess.finding.error.future');
  const long = validateFinding({ ...ok, summary: '字'.repeat(2001) }, '2026-06-01');
  expect(!long.ok && long.errors.summary).toBe('assess.finding.error.summary_long');
  expect(validateFinding({ ...ok, summary: '字'.repeat(2000) }, '2026-06-01').ok).toBe(true);
});
