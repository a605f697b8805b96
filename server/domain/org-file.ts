import { z } from 'zod';

// The organisation file of DESIGN.md §8 (`cli org import`): units with posts and their power profiles.
const level = z.number().int().min(0).max(5);
const key = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'must be 1–64 lower-case letters, digits, "-" or "_"');
/** Shared with the admin forms (server/domain/org-forms.ts), so pages and import apply one rule. */
export { key as orgKeySchema, level as powerLevelSchema };

const postSchema = z.object({
  key,
  title: z.string().trim().min(1).max(200),
  portfolio: z.string().max(500).optional().default(''),
  chief: z.boolean().optional().default(false),
  power: z.object({ decision: level, personnel: level, finance: level, procurement: level, enforcement: level }),
});

const unitSchema = z.object({
  key,
  name: z.string().trim().min(1).max(200),
  posts: z.array(postSchema).max(200).default([]),
});

export const orgFileSchema = z.object({ units: z.array(unitSchema).min(1).max(1000) }).superRefine((file, ctx) => {
  const seen = new Set<string>();
  file.units.forEach((unit, u) => {
    if (seen.has(unit.key)) ctx.addIssue({ code: 'custom', path: ['units', u, 'key'], message: `duplicate unit key "${unit.key}"` });
    seen.add(unit.key);
    const posts = new Set<string>();
    unit.posts.forEach((post, p) => {
      if (posts.has(post.key)) ctx.addIssue({ code: 'custom', path: ['units', u, 'posts', p, 'key'], message: `duplicate post key "${post.key}"` });
      posts.add(post.key);
    });
  });
});

export type OrgFile = z.infer<typeof orgFileSchema>;

/** Names a fault by the unit and post keys a person wrote, not by array indexes alone. */
function describePath(raw: unknown, path: PropertyKey[]): string {
  const units = (raw as { units?: Array<{ key?: unknown; posts?: Array<{ key?: unknown }> }> })?.units;
  const parts: string[] = [];
  let i = 0;
  if (path[0] === 'units' && typeof path[1] === 'number') {
    const unit = units?.[path[1]];
    parts.push(`unit #${path[1] + 1}${typeof unit?.key === 'string' ? ` "${unit.key}"` : ''}`);
    i = 2;
    if (path[2] === 'posts' && typeof path[3] === 'number') {
      const post = unit?.posts?.[path[3]];
      parts.push(`post #${path[3] + 1}${typeof post?.key === 'string' ? ` "${post.key}"` : ''}`);
      i = 4;
    }
  }
  const rest = path.slice(i).map(String).join('.');
  return [...parts, rest ? `field "${rest}"` : ''].filter(Boolean).join(', ');
}

/** Validates a parsed organisation file; returns the typed file or the list of faults, each naming unit, post and field. */
export function parseOrgFile(raw: unknown): { ok: true; file: OrgFile } | { ok: false; errors: string[] } {
  const result = orgFileSchema.safeParse(raw);
  if (result.success) return { ok: true, file: result.data };
  return { ok: false, errors: result.error.issues.map((issue) => `${describePath(raw, issue.path) || 'file'}: ${issue.message}`) };
}
