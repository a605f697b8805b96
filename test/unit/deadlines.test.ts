import {
  addCalendarDays, addMonths, addWorkingDays, deadlineFor, DEADLINE_PROFILES, isWorkingDay,
} from '../../server/domain/deadlines';

// Calendar: 2026-01-01 is a Thursday; 2026-10-01 is a Thursday, so 3/4 Oct and 10/11 Oct are weekends.
// Holidays below are an illustrative National Day week (国庆), not an official schedule.
const NATIONAL_DAY = ['2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07'];

describe('working days', () => {
  it('the next working day after a Friday is the Monday', () => {
    expect(addWorkingDays('2026-01-02', 1)).toBe('2026-01-05'); // Fri → Sat, Sun skipped → Mon
  });
  it('15 working days from Friday 2 January end on Friday 23 January', () => {
    // Mon 5–Fri 9 (1–5), Mon 12–Fri 16 (6–10), Mon 19–Fri 23 (11–15)
    expect(addWorkingDays('2026-01-02', 15)).toBe('2026-01-23');
  });
  it('a report filed on a weekend starts counting on Monday; 0 days is the day itself', () => {
    expect(addWorkingDays('2026-01-03', 1)).toBe('2026-01-05'); // Sat → Mon
    expect(addWorkingDays('2026-01-03', 0)).toBe('2026-01-03');
  });
  it('listed holidays are skipped', () => {
    // From Wed 30 Sep without holidays: Oct 1, 2 (1–2), 5–9 (3–7), 12–16 (8–12), 19, 20, 21 (13–15).
    expect(addWorkingDays('2026-09-30', 15)).toBe('2026-10-21');
    // With 1–7 Oct off: Oct 8, 9 (1–2), 12–16 (3–7), 19–23 (8–12), 26, 27, 28 (13–15).
    expect(addWorkingDays('2026-09-30', 15, NATIONAL_DAY)).toBe('2026-10-28');
  });
  it('a weekend day listed as a make-up working day (调休) counts', () => {
    // Sat 10 Oct worked: Oct 8, 9, 10 (1–3), 12–16 (4–8), 19–23 (9–13), 26, 27 (14–15).
    expect(addWorkingDays('2026-09-30', 15, NATIONAL_DAY, ['2026-10-10'])).toBe('2026-10-27');
    expect(isWorkingDay('2026-10-10', NATIONAL_DAY, ['2026-10-10'])).toBe(true);
    expect(isWorkingDay('2026-10-10', NATIONAL_DAY)).toBe(false);
    expect(isWorkingDay('2026-10-05', NATIONAL_DAY)).toBe(false); // a Monday, but a holiday
  });
  it('a holiday that falls on a weekend is not skipped twice', () => {
    expect(addWorkingDays('2026-01-02', 1, ['2026-01-03', '2026-01-04'])).toBe('2026-01-05');
  });
  it('refuses negative or fractional counts and malformed dates', () => {
    expect(() => addWorkingDays('2026-01-02', -1)).toThrow(RangeError);
    expect(() => addWorkingDays('2026-01-02', 1.5)).toThrow(RangeError);
    for (const bad of ['2026-02-30', '2026-1-5', '', '2026-13-01']) expect(() => addWorkingDays(bad, 1)).toThrow(RangeError);
    expect(() => addWorkingDays('2026-01-02', 1, ['1 Oct'])).toThrow(RangeError);
  });
});

describe('calendar days and months', () => {
  it('days cross month, year and leap-day boundaries', () => {
    expect(addCalendarDays('2026-02-28', 1)).toBe('2026-03-01'); // 2026 is not a leap year
    expect(addCalendarDays('2028-02-28', 1)).toBe('2028-02-29'); // 2028 is
    expect(addCalendarDays('2026-12-28', 7)).toBe('2027-01-04');
    expect(addCalendarDays('2026-03-01', -1)).toBe('2026-02-28');
  });
  it('months keep the day of month, clamped to the last day of a shorter month', () => {
    expect(addMonths('2026-10-15', 3)).toBe('2027-01-15');
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29');
    expect(addMonths('2026-11-30', 3)).toBe('2027-02-28');
    expect(addMonths('2026-03-31', -1)).toBe('2026-02-28');
  });
  it('does not depend on the server time zone or daylight-saving changes', () => {
    const saved = process.env.TZ;
    try {
      for (const tz of ['Europe/Berlin', 'America/Sao_Paulo', 'Pacific/Kiritimati', 'Asia/Shanghai']) {
        process.env.TZ = tz;
        expect(addCalendarDays('2026-03-28', 2)).toBe('2026-03-30'); // EU clocks change on Sun 29 March 2026
        expect(addWorkingDays('2026-10-23', 1)).toBe('2026-10-26'); // and back on Sun 25 October
        expect(addMonths('2026-03-29', 7)).toBe('2026-10-29');
      }
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });
});

describe('report deadline profiles', () => {
  it('by default both the acknowledgement and the outcome are due within 15 working days', () => {
    expect(DEADLINE_PROFILES.default).toEqual({ acknowledge: { workingDays: 15 }, outcome: { workingDays: 15 } });
    expect(deadlineFor('default', 'acknowledge', '2026-01-02')).toBe('2026-01-23');
    expect(deadlineFor('default', 'outcome', '2026-09-30', NATIONAL_DAY)).toBe('2026-10-28');
  });
  it('the EU profile gives 7 calendar days to acknowledge and 3 months for the outcome', () => {
    expect(deadlineFor('eu', 'acknowledge', '2026-12-28')).toBe('2027-01-04');
    expect(deadlineFor('eu', 'outcome', '2026-11-30')).toBe('2027-02-28'); // no 30 February: last day
  });
  it('a deployment may pass its own profile', () => {
    expect(deadlineFor({ acknowledge: { days: 3 }, outcome: { months: 1 } }, 'acknowledge', '2026-01-30')).toBe('2026-02-02');
  });
});
