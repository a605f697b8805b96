import type { Knex } from 'knex';
import type { Config } from '../../config';
import { addCalendarDays } from '../../domain/deadlines';
import { attachmentPath, removeFiles } from '../report/attachments';
import { recordAudit, SYSTEM_ACTOR } from './audit';

// Data retention (DESIGN.md §6): a report closed (or ended as duplicate/withdrawn) more than RETENTION_DAYS ago loses
// its content — description, name, contact, message bodies, status reasons and attachments — and keeps its status
// and dates, so that counts and the risk signal stay right.

/** Purges every report whose closing date is more than config.retentionDays before `today`; returns how many. */
export async function purgeClosedReports(db: Knex, config: Config, today: string, now: number = Date.now()): Promise<{ purged: number }> {
  const cutoff = addCalendarDays(today, -config.retentionDays);
  const due: Array<{ id: number }> = await db('reports').whereNotNull('closed_on').where('closed_on', '<', cutoff).whereNull('purged_on').select('id');
  if (due.length === 0) return { purged: 0 };
  const ids = due.map((r) => r.id);
  const files: string[] = [];
  await db.transaction(async (trx) => {
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      const attachments: Array<{ storage_key: string }> = await trx('report_attachments').whereIn('report_id', chunk).select('storage_key');
      files.push(...attachments.map((a) => attachmentPath(config, a.storage_key)));
      await trx('report_attachments').whereIn('report_id', chunk).delete();
      await trx('report_messages').whereIn('report_id', chunk).update({ body_enc: null });
      await trx('report_status_changes').whereIn('report_id', chunk).update({ reason_enc: null });
      await trx('reports').whereIn('id', chunk).update({ description_enc: null, real_name_enc: null, contact_enc: null, purged_on: today });
    }
    await recordAudit(trx, now, { ...SYSTEM_ACTOR, action: 'report.purge', objectType: 'report', details: { count: ids.length, cutoff } });
  });
  // Files go after the commit: a crash in between leaves unreadable orphans (sealed), never a report pointing at nothing.
  await removeFiles(files);
  return { purged: ids.length };
}
