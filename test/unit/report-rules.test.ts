import { formatReceipt, isValidOccurredOn, normaliseReceipt, validateReportForm, type ReportFormInput } from '../../server/domain/report-rules';

const units = [
  { id: 1, key: 'a', posts: [{ id: 11, key: 'chief' }] },
  { id: 2, key: 'b', posts: [{ id: 21, key: 'chief' }, { id: 22, key: 'deputy' }] },
];
const base: ReportFormInput = { unit: 'a', post: '', target_post: '', matter: 'procurement', behaviour: 'favour', occurred_on: '', channel: '', description: '一二三四五六七八九十一二三四五六七八九十', real_name: '', contact: '', keep_names: '' };

test('a minimal anonymous report is valid; empty post means "not sure"', () => {
  const result = validateReportForm(base, units, '2026-05-01');
  expect(result).toEqual({ ok: true, report: expect.objectContaining({ unitId: 1, postId: null, realName: null, occurredOn: null, channel: null }) });
});

test('the post is looked up within the chosen unit', () => {
  expect(validateReportForm({ ...base, unit: 'b', post: 'chief' }, units, '2026-05-01')).toMatchObject({ ok: true, report: { postId: 21 } });
  expect(validateReportForm({ ...base, unit: 'a', post: 'deputy' }, units, '2026-05-01')).toEqual({ ok: false, errors: { post: 'report.error.post' } });
});

test('description length counts characters, not bytes: 20 Chinese characters are enough, 19 are not', () => {
  expect(validateReportForm({ ...base, description: '一'.repeat(19) }, units, '2026-05-01')).toEqual({ ok: false, errors: { description: 'report.error.description_short' } });
  expect(validateReportForm({ ...base, description: '一'.repeat(10_001) }, units, '2026-05-01')).toEqual({ ok: false, errors: { description: 'report.error.description_long' } });
});

test('closed lists refuse unknown values', () => {
  const result = validateReportForm({ ...base, matter: 'x', behaviour: 'y', channel: 'fax', unit: 'zzz' }, units, '2026-05-01');
  expect(result).toEqual({ ok: false, errors: { matter: 'form.invalid', behaviour: 'form.invalid', channel: 'form.invalid', unit: 'report.error.unit' } });
});

test('the approximate date is a real YYYY-MM or YYYY-MM-DD not in the future', () => {
  expect(isValidOccurredOn('2026-05', '2026-05-01')).toBe(true);
  expect(isValidOccurredOn('2026-05-01', '2026-05-01')).toBe(true);
  expect(isValidOccurredOn('2026-05-02', '2026-05-01')).toBe(false);
  expect(isValidOccurredOn('2026-06', '2026-05-01')).toBe(false);
  expect(isValidOccurredOn('2026-02-30', '2026-05-01')).toBe(false);
  expect(isValidOccurredOn('2026-13', '2026-05-01')).toBe(false);
  expect(isValidOccurredOn('May 2026', '2026-05-01')).toBe(false);
});

test('receipts are typed with or without spaces and shown in groups of four', () => {
  const digits = '1234567890123456789012345678';
  expect(formatReceipt(digits)).toBe('1234 5678 9012 3456 7890 1234 5678');
  expect(normaliseReceipt('1234 5678-9012 3456 7890 1234 5678')).toBe(digits);
  // 24 digits would be 79.7 bits, short of the 80 the design asks for.
  expect(normaliseReceipt('1234 5678 9012 3456 7890 1234')).toBeNull();
  expect(normaliseReceipt('1234')).toBeNull();
  expect(normaliseReceipt(digits + '5')).toBeNull();
});
