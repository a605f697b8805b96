// Per-account brute-force protection (DESIGN.md §5). Failures are counted in a 15-minute window; from the fifth one
// each further attempt must wait an exponentially growing back-off (1 s, 2 s, 4 s … capped at a minute). During the
// back-off even the right password is refused, unchecked, with the same message as a wrong one. There is no hard
// lock: with the throttle per account and address (routes/auth.ts) one address can add only a few failures to an
// account in a window, so it cannot lock its owner out. Pure functions; services/auth/login.ts applies them atomically.
export const FAILURE_WINDOW_MS = 15 * 60 * 1000;
export const BACKOFF_FROM_FAILURES = 5;
export const MAX_BACKOFF_MS = 60 * 1000;

export interface LockoutState {
  failedLogins: number;
  firstFailedAt: number | null;
  lastFailedAt: number | null;
  /** Only set by older versions (a hard lock); honoured until it lapses, never set any more. */
  lockedUntil: number | null;
}

/** Back-off after n failures in the window: 1 s, 2 s, 4 s … from the fifth, capped at a minute. */
export function backoffMs(failures: number): number {
  if (failures < BACKOFF_FROM_FAILURES) return 0;
  return Math.min(MAX_BACKOFF_MS, 1000 * 2 ** (failures - BACKOFF_FROM_FAILURES));
}

function inWindow(state: LockoutState, now: number): boolean {
  return state.firstFailedAt !== null && now - state.firstFailedAt <= FAILURE_WINDOW_MS;
}

/** Whether an attempt at `now` may be checked at all; 'locked' and 'backoff' attempts are refused unchecked. */
export function attemptVerdict(state: LockoutState, now: number): 'allowed' | 'locked' | 'backoff' {
  if (state.lockedUntil !== null && state.lockedUntil > now) return 'locked';
  if (!inWindow(state, now)) return 'allowed';
  if (state.lastFailedAt !== null && now - state.lastFailedAt < backoffMs(state.failedLogins)) return 'backoff';
  return 'allowed';
}

/** The state after one more failed (checked) attempt. */
export function afterFailure(state: LockoutState, now: number): LockoutState {
  const fresh = !inWindow(state, now);
  return {
    failedLogins: fresh ? 1 : state.failedLogins + 1,
    firstFailedAt: fresh ? now : state.firstFailedAt,
    lastFailedAt: now,
    lockedUntil: state.lockedUntil !== null && state.lockedUntil > now ? state.lockedUntil : null,
  };
}

/**
 * One attempt, decided before its password or code is checked: allowed attempts are counted as failures at once (a
 * success clears the count afterwards), so attempts sent together see each other and only the first few get checked.
 */
export function reserveAttempt(state: LockoutState, now: number): { verdict: 'allowed' | 'locked' | 'backoff'; state: LockoutState } {
  const verdict = attemptVerdict(state, now);
  return { verdict, state: verdict === 'allowed' ? afterFailure(state, now) : state };
}

export const CLEAR_LOCKOUT: LockoutState = { failedLogins: 0, firstFailedAt: null, lastFailedAt: null, lockedUntil: null };
