import type { Knex } from 'knex';

// Invitations the mail server refused (DESIGN.md §4): the address alone, with the survey it was for and the day, so an
// admin can invite it again. Its access code was revoked when it failed; no code or code hash is ever kept here.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('invitation_failures', (t) => {
    t.increments('id');
    t.integer('period_id').notNullable().references('periods.id');
    t.integer('unit_id').notNullable().references('units.id');
    t.string('address', 254).notNullable();
    t.string('failed_on', 10).notNullable();
    t.unique(['period_id', 'unit_id', 'address']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('invitation_failures');
}
