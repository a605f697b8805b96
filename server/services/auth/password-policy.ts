import crypto from 'node:crypto';
import { charLength } from '../../domain/char-length';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '../../domain/password-rules';

// Password rules for committee accounts (DESIGN.md §5): long enough, and not one of the passwords every guessing
// list starts with. Length beats composition rules (NIST SP 800-63B), so there are none.

const COMMON = new Set([
  '123456789012', '1234567890123', '12345678901234', '111111111111', '000000000000', '123123123123', 'qwertyuiopas',
  'qwertyuiop123', '1q2w3e4r5t6y', 'password1234', 'password123!', 'passwordpassword', 'iloveyou1234', 'abcdefghijkl',
  'abc123abc123', 'admin1234567', 'administrator', 'welcome12345', 'letmein12345', 'changeme1234', 'qazwsxedcrfv',
  '1qaz2wsx3edc', 'zaq12wsxcde3', 'woaini520520', 'woaini1314520', '5201314520131', 'aaaaaaaaaaaa', 'asdfghjkl123',
  'p@ssw0rd1234', 'passw0rd1234', 'qingfeng1234', 'qingfeng123456', '147258369147', '987654321098', 'monkey123456',
  'dragon123456', 'football1234', 'baseball1234', 'sunshine1234', 'princess1234', 'trustno11234',
]);

/** Returns a message key when the password breaks a rule, or null when it is acceptable. */
export function passwordProblem(password: string): string | null {
  if (charLength(password) < MIN_PASSWORD_LENGTH) return 'auth.password.too_short';
  if (password.length > MAX_PASSWORD_LENGTH) return 'auth.password.too_long';
  const folded = password.normalize('NFKC').toLowerCase();
  if (COMMON.has(folded) || /^(.)\1+$/.test(folded) || isSequence(folded)) return 'auth.password.common';
  return null;
}

/** Runs like 'abcdefghijklm' or '2345678901234' are as weak as the listed ones. */
function isSequence(value: string): boolean {
  const codes = [...value].map((c) => c.charCodeAt(0));
  const steps = new Set(codes.slice(1).map((c, i) => c - codes[i]));
  return steps.size === 1 && [...steps].every((s) => Math.abs(s) === 1);
}

/** A random password for accounts and resets: 20 characters without look-alikes (about 115 bits). */
export function generatePassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = crypto.randomBytes(20);
  return [...bytes].map((b) => alphabet[b % alphabet.length]).join('');
}
