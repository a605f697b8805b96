// Survey access codes (DESIGN.md §2, §4): Crockford base32 without I, L, O, U, 16 symbols = 80 bits, in groups of 4.

/** The 32-symbol alphabet: digits and letters, leaving out I, L, O and U so nothing can be misread. */
export const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const CODE_SYMBOLS = 16;
export const CODE_GROUP = 4;
/** Most codes made in one batch (one form or command). */
export const MAX_BATCH = 2000;

/** Encodes random bytes as a grouped code: each byte gives one symbol (its low 5 bits), so every symbol is uniform. */
export function encodeCode(random: Uint8Array): string {
  if (random.length < CODE_SYMBOLS) throw new Error('not enough random bytes for an access code');
  let symbols = '';
  for (let i = 0; i < CODE_SYMBOLS; i++) symbols += CODE_ALPHABET[random[i] & 31];
  return groupCode(symbols);
}

/** 'K7QM4HXT…' → 'K7QM-4HXT-…'. */
export function groupCode(symbols: string): string {
  return symbols.match(new RegExp(`.{1,${CODE_GROUP}}`, 'g'))?.join('-') ?? '';
}

/**
 * What a person typed → the canonical symbols, or null when it cannot be a code: case and spaces and dashes are
 * ignored, O reads as 0, I and L as 1 (Crockford's decoding rules).
 */
export function normaliseCode(input: string): string | null {
  const cleaned = input
    .toUpperCase()
    .replace(/[\s\-_.]+/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  if (cleaned.length !== CODE_SYMBOLS) return null;
  for (const ch of cleaned) if (!CODE_ALPHABET.includes(ch)) return null;
  return cleaned;
}
