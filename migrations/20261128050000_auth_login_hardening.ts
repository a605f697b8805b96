import type { Knex } from 'knex';

// Sign-in hardening: the time of the last failed attempt (back-off between attempts) and, for TOTP replay
// protection, the time step of the last accepted code (a code of that step or earlier is refused).
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('users', (t) => {
    t.bigInteger('last_failed_at').nullable();
    t.bigInteger('totp_last_step').nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('users', (t) => {
    t.dropColumn('totp_last_step');
    t.dropColumn('last_failed_at');
  });
}
