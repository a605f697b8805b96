import common from './common';
import admin from './admin';
import assess from './assess';
import auth from './auth';
import mail from './mail';
import report from './report';
import risk from './risk';
import survey from './survey';

import type { AreaMessages, Catalogue } from './types';

// One catalogue file per area, so areas can grow without touching each other.
const AREAS: AreaMessages[] = [common, auth, admin, survey, report, risk, assess, mail];

function merge(lang: 'zh-CN' | 'en'): Catalogue {
  return Object.assign({}, ...AREAS.map((area) => area[lang]));
}

export const catalogues: Record<'zh-CN' | 'en', Catalogue> = { 'zh-CN': merge('zh-CN'), en: merge('en') };
export const areaCatalogues = AREAS;
