import { keyError, validatePostForm, validateUnitForm } from '../../server/domain/org-forms';
import { paramsToForm, parseParamsForm } from '../../server/domain/params-form';
import { isIsoDate } from '../../server/domain/deadlines';
import { nextState, reasonError, validatePeriodForm } from '../../server/domain/period-rules';
import { DEFAULT_PARAMS } from '../../server/domain/risk-params';

const power = { power_decision: '5', power_personnel: '0', power_finance: '3', power_procurement: '2', power_enforcement: '1' };

test('keys follow the organisation file: lower-case slug of 1–64 characters, and "new" is reserved for pages', () => {
  expect(keyError('city-a_2')).toBeNull();
  expect(keyError('')).toBe('form.required');
  expect(keyError('City')).toBe('admin.key.format');
  expect(keyError('-lead')).toBe('admin.key.format');
  expect(keyError('a'.repeat(65))).toBe('admin.key.format');
  expect(keyError('new')).toBe('admin.key.reserved');
});

test('the unit form trims its input and names each fault', () => {
  expect(validateUnitForm({ key: ' north ', name: ' 北区局 ' })).toEqual({ ok: true, value: { key: 'north', name: '北区局' } });
  expect(validateUnitForm({ key: 'North', name: 'x'.repeat(201) })).toEqual({ ok: false, errors: { key: 'admin.key.format', name: 'form.too_long' } });
});

test('the post form reads the chief flag, an empty holder as none, and requires a level 0–5 for each power type', () => {
  const ok = validatePostForm({ key: 'chief', title: '局长', chief: '1', holder_name: '', ...power });
  expect(ok).toEqual({ ok: true, value: { key: 'chief', title: '局长', portfolio: '', chief: true, holderName: null, power: { decision: 5, personnel: 0, finance: 3, procurement: 2, enforcement: 1 } } });
  const bad = validatePostForm({ key: 'dep', title: '副局长', ...power, power_decision: '6', power_finance: '2.5', power_enforcement: undefined });
  expect(bad.ok ? {} : bad.errors).toEqual({ power_decision: 'admin.post.power_level', power_finance: 'admin.post.power_level', power_enforcement: 'admin.post.power_level' });
});

test('period dates must be real calendar days, and the end may not come before the start', () => {
  expect(isIsoDate('2028-02-29')).toBe(true);
  expect(isIsoDate('2026-02-29')).toBe(false);
  expect(isIsoDate('2026-1-01')).toBe(false);
  const same = validatePeriodForm({ key: 'q1', name: 'Q1', starts_on: '2026-01-01', ends_on: '2026-01-01' });
  expect(same.ok).toBe(true);
  const backwards = validatePeriodForm({ key: 'q1', name: 'Q1', starts_on: '2026-02-01', ends_on: '2026-01-31' });
  expect(backwards.ok ? {} : backwards.errors).toEqual({ ends_on: 'admin.period.end_before_start' });
});

test('the period lifecycle allows draft → open → closed → open and nothing else', () => {
  expect(nextState('draft', 'open')).toBe('open');
  expect(nextState('open', 'close')).toBe('closed');
  expect(nextState('closed', 'reopen')).toBe('open');
  expect(nextState('draft', 'close')).toBeNull();
  expect(nextState('open', 'open')).toBeNull();
  expect(nextState('open', 'reopen')).toBeNull();
  expect(nextState('closed', 'close')).toBeNull();
  expect(reasonError('')).toBe('admin.period.reason_required');
  expect(reasonError('x'.repeat(1001))).toBe('form.too_long');
});

test('the parameter form round-trips the defaults and places each §3 rule on its group', () => {
  expect(parseParamsForm(paramsToForm(DEFAULT_PARAMS))).toEqual({ ok: true, value: JSON.parse(JSON.stringify(DEFAULT_PARAMS)) });
  const form = { ...paramsToForm(DEFAULT_PARAMS), w_M: '0.5', k: '60', high: '40', medium: '40' };
  const parsed = parseParamsForm(form);
  expect(parsed.ok ? {} : parsed.errors).toEqual({ likelihood: 'params.likelihood_weight_sum', k: 'params.k_range', thresholds: 'params.thresholds_order' });
  const text = parseParamsForm({ ...paramsToForm(DEFAULT_PARAMS), m: '1,5' });
  expect(text.ok ? {} : text.errors).toEqual({ m: 'admin.params.number' });
});
