import type { Knex } from 'knex';

// Item scope (DESIGN.md §2): `post` (asked about every post) or `unit` (asked once per response). Every existing item
// was asked per post, so the default keeps existing versions, and the periods that pinned them, as they are.

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('questionnaire_items', (t) => {
    t.string('scope', 8).notNullable().defaultTo('post');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('questionnaire_items', (t) => {
    t.dropColumn('scope');
  });
}
