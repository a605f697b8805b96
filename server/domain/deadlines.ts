// Report deadlines (DESIGN.md §2): working days by default, the EU directive's 7 days / 3 months as
// the alternative profile. Dates are calendar dates 'YYYY-MM-DD', computed in UTC so that the
// server's time zone and daylight-saving changes never shift a day.

export type DeadlineRule = { workingDays: number } | { days: number } | { months: number };
export type DeadlineKind = 'acknowledge' | 'outcome';
export type DeadlineProfile = Record<DeadlineKind, DeadlineRule>;

export const DEADLINE_PROFILES = {
  default: { acknowledge: { workingDays: 15 }, outcome: { workingDays: 15 } },
  eu: { acknowledge: { days: 7 }, outcome: { months: 3 } },
} as const satisfies Record<string, DeadlineProfile>;
export type DeadlineProfileName = keyof typeof DEADLINE_PROFILES;

const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Calendar date 'YYYY-MM-DD' → UTC midnight in ms; throws RangeError on anything that is not a real date. */
export function parseIsoDate(date: string): number {
  const match = ISO_DATE.exec(date);
  if (!match) throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(y, m - 1, d);
  const check = new Date(ms);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== m - 1 || check.getUTCDate() !== d) {
    throw new RangeError(`no such date: ${date}`);
  }
  return ms;
}

/** A real calendar date written YYYY-MM-DD (2026-02-30 is refused). */
export function isIsoDate(value: string): boolean {
  try {
    parseIsoDate(value);
    return true;
  } catch {
    return false;
  }
}

/** The calendar date 'YYYY-MM-DD' (UTC) of an instant in epoch ms: "today" for a clock reading. */
export function dayOf(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 10);
}

function assertCount(n: number): void {
  if (!Number.isInteger(n)) throw new RangeError(`count must be an integer, got ${n}`);
}

/** Calendar days: from + n days. */
export function addCalendarDays(from: string, n: number): string {
  assertCount(n);
  return dayOf(parseIsoDate(from) + n * DAY_MS);
}

/** Calendar months: same day of month n months later, clamped to the month's last day (31 Jan + 1 → 28/29 Feb). */
export function addMonths(from: string, n: number): string {
  assertCount(n);
  const start = new Date(parseIsoDate(from));
  const y = start.getUTCFullYear();
  const m = start.getUTCMonth() + n;
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return dayOf(Date.UTC(y, m, Math.min(start.getUTCDate(), lastDay)));
}

/** A working day is Monday–Friday, not a listed holiday — or a listed make-up working day (调休上班). */
export function isWorkingDay(date: string, holidays: readonly string[] = [], workdays: readonly string[] = []): boolean {
  if (workdays.includes(date)) return true;
  const weekday = new Date(parseIsoDate(date)).getUTCDay();
  return weekday !== 0 && weekday !== 6 && !holidays.includes(date);
}

/**
 * Working days: the n-th working day after `from` (the day of `from` itself never counts), skipping
 * Saturdays, Sundays and `holidays`; `workdays` lists weekend days that are worked (调休). n = 0 gives `from`.
 */
export function addWorkingDays(
  from: string,
  n: number,
  holidays: readonly string[] = [],
  workdays: readonly string[] = [],
): string {
  assertCount(n);
  if (n < 0) throw new RangeError('working days must not be negative');
  for (const d of [...holidays, ...workdays]) parseIsoDate(d);
  let ms = parseIsoDate(from);
  for (let counted = 0; counted < n; ) {
    ms += DAY_MS;
    if (isWorkingDay(dayOf(ms), holidays, workdays)) counted++;
  }
  return dayOf(ms);
}

/** §2 report deadlines: the date by which `kind` is due under a profile, counted from `from`. */
export function deadlineFor(
  profile: DeadlineProfileName | DeadlineProfile,
  kind: DeadlineKind,
  from: string,
  holidays: readonly string[] = [],
  workdays: readonly string[] = [],
): string {
  const rules: DeadlineProfile = typeof profile === 'string' ? DEADLINE_PROFILES[profile] : profile;
  if (!rules) throw new RangeError(`unknown deadline profile: ${String(profile)}`);
  const rule = rules[kind];
  if ('workingDays' in rule) return addWorkingDays(from, rule.workingDays, holidays, workdays);
  if ('days' in rule) return addCalendarDays(from, rule.days);
  return addMonths(from, rule.months);
}
