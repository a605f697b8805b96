import { charLength } from './char-length';
// Report form rules (DESIGN.md §2 Report, §8 field names): the closed lists and the validation of one filing.
export const MATTERS = ['personnel', 'approval', 'land', 'procurement', 'construction', 'funds', 'enforcement', 'other'] as const;
export const BEHAVIOURS = ['greeting', 'favour', 'meddling', 'benefit', 'other'] as const;
export const CHANNELS = ['phone', 'in_person', 'via_others', 'message'] as const;
export type Matter = (typeof MATTERS)[number];
export type Behaviour = (typeof BEHAVIOURS)[number];
export type Channel = (typeof CHANNELS)[number];

export const DESCRIPTION_MIN = 20;
export const DESCRIPTION_MAX = 10_000;
export const REAL_NAME_MAX = 100;
export const CONTACT_MAX = 200;
export const MESSAGE_MAX = 5_000;
export const REASON_MAX = 2_000;
export const MAX_FILES = 5;
export const MAX_FILE_BYTES = 10 * 1024 * 1024;
/** A report with the same content as one filed this many minutes before is caught (services/report/recent-report-contents.ts). */
export const SAME_CONTENT_MINUTES = 30;

export interface ReportFormInput {
  unit: string;
  /** The post whose holder interfered (DESIGN.md §2): it feeds S. */
  post: string;
  /** The post that was approached: context on its page, never in S. */
  target_post: string;
  matter: string;
  behaviour: string;
  occurred_on: string;
  channel: string;
  description: string;
  real_name: string;
  contact: string;
  /** '1' keeps the attachments' file names (DESIGN.md §8); anything else drops them. */
  keep_names: string;
}

export const REPORT_FIELDS: ReadonlyArray<keyof ReportFormInput> = ['unit', 'post', 'target_post', 'matter', 'behaviour', 'occurred_on', 'channel', 'description', 'real_name', 'contact', 'keep_names'];

export interface OrgUnit {
  id: number;
  key: string;
  posts: ReadonlyArray<{ id: number; key: string }>;
}

export interface ValidReport {
  unitId: number;
  postId: number | null;
  targetPostId: number | null;
  matter: Matter;
  behaviour: Behaviour;
  occurredOn: string | null;
  channel: Channel | null;
  description: string;
  realName: string | null;
  contact: string | null;
  keepNames: boolean;
}

export type ReportValidation = { ok: true; report: ValidReport } | { ok: false; errors: Record<string, string> };


const includes = <T extends string>(list: readonly T[], value: string): value is T => (list as readonly string[]).includes(value);

/** An approximate date 'YYYY-MM' or 'YYYY-MM-DD' that exists and is not after `today`. */
export function isValidOccurredOn(value: string, today: string): boolean {
  const m = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), m[3] === undefined ? 1 : Number(m[3])];
  if (y < 1900 || mo < 1 || mo > 12) return false;
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return false;
  return m[3] === undefined ? value <= today.slice(0, 7) : value <= today;
}

/** Validates one filing against the organisation (both posts must belong to the chosen unit, and differ); every fault is named per field. */
export function validateReportForm(input: ReportFormInput, units: readonly OrgUnit[], today: string): ReportValidation {
  const errors: Record<string, string> = {};
  const unit = units.find((u) => u.key === input.unit);
  if (!input.unit) errors.unit = 'form.required';
  else if (!unit) errors.unit = 'report.error.unit';
  const postOfUnit = (key: string) => (key && unit ? unit.posts.find((p) => p.key === key) : undefined);
  const post = postOfUnit(input.post);
  const target = postOfUnit(input.target_post);
  if (input.post && unit && !post) errors.post = 'report.error.post';
  if (input.target_post && unit && !target) errors.target_post = 'report.error.target_post';
  else if (target && post && target.id === post.id) errors.target_post = 'report.error.target_same';
  if (!input.matter) errors.matter = 'form.required';
  else if (!includes(MATTERS, input.matter)) errors.matter = 'form.invalid';
  if (!input.behaviour) errors.behaviour = 'form.required';
  else if (!includes(BEHAVIOURS, input.behaviour)) errors.behaviour = 'form.invalid';
  if (input.occurred_on && !isValidOccurredOn(input.occurred_on, today)) errors.occurred_on = 'report.error.occurred_on';
  if (input.channel && !includes(CHANNELS, input.channel)) errors.channel = 'form.invalid';
  const description = input.description.trim();
  if (!description) errors.description = 'form.required';
  else if (charLength(description) < DESCRIPTION_MIN) errors.description = 'report.error.description_short';
  else if (charLength(description) > DESCRIPTION_MAX) errors.description = 'report.error.description_long';
  if (charLength(input.real_name.trim()) > REAL_NAME_MAX) errors.real_name = 'form.too_long';
  if (charLength(input.contact.trim()) > CONTACT_MAX) errors.contact = 'form.too_long';
  if (Object.keys(errors).length > 0 || !unit) return { ok: false, errors };
  return {
    ok: true,
    report: {
      unitId: unit.id,
      postId: post?.id ?? null,
      targetPostId: target?.id ?? null,
      matter: input.matter as Matter,
      behaviour: input.behaviour as Behaviour,
      occurredOn: input.occurred_on || null,
      channel: (input.channel || null) as Channel | null,
      description,
      realName: input.real_name.trim() || null,
      contact: input.contact.trim() || null,
      keepNames: input.keep_names === '1',
    },
  };
}

// 28 decimal digits = 93 bits (24 would be 79.7 bits, short of the 80 DESIGN.md §4 asks for); seven groups of four.
export const RECEIPT_DIGITS = 28;

/** A receipt as typed: spaces and dashes ignored; exactly RECEIPT_DIGITS digits, else null. */
export function normaliseReceipt(raw: string): string | null {
  const digits = raw.replace(/[\s\-\u3000]/g, '');
  return new RegExp(`^\\d{${RECEIPT_DIGITS}}$`).test(digits) ? digits : null;
}

/** The digits shown in groups of four, easier to copy by hand. */
export function formatReceipt(digits: string): string {
  return digits.replace(/(\d{4})(?=\d)/g, '$1 ');
}
