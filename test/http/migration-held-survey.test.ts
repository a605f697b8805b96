import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import { loadConfig } from '../../server/config';
import { createDb } from '../../server/db/knex';
import { migrationSource } from '../../migrations';

// An installation that already holds survey responses upgrades to held and released data (migration
// 20261201050000_held_survey): released responses keep their figures and become released answers and shuffled
// comments under new ids; responses not yet released become held; "don't know" is dropped; the old tables go.

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'qingfeng-migrate-'));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

const BEFORE = '20261201040000_risk_register';
const upTo = (last: string): Knex.MigrationSource<string> => ({
  ...migrationSource,
  getMigrations: async () => (await migrationSource.getMigrations([])).filter((name) => name <= last),
});

test('responses and answers of an existing installation become released and held survey data', async () => {
  const db = createDb(loadConfig({ DATA_DIR: dataDir }));
  try {
    await db.migrate.latest({ migrationSource: upTo(BEFORE) });
    const [unitId] = (await db('units').insert({ key: 'u', name: 'U', created_at: 1 }).returning('id')).map((r) => (typeof r === 'object' ? r.id : r));
    const [postId] = (await db('posts').insert({ unit_id: unitId, key: 'p', title: 'P', created_at: 1 }).returning('id')).map((r) => (typeof r === 'object' ? r.id : r));
    const [qId] = (await db('questionnaires').insert({ version: 1, created_at: 1 }).returning('id')).map((r) => (typeof r === 'object' ? r.id : r));
    const [itemId] = (await db('questionnaire_items').insert({ questionnaire_id: qId, key: 'i', dimension: 'cost', polarity: '+', text_zh: 'i', text_en: 'i' }).returning('id')).map((r) => (typeof r === 'object' ? r.id : r));
    const [periodId] = (await db('periods').insert({ key: 'k', name: 'K', starts_on: '2026-01-01', ends_on: '2026-12-31', state: 'open', questionnaire_id: qId, created_at: 1 }).returning('id')).map((r) => (typeof r === 'object' ? r.id : r));
    const [releaseId] = (await db('releases').insert({ period_id: periodId, unit_id: unitId, response_count: 2, released_on: '2026-03-01' }).returning('id')).map((r) => (typeof r === 'object' ? r.id : r));
    const responses = [
      { id: 'a'.repeat(32), release_id: releaseId, comment: 'released comment', value: 4 },
      { id: 'b'.repeat(32), release_id: releaseId, comment: null, value: null },
      { id: 'c'.repeat(32), release_id: null, comment: 'held comment', value: 2 },
    ];
    for (const r of responses) {
      await db('responses').insert({ id: r.id, period_id: periodId, unit_id: unitId, release_id: r.release_id, comment: r.comment });
      await db('answers').insert({ response_id: r.id, post_id: postId, item_id: itemId, value: r.value });
    }
    await db('survey_aggregates').insert({ period_id: periodId, unit_id: unitId, post_id: postId, item_id: itemId, c4: 1, cna: 1 });

    await db.migrate.latest({ migrationSource });
    expect(await db.schema.hasTable('responses')).toBe(false);
    expect(await db.schema.hasTable('answers')).toBe(false);
    expect(await db('survey_comments').pluck('comment')).toEqual(['released comment']);
    const released = await db('released_answers').select('response_id', 'post_id', 'item_id', 'value');
    expect(released).toHaveLength(1);
    expect(released[0]).toMatchObject({ post_id: postId, item_id: itemId, value: 4 });
    expect(responses.map((r) => r.id)).not.toContain(released[0].response_id);
    const held = await db('held_responses').select('id', 'comment', 'counted');
    expect(held).toHaveLength(1);
    expect(held[0].comment).toBe('held comment');
    expect(await db('held_answers').where({ held_response_id: held[0].id }).pluck('value')).toEqual([2]);
    expect(await db('survey_aggregates').first('c4', 'cna')).toEqual({ c4: 1, cna: 0 });
  } finally {
    await db.destroy();
  }
});
