import { paddedLength } from '../../server/domain/padding';

test('sealed values are padded to buckets: 1 KiB at least, powers of two to 64 KiB, then eighths of a doubling', () => {
  expect([0, 1, 1024].map(paddedLength)).toEqual([1024, 1024, 1024]);
  expect([1025, 2048, 2049, 65536].map(paddedLength)).toEqual([2048, 2048, 4096, 65536]);
  expect(paddedLength(65537)).toBe(65536 + 8192);
  for (const n of [70_000, 1_000_000, 9_999_999]) {
    expect(paddedLength(n)).toBeGreaterThanOrEqual(n);
    expect(paddedLength(n) / n).toBeLessThanOrEqual(1.125);
  }
});
