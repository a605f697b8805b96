import type { Express } from 'express';
import type { Knex } from 'knex';
import request from 'supertest';
import type { AppDeps } from '../../server/deps';
import { reportIdForReceipt } from '../../server/services/report/report-followup';
import { createPost, createUnit } from './factories';

// Report-area test data: an organisation to report about, files with metadata, and filing through the real form.

export async function reportOrg(db: Knex) {
  const unit = await createUnit(db, { name: '甲市局' });
  const chief = await createPost(db, unit.id, { title: '局长', chief: true });
  const deputy = await createPost(db, unit.id, { title: '副局长（分管财务）' });
  const otherUnit = await createUnit(db, { name: '乙市局' });
  const otherPost = await createPost(db, otherUnit.id, { title: '政委' });
  return { unit, chief, deputy, otherUnit, otherPost };
}

export interface FilingFields {
  unit: string;
  post?: string;
  target_post?: string;
  matter?: string;
  behaviour?: string;
  occurred_on?: string;
  channel?: string;
  description?: string;
  real_name?: string;
  contact?: string;
}

export const DESCRIPTION = '某副局长于三月打电话给审批科，要求对其亲属的项目申请“特事特办”，并暗示事后宴请。';
let filings = 0;
/**
 * DESCRIPTION with a number of its own: the same content filed twice within 30 minutes is held back as a probable
 * resubmission (services/report/recent-report-contents.ts), so every filing that is not about that gets its own text.
 */
export const uniqueDescription = () => `${DESCRIPTION}（第 ${++filings} 份）`;

/** Files a report through the public form (multipart, like a browser); attachments as [name, bytes, type]. */
export function fileViaForm(app: Express, fields: FilingFields, files: Array<[string, Buffer, string]> = []): request.Test {
  const all: Record<string, string> = { post: '', target_post: '', matter: 'approval', behaviour: 'greeting', occurred_on: '2026-03', channel: 'phone', description: uniqueDescription(), real_name: '', contact: '', ...fields };
  let req = request(app).post('/report');
  for (const [name, value] of Object.entries(all)) req = req.field(name, value);
  for (const [name, bytes, type] of files) req = req.attach('attachments', bytes, { filename: name, contentType: type });
  return req;
}

/** The receipt as shown on the receipt page (element #receipt), in groups of four. */
export function receiptFrom(html: string): string {
  const match = /id="receipt"[^>]*>([\d ]+)</.exec(html);
  if (!match) throw new Error('no receipt on the page');
  return match[1];
}

export async function fileAndGetReceipt(app: Express, fields: FilingFields, files: Array<[string, Buffer, string]> = []): Promise<string> {
  const res = await fileViaForm(app, fields, files);
  if (res.status !== 200) throw new Error(`filing failed with ${res.status}`);
  return receiptFrom(res.text);
}

/** The id of the report a receipt opens (ids are random: the last filed is not the largest). */
export async function reportIdOf(deps: Pick<AppDeps, 'db' | 'secrets'>, receipt: string): Promise<number> {
  return reportIdForReceipt(deps.db, deps.secrets, receipt);
}

export async function reportCount(db: Knex): Promise<number> {
  return Number((await db('reports').count({ n: '*' }).first())?.n);
}
