import crypto from 'node:crypto';
import { paddedLength } from '../../domain/padding';
import type { Secrets } from '../../secrets';

// AES-256-GCM at rest. Sealed form: "v2.<keyId>.<iv>.<tag>.<ciphertext>" (base64url parts), so a key rotation can
// tell which key sealed a value and re-encrypt it. v2 encrypts the plaintext's length (4 bytes), the plaintext and
// zeros up to its size bucket (domain/padding.ts), so the ciphertext's length tells only the bucket. v1 values (no
// padding, sealed before) are still read; `keys rotate` re-seals them as v2.
type Keyring = Secrets['encryption'];

const CURRENT = 'v2';

function padded(plaintext: Buffer): Buffer {
  const out = Buffer.alloc(paddedLength(4 + plaintext.length));
  out.writeUInt32BE(plaintext.length, 0);
  plaintext.copy(out, 4);
  return out;
}

export function seal(keyring: Keyring, plaintext: string | Buffer): string {
  const key = keyring.keys[keyring.current];
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', key.subarray(0, 32), iv);
  const body = Buffer.concat([cipher.update(padded(typeof plaintext === 'string' ? Buffer.from(plaintext, 'utf8') : plaintext)), cipher.final()]);
  return [CURRENT, keyring.current, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
}

export function openBuffer(keyring: Keyring, sealed: string): Buffer {
  const [version, keyId, iv, tag, body] = sealed.split('.');
  const key = keyring.keys[keyId];
  if ((version !== 'v1' && version !== CURRENT) || !key) throw new Error(`cannot open sealed value: unknown key ${keyId}`);
  const decipher = crypto.createDecipheriv('aes-256-gcm', key.subarray(0, 32), Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  const plain = Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]);
  return version === 'v1' ? plain : plain.subarray(4, 4 + plain.readUInt32BE(0));
}

/** Whether a sealed value is in the current form under the current key (else `keys rotate` re-seals it). */
export function sealedCurrent(keyring: Keyring, sealed: string): boolean {
  const [version, keyId] = sealed.split('.');
  return version === CURRENT && keyId === keyring.current;
}

export function open(keyring: Keyring, sealed: string): string {
  return openBuffer(keyring, sealed).toString('utf8');
}

export function sealOptional(keyring: Keyring, plaintext: string | null | undefined): string | null {
  return plaintext === null || plaintext === undefined || plaintext === '' ? null : seal(keyring, plaintext);
}

export function openOptional(keyring: Keyring, sealed: string | null | undefined): string | null {
  return sealed ? open(keyring, sealed) : null;
}
