import { EMAIL_MAX } from '../domain/email-address';
import { ITEM_TEXT_MAX } from '../domain/questionnaire-rules';
import { SUMMARY_MAX as FINDING_SUMMARY_MAX } from '../domain/finding-rules';
import { DESCRIPTION_MAX as MEASURE_DESCRIPTION_MAX, NOTES_MAX as MEASURE_NOTES_MAX, OWNER_MAX as MEASURE_OWNER_MAX } from '../domain/measure-rules';
import { NAME_MAX, PORTFOLIO_MAX } from '../domain/org-forms';
import { MAX_PASSWORD_LENGTH } from '../domain/password-rules';
import { REASON_MAX as PERIOD_REASON_MAX } from '../domain/period-rules';
import { REASON_MAX as DECISION_REASON_MAX } from '../domain/register/decision-rules';
import { DUTY_MAX, PERSON_MAX } from '../domain/register/risk-point-rules';
import { USER_NAME_MAX } from '../domain/user-rules';
import { CONTACT_MAX, DESCRIPTION_MAX as REPORT_DESCRIPTION_MAX, MESSAGE_MAX, REAL_NAME_MAX, REASON_MAX as REPORT_REASON_MAX } from '../domain/report-rules';
import { NOTE_MAX as PROCEDURE_NOTE_MAX } from '../services/register/procedure';

// The length limits of form fields, taken from the rules that judge them: templates set maxlength from these
// (`limits` in every view), so the browser never allows more, or less, than the server accepts.
export const FIELD_LIMITS = Object.freeze({
  email: EMAIL_MAX,
  itemText: ITEM_TEXT_MAX,
  name: NAME_MAX,
  portfolio: PORTFOLIO_MAX,
  periodReason: PERIOD_REASON_MAX,
  password: MAX_PASSWORD_LENGTH,
  userName: USER_NAME_MAX,
  reportDescription: REPORT_DESCRIPTION_MAX,
  realName: REAL_NAME_MAX,
  contact: CONTACT_MAX,
  reportMessage: MESSAGE_MAX,
  reportReason: REPORT_REASON_MAX,
  measureDescription: MEASURE_DESCRIPTION_MAX,
  measureOwner: MEASURE_OWNER_MAX,
  measureNotes: MEASURE_NOTES_MAX,
  findingSummary: FINDING_SUMMARY_MAX,
  duty: DUTY_MAX,
  person: PERSON_MAX,
  decisionReason: DECISION_REASON_MAX,
  procedureNote: PROCEDURE_NOTE_MAX,
});
