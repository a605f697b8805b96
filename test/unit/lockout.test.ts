import { afterFailure, attemptVerdict, backoffMs, CLEAR_LOCKOUT, reserveAttempt, type LockoutState } from '../../server/services/auth/lockout';
import { generatePassword, passwordProblem } from '../../server/services/auth/password-policy';

const MIN = 60 * 1000;

function failTimes(n: number, start: number, gap: number): LockoutState {
  let state = CLEAR_LOCKOUT;
  for (let i = 0; i < n; i++) state = afterFailure(state, start + i * gap);
  return state;
}

test('four failures leave the account open at once; the fifth starts a growing back-off', () => {
  expect(attemptVerdict(failTimes(4, 0, 1000), 4000)).toBe('allowed');
  const five = failTimes(5, 0, 1000);
  expect(attemptVerdict(five, 4500)).toBe('backoff');
  expect(attemptVerdict(five, 4000 + backoffMs(5))).toBe('allowed');
  expect(backoffMs(6)).toBe(2 * backoffMs(5));
  expect(backoffMs(50)).toBe(60 * 1000);
});

test('no number of failures locks the account: after the longest back-off an attempt is allowed again', () => {
  const many = failTimes(40, 0, 10);
  expect(attemptVerdict(many, 390 + 59_000)).toBe('backoff');
  expect(attemptVerdict(many, 390 + 60_000)).toBe('allowed');
  expect(many.lockedUntil).toBeNull();
});

test('an attempt that may go ahead is counted before it is checked, so attempts sent together see each other', () => {
  let state = CLEAR_LOCKOUT;
  const verdicts: string[] = [];
  for (let i = 0; i < 25; i++) {
    const r = reserveAttempt(state, 1000);
    verdicts.push(r.verdict);
    state = r.state;
  }
  expect(verdicts.filter((v) => v === 'allowed')).toHaveLength(5);
  expect(state.failedLogins).toBe(5);
});

test('an account locked by an older version stays locked until its time is up', () => {
  const legacy = { ...CLEAR_LOCKOUT, lockedUntil: 10_000 };
  expect(attemptVerdict(legacy, 9_999)).toBe('locked');
  expect(attemptVerdict(legacy, 10_001)).toBe('allowed');
});

test('failures spread over more than 15 minutes never add up to a back-off', () => {
  let state = CLEAR_LOCKOUT;
  for (let i = 0; i < 30; i++) {
    expect(attemptVerdict(state, i * 16 * MIN)).toBe('allowed');
    state = afterFailure(state, i * 16 * MIN);
  }
});

test('passwords shorter than 12 characters or on the common list are refused', () => {
  expect(passwordProblem('short-pass1')).toBe('auth.password.too_short');
  expect(passwordProblem('Password1234')).toBe('auth.password.common');
  expect(passwordProblem('aaaaaaaaaaaaaaa')).toBe('auth.password.common');
  expect(passwordProblem('abcdefghijklmn')).toBe('auth.password.common');
  expect(passwordProblem('清风徐来水波不兴十二字')).toBe('auth.password.too_short');
  expect(passwordProblem('清风徐来，水波不兴，举酒属客')).toBeNull();
  expect(passwordProblem('correct horse battery')).toBeNull();
});

test('generated passwords pass the policy and differ every time', () => {
  const a = generatePassword();
  expect(passwordProblem(a)).toBeNull();
  expect(a).not.toBe(generatePassword());
});
