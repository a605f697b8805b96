import { DEFAULT_ITEMS_V2 } from '../../server/domain/default-questionnaire-v2';
import { DIMENSIONS } from '../../server/domain/dimensions';
import { answersPerResponse, postItems, uncoveredDimensions, unitItems } from '../../server/domain/item-scope';
import { parseSurveyForm } from '../../server/domain/survey-form';

test('the revised default: a 5-post unit answers 5 × 5 + 14 = 39 questions, every dimension has two items or more, both polarities', () => {
  expect(postItems(DEFAULT_ITEMS_V2)).toHaveLength(5);
  expect(unitItems(DEFAULT_ITEMS_V2)).toHaveLength(14);
  expect(answersPerResponse(5, DEFAULT_ITEMS_V2)).toBe(39);
  expect(uncoveredDimensions(DEFAULT_ITEMS_V2)).toEqual([]);
  expect(new Set(DEFAULT_ITEMS_V2.map((i) => i.polarity))).toEqual(new Set(['+', '-']));
  expect(new Set(DEFAULT_ITEMS_V2.map((i) => i.key)).size).toBe(DEFAULT_ITEMS_V2.length);
  // The article's pressures and excuses are asked about, in so many words.
  const zh = DEFAULT_ITEMS_V2.map((i) => i.zh).join('');
  for (const phrase of ['待遇', '晋升', '生活困难', '法不责众', '别人能干我也能干', '有权不用', '撑死胆大的', '相互制约', '动真碰硬', '纪委']) expect(zh).toContain(phrase);
});

test('a dimension with fewer than two items is named', () => {
  const items = DIMENSIONS.flatMap((d) => [{ dimension: d }, { dimension: d }]).slice(1);
  expect(uncoveredDimensions(items)).toEqual(['opportunity']);
});

test('skip.<post> answers all its post items "don\'t know"; unit items are still required; a bad skip value is refused', () => {
  const shape = { postKeys: ['a', 'b'], itemKeys: ['p1', 'p2'], unitItemKeys: ['u1'] };
  const ok = parseSurveyForm({ 'answer.a.p1': '1', 'answer.a.p2': '2', 'answer.unit.u1': '3', 'skip.b': '1' }, shape);
  expect(ok.complete).toBe(true);
  expect(ok.answers).toEqual({ 'a.p1': '1', 'a.p2': '2', 'unit.u1': '3', 'b.p1': 'na', 'b.p2': 'na' });
  const noUnit = parseSurveyForm({ 'answer.a.p1': '1', 'answer.a.p2': '2', 'skip.b': '1' }, shape);
  expect(noUnit.missing).toEqual(['unit.u1']);
  expect(parseSurveyForm({ 'answer.a.p1': '1', 'answer.a.p2': '2', 'answer.unit.u1': '3', 'skip.b': 'on' }, shape).errors['skip.b']).toBe('survey.error.skip_value');
  expect(parseSurveyForm({ 'answer.a.p1': '1', 'answer.a.p2': '2', 'answer.unit.u1': '3', 'skip.b': '1', 'skip.zz': '1' }, shape).errors.form).toBe('survey.error.unknown_field');
  // A unit item's key under a post, or a post item's key under "unit", is not a question of this form.
  expect(parseSurveyForm({ 'answer.a.u1': '1' }, shape).errors.form).toBe('survey.error.unknown_field');
  expect(parseSurveyForm({ 'answer.unit.p1': '1' }, shape).errors.form).toBe('survey.error.unknown_field');
});
