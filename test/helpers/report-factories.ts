import type { Express } from 'express';
import type { Knex } from 'knex';
import request from 'supertest';
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

const segment = (marker: number, payload: Buffer) => {
  const head = Buffer.alloc(4);
  head[0] = 0xff;
  head[1] = marker;
  head.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([head, payload]);
};

/** A minimal JPEG carrying an APP1 Exif segment with GPS data, an APP13 block and a comment. */
export function jpegWithGps(): Buffer {
  const exif = Buffer.concat([Buffer.from('Exif\0\0MM\0*\0\0\0\x08', 'latin1'), Buffer.from('GPSLatitude 39.9042N GPSLongitude 116.4074E', 'latin1')]);
  return Buffer.concat([
    Buffer.from([0xff, 0xd8]),
    segment(0xe0, Buffer.from('JFIF\0\x01\x01\0\0\x01\0\x01\0\0', 'latin1')),
    segment(0xe1, exif),
    segment(0xed, Buffer.from('Photoshop 3.0\0 8BIM author Zhang San', 'latin1')),
    segment(0xfe, Buffer.from('taken by Zhang San', 'latin1')),
    segment(0xdb, Buffer.alloc(65, 1)),
    segment(0xc0, Buffer.from([8, 0, 1, 0, 1, 1, 1, 0x11, 0])),
    segment(0xda, Buffer.from([1, 1, 0, 0, 0x3f, 0])),
    Buffer.from([0x12, 0x34, 0xff, 0x00, 0x56, 0xff, 0xd0, 0x78]),
    Buffer.from([0xff, 0xd9]),
  ]);
}

export interface FilingFields {
  unit: string;
  post?: string;
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
 * resubmission (services/recent-report-contents.ts), so every filing that is not about that gets its own text.
 */
export const uniqueDescription = () => `${DESCRIPTION}（第 ${++filings} 份）`;

/** Files a report through the public form (multipart, like a browser); attachments as [name, bytes, type]. */
export function fileViaForm(app: Express, fields: FilingFields, files: Array<[string, Buffer, string]> = []): request.Test {
  const all: Record<string, string> = { post: '', matter: 'approval', behaviour: 'greeting', occurred_on: '2026-03', channel: 'phone', description: uniqueDescription(), real_name: '', contact: '', ...fields };
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

export async function lastReportId(db: Knex): Promise<number> {
  const row = await db('reports').max<{ id: number }[]>({ id: 'id' }).first();
  return Number(row?.id);
}
