import { addressBucket, untilDayEnd, utcDay, windowBounds } from '../../server/domain/rate-limit-rules';

test('an IPv6 address counts by its /64, however it is written', () => {
  const bucket = '2001:db8:1:2::/64';
  for (const a of ['2001:db8:1:2::1', '2001:DB8:1:2:FFFF:FFFF:FFFF:FFFF', '2001:0db8:0001:0002:0000:0000:0000:0001', '2001:db8:1:2:0:0:1.2.3.4', '2001:db8:1:2::9%eth0']) {
    expect(addressBucket(a)).toBe(bucket);
  }
  expect(addressBucket('2001:db8:1:3::1')).toBe('2001:db8:1:3::/64');
  expect(addressBucket('::1')).toBe('0:0:0:0::/64');
});

test('IPv4 counts whole, also when written as an IPv4-mapped IPv6 address', () => {
  expect(addressBucket('198.51.100.7')).toBe('198.51.100.7');
  expect(addressBucket('::ffff:198.51.100.7')).toBe('198.51.100.7');
  expect(addressBucket('::FFFF:c633:6407')).toBe('198.51.100.7');
});

test('something that is not an address is counted as written', () => {
  expect(addressBucket('unknown')).toBe('unknown');
  expect(addressBucket('1:2:3')).toBe('1:2:3');
  expect(addressBucket('1::2::3')).toBe('1::2::3');
});

test('windows are aligned on the clock, and the day ends at UTC midnight', () => {
  const t = Date.UTC(2026, 11, 1, 10, 7, 31, 500);
  expect(windowBounds(t, 15 * 60_000)).toEqual({ start: Date.UTC(2026, 11, 1, 10, 0), end: Date.UTC(2026, 11, 1, 10, 15) });
  expect(windowBounds(Date.UTC(2026, 11, 1, 10, 15), 15 * 60_000).start).toBe(Date.UTC(2026, 11, 1, 10, 15));
  expect(utcDay(t)).toBe('2026-12-01');
  expect(t + untilDayEnd(t)).toBe(Date.UTC(2026, 11, 2));
  expect(untilDayEnd(Date.UTC(2026, 11, 2))).toBe(24 * 3600_000);
});
