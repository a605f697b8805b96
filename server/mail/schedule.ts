// When outbox messages are due: retry back-off after a failed attempt and the daily digest time. Pure functions.

export const MAX_ATTEMPTS = 10;
const RETRY_BASE_MS = 60_000;
const RETRY_CAP_MS = 2 * 60 * 60_000;

/** Back-off after the n-th failed attempt (n ≥ 1): 1 min × 2^(n−1), capped at 2 h — about 6 h in all before 'failed'. */
export function retryDelayMs(failedAttempts: number): number {
  const n = Math.max(1, Math.floor(failedAttempts));
  return Math.min(RETRY_CAP_MS, RETRY_BASE_MS * 2 ** Math.min(n - 1, 30));
}

/** True when the n-th failure is the last one allowed: the message is then marked 'failed' for an operator. */
export function isFinalFailure(failedAttempts: number): boolean {
  return failedAttempts >= MAX_ATTEMPTS;
}

/**
 * The next moment at or after `now` that the server's local clock reads `notifyAt` (HH:MM). The digest goes out then,
 * so a notice's timing does not reveal when the activity behind it happened (DESIGN.md §4).
 */
export function nextDigestAt(now: number, notifyAt: string): number {
  const [hours, minutes] = notifyAt.split(':').map(Number);
  const at = new Date(now);
  at.setHours(hours, minutes, 0, 0);
  if (at.getTime() >= now) return at.getTime();
  const tomorrow = new Date(now);
  tomorrow.setDate(tomorrow.getDate() + 1);
  tomorrow.setHours(hours, minutes, 0, 0); // set again after the date change so a DST switch does not shift it
  return tomorrow.getTime();
}

/** Start of the UTC day of an instant: the only precision outbox rows keep once a message is out. */
export function dayStart(now: number): number {
  return now - (((now % 86_400_000) + 86_400_000) % 86_400_000);
}
