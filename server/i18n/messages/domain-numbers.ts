import { CODE_SYMBOLS, MAX_BATCH } from '../../domain/access-code';
import { MAX_CONSISTENCY_RATIO } from '../../domain/ahp';
import { SUMMARY_MAX as FINDING_SUMMARY_MAX } from '../../domain/finding-rules';
import { REPLIES_PER_DAY, UPLOAD_MB_PER_DAY } from '../../domain/followup-quota';
import { POWER_LEVELS } from '../../domain/org-forms';
import { MIN_PASSWORD_LENGTH } from '../../domain/password-rules';
import { REASON_MAX as PERIOD_REASON_MAX } from '../../domain/period-rules';
import { DESCRIPTION_MAX, DESCRIPTION_MIN, MAX_FILE_BYTES, MAX_FILES, RECEIPT_DIGITS, SAME_CONTENT_MINUTES } from '../../domain/report-rules';
import { DEFAULT_REVIEW_DAYS } from '../../domain/review-schedule';
import { K_MAX, K_MIN } from '../../domain/risk-params';
import { COMMENT_MAX } from '../../domain/survey-form';
import { USER_NAME_MAX } from '../../domain/user-rules';

// The domain's numbers that messages quote (limits, lengths, quotas): each catalogue interpolates them from here, so
// the rule that judges a field stays their one home and a changed limit changes its message too. The only way from
// i18n into the domain (.dependency-cruiser.cjs); the domain is pure, so i18n stays a leaf for I/O.

/** English groups thousands with a comma ("10,000"); the zh-CN messages write the bare number. */
const grouped = (n: number): string => n.toLocaleString('en-US');

export const N = Object.freeze({
  accessCodeSymbols: CODE_SYMBOLS,
  codesPerBatch: MAX_BATCH,
  codesPerBatchEn: grouped(MAX_BATCH),
  passwordMin: MIN_PASSWORD_LENGTH,
  userNameMax: USER_NAME_MAX,
  sameContentMinutes: SAME_CONTENT_MINUTES,
  receiptDigits: RECEIPT_DIGITS,
  reportDescriptionMin: DESCRIPTION_MIN,
  reportDescriptionMax: DESCRIPTION_MAX,
  reportDescriptionMaxEn: grouped(DESCRIPTION_MAX),
  reportFiles: MAX_FILES,
  reportFileMb: MAX_FILE_BYTES / (1024 * 1024),
  repliesPerDay: REPLIES_PER_DAY,
  uploadMbPerDay: UPLOAD_MB_PER_DAY,
  commentMax: COMMENT_MAX,
  commentMaxEn: grouped(COMMENT_MAX),
  findingSummaryMax: FINDING_SUMMARY_MAX,
  findingSummaryMaxEn: grouped(FINDING_SUMMARY_MAX),
  periodReasonMax: PERIOD_REASON_MAX,
  kMin: K_MIN,
  kMax: K_MAX,
  maxConsistencyRatio: MAX_CONSISTENCY_RATIO.toFixed(2),
  powerLevelMin: POWER_LEVELS[0],
  powerLevelMax: POWER_LEVELS[POWER_LEVELS.length - 1],
  reviewDays: DEFAULT_REVIEW_DAYS,
});
