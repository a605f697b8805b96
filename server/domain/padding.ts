// Padding of sealed values (DESIGN.md §4): a ciphertext's length must not give its plaintext's length. Every sealed
// value is padded to a bucket first, so a short and a long report text of the same bucket seal to equal lengths.

const MIN_BUCKET = 1024;
const POWER_OF_TWO_UP_TO = 64 * 1024;
/** Above 64 KiB each doubling is cut into 8 buckets: at most 12.5 % padding on a large file. */
const STEPS_PER_DOUBLING_LOG2 = 3;

/** The bucket a plaintext of `length` bytes is padded to: ≥ 1 KiB; powers of two to 64 KiB; then eighths of a doubling. */
export function paddedLength(length: number): number {
  if (length <= MIN_BUCKET) return MIN_BUCKET;
  const power = 2 ** Math.ceil(Math.log2(length));
  if (power <= POWER_OF_TWO_UP_TO) return power;
  const step = 2 ** (Math.floor(Math.log2(length)) - STEPS_PER_DOUBLING_LOG2);
  return Math.ceil(length / step) * step;
}
