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
  /** HMAC key of the audit log's hash chain: kept outside the database, so someone with the database alone cannot rewrite it. */
  readonly auditKey: Buffer;
  /** AES-256-GCM keyring for report content; `current` encrypts, every key decrypts. */
  readonly encryption: { readonly current: string; readonly keys: Readonly<Record<string, Buffer>> };
}

interface SecretsFile {
  sessionKey: string;
  codeKey: string;
  receiptSalt: string;
  auditKey: string;
  encryption: { current: string; keys: Record<string, string> };
}

const ENV_NAMES = {
  sessionKey: 'SESSION_SECRET',
  codeKey: 'CODE_HASH_KEY',
  receiptSalt: 'RECEIPT_SALT',
  auditKey: 'AUDIT_KEY',
} as const;

const random = () => crypto.randomBytes(32).toString('base64');

export function secretsPath(dataDir: string): string {
  return path.join(dataDir, 'secrets.json');
}

const freshSecrets = (): SecretsFile => ({
  sessionKey: random(),
  codeKey: random(),
  receiptSalt: random(),
  auditKey: random(),
  encryption: { current: 'k1', keys: { k1: random() } },
});

function writeAtomically(file: string, data: SecretsFile): void {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(data, null, 2), { mode: 0o600 });
  fs.renameSync(tmp, file);
}

/** Blocks the thread for a moment (start-up only): another process is completing the same file. */
const pause = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * Keys an older version kept here that must not stay on disk: the rate-limit secret derived every day's address key,
 * so anyone with this file could recompute which address a counter belonged to (DESIGN.md §4). The key of the day is
 * now random and lives in memory or Redis only; RATE_LIMIT_SECRET in the environment is ignored.
 */
const OBSOLETE = ['rateLimitKey'];

/**
 * A file written by an older version lacks the keys added since, or holds one that must go: it is rewritten once,
 * under a lock file, so that processes starting together (the server and a CLI command) end up with the same keys.
 */
function completed(file: string, data: SecretsFile): SecretsFile {
  const fresh = freshSecrets();
  const missing = (Object.keys(fresh) as Array<keyof SecretsFile>).filter((k) => data[k] === undefined);
  const stale = (d: object) => OBSOLETE.some((k) => k in d);
  if (missing.length === 0 && !stale(data)) return data;
  const lock = `${file}.lock`;
  for (let tries = 0; tries < 100; tries++) {
    let fd: number;
    try {
      fd = fs.openSync(lock, 'wx', 0o600);
    } catch {
      pause(20);
      continue;
    }
    try {
      const current = JSON.parse(fs.readFileSync(file, 'utf8')) as SecretsFile;
      const merged = Object.fromEntries(Object.entries({ ...fresh, ...current }).filter(([k]) => !OBSOLETE.includes(k))) as unknown as SecretsFile;
      if (missing.some((k) => current[k] === undefined) || stale(current)) writeAtomically(file, merged);
      return merged;
    } finally {
      fs.closeSync(fd);
      fs.rmSync(lock, { force: true });
    }
  }
  throw new Error(`Could not update ${file}: ${lock} stays locked (remove it if no Qingfeng process is starting)`);
}

function readOrCreate(dataDir: string): SecretsFile {
  const file = secretsPath(dataDir);
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if (fs.existsSync(file)) return completed(file, JSON.parse(fs.readFileSync(file, 'utf8')) as SecretsFile);
  const fresh = freshSecrets();
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
  writeAtomically(file, data);
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
    auditKey: pick('auditKey'),
    encryption: Object.freeze(encryption),
  });
}
