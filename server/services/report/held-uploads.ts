import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../../config';
import type { AttachmentKind } from '../../domain/attachment-rules';
import type { Secrets } from '../../secrets';
import { MAX_FILES } from '../../domain/report-rules';
import { readSealedFile, stampDay, uploadsDir, type RenderedAttachment } from './attachments';
import { openBuffer, seal } from './encryption';

// Files held for a form that came back with a problem (a refused file, a missing field): the re-rendered copies that
// were fine wait here, sealed, under a hash of the form's token, so the reporter does not have to choose them again
// and nothing is lost when one file is refused. Filing the form takes them; the daily retention removes the rest.
// The hash differs from the stored form-token hash, so nothing links a held file to a used token.

export interface HeldUpload {
  kind: AttachmentKind;
  originalName: string;
}

export const heldDir = (config: Config) => path.join(uploadsDir(config), 'held');
const holdKey = (formToken: string) => crypto.createHash('sha256').update(`held-upload\0${formToken}`).digest('hex').slice(0, 40);

/**
 * The files held for a form, found by trying their names in turn (1, 2, …) rather than listing the folder: a listing
 * would set the folder's access time to the moment of this filing.
 */
async function heldFiles(config: Config, formToken: string): Promise<string[]> {
  const found: string[] = [];
  for (let n = 1; n <= MAX_FILES; n++) {
    const file = path.join(heldDir(config), `${holdKey(formToken)}-${n}`);
    try {
      await fs.access(file);
    } catch {
      break;
    }
    found.push(file);
  }
  return found;
}

/** The files held for this form, in the order they were chosen. */
export async function readHeld(config: Config, secrets: Secrets, formToken: string): Promise<RenderedAttachment[]> {
  const held: RenderedAttachment[] = [];
  for (const file of await heldFiles(config, formToken)) {
    const plain = openBuffer(secrets.encryption, await readSealedFile(file));
    const newline = plain.indexOf(0x0a);
    const head = JSON.parse(plain.subarray(0, newline).toString('utf8')) as HeldUpload;
    held.push({ kind: head.kind, originalName: head.originalName, bytes: plain.subarray(newline + 1), position: held.length + 1 });
  }
  return held;
}

/** Adds files to what is held for this form; their times on disk carry the day only. */
export async function hold(config: Config, secrets: Secrets, formToken: string, files: readonly RenderedAttachment[], now: number): Promise<void> {
  if (files.length === 0) return;
  await fs.mkdir(heldDir(config), { recursive: true, mode: 0o700 });
  let n = (await heldFiles(config, formToken)).length;
  for (const file of files) {
    const target = path.join(heldDir(config), `${holdKey(formToken)}-${++n}`);
    const head: HeldUpload = { kind: file.kind, originalName: file.originalName };
    await fs.writeFile(target, seal(secrets.encryption, Buffer.concat([Buffer.from(JSON.stringify(head) + '\n', 'utf8'), file.bytes])), { mode: 0o600, flag: 'wx' });
    await stampDay(target, now);
  }
  await stampDay(heldDir(config), now);
}

/** Removes what was held for this form (after it was filed). */
export async function releaseHeld(config: Config, formToken: string): Promise<void> {
  await Promise.all((await heldFiles(config, formToken)).map((f) => fs.rm(f, { force: true })));
}

/** Removes held files from before yesterday: a form left with a problem for that long was abandoned. */
export async function purgeHeld(config: Config, now: number): Promise<number> {
  const dir = heldDir(config);
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch {
    return 0;
  }
  const cutoff = now - 2 * 86_400_000;
  let removed = 0;
  for (const name of names) {
    const file = path.join(dir, name);
    if ((await fs.stat(file)).mtimeMs < cutoff) {
      await fs.rm(file, { force: true });
      removed++;
    }
  }
  return removed;
}
