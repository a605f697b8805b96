import type { Knex } from 'knex';

// The report side carries no order of filing and no time finer than the day (DESIGN.md §4, issue 13).
// - Messages, status changes and attachments get `seq`, their place among their report's rows: with random ids it is
//   what orders a report page. Existing rows get their order from the old sequential ids.
// - An attachment's type, size and name move inside one sealed value, `meta_enc` (written by the application, which
//   holds the key: existing rows are converted at start); the plaintext columns become nullable and stay empty.
// - A recusal keeps its day (`created_on`) instead of an epoch-ms time.
const ORDERED = ['report_messages', 'report_status_changes', 'report_attachments'];

export async function up(knex: Knex): Promise<void> {
  const pg = knex.client.config.client === 'pg';
  for (const table of ORDERED) {
    await knex.schema.alterTable(table, (t) => {
      t.integer('seq').notNullable().defaultTo(0);
    });
    await knex.raw(`UPDATE ${table} SET seq = (SELECT COUNT(*) FROM ${table} AS earlier WHERE earlier.report_id = ${table}.report_id AND earlier.id <= ${table}.id)`);
  }
  await knex.schema.alterTable('report_attachments', (t) => {
    t.text('meta_enc').nullable();
    t.text('filename_enc').nullable().alter();
    t.string('mime', 100).nullable().alter();
    t.integer('size').nullable().alter();
  });
  await knex.schema.alterTable('report_recusals', (t) => {
    t.string('created_on', 10).nullable();
  });
  await knex.raw(
    pg
      ? "UPDATE report_recusals SET created_on = to_char(to_timestamp(created_at / 1000.0) AT TIME ZONE 'UTC', 'YYYY-MM-DD')"
      : "UPDATE report_recusals SET created_on = date(created_at / 1000, 'unixepoch')",
  );
  await knex.schema.alterTable('report_recusals', (t) => {
    t.dropColumn('created_at');
  });
  await knex.schema.alterTable('report_recusals', (t) => {
    t.string('created_on', 10).notNullable().alter();
  });
}

export async function down(knex: Knex): Promise<void> {
  const pg = knex.client.config.client === 'pg';
  await knex.schema.alterTable('report_recusals', (t) => {
    t.bigInteger('created_at').nullable();
  });
  await knex.raw(pg ? "UPDATE report_recusals SET created_at = (extract(epoch from created_on::date) * 1000)::bigint" : "UPDATE report_recusals SET created_at = strftime('%s', created_on) * 1000");
  await knex.schema.alterTable('report_recusals', (t) => {
    t.dropColumn('created_on');
  });
  await knex.schema.alterTable('report_attachments', (t) => {
    t.dropColumn('meta_enc');
  });
  for (const table of ORDERED) {
    await knex.schema.alterTable(table, (t) => {
      t.dropColumn('seq');
    });
  }
}
