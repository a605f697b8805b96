import common from './common';
import desk from './desk';
import admin from './admin';
import adminPeriods from './admin-periods';
import assess from './assess';
import assessOutputs from './assess-outputs';
import audit from './audit';
import auditDetails from './audit-details';
import auth from './auth';
import mail from './mail';
import register from './register-file';
import registerPoints from './register-points';
import registerProcedure from './register-procedure';
import registerReport from './register-report';
import report from './report';
import reportAttachments from './report-attachments';
import reportCommittee from './report-committee';
import reportReporter from './report-reporter';
import reportTarget from './report-target';
import risk from './risk';
import riskPost from './risk-post';
import survey from './survey';
import surveyAdmin from './survey-admin';
import surveyFigures from './survey-figures';
import surveyInvite from './survey-invite';

import type { AreaMessages, Catalogue } from './types';

// Catalogue files per area (a large area in two: its public and its committee side, or its main pages and the rest),
// so areas can grow without touching each other.
const AREAS: AreaMessages[] = [common, desk, auth, audit, auditDetails, admin, adminPeriods, survey, surveyAdmin, surveyFigures, surveyInvite, report, reportAttachments, reportTarget, reportReporter, reportCommittee, risk, riskPost, assess, assessOutputs, register, registerPoints, registerProcedure, registerReport, mail];

function merge(lang: 'zh-CN' | 'en'): Catalogue {
  return Object.assign({}, ...AREAS.map((area) => area[lang]));
}

export const catalogues: Record<'zh-CN' | 'en', Catalogue> = { 'zh-CN': merge('zh-CN'), en: merge('en') };
export const areaCatalogues = AREAS;
