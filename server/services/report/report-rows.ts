import type { Knex } from 'knex';
import { insertWithRandomId, nextSeq } from '../../db/random-id';

// The rows that hang off a report — status changes and messages (attachments: attachments.ts) — each under a random id
// (db/random-id.ts) and numbered in its report (`seq`), which is what orders a report page.

type ReportRow = Record<string, unknown> & { report_id: number };

/** A status change of a report; returns its id. */
export async function recordStatusChange(trx: Knex, change: ReportRow): Promise<number> {
  return insertWithRandomId(trx, 'report_status_changes', { ...change, seq: await nextSeq(trx, 'report_status_changes', change.report_id) });
}

/** A message (from the reporter, to the reporter, or an internal note); returns its id. */
export async function recordMessage(trx: Knex, message: ReportRow): Promise<number> {
  return insertWithRandomId(trx, 'report_messages', { ...message, seq: await nextSeq(trx, 'report_messages', message.report_id) });
}
