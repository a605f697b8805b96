import type { Knex } from 'knex';

// Daily quotas of the anonymous follow-up (DESIGN.md §5): replies and uploaded MiB per report and day. A row carries
// the day only (no time) and is deleted once its day is over.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('report_followup_quota', (t) => {
    t.integer('report_id').notNullable().references('reports.id');
    t.string('day', 10).notNullable();
    t.integer('replies').notNullable().defaultTo(0);
    t.integer('upload_mb').notNullable().defaultTo(0);
    t.primary(['report_id', 'day']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('report_followup_quota');
}
