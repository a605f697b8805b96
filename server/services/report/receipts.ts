import crypto from 'node:crypto';
import { scryptCostLog2 } from '../../config';
import type { Secrets } from '../../secrets';
import { RECEIPT_DIGITS } from '../../domain/report-rules';

// Receipts (DESIGN.md §4): RECEIPT_DIGITS (28) random digits, shown once, stored only as a slow hash. The hash is deterministic
// (scrypt with the system salt, no per-row salt) so that a receipt can be found by its unique receipt_hash.

/** RECEIPT_DIGITS uniformly random decimal digits (rejection sampling, no modulo bias). */
export function generateReceipt(): string {
  let digits = '';
  while (digits.length < RECEIPT_DIGITS) {
    for (const byte of crypto.randomBytes(32)) {
      if (byte < 250 && digits.length < RECEIPT_DIGITS) digits += String(byte % 10);
    }
  }
  return digits;
}

/** Cost as log2(N): RECEIPT_HASH_COST_LOG2 (tests use 12), default 15. */
function costLog2(): number {
  return scryptCostLog2('RECEIPT_HASH_COST_LOG2', 15);
}

/** scrypt(receipt digits, secrets.receiptSalt) as hex. */
export function hashReceipt(secrets: Secrets, digits: string): Promise<string> {
  const N = 2 ** costLog2();
  const r = 8;
  return new Promise((resolve, reject) =>
    crypto.scrypt(digits, secrets.receiptSalt, 32, { N, r, p: 1, maxmem: 256 * N * r }, (err, key) => (err ? reject(err) : resolve(key.toString('hex')))),
  );
}
