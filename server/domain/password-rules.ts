// Length of a committee account's password (DESIGN.md §5): long enough to resist guessing, short enough to hash
// cheaply. The rest of the policy (no common passwords) is services/auth/password-policy.ts.

/** At least this many characters (code points, char-length.ts). */
export const MIN_PASSWORD_LENGTH = 12;
/** At most this many UTF-16 units: a bound on the work of hashing, not a rule a person meets. */
export const MAX_PASSWORD_LENGTH = 1024;
