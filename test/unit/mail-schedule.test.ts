import { dayStart, isFinalFailure, MAX_ATTEMPTS, nextDigestAt, retryDelayMs } from '../../server/mail/schedule';

const MIN = 60_000;

test('retries back off exponentially from one minute and are capped at two hours', () => {
  expect([1, 2, 3, 4, 5, 6, 7, 8].map(retryDelayMs)).toEqual([1, 2, 4, 8, 16, 32, 64, 120].map((m) => m * MIN));
  expect(retryDelayMs(40)).toBe(120 * MIN);
});

test('a message is given up only at the last allowed attempt', () => {
  expect(isFinalFailure(MAX_ATTEMPTS - 1)).toBe(false);
  expect(isFinalFailure(MAX_ATTEMPTS)).toBe(true);
});

test('the digest goes out at the next NOTIFY_AT in local time: later today, or tomorrow once it has passed', () => {
  const morning = new Date(2026, 10, 28, 7, 30).getTime();
  expect(nextDigestAt(morning, '08:00')).toBe(new Date(2026, 10, 28, 8, 0).getTime());
  const afternoon = new Date(2026, 10, 28, 15, 0).getTime();
  expect(nextDigestAt(afternoon, '08:00')).toBe(new Date(2026, 10, 29, 8, 0).getTime());
  const exactly = new Date(2026, 10, 28, 8, 0).getTime();
  expect(nextDigestAt(exactly, '08:00')).toBe(exactly);
  const lateInMonth = new Date(2026, 11, 31, 23, 59).getTime();
  expect(nextDigestAt(lateInMonth, '00:00')).toBe(new Date(2027, 0, 1, 0, 0).getTime());
});

test('a day start keeps only the date of an instant', () => {
  const t = Date.UTC(2026, 10, 28, 13, 45, 12, 345);
  expect(dayStart(t)).toBe(Date.UTC(2026, 10, 28));
});
