import crypto from 'node:crypto';
import { scryptCostLog2 } from '../../config';

// scrypt at OWASP's recommended cost (N=2^17, r=8, p=1 → 128 MiB), stored as scrypt$N$r$p$salt$hash.
const PARAMS = { N: 2 ** 17, r: 8, p: 1 };
const KEYLEN = 32;
const maxmem = (N: number, r: number) => 128 * N * r * 2;

function scrypt(password: string, salt: Buffer, N: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    crypto.scrypt(password.normalize('NFKC'), salt, KEYLEN, { N, r, p, maxmem: maxmem(N, r) }, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

/** Tests may lower the cost (SCRYPT_COST_LOG2) to keep the suite fast; production uses the OWASP figure. */
function cost(): typeof PARAMS {
  return { ...PARAMS, N: 2 ** scryptCostLog2('SCRYPT_COST_LOG2', Math.log2(PARAMS.N)) };
}

export async function hashPassword(password: string): Promise<string> {
  const { N, r, p } = cost();
  const salt = crypto.randomBytes(16);
  const key = await scrypt(password, salt, N, r, p);
  return ['scrypt', N, r, p, salt.toString('base64'), key.toString('base64')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, N, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !hash) return false;
  const key = await scrypt(password, Buffer.from(salt, 'base64'), Number(N), Number(r), Number(p));
  const expected = Buffer.from(hash, 'base64');
  return expected.length === key.length && crypto.timingSafeEqual(expected, key);
}

/** A hash to verify against when the e-mail is unknown, so timing does not reveal whether an account exists. */
let dummy: Promise<string> | undefined;
export function dummyHash(): Promise<string> {
  dummy ??= hashPassword(crypto.randomBytes(16).toString('hex'));
  return dummy;
}
