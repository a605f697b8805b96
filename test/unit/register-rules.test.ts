import type { Principal } from '../../server/domain/principal';
import { validatePostDecision } from '../../server/domain/register/decision-rules';
import { procedureSteps, type ProcedureFacts, type StepRecord } from '../../server/domain/register/procedure';
import { postChangeTriggers, findingTriggers, reportStatusTriggers } from '../../server/domain/register/reassess-rules';
import { registerAccess } from '../../server/domain/register/register-access';
import { nextRiskPointKey, validateRiskPoint } from '../../server/domain/register/risk-point-rules';
import { columnLetter, matchWord } from '../../server/domain/register/sheet-parse';

// The register's rules (DESIGN.md §2): who sees what of a post's register, the procedure's order and what blocks it,
// the reason an override needs, the triggers of dynamic adjustment, and the words a filed register is read with.
const principal = (over: Partial<Principal> = {}): Principal => ({ id: 1, email: 'a@b', name: 'a', role: 'reviewer', allUnits: false, unitIds: [10], heldPostIds: [], ...over });
const post = (postId: number | null, holdsPostInUnit = false) => ({ unitId: 10, postId, holdsPostInUnit });
const phase = (selfCheckOpen: boolean, published: boolean) => ({ selfCheckOpen, published });

describe('conflict of interest for risk points', () => {
  test('a committee member in scope who does not hold the post sees and does everything', () => {
    expect(registerAccess(principal(), post(5), phase(false, false))).toEqual({ read: true, readLevels: true, readEvidence: true, propose: false, edit: true, decide: true, readPublication: true });
  });
  test('the holder proposes during 个人查找, whatever their scope, but never sees a level before 公示', () => {
    const holder = principal({ unitIds: [], heldPostIds: [5] });
    expect(registerAccess(holder, post(5, true), phase(true, false))).toMatchObject({ read: true, propose: true, readLevels: false, readEvidence: false, edit: false, decide: false, readPublication: false });
    expect(registerAccess(holder, post(5, true), phase(false, false))).toMatchObject({ read: true, propose: false, readLevels: false });
    expect(registerAccess(holder, post(5, true), phase(false, true))).toMatchObject({ readLevels: true, readEvidence: false, decide: false, readPublication: true });
  });
  test('a holder in scope is a committee member for the other posts only', () => {
    const both = principal({ heldPostIds: [5] });
    expect(registerAccess(both, post(6, true), phase(true, false))).toMatchObject({ edit: true, readLevels: true, propose: false });
    expect(registerAccess(both, post(5, true), phase(true, false))).toMatchObject({ edit: false, readLevels: false, propose: true });
    expect(registerAccess(both, post(null, true), phase(false, false)).readPublication).toBe(false);
  });
  test('anyone else sees nothing, admins included when they hold the post', () => {
    expect(registerAccess(principal({ unitIds: [] }), post(5), phase(true, true))).toMatchObject({ read: false, readLevels: false, propose: false, edit: false, readPublication: false });
    expect(registerAccess(principal({ role: 'admin', heldPostIds: [5] }), post(5, true), phase(false, false))).toMatchObject({ readLevels: false, edit: false });
  });
});

const facts = (over: Partial<ProcedureFacts> = {}): ProcedureFacts => ({
  periodOpen: true, postsWithoutRiskPoints: [], riskPointsWithoutOwner: 0, riskPointsWithoutSupervisor: 0, releasedResponses: 10, postsInsufficient: [], k: 5,
  postsUndecided: [], riskPointsUndecided: 0, ...over,
});
const done = (...steps: StepRecord['step'][]): StepRecord[] => steps.map((step) => ({ step, doneBy: 'x', doneOn: '2026-01-01', note: null }));

test('the procedure runs in order: the first step not done is current, the rest wait', () => {
  const steps = procedureSteps(done('self_check', 'staff_review'), facts());
  expect(steps.map((s) => s.state)).toEqual(['done', 'done', 'current', 'waiting', 'waiting']);
  expect(steps.filter((s) => s.canComplete).map((s) => s.step)).toEqual(['leadership_review']);
});

test('blocking gaps refuse completion; advisory ones do not; a closed period refuses everything', () => {
  expect(procedureSteps([], facts({ postsWithoutRiskPoints: ['局长'] }))[0]).toMatchObject({ canComplete: false, missing: [{ key: 'register.missing.posts_without_points', blocking: true }] });
  expect(procedureSteps([], facts({ riskPointsWithoutOwner: 2 }))[0]).toMatchObject({ canComplete: true });
  expect(procedureSteps(done('self_check', 'staff_review', 'leadership_review'), facts({ riskPointsUndecided: 1 }))[3].canComplete).toBe(false);
  expect(procedureSteps([], facts({ periodOpen: false }))[0].canComplete).toBe(false);
});

test('a decided level other than the proposal needs a reason', () => {
  expect(validatePostDecision('medium', 'medium', '')).toEqual({ ok: true, value: { level: 'medium', reason: null } });
  expect(validatePostDecision('medium', 'high', ' ')).toEqual({ ok: false, errors: { reason: 'register.decision.error.reason' } });
  expect(validatePostDecision('medium', 'high', '巡察发现')).toEqual({ ok: true, value: { level: 'high', reason: '巡察发现' } });
  expect(validatePostDecision('medium', 'extreme', '')).toEqual({ ok: false, errors: { level: 'form.invalid' } });
});

test('dynamic adjustment triggers: substantiated reports, severity-3 findings, a new holder, a changed power profile', () => {
  expect(['substantiated', 'partly_substantiated', 'unfounded', 'closed'].map(reportStatusTriggers)).toEqual([true, true, false, false]);
  expect([findingTriggers(3), findingTriggers(2), findingTriggers(3, 3), findingTriggers(3, 1)]).toEqual([true, false, false, true]);
  const power = { decision: 3, personnel: 2, finance: 1, procurement: 1, enforcement: 0 };
  expect(postChangeTriggers({ holderName: '张三', power }, { holderName: '李四', power: { ...power, finance: 4 } })).toEqual(['holder', 'power']);
  expect(postChangeTriggers({ holderName: '张三', power }, { holderName: null, power })).toEqual([]);
  expect(postChangeTriggers({ holderName: null, power }, { holderName: '张三', power })).toEqual(['holder']);
});

test('risk point fields: required texts, a key of the register format, dimensions among the six', () => {
  const form = { key: '', power: 'finance', duty: '大额支出审批', description: '违规审批', manifestation: '拆分支出', dimensions: ['rules'], owner: '', supervisor: '' };
  expect(validateRiskPoint(form)).toMatchObject({ ok: true, value: { key: null, dimensions: ['rules'] } });
  expect(validateRiskPoint({ ...form, key: 'Bad', power: 'x', duty: ' ', dimensions: ['rules', 'luck'] })).toEqual({
    ok: false, errors: { key: 'register.error.key', power: 'form.invalid', duty: 'form.required', dimensions: 'form.invalid' },
  });
  expect(nextRiskPointKey(['rp-1', 'rp-3', 'x'])).toBe('rp-4');
  expect(nextRiskPointKey(['rp-2'])).toBe('rp-3');
});

test('sheet words: columns lettered like Excel, levels read in either language and with their long labels', () => {
  expect([0, 25, 26, 27, 701].map(columnLetter)).toEqual(['A', 'Z', 'AA', 'AB', 'ZZ']);
  const levels = { high: ['一级', 'Level 1 (high)', 'high'], medium: ['二级', 'medium'], low: ['三级', 'low'] };
  expect(matchWord(levels, '一级（高风险）', true)).toBe('high');
  expect(matchWord(levels, ' HIGH ')).toBe('high');
  expect(matchWord(levels, '四级', true)).toBeNull();
});
