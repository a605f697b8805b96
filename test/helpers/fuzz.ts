import fc from 'fast-check';
import request from 'supertest';
import type { Express } from 'express';
import type { SignedIn } from './factories';

// Hostile form input for the fuzz tests (issue #7): nasty fragments, oversize values, invalid UTF-8 escapes, repeated
// and stray fields. Values come percent-encoded, ready for an application/x-www-form-urlencoded body.

export const MARKUP = ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', "'><svg onload=alert(1)>"];
export const SQL = ["' OR '1'='1", "1; DROP TABLE responses; --", "' UNION SELECT code_hash FROM access_codes --", '"; DELETE FROM reports; --'];
export const UNICODE = ['\u0000', '\u0007', '\u001b[31m', '\r\n', '\t', '\uD800', '\uDFFF', '\u202E', '\u200F', '\u200B', '\uFEFF', '😀', '👨‍👩‍👧', 'e\u0301\u0301\u0301', '\u0BF5', '￿', '中文'];
// Raw percent escapes that are not valid UTF-8 (overlong NUL, CESU surrogate, stray bytes).
export const BAD_BYTES = ['%C0%80', '%ED%A0%80', '%FF', '%FE%FF', '%E2%82', '%00', '%'];

/** One form value: a string from nasty fragments, sometimes huge; already percent-encoded for the body. */
export const nastyText = fc
  .array(fc.oneof(fc.constantFrom(...MARKUP, ...SQL, ...UNICODE), fc.string({ maxLength: 20 }), fc.string({ unit: 'binary', maxLength: 20 })), { maxLength: 6 })
  .map((parts) => encodeLoose(parts.join('')));
export const oversize = fc.tuple(fc.constantFrom('A', '中', '<script>alert(1)</script>', '\u0301'), fc.integer({ min: 1_000, max: 40_000 })).map(([s, n]) => encodeLoose(s.repeat(Math.ceil(n / s.length))));
export const rawBytes = fc.array(fc.constantFrom(...BAD_BYTES), { minLength: 1, maxLength: 4 }).map((b) => b.join(''));
export const encodedValue = fc.oneof({ weight: 6, arbitrary: nastyText }, { weight: 1, arbitrary: oversize }, { weight: 2, arbitrary: rawBytes });
/** A field's values: usually one, sometimes repeated (an array on the server), sometimes absent. */
export const fieldValues = fc.oneof({ weight: 6, arbitrary: encodedValue.map((v) => [v]) }, { weight: 2, arbitrary: fc.array(encodedValue, { minLength: 2, maxLength: 4 }) }, { weight: 1, arbitrary: fc.constant([] as string[]) });

/** Percent-encodes what encodeURIComponent can, passing lone surrogates through as their (invalid) CESU bytes. */
export function encodeLoose(s: string): string {
  let out = '';
  for (const ch of s) {
    const cp = ch.codePointAt(0) as number;
    if (cp >= 0xd800 && cp <= 0xdfff) out += '%ED%' + (0xa0 + ((cp >> 6) & 0x1f)).toString(16).toUpperCase() + '%' + (0x80 + (cp & 0x3f)).toString(16).toUpperCase();
    else out += encodeURIComponent(ch);
  }
  return out;
}

export type Form = Array<[string, string]>;
export const bodyOf = (form: Form) => form.map(([k, v]) => `${encodeURIComponent(k)}=${v}`).join('&');

/** Bad values for `names` (always), plus stray fields with odd names, mixed into a base form. */
export function mutate(names: string[], optional: string[] = []) {
  return fc.record({
    forced: fc.tuple(...names.map(() => fieldValues)),
    optional: fc.tuple(...optional.map(() => fc.option(fieldValues, { nil: undefined }))),
    stray: fc.array(fc.tuple(fc.constantFrom('code[0]', '__proto__', 'constructor[prototype]', 'answer.', 'answer..', 'answer.chief', '_csrf', 'a'.repeat(300)), encodedValue), { maxLength: 2 }),
  }).map(({ forced, optional: opt, stray }) => {
    const form: Form = [];
    names.forEach((n, i) => forced[i].forEach((v) => form.push([n, v])));
    optional.forEach((n, i) => opt[i]?.forEach((v) => form.push([n, v])));
    return [...form, ...stray] as Form;
  });
}


let clientSeq = 0;

/**
 * Posts a form; each request from its own forwarded address (the app must trust the proxy), so the rate limits stay
 * out of the way and the handlers see the input. With a session, its cookie and CSRF token go along.
 */
export function postForm(app: Express, path: string, form: Form, session?: SignedIn) {
  const n = ++clientSeq;
  let req = request(app).post(path).set('X-Forwarded-For', `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`).type('form');
  if (session) req = req.set('Cookie', session.cookie);
  return req.send(bodyOf(session ? [['_csrf', session.csrf], ...form] : form));
}

/** Never a 5xx, never the injected markup back unescaped. */
export function checkResponse(res: request.Response) {
  expect(res.status).toBeLessThan(500);
  for (const m of MARKUP) expect(res.text).not.toContain(m);
  expect(res.text).not.toMatch(/<img src=x|<svg onload/i);
}

export function decodeURIComponentSafe(v: string) {
  try {
    return decodeURIComponent(v).trim();
  } catch {
    return v;
  }
}
