import crypto from 'node:crypto';
import type { Secrets } from '../secrets';

// AES-256-GCM at rest. Sealed form: "v1.<keyId>.<iv>.<tag>.<ciphertext>" (base64url parts), so a key rotation can
// tell which key sealed a value and re-encrypt it.
type Keyring = Secrets['encryption'];

export function seal(keyring: Keyring, plaintext: string | Buffer): string {
  const key = keyring.keys[keyring.current];
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', key.subarray(0, 32), iv);
  const body = Buffer.concat([cipher.update(typeof plaintext === 'string' ? Buffer.from(plaintext, 'utf8') : plaintext), cipher.final()]);
  return ['v1', keyring.current, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
}

export function openBuffer(keyring: Keyring, sealed: string): Buffer {
  const [version, keyId, iv, tag, body] = sealed.split('.');
  const key = keyring.keys[keyId];
  if (version !== 'v1' || !key) throw new Error(`cannot open sealed value: unknown key ${keyId}`);
  const decipher = crypto.createDecipheriv('aes-256-gcm', key.subarray(0, 32), Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]);
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

/** The key id a sealed value was made with (for rotation). */
export function sealedKeyId(sealed: string): string {
  return sealed.split('.')[1];
}
