import type { Knex } from 'knex';
import type { QuotaUse } from '../../domain/followup-quota';

// The follow-up quota's counters (domain/followup-quota.ts): one row per report and day, added to with an upsert
// (the same SQL on both databases), deleted once its day is over.

export async function quotaUsed(db: Knex, reportId: number, day: string): Promise<QuotaUse> {
  const row = await db('report_followup_quota').where({ report_id: reportId, day }).first('replies', 'upload_mb');
  return { replies: Number(row?.replies ?? 0), uploadMb: Number(row?.upload_mb ?? 0) };
}

/** Adds to today's use; uploads are charged before they are rendered (a refused file costs the server too). */
export async function chargeQuota(db: Knex, reportId: number, day: string, use: Partial<QuotaUse>): Promise<void> {
  const replies = use.replies ?? 0;
  const uploadMb = use.uploadMb ?? 0;
  if (replies === 0 && uploadMb === 0) return;
  await db('report_followup_quota')
    .insert({ report_id: reportId, day, replies, upload_mb: uploadMb })
    .onConflict(['report_id', 'day'])
    .merge({ replies: db.raw('report_followup_quota.replies + ?', [replies]), upload_mb: db.raw('report_followup_quota.upload_mb + ?', [uploadMb]) });
}

/** Forgets the counts of past days (daily retention); returns how many rows went. */
export async function purgeQuota(db: Knex, today: string): Promise<number> {
  return db('report_followup_quota').where('day', '<', today).delete();
}
