// Per-account brute-force protection (DESIGN.md §5). Failures are counted in a 15-minute window; from the fifth one
// each further attempt must wait an exponentially growing back-off; the tenth locks the account for 15 minutes.
// During back-off or lockout even the right password is refused with the same message as a wrong one.
export const FAILURE_WINDOW_MS = 15 * 60 * 1000;
export const LOCK_AFTER_FAILURES = 10;
export const LOCK_MS = 15 * 60 * 1000;
export const BACKOFF_FROM_FAILURES = 5;
export const MAX_BACKOFF_MS = 60 * 1000;

export interface LockoutState {
  failedLogins: number;
  firstFailedAt: number | null;
  lastFailedAt: number | null;
  lockedUntil: number | null;
}

/** Back-off after n failures in the window: 1 s, 2 s, 4 s … from the fifth, capped at a minute. */
export function backoffMs(failures: number): number {
  if (failures < BACKOFF_FROM_FAILURES) return 0;
  return Math.min(MAX_BACKOFF_MS, 1000 * 2 ** (failures - BACKOFF_FROM_FAILURES));
}

/** Whether an attempt at `now` may be checked at all; 'locked' and 'backoff' attempts are refused unchecked. */
export function attemptVerdict(state: LockoutState, now: number): 'allowed' | 'locked' | 'backoff' {
  if (state.lockedUntil !== null && state.lockedUntil > now) return 'locked';
  if (!inWindow(state, now)) return 'allowed';
  if (state.lastFailedAt !== null && now - state.lastFailedAt < backoffMs(state.failedLogins)) return 'backoff';
  return 'allowed';
}

function inWindow(state: LockoutState, now: number): boolean {
  return state.firstFailedAt !== null && now - state.firstFailedAt <= FAILURE_WINDOW_MS;
}

/** The state after one more failure (refused attempts count too); `locked` says this failure started a lockout. */
export function afterFailure(state: LockoutState, now: number): { state: LockoutState; locked: boolean } {
  const fresh = !inWindow(state, now) || (state.lockedUntil !== null && state.lockedUntil <= now);
  const failedLogins = fresh ? 1 : state.failedLogins + 1;
  const firstFailedAt = fresh ? now : state.firstFailedAt;
  if (failedLogins >= LOCK_AFTER_FAILURES) {
    return { state: { failedLogins: 0, firstFailedAt: null, lastFailedAt: null, lockedUntil: now + LOCK_MS }, locked: true };
  }
  return { state: { failedLogins, firstFailedAt, lastFailedAt: now, lockedUntil: state.lockedUntil !== null && state.lockedUntil > now ? state.lockedUntil : null }, locked: false };
}

export const CLEAR_LOCKOUT: LockoutState = { failedLogins: 0, firstFailedAt: null, lastFailedAt: null, lockedUntil: null };
