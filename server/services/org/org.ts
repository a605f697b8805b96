import type { Knex } from 'knex';
import { bool, insertedId } from '../../db/dialect';
import { POWER_TYPES } from '../../domain/dimensions';
import type { OrgFile } from '../../domain/org-file';
import { postChangeTriggers } from '../../domain/register/reassess-rules';
import { flagReassessment } from '../register/reassess';

export interface ImportSummary {
  unitsCreated: number;
  unitsUpdated: number;
  postsCreated: number;
  postsUpdated: number;
}

/** Imports units and posts in one transaction, updating by key; anything failing leaves the database unchanged. */
export async function importOrg(db: Knex, file: OrgFile, now: number): Promise<ImportSummary> {
  const summary: ImportSummary = { unitsCreated: 0, unitsUpdated: 0, postsCreated: 0, postsUpdated: 0 };
  await db.transaction(async (trx) => {
    for (const unit of file.units) {
      const existing = await trx('units').where({ key: unit.key }).first('id');
      let unitId: number;
      if (existing) {
        unitId = existing.id;
        await trx('units').where({ id: unitId }).update({ name: unit.name });
        summary.unitsUpdated++;
      } else {
        const [row] = await trx('units').insert({ key: unit.key, name: unit.name, created_at: now }).returning('id');
        unitId = insertedId(row);
        summary.unitsCreated++;
      }
      for (const [index, post] of unit.posts.entries()) {
        const values = {
          title: post.title,
          portfolio: post.portfolio,
          chief: post.chief,
          power_decision: post.power.decision,
          power_personnel: post.power.personnel,
          power_finance: post.power.finance,
          power_procurement: post.power.procurement,
          power_enforcement: post.power.enforcement,
          sort_order: index,
        };
        const found = await trx('posts').where({ unit_id: unitId, key: post.key }).first();
        if (found) {
          await trx('posts').where({ id: found.id }).update(values);
          const before = { holderName: found.holder_name, power: Object.fromEntries(POWER_TYPES.map((t) => [t, Number(found[`power_${t}`])])) as typeof post.power };
          for (const trigger of postChangeTriggers(before, { holderName: found.holder_name, power: post.power })) await flagReassessment(trx, found.id, trigger, now);
          summary.postsUpdated++;
        } else {
          await trx('posts').insert({ ...values, unit_id: unitId, key: post.key, created_at: now });
          summary.postsCreated++;
        }
      }
    }
  });
  return summary;
}

/** The organisation in the import format (archived units and posts left out). */
export async function exportOrg(db: Knex): Promise<OrgFile> {
  const units = await db('units').whereNull('archived_at').orderBy('key');
  const posts = await db('posts').whereNull('archived_at').orderBy(['unit_id', 'sort_order', 'id']);
  return {
    units: units.map((u) => ({
      key: u.key,
      name: u.name,
      posts: posts
        .filter((p) => p.unit_id === u.id)
        .map((p) => ({
          key: p.key,
          title: p.title,
          portfolio: p.portfolio,
          chief: bool(p.chief),
          power: { decision: p.power_decision, personnel: p.power_personnel, finance: p.power_finance, procurement: p.power_procurement, enforcement: p.power_enforcement },
        })),
    })),
  };
}
