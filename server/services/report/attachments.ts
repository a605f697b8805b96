import crypto from 'node:crypto';
import { constants as fsConstants } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Knex } from 'knex';
import type { Config } from '../../config';
import { detectKind, downloadName, keptNameStem, MIME_OF, refusalMessage, type AttachmentKind } from '../../domain/attachment-rules';
import { MAX_FILE_BYTES } from '../../domain/report-rules';
import { insertWithRandomId, nextSeq } from '../../db/random-id';
import { dayStart } from '../../mail/schedule';
import type { AttachmentRenderer } from '../../render/pool';
import type { Secrets } from '../../secrets';
import { open, openBuffer, seal } from './encryption';

// Attachments (DESIGN.md §4): the type is judged by magic bytes, the file is re-rendered in the render pool and only
// that copy is sealed (AES-GCM) under $DATA_DIR/uploads/<random storage key>. The original name is kept (sealed) only
// when the reporter asks for it; otherwise the download name is generated.

export interface UploadedFile {
  originalName: string;
  bytes: Buffer;
}

/** A re-rendered copy, ready to store. */
export interface RenderedAttachment {
  kind: AttachmentKind;
  bytes: Buffer;
  originalName: string;
  /** Place among the files sent with the form (1-based), to name it back to the reporter. */
  position: number;
}

/** A file not taken, with the translated reason (message key and its parameters) to show the reporter. */
export interface RefusedAttachment {
  position: number;
  originalName: string;
  reason: { key: string; params: Record<string, number> };
}

export interface RenderedUploads {
  accepted: RenderedAttachment[];
  refused: RefusedAttachment[];
}

export function uploadsDir(config: Config): string {
  return path.join(config.dataDir, 'uploads');
}

async function renderOne(renderer: AttachmentRenderer, file: UploadedFile, position: number): Promise<RenderedAttachment | RefusedAttachment['reason']> {
  if (file.bytes.length === 0) return { key: 'report.error.file_empty', params: {} };
  if (file.bytes.length > MAX_FILE_BYTES) return { key: 'report.error.file_size', params: {} };
  const kind = detectKind(file.bytes);
  if (!kind) return { key: 'report.error.file_type', params: {} };
  const outcome = await renderer.render(kind, file.bytes);
  return outcome.ok ? { kind, bytes: outcome.bytes, originalName: file.originalName, position } : refusalMessage(outcome.refusal);
}

/** Re-renders every upload (in the pool, off this thread); each file is accepted or refused on its own. */
export async function renderUploads(renderer: AttachmentRenderer, files: readonly UploadedFile[]): Promise<RenderedUploads> {
  const results = await Promise.all(files.map((file, i) => renderOne(renderer, file, i + 1)));
  const uploads: RenderedUploads = { accepted: [], refused: [] };
  results.forEach((result, i) => {
    if ('bytes' in result) uploads.accepted.push(result);
    else uploads.refused.push({ position: i + 1, originalName: files[i].originalName, reason: result });
  });
  return uploads;
}

/** Sets a file's (or folder's) access and modification times to the start of the UTC day: the day, not the time. */
export async function stampDay(file: string, now: number): Promise<void> {
  const day = new Date(dayStart(now));
  await fs.utimes(file, day, day);
}

async function writeDurably(file: string, content: string): Promise<void> {
  const handle = await fs.open(file, 'wx', 0o600);
  try {
    await handle.writeFile(content);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** What an attachment row keeps about its file, sealed as one value: nothing of it is in a plaintext column. */
interface AttachmentMeta {
  kind: AttachmentKind;
  size: number;
  /** The original name, only when the reporter asked to keep it. */
  name: string | null;
}

/**
 * Seals and writes the files, and records them in the caller's transaction. Returns the written paths so the caller
 * can remove them if the transaction fails (nothing stored on failure). Names are kept only with keepNames. Rows get
 * random ids; files (and their folder) carry the day as their times, not the moment of filing.
 */
export async function storeAttachments(
  trx: Knex,
  config: Config,
  secrets: Secrets,
  target: { reportId: number; messageId: number | null; keepNames: boolean; now: number },
  files: readonly RenderedAttachment[],
  written: string[],
): Promise<void> {
  if (files.length === 0) return;
  const dir = uploadsDir(config);
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  for (const file of files) {
    const storageKey = crypto.randomBytes(24).toString('hex');
    const target_ = path.join(dir, storageKey);
    written.push(target_);
    await writeDurably(target_, seal(secrets.encryption, file.bytes));
    await stampDay(target_, target.now);
    const meta: AttachmentMeta = { kind: file.kind, size: file.bytes.length, name: target.keepNames ? file.originalName.slice(0, 500) : null };
    await insertWithRandomId(trx, 'report_attachments', {
      report_id: target.reportId,
      message_id: target.messageId,
      meta_enc: seal(secrets.encryption, JSON.stringify(meta)),
      storage_key: storageKey,
      seq: await nextSeq(trx, 'report_attachments', target.reportId),
    });
  }
  await stampDay(dir, target.now);
}

export async function removeFiles(paths: readonly string[]): Promise<void> {
  await Promise.all(paths.map((p) => fs.rm(p, { force: true })));
}

export function attachmentPath(config: Config, storageKey: string): string {
  if (!/^[a-f0-9]{16,64}$/.test(storageKey)) throw new Error('bad storage key');
  return path.join(uploadsDir(config), storageKey);
}

/**
 * A sealed file's text, read without touching its access time (O_NOATIME, Linux; where the flag is missing or refused,
 * a plain read): a file's times stay the day it was stored, whoever reads it later.
 */
export async function readSealedFile(file: string): Promise<string> {
  const noAtime = fsConstants.O_NOATIME ?? 0;
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(file, fsConstants.O_RDONLY | noAtime);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM' || noAtime === 0) throw err;
    handle = await fs.open(file, 'r');
  }
  try {
    return await handle.readFile('utf8');
  } finally {
    await handle.close();
  }
}

/** The decrypted bytes of a stored attachment. */
export async function readAttachment(config: Config, secrets: Secrets, storageKey: string): Promise<Buffer> {
  return openBuffer(secrets.encryption, await readSealedFile(attachmentPath(config, storageKey)));
}

export interface AttachmentListing {
  id: number;
  messageId: number | null;
  /** The download name: the kept name, or 附件-N / attachment-N, with the detected type's extension. */
  name: string;
  kind: AttachmentKind;
  size: number;
}

/** A report's attachments in filing order, numbered across the report, with their download names. */
export async function listAttachments(db: Knex, secrets: Secrets, reportId: number, generatedStem: string): Promise<AttachmentListing[]> {
  const rows = await db('report_attachments').where({ report_id: reportId }).orderBy('seq').select('id', 'message_id', 'meta_enc');
  return rows.map((row, i) => {
    const meta = JSON.parse(open(secrets.encryption, row.meta_enc)) as AttachmentMeta;
    return { id: row.id, messageId: row.message_id, name: downloadName(generatedStem, i + 1, meta.kind, meta.name === null ? null : keptNameStem(meta.name)), kind: meta.kind, size: meta.size };
  });
}

const KIND_OF_MIME = new Map(Object.entries(MIME_OF).map(([kind, mime]) => [mime, kind as AttachmentKind]));

/**
 * Rows stored before attachments were re-rendered kept their type, size and file name in plaintext columns. At start
 * they are sealed into meta_enc and the columns emptied; the name is dropped (reporters then had no choice to keep it).
 */
export async function sealLegacyAttachmentMeta(db: Knex, secrets: Secrets): Promise<number> {
  const rows = await db('report_attachments').whereNull('meta_enc').select('id', 'mime', 'size');
  for (const row of rows) {
    const meta: AttachmentMeta = { kind: KIND_OF_MIME.get(row.mime) ?? 'pdf', size: Number(row.size ?? 0), name: null };
    await db('report_attachments').where({ id: row.id }).update({ meta_enc: seal(secrets.encryption, JSON.stringify(meta)), mime: null, size: null, filename_enc: null });
  }
  return rows.length;
}
