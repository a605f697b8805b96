import fc from 'fast-check';
import { CODE_ALPHABET, encodeCode, normaliseCode } from '../../server/domain/access-code';
import { DEFAULT_ITEMS } from '../../server/domain/default-questionnaire';
import { DIMENSIONS } from '../../server/domain/dimensions';
import { cellsDue, countShown, responsesDue } from '../../server/domain/released-cells';
import { parseSurveyForm } from '../../server/domain/survey-form';

test('access codes carry at least 60 bits in an alphabet without I, L, O, U, grouped by four', () => {
  expect(CODE_ALPHABET).toHaveLength(32);
  expect(CODE_ALPHABET).not.toMatch(/[ILOU]/);
  const code = encodeCode(new Uint8Array(16).map((_, i) => i * 7));
  expect(code).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
  expect(code.replace(/-/g, '').length * Math.log2(CODE_ALPHABET.length)).toBeGreaterThanOrEqual(60);
});

test('whatever way a person types a code, it reads back the same', () => {
  fc.assert(
    fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), (bytes) => {
      const code = encodeCode(bytes);
      const canonical = code.replace(/-/g, '');
      expect(normaliseCode(code)).toBe(canonical);
      expect(normaliseCode(` ${code.toLowerCase().replace(/-/g, ' ')} `)).toBe(canonical);
      expect(normaliseCode(code.replace(/0/g, 'O').replace(/1/g, 'l'))).toBe(canonical);
    }),
  );
  expect(normaliseCode('I1LL-0OOO-AAAA-BBBB')).toBe('11110000AAAABBBB');
  expect(normaliseCode('too-short')).toBeNull();
  expect(normaliseCode('UUUU-UUUU-UUUU-UUUU')).toBeNull();
});

test('the default questionnaire has at least 12 items, two per dimension, both polarities, and both languages', () => {
  expect(DEFAULT_ITEMS.length).toBeGreaterThanOrEqual(12);
  for (const d of DIMENSIONS) expect(DEFAULT_ITEMS.filter((i) => i.dimension === d).length).toBeGreaterThanOrEqual(2);
  expect(new Set(DEFAULT_ITEMS.map((i) => i.polarity))).toEqual(new Set(['+', '-']));
  expect(new Set(DEFAULT_ITEMS.map((i) => i.key)).size).toBe(DEFAULT_ITEMS.length);
  for (const i of DEFAULT_ITEMS) expect(i.zh && i.en).toBeTruthy();
});

test('cell rule: a cell is released when k answers wait in it, responses are counted in batches of k, counts below k are not shown', () => {
  const cells = [{ postId: 1, itemId: 1, held: 4 }, { postId: 1, itemId: 2, held: 5 }, { postId: 0, itemId: 3, held: 7 }];
  expect(cellsDue(cells, 5).map((c) => c.itemId)).toEqual([2, 3]);
  expect(cellsDue(cells, 8)).toEqual([]);
  expect(responsesDue(4, 5)).toBe(false);
  expect(responsesDue(5, 5)).toBe(true);
  expect(countShown(4, 5)).toBe(false);
  expect(countShown(0, 0)).toBe(false);
  expect(countShown(5, 5)).toBe(true);
});

describe('survey form', () => {
  const shape = { postKeys: ['chief', 'dep'], itemKeys: ['a', 'b'] };
  const full = { 'answer.chief.a': '1', 'answer.chief.b': 'na', 'answer.dep.a': '5', 'answer.dep.b': '3' };
  test('a complete form is accepted', () => {
    const parsed = parseSurveyForm({ ...full, comment: '  好  ', code: 'X' }, shape);
    expect(parsed.complete).toBe(true);
    expect(parsed.comment).toBe('好');
  });
  test('missing answers are listed, given ones kept', () => {
    const { 'answer.dep.b': _, ...partial } = full;
    const parsed = parseSurveyForm(partial, shape);
    expect(parsed.complete).toBe(false);
    expect(parsed.missing).toEqual(['dep.b']);
    expect(parsed.answers['chief.a']).toBe('1');
  });
  test('values, arrays, unknown keys and long comments are refused', () => {
    expect(parseSurveyForm({ ...full, 'answer.chief.a': '0' }, shape).errors['answer.chief.a']).toBe('survey.error.value');
    expect(parseSurveyForm({ ...full, 'answer.chief.a': ['1', '2'] }, shape).errors['answer.chief.a']).toBe('survey.error.repeated');
    expect(parseSurveyForm({ ...full, 'answer.x.a': '1' }, shape).errors.form).toBe('survey.error.unknown_field');
    expect(parseSurveyForm({ ...full, 'answer.chief.z': '1' }, shape).errors.form).toBe('survey.error.unknown_field');
    expect(parseSurveyForm({ ...full, comment: 'x'.repeat(2001) }, shape).errors.comment).toBe('survey.error.comment_long');
  });
});
