import path from 'node:path';

export type NotifyMode = 'digest' | 'immediate';
export type DatabaseKind = 'sqlite' | 'postgres';

export interface Config {
  readonly port: number;
  readonly dataDir: string;
  readonly database: {
    readonly kind: DatabaseKind;
    readonly url: string;
    readonly filename?: string;
    readonly schema?: string;
    readonly poolMax: number;
  };
  readonly redisUrl?: string;
  readonly smtpUrl?: string;
  readonly notify: NotifyMode;
  readonly notifyAt: string;
  readonly baseUrl: string;
  readonly secureCookies: boolean;
  readonly trustProxy: boolean | number | string;
  readonly deadlineProfile: 'default' | 'eu';
  readonly retentionDays: number;
  readonly production: boolean;
}

export class ConfigError extends Error {
  constructor(readonly variable: string, reason: string) {
    super(`Invalid configuration: ${variable} ${reason}`);
  }
}

type Env = Record<string, string | undefined>;

function intVar(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(name, `must be a whole number (got "${raw}")`);
  const value = Number(raw);
  if (value < min || value > max) throw new ConfigError(name, `must be between ${min} and ${max} (got ${value})`);
  return value;
}

function urlVar(env: Env, name: string, protocols: string[]): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(name, 'must be a URL');
  }
  if (!protocols.includes(parsed.protocol)) throw new ConfigError(name, `must start with ${protocols.map((p) => p + '//').join(' or ')}`);
  return raw;
}

function trustProxyVar(raw: string | undefined): boolean | number | string {
  if (raw === undefined || raw === '' || raw === 'false' || raw === '0') return false;
  if (raw === 'true') return true;
  if (/^\d+$/.test(raw)) return Number(raw);
  if (/^[\w.:/, -]+$/.test(raw)) return raw; // express accepts subnet lists such as "loopback, 10.0.0.0/8"
  throw new ConfigError('TRUST_PROXY', 'must be false, true, a hop count or a list of subnets');
}

function databaseVar(env: Env, dataDir: string): Config['database'] {
  const poolMax = intVar(env, 'DATABASE_POOL_MAX', 10, 1, 200);
  const raw = env.DATABASE_URL;
  if (raw === undefined || raw === '') {
    const filename = path.join(dataDir, 'qingfeng.db');
    return { kind: 'sqlite', url: `sqlite://${filename}`, filename, poolMax: 1 };
  }
  if (/^postgres(ql)?:\/\//.test(raw)) {
    urlVar(env, 'DATABASE_URL', ['postgres:', 'postgresql:']);
    const schema = env.DATABASE_SCHEMA || undefined;
    if (schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new ConfigError('DATABASE_SCHEMA', 'must be a lower-case SQL identifier');
    return { kind: 'postgres', url: raw, schema, poolMax };
  }
  if (raw.startsWith('sqlite:')) {
    const filename = path.resolve(raw.replace(/^sqlite:(\/\/)?/, ''));
    return { kind: 'sqlite', url: `sqlite://${filename}`, filename, poolMax: 1 };
  }
  throw new ConfigError('DATABASE_URL', 'must be a postgres:// URL or sqlite:///path/to/file.db');
}

// Reads the environment once (DESIGN.md §8); an invalid value stops the process with one line naming the variable.
export function loadConfig(env: Env = process.env): Config {
  const dataDir = path.resolve(env.DATA_DIR || './data');
  const port = intVar(env, 'PORT', 3000, 0, 65535);
  const notify = (env.NOTIFY || 'digest') as NotifyMode;
  if (notify !== 'digest' && notify !== 'immediate') throw new ConfigError('NOTIFY', 'must be "digest" or "immediate"');
  const notifyAt = env.NOTIFY_AT || '08:00';
  if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(notifyAt)) throw new ConfigError('NOTIFY_AT', 'must be a time HH:MM');
  const baseUrl = (urlVar(env, 'BASE_URL', ['http:', 'https:']) || `http://localhost:${port}`).replace(/\/+$/, '');
  const deadlineProfile = (env.DEADLINE_PROFILE || 'default') as Config['deadlineProfile'];
  if (deadlineProfile !== 'default' && deadlineProfile !== 'eu') throw new ConfigError('DEADLINE_PROFILE', 'must be "default" or "eu"');
  return Object.freeze({
    port,
    dataDir,
    database: Object.freeze(databaseVar(env, dataDir)),
    redisUrl: urlVar(env, 'REDIS_URL', ['redis:', 'rediss:']),
    smtpUrl: urlVar(env, 'SMTP_URL', ['smtp:', 'smtps:']),
    notify,
    notifyAt,
    baseUrl,
    secureCookies: baseUrl.startsWith('https:'),
    trustProxy: trustProxyVar(env.TRUST_PROXY),
    deadlineProfile,
    retentionDays: intVar(env, 'RETENTION_DAYS', 365, 1, 36500),
    production: env.NODE_ENV === 'production',
  });
}

/**
 * Read when used, not at start, and absent in production: tests lower the scrypt costs to keep the suite fast
 * (SCRYPT_COST_LOG2 for passwords, RECEIPT_HASH_COST_LOG2 for receipts); anything but an integer 10–20 is ignored.
 */
export function scryptCostLog2(variable: 'SCRYPT_COST_LOG2' | 'RECEIPT_HASH_COST_LOG2', fallback: number, env: Env = process.env): number {
  const log2 = Number(env[variable]);
  return Number.isInteger(log2) && log2 >= 10 && log2 <= 20 ? log2 : fallback;
}

/** The logger's level when none is passed: LOG_LEVEL, else info. */
export function logLevelSetting(env: Env = process.env): string {
  return env.LOG_LEVEL || 'info';
}
