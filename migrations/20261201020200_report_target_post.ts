import type { Knex } from 'knex';

// A report names two posts (DESIGN.md §2, §8): `post_id` is the post whose holder interfered (it feeds S), the new
// `target_post_id` the post that was approached (context on its page, never in S). Existing reports keep their post
// as `post_id` and have no target.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('reports', (t) => {
    t.integer('target_post_id').nullable().references('posts.id');
    t.index(['target_post_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('reports', (t) => {
    t.dropIndex(['target_post_id']);
    t.dropColumn('target_post_id');
  });
}
