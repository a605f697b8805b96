import type { Knex } from 'knex';

// Public forms that file something (a report, a reporter's reply) carry a random token; its hash is kept here so that
// the same form posted twice (reload, back and resubmit, a double click) files once. A row names no report, message,
// address or time: only the day after which it may be purged.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('form_tokens', (t) => {
    t.string('token_hash', 64).primary();
    t.string('kept_until', 10).notNullable().index();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('form_tokens');
}
