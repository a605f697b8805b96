import { DEFAULT_REVIEW_DAYS, isReviewOverdue, nextReviewDate } from '../../server/domain/review-schedule';

describe('next review of a measure', () => {
  it('a high-risk post is reviewed after 90 days', () => {
    // 15 Jan + 16 = 31 Jan, + 28 = 28 Feb (44), + 31 = 31 Mar (75), + 15 = 15 Apr (90)
    expect(nextReviewDate('high', '2026-01-15')).toBe('2026-04-15');
  });
  it('a medium-risk post after 180 days', () => {
    // 15 Apr is day 90; + 15 = 30 Apr (105), + 31 = 31 May (136), + 30 = 30 Jun (166), + 14 = 14 Jul (180)
    expect(nextReviewDate('medium', '2026-01-15')).toBe('2026-07-14');
  });
  it('a low-risk post after 360 days', () => {
    // 15 Jan 2027 is 365 days on (no 29 Feb in between); 5 days earlier is 10 Jan
    expect(nextReviewDate('low', '2026-01-15')).toBe('2027-01-10');
  });
  it('counts a leap day', () => {
    // 15 Jan 2028 + 16 = 31 Jan, + 29 = 29 Feb (45), + 31 = 31 Mar (76), + 14 = 14 Apr (90)
    expect(nextReviewDate('high', '2028-01-15')).toBe('2028-04-14');
  });
  it('uses the intervals a deployment configures', () => {
    expect(DEFAULT_REVIEW_DAYS).toEqual({ high: 90, medium: 180, low: 360 });
    expect(nextReviewDate('high', '2026-01-15', { high: 30, medium: 60, low: 120 })).toBe('2026-02-14'); // 16 + 14
    expect(() => nextReviewDate('low', '2026-01-15', { high: 30, medium: 60, low: 0 })).toThrow(RangeError);
  });
});

describe('overdue reviews', () => {
  it('a review due today is not yet overdue; from the next day it is', () => {
    expect(isReviewOverdue('2026-04-15', '2026-04-14')).toBe(false);
    expect(isReviewOverdue('2026-04-15', '2026-04-15')).toBe(false);
    expect(isReviewOverdue('2026-04-15', '2026-04-16')).toBe(true);
    expect(isReviewOverdue('2026-12-31', '2027-01-01')).toBe(true);
  });
  it('refuses malformed dates rather than guessing', () => {
    expect(() => isReviewOverdue('2026-04-31', '2026-05-01')).toThrow(RangeError);
  });
});
