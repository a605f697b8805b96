import type { Knex } from 'knex';

// At most one pending committee notice per recipient (DESIGN.md §4, digest): enforced by the database, so two reports
// arriving at the same moment on two instances still make one mail. Partial unique index; same SQL on both databases.
export async function up(knex: Knex): Promise<void> {
  await knex.raw("CREATE UNIQUE INDEX mail_outbox_one_pending_notice ON mail_outbox (recipient) WHERE kind = 'notice' AND status = 'pending'");
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX mail_outbox_one_pending_notice');
}
