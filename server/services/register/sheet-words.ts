import { DIMENSIONS, LEVELS, POWER_TYPES, type Dimension, type PowerType, type RiskLevel } from '../../domain/dimensions';
import { MEASURE_STATUSES, type MeasureStatus } from '../../domain/measure-rules';
import type { SheetVocabulary } from '../../domain/register/sheet-parse';
import { SHEET_COLUMNS, type SheetColumn, type SheetWords } from '../../domain/register/sheet-layout';
import { LANGUAGES, translator, type Lang } from '../../i18n';

// The words of the filed register in each language, from the message catalogues: written in one language, read in
// either (and as the stable codes), so a sheet exported in English imports like one in Chinese.

const table = <K extends string>(codes: readonly K[], word: (code: K) => string) => Object.fromEntries(codes.map((c) => [c, word(c)])) as Record<K, string>;

export function sheetWords(lang: Lang): SheetWords {
  const t = translator(lang);
  return {
    headers: table(SHEET_COLUMNS, (c) => t(`register.col.${c}`)),
    levels: table(LEVELS, (l) => t(`register.level_short.${l}`)),
    powers: table(POWER_TYPES, (p) => t(`register.power.${p}`)),
    dimensions: table(DIMENSIONS, (d) => t(`risk.dim.${d}`)),
    statuses: table(MEASURE_STATUSES, (s) => t(`assess.measure.status.${s}`)),
  };
}

const accepted = <K extends string>(codes: readonly K[], keys: (code: K) => string[]) =>
  Object.fromEntries(codes.map((c) => [c, [...new Set([...LANGUAGES.flatMap((lang) => keys(c).map((k) => translator(lang)(k))), c])]])) as Record<K, string[]>;

/** Every word read for each code: both languages' short and long labels, and the code. The first is the zh-CN one. */
export function sheetVocabulary(): SheetVocabulary {
  return {
    headers: accepted<SheetColumn>(SHEET_COLUMNS, (c) => [`register.col.${c}`]),
    levels: accepted<RiskLevel>(LEVELS, (l) => [`register.level_short.${l}`, `assess.level.${l}`, `risk.level.${l}`]),
    powers: accepted<PowerType>(POWER_TYPES, (p) => [`register.power.${p}`, `admin.power.${p}`]),
    dimensions: accepted<Dimension>(DIMENSIONS, (d) => [`risk.dim.${d}`, `assess.dim.${d}`]),
    statuses: accepted<MeasureStatus>(MEASURE_STATUSES, (s) => [`assess.measure.status.${s}`]),
  };
}
