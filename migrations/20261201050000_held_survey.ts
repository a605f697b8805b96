import crypto from 'node:crypto';
import type { Knex } from 'knex';

// Held and released survey data (DESIGN.md §4). A submission is stored as held rows, apart from everything a figure
// reads; a release moves whole cells (post, item) or (unit, item) of at least k answers into released tables in
// random order and rewrites what stays held. Only non-"don't know" answers are kept: "don't know" enters no figure.
// post_id = 0 marks the answer to a unit-scope item (DESIGN.md §2), so held and released answers carry no foreign
// key to posts. The per-response tables `responses` and `answers` (which kept submission-time row versions and
// answered which response had which comment) are replaced.

const isPg = (knex: Knex) => knex.client.config.client === 'pg';

/** On SQLite a table keyed by a random id is stored in key order (WITHOUT ROWID), so page order carries no arrival order. */
async function withoutRowid(knex: Knex, table: string): Promise<void> {
  if (isPg(knex)) return;
  const created = await knex('sqlite_master').where({ type: 'table', name: table }).first('sql');
  const indexes = await knex('sqlite_master').where({ type: 'index', tbl_name: table }).whereNotNull('sql').select('sql');
  await knex.schema.dropTable(table);
  await knex.raw(`${created.sql} WITHOUT ROWID`);
  for (const index of indexes) await knex.raw(index.sql);
}

const randomId = () => crypto.randomBytes(16).toString('hex');

function shuffled<T>(list: T[]): T[] {
  const out = [...list];
  for (let i = out.length - 1; i > 0; i--) {
    const j = crypto.randomInt(i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('held_responses', (t) => {
    t.string('id', 32).primary();
    t.integer('period_id').notNullable().references('periods.id');
    t.integer('unit_id').notNullable().references('units.id');
    t.text('comment').nullable();
    // Counted in N_u (and its comment released) by a batch of at least k responses.
    t.boolean('counted').notNullable().defaultTo(false);
    // The random id its released answers carry, given at the first release that moves any of them.
    t.string('released_as', 32).nullable();
    t.index(['period_id', 'unit_id']);
  });
  await withoutRowid(knex, 'held_responses');

  await knex.schema.createTable('held_answers', (t) => {
    t.string('held_response_id', 32).notNullable();
    t.integer('period_id').notNullable().references('periods.id');
    t.integer('unit_id').notNullable().references('units.id');
    t.integer('post_id').notNullable(); // 0: a unit-scope item
    t.integer('item_id').notNullable().references('questionnaire_items.id');
    t.integer('value').notNullable(); // 1..5; "don't know" is not stored
    t.primary(['held_response_id', 'post_id', 'item_id']);
    t.index(['period_id', 'unit_id', 'post_id', 'item_id']);
  });
  await withoutRowid(knex, 'held_answers');

  await knex.schema.createTable('released_answers', (t) => {
    t.string('response_id', 32).notNullable();
    t.integer('period_id').notNullable().references('periods.id');
    t.integer('unit_id').notNullable().references('units.id');
    t.integer('post_id').notNullable(); // 0: a unit-scope item
    t.integer('item_id').notNullable().references('questionnaire_items.id');
    t.integer('value').notNullable();
    t.primary(['response_id', 'post_id', 'item_id']);
    t.index(['period_id', 'unit_id', 'post_id']);
  });
  await withoutRowid(knex, 'released_answers');

  await knex.schema.createTable('survey_unit_aggregates', (t) => {
    t.integer('period_id').notNullable().references('periods.id');
    t.integer('unit_id').notNullable().references('units.id');
    t.integer('item_id').notNullable().references('questionnaire_items.id');
    for (const c of ['c1', 'c2', 'c3', 'c4', 'c5']) t.integer(c).notNullable().defaultTo(0);
    t.primary(['period_id', 'unit_id', 'item_id']);
  });

  await knex.schema.createTable('survey_comments', (t) => {
    t.string('id', 32).primary();
    t.integer('period_id').notNullable().references('periods.id');
    t.integer('unit_id').notNullable().references('units.id');
    t.text('comment').notNullable();
    t.index(['period_id', 'unit_id']);
  });
  await withoutRowid(knex, 'survey_comments');

  // Existing data: released responses keep their figures (already in the aggregates), their comments become released
  // comments and their answers released answers under new ids; unreleased responses become held.
  const responses: { id: string; period_id: number; unit_id: number; release_id: number | null; comment: string | null }[] = await knex('responses').select();
  const newIds = new Map(responses.map((r) => [r.id, randomId()]));
  const comments = shuffled(responses.filter((r) => r.release_id !== null && r.comment && r.comment.trim() !== ''));
  for (const r of comments) await knex('survey_comments').insert({ id: randomId(), period_id: r.period_id, unit_id: r.unit_id, comment: r.comment });
  const held = responses.filter((r) => r.release_id === null);
  for (const r of held) await knex('held_responses').insert({ id: newIds.get(r.id), period_id: r.period_id, unit_id: r.unit_id, comment: r.comment, counted: false, released_as: null });
  const byId = new Map(responses.map((r) => [r.id, r]));
  const answers: { response_id: string; post_id: number; item_id: number; value: number | null }[] = await knex('answers').whereNotNull('value').select();
  for (const a of shuffled(answers)) {
    const r = byId.get(a.response_id);
    if (!r) continue;
    const row = { period_id: r.period_id, unit_id: r.unit_id, post_id: a.post_id, item_id: a.item_id, value: a.value };
    if (r.release_id === null) await knex('held_answers').insert({ held_response_id: newIds.get(r.id), ...row });
    else await knex('released_answers').insert({ response_id: newIds.get(r.id), ...row });
  }
  await knex('survey_aggregates').update({ cna: 0 });

  await knex.schema.dropTable('answers');
  await knex.schema.dropTable('responses');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.createTable('responses', (t) => {
    t.string('id', 32).primary();
    t.integer('period_id').notNullable().references('periods.id');
    t.integer('unit_id').notNullable().references('units.id');
    t.integer('release_id').nullable().references('releases.id');
    t.text('comment').nullable();
    t.index(['period_id', 'unit_id', 'release_id']);
  });
  await knex.schema.createTable('answers', (t) => {
    t.string('response_id', 32).notNullable().references('responses.id');
    t.integer('post_id').notNullable().references('posts.id');
    t.integer('item_id').notNullable().references('questionnaire_items.id');
    t.integer('value').nullable();
    t.primary(['response_id', 'post_id', 'item_id']);
  });
  for (const table of ['survey_comments', 'survey_unit_aggregates', 'released_answers', 'held_answers', 'held_responses']) await knex.schema.dropTable(table);
}
