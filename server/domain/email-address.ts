// What Qingfeng accepts as an e-mail address: committee accounts (services/org/user-input.ts) and survey invitations
// (services/survey/invitations.ts) apply the same rule. No space, no second '@', none of the characters that would let an
// address carry a header or a comment (`<>(),;:"[]`), a local part of at most 64 characters and a domain with a
// top-level part of at least two (RFC 5321 limits).

/** Longest address (RFC 5321 path limit); forms, log-in labels and the audit filter cut at it. */
export const EMAIL_MAX = 254;

const EMAIL = /^[^\s@<>(),;:"[\]]{1,64}@[^\s@<>(),;:"[\]]+\.[^\s@<>(),;:"[\]]{2,}$/;

export const isEmailAddress = (address: string): boolean => address.length <= EMAIL_MAX && EMAIL.test(address);
