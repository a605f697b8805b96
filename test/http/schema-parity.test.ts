import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import knexFactory from 'knex';
import { loadConfig } from '../../server/config';
import { createDb, migrateLatest, migrateRollbackAll } from '../../server/db/knex';
import { schemaShape } from '../../server/db/introspect';
import { usingPostgres } from '../helpers/context';

// Migrates an empty SQLite file and (under `npm run test:pg`) an empty PostgreSQL schema, and compares them.
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'qingfeng-schema-'));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

async function sqliteShape() {
  const db = createDb(loadConfig({ DATA_DIR: dataDir }));
  try {
    await migrateLatest(db);
    return await schemaShape(db);
  } finally {
    await db.destroy();
  }
}

test('an empty SQLite database migrates to the whole domain schema, with no time on held or released survey rows', async () => {
  const shape = await sqliteShape();
  for (const table of ['units', 'posts', 'periods', 'questionnaires', 'questionnaire_items', 'access_codes', 'held_responses', 'held_answers', 'released_answers', 'survey_comments', 'survey_unit_aggregates', 'reports', 'report_messages', 'report_attachments', 'findings', 'measures', 'users', 'sessions', 'audit_events', 'mail_outbox']) {
    expect(shape.tables[table]).toBeDefined();
  }
  expect(shape.tables.held_responses.columns).toEqual(['comment', 'counted', 'id', 'period_id', 'released_as', 'unit_id']);
  expect(shape.tables.held_answers.columns).toEqual(['held_response_id', 'item_id', 'period_id', 'post_id', 'unit_id', 'value']);
  expect(shape.tables.access_codes.columns).toEqual(['batch_id', 'code_hash', 'period_id', 'unit_id', 'used']);
});

test('migrations roll back to an empty database and forward again', async () => {
  const db = createDb(loadConfig({ DATA_DIR: dataDir }));
  try {
    await migrateLatest(db);
    await migrateRollbackAll(db);
    expect(Object.keys((await schemaShape(db)).tables)).toEqual([]);
    await migrateLatest(db);
    expect(Object.keys((await schemaShape(db)).tables).length).toBeGreaterThan(20);
  } finally {
    await db.destroy();
  }
});

(usingPostgres() ? test : test.skip)('SQLite and PostgreSQL end with the same tables, columns and indexes', async () => {
  const schema = `parity_${crypto.randomBytes(5).toString('hex')}`;
  const admin = knexFactory({ client: 'pg', connection: process.env.DATABASE_URL });
  await admin.raw(`CREATE SCHEMA ${schema}`);
  const pg = createDb(loadConfig({ DATABASE_URL: process.env.DATABASE_URL, DATABASE_SCHEMA: schema }));
  try {
    await migrateLatest(pg);
    expect(await schemaShape(pg)).toEqual(await sqliteShape());
  } finally {
    await pg.destroy();
    await admin.raw(`DROP SCHEMA ${schema} CASCADE`);
    await admin.destroy();
  }
});
