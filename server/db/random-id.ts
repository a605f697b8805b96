import crypto from 'node:crypto';
import type { Knex } from 'knex';

// Random row ids for the report side (DESIGN.md §4, issue 13). A report, message, status change or attachment gets a
// random positive integer in the int4 range instead of the next value of a sequence, so ids neither follow the order
// of filing nor interleave with the (sequential) ids of audited committee actions. Integers keep every `number` type,
// column type, foreign key and URL as it was; 31 bits make a collision rare, and a taken id is simply drawn again.
// (Two transactions drawing the same free id at the same instant would make one of them fail, at odds of about one in
// two billion per pair of concurrent filings.)

export const MAX_INT4 = 2_147_483_647;
const DRAWS = 8;

/** Inserts `row` under a random free id and returns the id. */
export async function insertWithRandomId(db: Knex, table: string, row: Record<string, unknown>): Promise<number> {
  for (let draw = 0; draw < DRAWS; draw++) {
    const id = crypto.randomInt(1, MAX_INT4 + 1);
    if (await db(table).where({ id }).first('id')) continue;
    await db(table).insert({ id, ...row });
    return id;
  }
  throw new Error(`no free random id in ${table} after ${DRAWS} draws`);
}

/**
 * The next place of a row among its report's rows (messages, status changes, attachments): the order a report page
 * shows them in, now that ids carry no order. It orders rows within one report only.
 */
export async function nextSeq(db: Knex, table: string, reportId: number): Promise<number> {
  const row = await db(table).where({ report_id: reportId }).max({ seq: 'seq' }).first();
  return Number(row?.seq ?? 0) + 1;
}
