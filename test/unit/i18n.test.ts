import { areaCatalogues } from '../../server/i18n/messages';
import { negotiateLang, translator } from '../../server/i18n';

test('every message exists in both zh-CN and en', () => {
  for (const area of areaCatalogues) {
    expect(Object.keys(area.en).sort()).toEqual(Object.keys(area['zh-CN']).sort());
  }
});

test('no message key is defined by two areas', () => {
  const seen = new Map<string, number>();
  areaCatalogues.forEach((area, i) => Object.keys(area['zh-CN']).forEach((k) => {
    expect(seen.has(k) ? `${k} in areas ${seen.get(k)} and ${i}` : k).toBe(k);
    seen.set(k, i);
  }));
});

test('language: the cookie wins, then Accept-Language by quality, then zh-CN', () => {
  expect(negotiateLang('en', 'zh-CN')).toBe('en');
  expect(negotiateLang(undefined, 'fr, en;q=0.8, zh;q=0.5')).toBe('en');
  expect(negotiateLang(undefined, 'zh-TW')).toBe('zh-CN');
  expect(negotiateLang('xx', 'de')).toBe('zh-CN');
  expect(negotiateLang(undefined, undefined)).toBe('zh-CN');
});

test('parameters are filled in', () => {
  expect(translator('en')('dashboard.welcome', { name: 'Li' })).toBe('Hello, Li.');
});
