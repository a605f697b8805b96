export type Catalogue = Record<string, string>;

/** One area's messages in both languages; both must have the same keys (test/unit/i18n.test.ts). */
export interface AreaMessages {
  'zh-CN': Catalogue;
  en: Catalogue;
}
