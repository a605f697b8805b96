import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { backupDatabase } from '../../server/services/backup';
import { createTestContext, usingPostgres } from '../helpers/context';
import { createPost, createUnit } from '../helpers/factories';
import { createCodes, createPeriod, fullAnswers } from '../helpers/survey-factories';

// Both SQLite drivers knex supports (SQLITE_DRIVER): the default better-sqlite3 and the older sqlite3 give the same
// answers on the paths where a driver difference would show — a write transaction racing another, RETURNING ids,
// booleans, a unique violation, a backup with VACUUM INTO.
const onSqlite = usingPostgres() ? describe.skip : describe;

onSqlite.each(['better-sqlite3', 'sqlite3'])('SQLite through %s', (driver) => {
  test('survey submissions: one code wins once, releases happen at k, the unique key is enforced, a backup holds it all', async () => {
    const ctx = await createTestContext({ SQLITE_DRIVER: driver });
    try {
      expect(ctx.deps.config.database.sqliteDriver).toBe(driver);
      const unit = await createUnit(ctx.deps.db, { name: '驱动局' });
      await createPost(ctx.deps.db, unit.id, { key: 'chief', title: '局长' });
      const period = await createPeriod(ctx.deps.db);
      const codes = await createCodes(ctx.deps, period.id, unit.id, 6);
      const answers = await fullAnswers(ctx.deps.db, period.id, unit.id);
      const submit = (code: string) => request(ctx.app).post('/survey/submit').type('form').send({ code, ...answers });

      const raced = await Promise.all([submit(codes[0]), submit(codes[0]), submit(codes[0])]);
      expect(raced.filter((r) => r.status === 303)).toHaveLength(1);
      for (const loser of raced.filter((r) => r.status !== 303)) {
        expect([400, 409]).toContain(loser.status); // refused at the entry check or at the atomic claim
        expect(loser.text).toContain('此问卷码已经使用过');
      }
      for (const code of codes.slice(1, 5)) expect((await submit(code)).status).toBe(303);
      const releases = await ctx.deps.db('releases').where({ period_id: period.id, unit_id: unit.id }).select('response_count');
      expect(releases).toEqual([{ response_count: 5 }]);
      expect(await ctx.deps.db('access_codes').where({ used: true }).count({ n: '*' }).first()).toEqual({ n: 5 });

      // better-sqlite3 builds its errors in the realm that loaded it first, which under Jest may be another test file's:
      // check the message, not instanceof Error.
      const duplicate = await createUnit(ctx.deps.db, { key: unit.key }).then(() => 'stored', (err: { message?: string }) => String(err?.message));
      expect(duplicate).toMatch(/UNIQUE constraint failed: units\.key/);

      const out = path.join(ctx.deps.config.dataDir, 'backup', 'copy.db');
      const result = await backupDatabase(ctx.deps.db, ctx.deps.config, out);
      expect(result.method).toBe('sqlite-vacuum-into');
      expect(fs.statSync(out).size).toBeGreaterThan(0);
    } finally {
      await ctx.close();
    }
  });
});
