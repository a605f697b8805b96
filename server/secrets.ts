import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

// Keys the server needs. Each comes from the environment when given, else from $DATA_DIR/secrets.json,
// which is generated (mode 600) on first start. Back this file up separately from the database (README).
export interface Secrets {
  /** Signs nothing secret-bearing in cookies; kept for derived keys (session token pepper). */
  readonly sessionKey: Buffer;
  /** Keyed hash (HMAC-SHA-256) of survey access codes. */
  readonly codeKey: Buffer;
  /** System salt of the slow receipt hash. */
  readonly receiptSalt: Buffer;
  /** Root of the daily-rotated key of the rate-limit address hash; shared by instances. */
  readonly rateLimitKey: Buffer;
  /** AES-256-GCM keyring for report content; `current` encrypts, every key decrypts. */
  readonly encryption: { readonly current: string; readonly keys: Readonly<Record<string, Buffer>> };
}

interface SecretsFile {
  sessionKey: string;
  codeKey: string;
  receiptSalt: string;
  rateLimitKey: string;
  encryption: { current: string; keys: Record<string, string> };
}

const ENV_NAMES = {
  sessionKey: 'SESSION_SECRET',
  codeKey: 'CODE_HASH_KEY',
  receiptSalt: 'RECEIPT_SALT',
  rateLimitKey: 'RATE_LIMIT_SECRET',
} as const;

const random = () => crypto.randomBytes(32).toString('base64');

export function secretsPath(dataDir: string): string {
  return path.join(dataDir, 'secrets.json');
}

function readOrCreate(dataDir: string): SecretsFile {
  const file = secretsPath(dataDir);
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, 'utf8')) as SecretsFile;
  const fresh: SecretsFile = {
    sessionKey: random(),
    codeKey: random(),
    receiptSalt: random(),
    rateLimitKey: random(),
    encryption: { current: 'k1', keys: { k1: random() } },
  };
  // 'wx' fails if another process created it meanwhile; then read theirs.
  try {
    fs.writeFileSync(file, JSON.stringify(fresh, null, 2), { mode: 0o600, flag: 'wx' });
    return fresh;
  } catch {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as SecretsFile;
  }
}

/** Writes a new keyring (used by `cli keys rotate`); the file stays mode 600. */
export function writeEncryptionKeyring(dataDir: string, keyring: { current: string; keys: Record<string, string> }): void {
  const file = secretsPath(dataDir);
  const data = readOrCreate(dataDir);
  data.encryption = keyring;
  const tmp = file + '.tmp';
  fs.writeFileSync(tmp, JSON.stringify(data, null, 2), { mode: 0o600 });
  fs.renameSync(tmp, file);
}

function decode(name: string, value: string): Buffer {
  const buf = Buffer.from(value, 'base64');
  if (buf.length < 32) throw new Error(`Invalid configuration: ${name} must be at least 32 bytes, base64-encoded`);
  return buf;
}

export function loadSecrets(dataDir: string, env: Record<string, string | undefined> = process.env): Secrets {
  const needFile = Object.values(ENV_NAMES).some((n) => !env[n]) || !env.ENCRYPTION_KEY;
  const file = needFile ? readOrCreate(dataDir) : undefined;
  const pick = (field: keyof typeof ENV_NAMES) => {
    const name = ENV_NAMES[field];
    return decode(name, env[name] || (file as SecretsFile)[field]);
  };
  const encryption = env.ENCRYPTION_KEY
    ? { current: 'env', keys: { env: decode('ENCRYPTION_KEY', env.ENCRYPTION_KEY) } }
    : {
        current: (file as SecretsFile).encryption.current,
        keys: Object.fromEntries(Object.entries((file as SecretsFile).encryption.keys).map(([id, k]) => [id, decode('encryption key ' + id, k)])),
      };
  return Object.freeze({
    sessionKey: pick('sessionKey'),
    codeKey: pick('codeKey'),
    receiptSalt: pick('receiptSalt'),
    rateLimitKey: pick('rateLimitKey'),
    encryption: Object.freeze(encryption),
  });
}
