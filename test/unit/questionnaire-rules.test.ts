import { asksTheSame, ITEM_TEXT_MAX, keysForNewItems, validateItem } from '../../server/domain/questionnaire-rules';

const good = { dimension: 'rules', polarity: '+', scope: 'unit', textZh: '本单位重要事项集体决策。', textEn: 'Important matters are decided together.' };

test('a complete item passes', () => {
  expect(validateItem(good)).toEqual({});
});

test('every problem is named at once', () => {
  expect(validateItem({ dimension: 'luck', polarity: '*', scope: 'team', textZh: ' ', textEn: '' })).toEqual({
    dimension: 'survey.q.error.dimension', polarity: 'survey.q.error.polarity', scope: 'survey.q.error.scope', text_zh: 'form.required', text_en: 'form.required',
  });
});

test('texts are limited in characters as a reader counts them, not in UTF-16 units', () => {
  const astral = '𠀀'; // one character, two UTF-16 units
  expect(validateItem({ ...good, textZh: astral.repeat(ITEM_TEXT_MAX) })).toEqual({});
  expect(validateItem({ ...good, textEn: 'x'.repeat(ITEM_TEXT_MAX + 1) })).toEqual({ text_en: 'form.too_long' });
});

describe('keys for items joining an installation', () => {
  const q = (key: string, textZh: string, dimension = 'rules', scope = 'post') => ({ key, dimension, polarity: '+', scope, textZh });
  test('a key keeps its meaning: the same question keeps it, another question gets the next free key of its dimension', () => {
    const existing = [q('rules-1', '甲'), q('rules-2', '乙'), q('rules-3', '丙')];
    expect(keysForNewItems([q('rules-1', '甲'), q('rules-2', '丁'), q('rules-9', '戊')], existing)).toEqual(['rules-1', 'rules-4', 'rules-9']);
    // The same text in another scope is another question.
    expect(keysForNewItems([q('rules-1', '甲', 'rules', 'unit')], existing)).toEqual(['rules-4']);
  });
  test('no two new items share a key, nor take one another already has', () => {
    const keys = keysForNewItems([q('cost-1', 'a', 'cost'), q('cost-1', 'b', 'cost'), q('cost-2', 'c', 'cost')], [q('cost-1', 'a', 'cost')]);
    expect(new Set(keys).size).toBe(3);
    expect(keys[0]).toBe('cost-1');
  });
  test('asksTheSame compares the questions, not their keys or order', () => {
    expect(asksTheSame([q('x-1', '甲'), q('x-2', '乙')], [q('y', '乙'), q('z', '甲')])).toBe(true);
    expect(asksTheSame([q('x-1', '甲')], [q('y', '甲'), q('z', '乙')])).toBe(false);
  });
});
