// The assessment procedure of one unit in one period (DESIGN.md §2): five steps in order, each done once by someone on
// a day; what is still missing for each, and whether that blocks completing it.
import { STEPS, type Step } from './vocabulary';

export interface StepRecord {
  step: Step;
  doneBy: string;
  doneOn: string;
  note: string | null;
}

/** What the database says about the unit, counted by the service. Titles, never ids: they are shown as they are. */
export interface ProcedureFacts {
  periodOpen: boolean;
  postsWithoutRiskPoints: string[];
  riskPointsWithoutOwner: number;
  riskPointsWithoutSupervisor: number;
  releasedResponses: number;
  postsInsufficient: string[];
  k: number;
  postsUndecided: string[];
  riskPointsUndecided: number;
}

export interface Missing {
  /** Message key and its parameters. */
  key: string;
  params?: Record<string, string | number>;
  /** A blocking item must be resolved before the step can be completed. */
  blocking: boolean;
}

export type StepState = 'done' | 'current' | 'waiting';

export interface StepView {
  step: Step;
  state: StepState;
  record: StepRecord | null;
  missing: Missing[];
  /** The step is current, the period is open and nothing blocking is missing. */
  canComplete: boolean;
}

const list = (names: string[]) => names.join('、');

/** What each step still lacks (§2: 个人查找 needs risk points for every post, 组织评定 a level for each of them …). */
export function missingFor(step: Step, facts: ProcedureFacts): Missing[] {
  const out: Missing[] = [];
  switch (step) {
    case 'self_check':
      if (facts.postsWithoutRiskPoints.length) out.push({ key: 'register.missing.posts_without_points', params: { posts: list(facts.postsWithoutRiskPoints) }, blocking: true });
      if (facts.riskPointsWithoutOwner) out.push({ key: 'register.missing.owner', params: { n: facts.riskPointsWithoutOwner }, blocking: false });
      if (facts.riskPointsWithoutSupervisor) out.push({ key: 'register.missing.supervisor', params: { n: facts.riskPointsWithoutSupervisor }, blocking: false });
      break;
    case 'staff_review':
      if (facts.releasedResponses === 0) out.push({ key: 'register.missing.no_responses', params: { k: facts.k }, blocking: false });
      else if (facts.postsInsufficient.length) out.push({ key: 'register.missing.insufficient', params: { posts: list(facts.postsInsufficient), k: facts.k }, blocking: false });
      break;
    case 'leadership_review':
      out.push({ key: 'register.missing.leadership_opinion', blocking: false });
      break;
    case 'decision':
      if (facts.postsUndecided.length) out.push({ key: 'register.missing.undecided_posts', params: { posts: list(facts.postsUndecided) }, blocking: true });
      if (facts.riskPointsUndecided) out.push({ key: 'register.missing.undecided_points', params: { n: facts.riskPointsUndecided }, blocking: true });
      break;
    case 'publication':
      break;
  }
  return out;
}

/** Steps in order: done ones with their record, the first not done is current, the rest wait for it. */
export function procedureSteps(records: StepRecord[], facts: ProcedureFacts): StepView[] {
  const byStep = new Map(records.map((r) => [r.step, r]));
  let currentSeen = false;
  return STEPS.map((step) => {
    const record = byStep.get(step) ?? null;
    const state: StepState = record && !currentSeen ? 'done' : currentSeen ? 'waiting' : 'current';
    if (state === 'current') currentSeen = true;
    const missing = state === 'done' ? [] : missingFor(step, facts);
    // The leadership's opinion is given in the completing form itself, so its "missing" line never blocks.
    const canComplete = state === 'current' && facts.periodOpen && !missing.some((m) => m.blocking);
    return { step, state, record: state === 'done' ? record : null, missing, canComplete };
  });
}

/** The step that is current (null when all five are done). */
export function currentStep(steps: StepView[]): Step | null {
  return steps.find((s) => s.state === 'current')?.step ?? null;
}

/** 个人查找 is open for holders while the period is open and that step is not done. */
export function selfCheckOpen(records: StepRecord[], periodOpen: boolean): boolean {
  return periodOpen && !records.some((r) => r.step === 'self_check');
}

/** 公示 done: the register of the unit may be shown to everyone in it, holders included. */
export function isPublished(records: StepRecord[]): boolean {
  return records.some((r) => r.step === 'publication');
}

/** The steps a re-opening of `step` undoes: it and every later one. */
export function stepsFrom(step: Step): Step[] {
  return STEPS.slice(STEPS.indexOf(step));
}
