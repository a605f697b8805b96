import { catalogues } from './messages';

export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Lang = (typeof LANGUAGES)[number];
export const DEFAULT_LANG: Lang = 'zh-CN';

export type Translate = (key: string, params?: Record<string, string | number>) => string;

export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** The cookie choice wins, then the first supported language in Accept-Language, then zh-CN. */
export function negotiateLang(cookieLang: unknown, acceptLanguage: string | undefined): Lang {
  if (isLang(cookieLang)) return cookieLang;
  const wanted = (acceptLanguage ?? '')
    .split(',')
    .map((part) => {
      const [tag, ...rest] = part.trim().split(';');
      const q = rest.find((r) => r.trim().startsWith('q='));
      return { tag: tag.toLowerCase(), q: q ? Number(q.trim().slice(2)) || 0 : 1 };
    })
    .filter((x) => x.tag && x.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const { tag } of wanted) {
    if (tag.startsWith('zh')) return 'zh-CN';
    if (tag.startsWith('en')) return 'en';
  }
  return DEFAULT_LANG;
}

/** Looks a key up; a missing key shows itself (tests catch it) rather than breaking the page. */
export function translator(lang: Lang): Translate {
  const table = catalogues[lang];
  return (key, params) => {
    const text = table[key] ?? catalogues[DEFAULT_LANG][key] ?? key;
    if (!params) return text;
    return text.replace(/\{(\w+)\}/g, (m, name: string) => (params[name] !== undefined ? String(params[name]) : m));
  };
}

export function hasMessage(key: string): boolean {
  return key in catalogues[DEFAULT_LANG];
}
