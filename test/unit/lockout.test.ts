import { afterFailure, attemptVerdict, backoffMs, CLEAR_LOCKOUT, LOCK_MS, type LockoutState } from '../../server/services/lockout';
import { generatePassword, passwordProblem } from '../../server/services/password-policy';

const MIN = 60 * 1000;

function failTimes(n: number, start: number, gap: number): LockoutState {
  let state = CLEAR_LOCKOUT;
  for (let i = 0; i < n; i++) state = afterFailure(state, start + i * gap).state;
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

test('the tenth failure within 15 minutes locks the account for 15 minutes', () => {
  let state = failTimes(9, 0, 1000);
  const result = afterFailure(state, 9000);
  expect(result.locked).toBe(true);
  state = result.state;
  expect(attemptVerdict(state, 9000 + LOCK_MS - 1)).toBe('locked');
  expect(attemptVerdict(state, 9000 + LOCK_MS + 1)).toBe('allowed');
});

test('failures spread over more than 15 minutes never add up to a lockout', () => {
  let state = CLEAR_LOCKOUT;
  for (let i = 0; i < 30; i++) {
    const { state: next, locked } = afterFailure(state, i * 4 * MIN);
    expect(locked).toBe(false);
    state = next;
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
