import type { Knex } from 'knex';
import * as initialSchema from './20261128000000_initial_schema';
import * as authLoginHardening from './20261128050000_auth_login_hardening';
import * as mailOnePendingNotice from './20261128051500_mail_one_pending_notice';
import * as formTokens from './20261129000000_form_tokens';
import * as followupQuota from './20261201020000_followup_quota';
import * as reportSideUnlinkable from './20261201020100_report_side_unlinkable';
import * as reportTargetPost from './20261201020200_report_target_post';
import * as invitationFailures from './20261201030000_invitation_failures';
import * as riskRegister from './20261201040000_risk_register';
import * as heldSurvey from './20261201050000_held_survey';
import * as questionnaireItemScope from './20261201060000_questionnaire_item_scope';

// The list of migrations, in order. Listing them here (knex's migrationSource API) lets the same code run from
// TypeScript sources (tests, tsx) and from the build output without a file-system loader. Add new ones at the end.
const MIGRATIONS: Array<[string, { up(k: Knex): Promise<void>; down(k: Knex): Promise<void> }]> = [
  ['20261128000000_initial_schema', initialSchema],
  ['20261128050000_auth_login_hardening', authLoginHardening],
  ['20261128051500_mail_one_pending_notice', mailOnePendingNotice],
  ['20261129000000_form_tokens', formTokens],
  ['20261201020000_followup_quota', followupQuota],
  ['20261201020100_report_side_unlinkable', reportSideUnlinkable],
  ['20261201020200_report_target_post', reportTargetPost],
  ['20261201030000_invitation_failures', invitationFailures],
  ['20261201040000_risk_register', riskRegister],
  ['20261201050000_held_survey', heldSurvey],
  ['20261201060000_questionnaire_item_scope', questionnaireItemScope],
];

export const migrationSource: Knex.MigrationSource<string> = {
  getMigrations: async () => MIGRATIONS.map(([name]) => name),
  getMigrationName: (name) => name,
  getMigration: async (name) => {
    const found = MIGRATIONS.find(([n]) => n === name);
    if (!found) throw new Error(`Unknown migration ${name}`);
    return found[1];
  },
};
