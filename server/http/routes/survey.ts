import type { AppDeps } from '../../deps';
import { backToEntry, showEntry, showThanks, startAnswering, submitAnswers } from '../handlers/survey';
import { addQuestion, adoptRevised, moveQuestion, previewQuestionnaire, retireQuestion, saveItem, showItem, showQuestionnaire } from '../handlers/survey-admin';
import { showReliability } from '../handlers/survey-reliability';
import { downloadCsv, generateCodes, revokeCodes, showCodes } from '../handlers/survey-codes';
import { clearInvitationFailures, sendInvitationMails, showInvitations } from '../handlers/survey-invitations';
import { showSurveyOverview, showUnitSurvey } from '../handlers/survey-committee';
import { limitRequests } from '../middleware/rate-limit';
import type { RouteDef } from '../route-def';

// Routes of the survey area: the public survey, the admin questionnaire and codes pages, committee figures.
export function surveyRoutes(deps: AppDeps): RouteDef[] {
  // Wrong codes are what a guesser produces: few allowed. Submissions: enough for a shared office address.
  const startLimit = limitRequests(deps, { name: 'survey-start', windowMs: 15 * 60 * 1000, limit: 30, skipSuccessfulRequests: true, failClosed: true });
  const submitLimit = limitRequests(deps, { name: 'survey-submit', windowMs: 15 * 60 * 1000, limit: 200 });
  return [
    { method: 'get', path: '/survey', access: 'public', handler: showEntry },
    { method: 'post', path: '/survey/start', access: 'public', handler: startAnswering(deps), before: [startLimit] },
    { method: 'post', path: '/survey/submit', access: 'public', handler: submitAnswers(deps), before: [submitLimit] },
    { method: 'get', path: '/survey/thanks', access: 'public', handler: showThanks },
    // The language switch sends a visitor back to the page's path; the answer steps are POST-only, so start over.
    { method: 'get', path: '/survey/start', access: 'public', handler: backToEntry },
    { method: 'get', path: '/survey/submit', access: 'public', handler: backToEntry },

    { method: 'get', path: '/admin/questionnaire', access: 'admin', handler: showQuestionnaire(deps) },
    { method: 'get', path: '/admin/questionnaire/preview', access: 'admin', handler: previewQuestionnaire(deps) },
    { method: 'get', path: '/admin/questionnaire/reliability', access: 'admin', handler: showReliability(deps) },
    { method: 'post', path: '/admin/questionnaire/items', access: 'admin', handler: addQuestion(deps) },
    { method: 'post', path: '/admin/questionnaire/adopt-revised', access: 'admin', handler: adoptRevised(deps) },
    { method: 'get', path: '/admin/questionnaire/items/:item', access: 'admin', handler: showItem(deps) },
    { method: 'post', path: '/admin/questionnaire/items/:item', access: 'admin', handler: saveItem(deps) },
    { method: 'post', path: '/admin/questionnaire/items/:item/move', access: 'admin', handler: moveQuestion(deps) },
    { method: 'post', path: '/admin/questionnaire/items/:item/retire', access: 'admin', handler: retireQuestion(deps) },

    { method: 'get', path: '/admin/survey/codes', access: 'admin', handler: showCodes(deps) },
    { method: 'post', path: '/admin/survey/codes', access: 'admin', handler: generateCodes(deps) },
    { method: 'post', path: '/admin/survey/batches/:batch/csv', access: 'admin', handler: downloadCsv(deps) },
    { method: 'post', path: '/admin/survey/batches/:batch/revoke', access: 'admin', handler: revokeCodes(deps) },
    { method: 'get', path: '/admin/survey/invitations', access: 'admin', handler: showInvitations(deps) },
    { method: 'post', path: '/admin/survey/invitations', access: 'admin', handler: sendInvitationMails(deps) },
    { method: 'post', path: '/admin/survey/invitations/failures/clear', access: 'admin', handler: clearInvitationFailures(deps) },

    { method: 'get', path: '/committee/survey', access: 'committee', handler: showSurveyOverview(deps) },
    { method: 'get', path: '/committee/survey/:period/:unit', access: 'committee', handler: showUnitSurvey(deps) },
  ];
}
