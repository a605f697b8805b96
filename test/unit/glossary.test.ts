import fs from 'node:fs';
import path from 'node:path';
import { catalogues } from '../../server/i18n/messages';
import { CJK_PUNCTUATION, GLOSSARY } from '../../server/i18n/glossary';

// One term for each thing in each language, and no Chinese punctuation on English pages.
describe.each(['zh-CN', 'en'] as const)('the %s catalogue', (lang) => {
  test.each(GLOSSARY[lang].map((e) => [e.term, e]))('says "%s", never a variant of it', (_term, entry) => {
    const found = Object.entries(catalogues[lang]).filter(([, text]) => entry.not.some((variant) => text.toLowerCase().includes(variant.toLowerCase())));
    expect(found).toEqual([]);
  });
});

test('English messages carry no Chinese punctuation', () => {
  expect(Object.entries(catalogues.en).filter(([, text]) => CJK_PUNCTUATION.test(text))).toEqual([]);
});

test('templates write no Chinese punctuation of their own (separators come from the catalogue)', () => {
  const views = path.resolve(__dirname, '../../views');
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const name of fs.readdirSync(dir)) {
      const file = path.join(dir, name);
      if (fs.statSync(file).isDirectory()) walk(file);
      else if (name.endsWith('.ejs')) fs.readFileSync(file, 'utf8').split('\n').forEach((line, i) => CJK_PUNCTUATION.test(line) && found.push(`${path.relative(views, file)}:${i + 1}`));
    }
  };
  walk(views);
  expect(found).toEqual([]);
});
