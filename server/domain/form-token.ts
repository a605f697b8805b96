// One filing per form (DESIGN.md §6: nothing lost, nothing doubled): the token a public form carries in a hidden field.

/** The hidden field's name. Optional for scripts: a post without it files as before, without the protection. */
export const FORM_TOKEN_FIELD = 'form_token';

/** Days a used token is remembered: a form re-posted later than that would file again. */
export const FORM_TOKEN_KEEP_DAYS = 60;

const TOKEN_SHAPE = /^[A-Za-z0-9_-]{22}$/;

/** The token of a posted form, or null when it is missing or not one we could have issued (then it is ignored). */
export function formTokenOf(body: unknown): string | null {
  const raw = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[FORM_TOKEN_FIELD] : undefined;
  return typeof raw === 'string' && TOKEN_SHAPE.test(raw) ? raw : null;
}
