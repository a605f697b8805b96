import { ITEM_TEXT_MAX, validateItem } from '../../server/domain/questionnaire-rules';

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
