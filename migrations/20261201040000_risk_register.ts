import type { Knex } from 'knex';

// The risk-point register and the assessment procedure (DESIGN.md §2 Risk point, Assessment procedure, Dynamic
// adjustment). Risk points belong to a post and carry over from period to period until retired (never deleted);
// their level, and the post's decided level, are decided per period. Committee actions keep epoch ms (*_at) or a
// day (*_on); nothing here is about an anonymous act.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('risk_points', (t) => {
    t.increments('id');
    t.integer('post_id').notNullable().references('posts.id');
    t.string('key', 64).notNullable();
    t.string('power', 16).notNullable(); // one of the power types of §2
    t.string('duty', 500).notNullable(); // the concrete duty (职权事项), e.g. 干部选拔任用动议
    t.text('description').notNullable(); // 风险点描述
    t.text('manifestation').notNullable(); // 表现形式
    t.string('dimensions', 200).notNullable().defaultTo(''); // comma-separated dimension keys
    t.string('owner', 200).notNullable().defaultTo(''); // 责任人
    t.string('supervisor', 200).notNullable().defaultTo(''); // 监督人
    t.string('source', 16).notNullable(); // committee | holder | import
    t.integer('sort_order').notNullable().defaultTo(0);
    t.integer('created_by').nullable().references('users.id');
    t.bigInteger('created_at').notNullable();
    t.bigInteger('updated_at').notNullable();
    t.bigInteger('retired_at').nullable();
    t.integer('retired_by').nullable().references('users.id');
    t.unique(['post_id', 'key']);
  });

  await knex.schema.createTable('risk_point_findings', (t) => {
    t.integer('risk_point_id').notNullable().references('risk_points.id');
    t.integer('finding_id').notNullable().references('findings.id');
    t.primary(['risk_point_id', 'finding_id']);
    t.index(['finding_id']);
  });

  await knex.schema.createTable('risk_point_reports', (t) => {
    t.integer('risk_point_id').notNullable().references('risk_points.id');
    t.integer('report_id').notNullable().references('reports.id');
    t.primary(['risk_point_id', 'report_id']);
    t.index(['report_id']);
  });

  // A measure answers at most one risk point (the register lists it under it); no foreign key, so that SQLite can add
  // the column in place. The services keep it consistent (a risk point is never deleted, only retired).
  await knex.schema.alterTable('measures', (t) => {
    t.integer('risk_point_id').nullable();
    t.index(['risk_point_id']);
  });

  // 组织评定: the committee's level of a risk point in a period.
  await knex.schema.createTable('risk_point_levels', (t) => {
    t.integer('period_id').notNullable().references('periods.id');
    t.integer('risk_point_id').notNullable().references('risk_points.id');
    t.string('level', 8).notNullable();
    t.integer('decided_by').nullable().references('users.id');
    t.bigInteger('decided_at').notNullable();
    t.primary(['period_id', 'risk_point_id']);
  });

  // 组织评定: the committee's level of a post in a period, beside the computed level it was proposed (§3).
  await knex.schema.createTable('post_decisions', (t) => {
    t.integer('period_id').notNullable().references('periods.id');
    t.integer('post_id').notNullable().references('posts.id');
    t.string('computed_level', 8).notNullable();
    t.string('decided_level', 8).notNullable();
    t.text('reason').nullable();
    t.integer('decided_by').nullable().references('users.id');
    t.bigInteger('decided_at').notNullable();
    t.primary(['period_id', 'post_id']);
  });

  // The five steps of the procedure per (period, unit): a row per completed step (who and which day).
  await knex.schema.createTable('assessment_steps', (t) => {
    t.integer('period_id').notNullable().references('periods.id');
    t.integer('unit_id').notNullable().references('units.id');
    t.string('step', 32).notNullable();
    t.integer('done_by').nullable().references('users.id');
    t.string('done_by_label', 254).notNullable();
    t.string('done_on', 10).notNullable();
    t.text('note').nullable();
    t.primary(['period_id', 'unit_id', 'step']);
  });

  // 动态调整: a post whose level must be looked at again, until the committee confirms or changes it.
  await knex.schema.createTable('reassessments', (t) => {
    t.increments('id');
    t.integer('post_id').notNullable().references('posts.id');
    t.string('trigger', 32).notNullable(); // report | finding | holder | power
    t.string('raised_on', 10).notNullable();
    t.bigInteger('raised_at').notNullable();
    t.bigInteger('resolved_at').nullable();
    t.integer('resolved_by').nullable().references('users.id');
    t.integer('resolved_period_id').nullable().references('periods.id');
    t.index(['post_id', 'resolved_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['reassessments', 'assessment_steps', 'post_decisions', 'risk_point_levels', 'risk_point_reports', 'risk_point_findings']) {
    await knex.schema.dropTableIfExists(table);
  }
  await knex.schema.alterTable('measures', (t) => {
    t.dropIndex(['risk_point_id']);
    t.dropColumn('risk_point_id');
  });
  await knex.schema.dropTableIfExists('risk_points');
}
