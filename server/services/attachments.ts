import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Knex } from 'knex';
import type { Config } from '../config';
import { detectKind, MetadataStripError, MIME_OF, stripJpeg, stripPng, type AttachmentKind } from '../domain/metadata-strip';
import { MAX_FILE_BYTES } from '../domain/report-rules';
import type { Secrets } from '../secrets';
import { openBuffer, seal } from './encryption';

// Attachments (DESIGN.md §4): type checked by magic bytes, metadata stripped, then sealed (AES-GCM) under
// $DATA_DIR/uploads/<random storage key>. The file name is sealed in the database; nothing readable stays on disk.

export interface UploadedFile {
  originalName: string;
  bytes: Buffer;
}

export interface PreparedAttachment {
  name: string;
  kind: AttachmentKind;
  mime: string;
  bytes: Buffer;
}

/** A file we will not keep; messageKey says why, in words the reporter understands. */
export class AttachmentRefused extends Error {
  constructor(readonly messageKey: string, readonly fileName: string) {
    super(messageKey);
  }
}

export function uploadsDir(config: Config): string {
  return path.join(config.dataDir, 'uploads');
}

/** PDF without its Info dictionary and any XMP metadata stream; refuses encrypted or unreadable files. */
async function stripPdf(bytes: Buffer): Promise<Buffer> {
  // Loaded on the first PDF, not at start: pdf-lib is a large module most processes never need.
  const { PDFDict, PDFDocument, PDFName, PDFRawStream, PDFStream } = await import('pdf-lib');
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  const context = doc.context;
  const infoRef = context.trailerInfo.Info;
  if (infoRef) {
    const info = context.lookup(infoRef);
    if (info instanceof PDFDict) for (const key of info.keys()) info.delete(key);
    if ('objectNumber' in (infoRef as object)) context.delete(infoRef as never);
    context.trailerInfo.Info = undefined;
  }
  doc.catalog.delete(PDFName.of('Metadata'));
  // XMP can also hang off pages, images or fonts: drop every metadata stream still in the file.
  for (const [ref, object] of context.enumerateIndirectObjects()) {
    if ((object instanceof PDFRawStream || object instanceof PDFStream) && object.dict.get(PDFName.of('Type')) === PDFName.of('Metadata')) context.delete(ref);
    if (object instanceof PDFDict) object.delete(PDFName.of('Metadata'));
    if (object instanceof PDFStream) object.dict.delete(PDFName.of('Metadata'));
  }
  doc.catalog.delete(PDFName.of('PieceInfo'));
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}

/** Checks one upload and strips its metadata; throws AttachmentRefused. */
export async function prepareAttachment(file: UploadedFile): Promise<PreparedAttachment> {
  const name = path.basename(file.originalName.replace(/\\/g, '/')).replace(/[\u0000-\u001f\u007f]/g, '').slice(0, 200) || 'attachment';
  if (file.bytes.length === 0) throw new AttachmentRefused('report.error.file_empty', name);
  if (file.bytes.length > MAX_FILE_BYTES) throw new AttachmentRefused('report.error.file_size', name);
  const kind = detectKind(file.bytes);
  if (!kind) throw new AttachmentRefused('report.error.file_type', name);
  let bytes: Buffer;
  try {
    bytes = kind === 'jpeg' ? stripJpeg(file.bytes) : kind === 'png' ? stripPng(file.bytes) : await stripPdf(file.bytes);
  } catch (err) {
    if (err instanceof MetadataStripError || err instanceof Error) throw new AttachmentRefused('report.error.file_metadata', name);
    throw err;
  }
  return { name, kind, mime: MIME_OF[kind], bytes };
}

export async function prepareAttachments(files: readonly UploadedFile[]): Promise<PreparedAttachment[]> {
  const prepared: PreparedAttachment[] = [];
  for (const file of files) prepared.push(await prepareAttachment(file));
  return prepared;
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

/**
 * Seals and writes the files, and records them in the caller's transaction. Returns the written paths so the caller
 * can remove them if the transaction fails (nothing stored on failure).
 */
export async function storeAttachments(
  trx: Knex,
  config: Config,
  secrets: Secrets,
  target: { reportId: number; messageId: number | null },
  files: readonly PreparedAttachment[],
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
    await trx('report_attachments').insert({
      report_id: target.reportId,
      message_id: target.messageId,
      filename_enc: seal(secrets.encryption, file.name),
      mime: file.mime,
      size: file.bytes.length,
      storage_key: storageKey,
    });
  }
}

export async function removeFiles(paths: readonly string[]): Promise<void> {
  await Promise.all(paths.map((p) => fs.rm(p, { force: true })));
}

export function attachmentPath(config: Config, storageKey: string): string {
  if (!/^[a-f0-9]{16,64}$/.test(storageKey)) throw new Error('bad storage key');
  return path.join(uploadsDir(config), storageKey);
}

/** The decrypted bytes of a stored attachment. */
export async function readAttachment(config: Config, secrets: Secrets, storageKey: string): Promise<Buffer> {
  return openBuffer(secrets.encryption, await fs.readFile(attachmentPath(config, storageKey), 'utf8'));
}
