import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Knex } from 'knex';
import type { Config } from '../../config';
import { writeEncryptionKeyring, type Secrets } from '../../secrets';
import { uploadsDir } from './attachments';
import { open, openBuffer, seal, sealedCurrent } from './encryption';
import { heldDir } from './held-uploads';

// Key rotation (`cli keys rotate`): a new AES key becomes current, every sealed column and upload is re-encrypted
// with it, then the old keys are dropped. The keyring on disk holds old and new keys while the work runs, so a crash
// midway loses nothing; run it again to finish. Run it with the server stopped: a running server keeps its keyring in memory.

const SEALED_COLUMNS: ReadonlyArray<[table: string, column: string]> = [
  ['reports', 'description_enc'],
  ['reports', 'real_name_enc'],
  ['reports', 'contact_enc'],
  ['report_status_changes', 'reason_enc'],
  ['report_messages', 'body_enc'],
  ['report_attachments', 'filename_enc'],
  ['report_attachments', 'meta_enc'],
  ['users', 'totp_secret_enc'],
];

type Keyring = Secrets['encryption'];

const encodeKeys = (keys: Keyring['keys']) => Object.fromEntries(Object.entries(keys).map(([id, k]) => [id, k.toString('base64')]));

async function resealColumns(db: Knex, keyring: Keyring): Promise<number> {
  let count = 0;
  await db.transaction(async (trx) => {
    for (const [table, column] of SEALED_COLUMNS) {
      const rows: Array<{ id: number; value: string }> = await trx(table).whereNotNull(column).select('id', `${column} as value`);
      for (const row of rows) {
        if (!/^v[12]\./.test(row.value) || sealedCurrent(keyring, row.value)) continue;
        await trx(table).where({ id: row.id }).update({ [column]: seal(keyring, open(keyring, row.value)) });
        count++;
      }
    }
  });
  return count;
}

/** Sealed files in one folder (uploads, or files held for a form): re-sealed in place, their day kept as their time. */
async function resealFolder(dir: string, names: RegExp, keyring: Keyring): Promise<number> {
  let entries: string[];
  try {
    entries = await fs.readdir(dir);
  } catch {
    return 0;
  }
  let count = 0;
  for (const name of entries.filter((n) => names.test(n))) {
    const file = path.join(dir, name);
    const sealed = await fs.readFile(file, 'utf8');
    if (sealedCurrent(keyring, sealed)) continue;
    const { mtimeMs } = await fs.stat(file);
    const tmp = `${file}.rotating`;
    await fs.writeFile(tmp, seal(keyring, openBuffer(keyring, sealed)), { mode: 0o600 });
    await fs.utimes(tmp, mtimeMs / 1000, mtimeMs / 1000);
    await fs.rename(tmp, file);
    count++;
  }
  return count;
}

async function resealUploads(config: Config, keyring: Keyring): Promise<number> {
  return (await resealFolder(uploadsDir(config), /^[a-f0-9]{16,64}$/, keyring)) + (await resealFolder(heldDir(config), /^[a-f0-9]{40}-\d+$/, keyring));
}

/** Rotates the encryption key; returns the new key id and how many values and files were re-encrypted. */
export async function rotateEncryptionKey(db: Knex, config: Config, secrets: Secrets): Promise<{ key: string; reencrypted: number; keyring: Keyring }> {
  if (secrets.encryption.current === 'env') throw new Error('ENCRYPTION_KEY is set in the environment: rotate it there, not with this command');
  const ids = Object.keys(secrets.encryption.keys).map((id) => Number(id.replace(/^k/, ''))).filter(Number.isFinite);
  const key = `k${Math.max(0, ...ids) + 1}`;
  const working: Keyring = { current: key, keys: { ...secrets.encryption.keys, [key]: crypto.randomBytes(32) } };
  writeEncryptionKeyring(config.dataDir, { current: key, keys: encodeKeys(working.keys) });
  const reencrypted = (await resealColumns(db, working)) + (await resealUploads(config, working));
  const final: Keyring = { current: key, keys: { [key]: working.keys[key] } };
  writeEncryptionKeyring(config.dataDir, { current: key, keys: encodeKeys(final.keys) });
  return { key, reencrypted, keyring: final };
}
