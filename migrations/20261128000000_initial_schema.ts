import type { Knex } from 'knex';

// The whole domain schema of DESIGN.md §2. Conventions: *_at = epoch milliseconds (committee actions only),
// *_on = 'YYYY-MM-DD' text (no time zone surprises, and no precise time for anonymous acts).
// Anonymity (§4): responses and answers have no time columns and no reference to access codes; their ids are random
// text and, on SQLite, the tables are WITHOUT ROWID so rows are stored in random-id order, not insertion order.

// knex cannot say WITHOUT ROWID, so on SQLite the (still empty) table is re-created from its own DDL with it.
async function withoutRowid(knex: Knex, table: string): Promise<void> {
  if (knex.client.config.client === 'pg') return;
  const created = await knex('sqlite_master').where({ type: 'table', name: table }).first('sql');
  const indexes = await knex('sqlite_master').where({ type: 'index', tbl_name: table }).whereNotNull('sql').select('sql');
  await knex.schema.dropTable(table);
  await knex.raw(`${created.sql} WITHOUT ROWID`);
  for (const index of indexes) await knex.raw(index.sql);
}

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('units', (t) => {
    t.increments('id');
    t.string('key', 64).notNullable().unique();
    t.string('name', 200).notNullable();
    t.bigInteger('archived_at').nullable();
    t.bigInteger('created_at').notNullable();
  });

  await knex.schema.createTable('posts', (t) => {
    t.increments('id');
    t.integer('unit_id').notNullable().references('units.id');
    t.string('key', 64).notNullable();
    t.string('title', 200).notNullable();
    t.string('portfolio', 500).notNullable().defaultTo('');
    t.boolean('chief').notNullable().defaultTo(false);
    t.string('holder_name', 200).nullable();
    t.integer('power_decision').notNullable().defaultTo(0);
    t.integer('power_personnel').notNullable().defaultTo(0);
    t.integer('power_finance').notNullable().defaultTo(0);
    t.integer('power_procurement').notNullable().defaultTo(0);
    t.integer('power_enforcement').notNullable().defaultTo(0);
    t.integer('sort_order').notNullable().defaultTo(0);
    t.bigInteger('archived_at').nullable();
    t.bigInteger('created_at').notNullable();
    t.unique(['unit_id', 'key']);
  });

  await knex.schema.createTable('questionnaires', (t) => {
    t.increments('id');
    t.integer('version').notNullable().unique();
    t.boolean('frozen').notNullable().defaultTo(false);
    t.bigInteger('created_at').notNullable();
  });

  await knex.schema.createTable('questionnaire_items', (t) => {
    t.increments('id');
    t.integer('questionnaire_id').notNullable().references('questionnaires.id');
    t.string('key', 64).notNullable();
    t.string('dimension', 32).notNullable();
    t.string('polarity', 1).notNullable();
    t.text('text_zh').notNullable();
    t.text('text_en').notNullable();
    t.integer('sort_order').notNullable().defaultTo(0);
    t.boolean('retired').notNullable().defaultTo(false);
    t.unique(['questionnaire_id', 'key']);
  });

  await knex.schema.createTable('periods', (t) => {
    t.increments('id');
    t.string('key', 64).notNullable().unique();
    t.string('name', 200).notNullable();
    t.string('starts_on', 10).notNullable();
    t.string('ends_on', 10).notNullable();
    t.string('state', 16).notNullable().defaultTo('draft');
    t.integer('questionnaire_id').nullable().references('questionnaires.id');
    t.text('params_json').nullable();
    t.bigInteger('opened_at').nullable();
    t.bigInteger('closed_at').nullable();
    t.bigInteger('created_at').notNullable();
  });

  await knex.schema.createTable('period_snapshots', (t) => {
    t.increments('id');
    t.integer('period_id').notNullable().references('periods.id');
    t.integer('version').notNullable().defaultTo(1);
    t.text('snapshot_json').notNullable();
    t.bigInteger('created_at').notNullable();
    t.unique(['period_id', 'version']);
  });

  await knex.schema.createTable('code_batches', (t) => {
    t.string('id', 32).primary();
    t.integer('period_id').notNullable().references('periods.id');
    t.integer('unit_id').notNullable().references('units.id');
    t.string('kind', 16).notNullable();
    t.integer('code_count').notNullable();
    t.integer('created_by').nullable();
    t.bigInteger('created_at').notNullable();
    t.bigInteger('revoked_at').nullable();
  });

  await knex.schema.createTable('access_codes', (t) => {
    t.string('code_hash', 64).primary();
    t.string('batch_id', 32).notNullable().references('code_batches.id');
    t.integer('period_id').notNullable().references('periods.id');
    t.integer('unit_id').notNullable().references('units.id');
    t.boolean('used').notNullable().defaultTo(false);
  });
  await withoutRowid(knex, 'access_codes');

  await knex.schema.createTable('releases', (t) => {
    t.increments('id');
    t.integer('period_id').notNullable().references('periods.id');
    t.integer('unit_id').notNullable().references('units.id');
    t.integer('response_count').notNullable();
    t.string('released_on', 10).notNullable();
    t.index(['period_id', 'unit_id']);
  });

  await knex.schema.createTable('responses', (t) => {
    t.string('id', 32).primary();
    t.integer('period_id').notNullable().references('periods.id');
    t.integer('unit_id').notNullable().references('units.id');
    t.integer('release_id').nullable().references('releases.id');
    t.text('comment').nullable();
    t.index(['period_id', 'unit_id', 'release_id']);
  });
  await withoutRowid(knex, 'responses');

  await knex.schema.createTable('answers', (t) => {
    t.string('response_id', 32).notNullable().references('responses.id');
    t.integer('post_id').notNullable().references('posts.id');
    t.integer('item_id').notNullable().references('questionnaire_items.id');
    t.integer('value').nullable(); // 1..5, NULL = "don't know"
    t.primary(['response_id', 'post_id', 'item_id']);
  });
  await withoutRowid(knex, 'answers');

  // Released figures kept up to date at release time, so result pages cost posts × items, not responses.
  await knex.schema.createTable('survey_aggregates', (t) => {
    t.integer('period_id').notNullable().references('periods.id');
    t.integer('unit_id').notNullable().references('units.id');
    t.integer('post_id').notNullable().references('posts.id');
    t.integer('item_id').notNullable().references('questionnaire_items.id');
    t.integer('c1').notNullable().defaultTo(0);
    t.integer('c2').notNullable().defaultTo(0);
    t.integer('c3').notNullable().defaultTo(0);
    t.integer('c4').notNullable().defaultTo(0);
    t.integer('c5').notNullable().defaultTo(0);
    t.integer('cna').notNullable().defaultTo(0);
    t.primary(['period_id', 'post_id', 'item_id']);
    t.index(['period_id', 'unit_id']);
  });

  await knex.schema.createTable('survey_post_totals', (t) => {
    t.integer('period_id').notNullable().references('periods.id');
    t.integer('unit_id').notNullable().references('units.id');
    t.integer('post_id').notNullable().references('posts.id');
    t.integer('respondents').notNullable().defaultTo(0);
    t.primary(['period_id', 'post_id']);
  });

  await knex.schema.createTable('users', (t) => {
    t.increments('id');
    t.string('email', 254).notNullable().unique();
    t.string('name', 200).notNullable();
    t.string('role', 16).notNullable();
    t.boolean('all_units').notNullable().defaultTo(false);
    t.string('password_hash', 255).notNullable();
    t.text('totp_secret_enc').nullable();
    t.boolean('totp_enabled').notNullable().defaultTo(false);
    t.text('recovery_codes_json').nullable();
    t.integer('failed_logins').notNullable().defaultTo(0);
    t.bigInteger('first_failed_at').nullable();
    t.bigInteger('locked_until').nullable();
    t.bigInteger('disabled_at').nullable();
    t.bigInteger('created_at').notNullable();
  });

  await knex.schema.createTable('user_units', (t) => {
    t.integer('user_id').notNullable().references('users.id');
    t.integer('unit_id').notNullable().references('units.id');
    t.primary(['user_id', 'unit_id']);
  });

  // Conflict of interest: posts a committee user holds; reports about them never reach that user.
  await knex.schema.createTable('user_posts', (t) => {
    t.integer('user_id').notNullable().references('users.id');
    t.integer('post_id').notNullable().references('posts.id');
    t.primary(['user_id', 'post_id']);
  });

  await knex.schema.createTable('sessions', (t) => {
    t.string('id_hash', 64).primary();
    t.integer('user_id').notNullable().references('users.id');
    t.string('csrf_token', 64).notNullable();
    t.boolean('second_factor_pending').notNullable().defaultTo(false);
    t.bigInteger('created_at').notNullable();
    t.bigInteger('last_seen_at').notNullable();
    t.index(['user_id']);
  });

  await knex.schema.createTable('reports', (t) => {
    t.increments('id');
    t.string('receipt_hash', 128).notNullable().unique();
    t.integer('unit_id').notNullable().references('units.id');
    t.integer('post_id').nullable().references('posts.id');
    t.string('matter', 32).notNullable();
    t.string('behaviour', 32).notNullable();
    t.string('channel', 32).nullable();
    t.string('occurred_on', 10).nullable();
    t.text('description_enc').nullable();
    t.boolean('named').notNullable().defaultTo(false);
    t.text('real_name_enc').nullable();
    t.text('contact_enc').nullable();
    t.string('status', 32).notNullable().defaultTo('new');
    t.string('closed_with', 32).nullable();
    t.string('received_on', 10).notNullable();
    t.string('acknowledged_on', 10).nullable();
    t.string('closed_on', 10).nullable();
    t.string('acknowledge_due_on', 10).nullable();
    t.string('outcome_due_on', 10).nullable();
    t.integer('assigned_to').nullable().references('users.id');
    t.string('purged_on', 10).nullable();
    t.index(['unit_id', 'status']);
    t.index(['post_id']);
  });

  await knex.schema.createTable('report_status_changes', (t) => {
    t.increments('id');
    t.integer('report_id').notNullable().references('reports.id');
    t.string('from_status', 32).nullable();
    t.string('to_status', 32).notNullable();
    t.text('reason_enc').nullable();
    t.integer('actor_id').nullable().references('users.id');
    t.string('changed_on', 10).notNullable();
    t.index(['report_id']);
  });

  await knex.schema.createTable('report_messages', (t) => {
    t.increments('id');
    t.integer('report_id').notNullable().references('reports.id');
    t.string('author', 16).notNullable(); // reporter | committee
    t.integer('author_user_id').nullable().references('users.id');
    t.boolean('internal').notNullable().defaultTo(false); // committee notes the reporter never sees
    t.text('body_enc').nullable();
    t.string('sent_on', 10).notNullable();
    t.index(['report_id']);
  });

  await knex.schema.createTable('report_attachments', (t) => {
    t.increments('id');
    t.integer('report_id').notNullable().references('reports.id');
    t.integer('message_id').nullable().references('report_messages.id');
    t.text('filename_enc').notNullable();
    t.string('mime', 100).notNullable();
    t.integer('size').notNullable();
    t.string('storage_key', 64).notNullable().unique();
    t.index(['report_id']);
  });

  await knex.schema.createTable('report_recusals', (t) => {
    t.integer('report_id').notNullable().references('reports.id');
    t.integer('user_id').notNullable().references('users.id');
    t.bigInteger('created_at').notNullable();
    t.primary(['report_id', 'user_id']);
  });

  await knex.schema.createTable('findings', (t) => {
    t.increments('id');
    t.integer('post_id').notNullable().references('posts.id');
    t.string('source', 32).notNullable(); // inspection | patrol | case | research
    t.integer('severity').notNullable();
    t.string('found_on', 10).notNullable();
    t.text('summary').notNullable();
    t.integer('created_by').nullable().references('users.id');
    t.bigInteger('created_at').notNullable();
    t.index(['post_id', 'found_on']);
  });

  await knex.schema.createTable('measures', (t) => {
    t.increments('id');
    t.integer('post_id').notNullable().references('posts.id');
    t.integer('period_id').nullable().references('periods.id');
    t.string('dimensions', 200).notNullable(); // comma-separated dimension keys
    t.text('description').notNullable();
    t.string('owner', 200).notNullable();
    t.string('due_on', 10).nullable();
    t.string('status', 32).notNullable().defaultTo('planned');
    t.text('review_notes').nullable();
    t.string('next_review_on', 10).nullable();
    t.integer('created_by').nullable().references('users.id');
    t.bigInteger('created_at').notNullable();
    t.bigInteger('updated_at').notNullable();
    t.index(['post_id']);
  });

  // Append-only, hash-chained: each hash covers the previous hash and the event's canonical content.
  await knex.schema.createTable('audit_events', (t) => {
    t.increments('id');
    t.bigInteger('at').notNullable();
    t.integer('actor_id').nullable();
    t.string('actor_label', 254).notNullable();
    t.string('action', 64).notNullable();
    t.string('object_type', 32).nullable();
    t.string('object_id', 64).nullable();
    t.text('details_json').notNullable();
    t.string('prev_hash', 64).notNullable();
    t.string('hash', 64).notNullable().unique();
  });

  // Durable outbox: written in the same transaction as the event; a worker sends with retries and back-off.
  await knex.schema.createTable('mail_outbox', (t) => {
    t.increments('id');
    t.string('kind', 32).notNullable();
    t.string('recipient', 254).notNullable();
    t.string('subject', 300).notNullable();
    t.text('body').nullable(); // invitations: deleted once sent
    t.string('status', 16).notNullable().defaultTo('pending');
    t.integer('attempts').notNullable().defaultTo(0);
    t.bigInteger('next_attempt_at').notNullable();
    t.text('last_error').nullable();
    t.string('locked_by', 64).nullable();
    t.bigInteger('locked_until').nullable();
    t.bigInteger('created_at').notNullable();
    t.bigInteger('sent_at').nullable();
    t.index(['status', 'next_attempt_at']);
  });

  await knex.schema.createTable('settings', (t) => {
    t.string('key', 64).primary();
    t.text('value_json').notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  const tables = [
    'settings', 'mail_outbox', 'audit_events', 'measures', 'findings', 'report_recusals', 'report_attachments',
    'report_messages', 'report_status_changes', 'reports', 'sessions', 'user_posts', 'user_units', 'users',
    'survey_post_totals', 'survey_aggregates', 'answers', 'responses', 'releases', 'access_codes', 'code_batches',
    'period_snapshots', 'periods', 'questionnaire_items', 'questionnaires', 'posts', 'units',
  ];
  for (const table of tables) await knex.schema.dropTableIfExists(table);
}
