import { DIMENSIONS, type Dimension, type PowerType } from '../../server/domain/dimensions';
import {
  computeUnitRisk, findingsSignal, itemCountsToDimSum, addDimSums, levelOf, powerExposure, reportSignal, riskValue, topDimension,
  type DimSum, type PostRiskInput, type ReportInput,
} from '../../server/domain/risk-model';
import { DEFAULT_PARAMS, validateParams, type ModelParams } from '../../server/domain/risk-params';

// Factories: zero answers unless given; uniform power profile unless given.
const dims = (given: Partial<Record<Dimension, DimSum>> = {}): Record<Dimension, DimSum> =>
  Object.fromEntries(DIMENSIONS.map((d) => [d, given[d] ?? { n: 0, sum: 0 }])) as Record<Dimension, DimSum>;
const power = (decision: number, personnel: number, finance: number, procurement: number, enforcement: number): Record<PowerType, number> =>
  ({ decision, personnel, finance, procurement, enforcement });
const post = (over: Partial<PostRiskInput> & { postKey: string }): PostRiskInput =>
  ({ power: power(5, 5, 5, 5, 5), respondents: 0, dims: dims(), reports: [], findings: [], ...over });
const params = (over: Partial<ModelParams> = {}): ModelParams => ({ ...DEFAULT_PARAMS, ...over });

describe('answers become risk values', () => {
  it('polarity + maps 1..5 to 0, 0.25, 0.5, 0.75, 1 and polarity − the other way round', () => {
    expect([1, 2, 3, 4, 5].map((a) => riskValue(a as 1, '+'))).toEqual([0, 0.25, 0.5, 0.75, 1]); // (a−1)/4
    expect([1, 2, 3, 4, 5].map((a) => riskValue(a as 1, '-'))).toEqual([1, 0.75, 0.5, 0.25, 0]); // (5−a)/4
  });
  it('an answer outside 1..5 is refused', () => {
    for (const a of [0, 6, 2.5]) expect(() => riskValue(a as 1, '+')).toThrow(RangeError);
  });
  it('"don\'t know" answers are ignored: only counts of 1..5 make n and the sum of x', () => {
    const counts = { 1: 2, 3: 1, 5: 4, na: 7 };
    expect(itemCountsToDimSum(counts, '+')).toEqual({ n: 7, sum: 4.5 }); // 2·0 + 1·0.5 + 4·1 = 4.5; n = 2+1+4
    expect(itemCountsToDimSum(counts, '-')).toEqual({ n: 7, sum: 2.5 }); // 2·1 + 1·0.5 + 4·0 = 2.5
    expect(itemCountsToDimSum({ na: 9 }, '+')).toEqual({ n: 0, sum: 0 });
  });
  it('items of one dimension pool their n and sums', () => {
    expect(addDimSums([{ n: 7, sum: 4.5 }, { n: 3, sum: 0.75 }])).toEqual({ n: 10, sum: 5.25 });
  });
});

describe('power exposure E = Σω·ℓ / (5·Σω)', () => {
  it('equal weights: levels 5,5,4,3,3 give 20/25 = 0.8', () => {
    expect(powerExposure(power(5, 5, 4, 3, 3), DEFAULT_PARAMS.powerWeights)).toBeCloseTo(0.8, 12);
    expect(powerExposure(power(0, 0, 0, 0, 0), DEFAULT_PARAMS.powerWeights)).toBe(0);
    expect(powerExposure(power(5, 5, 5, 5, 5), DEFAULT_PARAMS.powerWeights)).toBe(1);
  });
  it('weights finance and decision double: (2·5 + 5 + 2·4 + 3 + 3) / (5·7) = 29/35', () => {
    const w = { decision: 2, personnel: 1, finance: 2, procurement: 1, enforcement: 1 };
    expect(powerExposure(power(5, 5, 4, 3, 3), w)).toBeCloseTo(29 / 35, 12); // 0.828571…
  });
  it('power weights that sum to zero are refused', () => {
    const w = { decision: 0, personnel: 0, finance: 0, procurement: 0, enforcement: 0 };
    expect(() => powerExposure(power(1, 1, 1, 1, 1), w)).toThrow(RangeError);
  });
});

describe('report signal S = 1 − exp(−W/2)', () => {
  it('a post without reports has W = 0 and S = 0', () => {
    expect(reportSignal([])).toEqual({ W: 0, S: 0 });
  });
  it.each([
    ['new', 0.5, 0.221199], // 1 − e^−0.25
    ['acknowledged', 0.5, 0.221199],
    ['under_review', 0.5, 0.221199],
    ['substantiated', 1, 0.393469], // 1 − e^−0.5
    ['partly_substantiated', 0.75, 0.312711], // 1 − e^−0.375
    ['unfounded', 0, 0],
    ['duplicate', 0, 0],
    ['withdrawn', 0, 0],
  ] as const)('one %s report weighs %d (S ≈ %d), and so does one closed with that outcome', (status, W, S) => {
    for (const r of [{ status }, { status: 'closed', closedWith: status }] as ReportInput[]) {
      const signal = reportSignal([r]);
      expect(signal.W).toBe(W);
      expect(signal.S).toBeCloseTo(S, 6);
    }
  });
  it('weights add up: substantiated + under review + closed partly substantiated + unfounded = 2.25', () => {
    const { W, S } = reportSignal([
      { status: 'substantiated' }, { status: 'under_review' },
      { status: 'closed', closedWith: 'partly_substantiated' }, { status: 'unfounded' },
    ]);
    expect(W).toBe(2.25); // 1 + 0.5 + 0.75 + 0
    expect(S).toBeCloseTo(0.675348, 6); // 1 − e^−1.125 = 1 − 0.324652
  });
  it('a closed report without the outcome it closed with is a data error', () => {
    expect(() => reportSignal([{ status: 'closed' }])).toThrow(RangeError);
    expect(() => reportSignal([{ status: 'closed', closedWith: 'closed' } as unknown as ReportInput])).toThrow(RangeError);
    expect(() => reportSignal([{ status: 'toString' } as unknown as ReportInput])).toThrow(RangeError); // not a status
  });
});

describe('findings signal F = 1 − exp(−Σ severity / 3)', () => {
  it('no findings give F = 0; severities add up', () => {
    expect(findingsSignal([])).toEqual({ total: 0, F: 0 });
    expect(findingsSignal([3]).F).toBeCloseTo(0.632121, 6); // 1 − e^−1
    const many = findingsSignal([1, 2, 3]);
    expect(many.total).toBe(6);
    expect(many.F).toBeCloseTo(0.864665, 6); // 1 − e^−2
  });
});

describe('levels are decided on the unrounded R', () => {
  const t = DEFAULT_PARAMS.thresholds;
  it('60 is high and anything below it is medium down to 40; below 40 is low', () => {
    expect(levelOf(60, t)).toBe('high');
    expect(levelOf(59.99999, t)).toBe('medium'); // shown as "60.0" but still medium
    expect(levelOf(40, t)).toBe('medium');
    expect(levelOf(39.99999, t)).toBe('low');
    expect(levelOf(0, t)).toBe('low');
  });
  it('R landing exactly on 60 and 40 through the whole model takes the higher level', () => {
    // L = M only; m = 0 so x̃ = x̄. Post at 60: E = 15/25 = 0.6, x̄ = 3/5 = 0.6 → R = 100·√(0.6·0.6) = 60.
    // Post at 40: E = 1, x̄ = 4/25 = 0.16 → R = 100·√0.16 = 40. Just below: x̄ = 2.75/5 = 0.55 → 100·√0.33 ≈ 57.4;
    // x̄ = 3.75/25 = 0.15 → 100·√0.15 ≈ 38.7.
    const motive = (n: number, sum: number) => dims({ opportunity: { n, sum }, pressure: { n, sum }, rationalization: { n, sum } });
    const p = params({ m: 0, likelihoodWeights: { M: 1, C: 0, S: 0, F: 0 } });
    const { posts } = computeUnitRisk({ responses: 25, posts: [
      post({ postKey: 'at60', power: power(3, 3, 3, 3, 3), respondents: 5, dims: motive(5, 3) }),
      post({ postKey: 'below60', power: power(3, 3, 3, 3, 3), respondents: 5, dims: motive(5, 2.75) }),
      post({ postKey: 'at40', respondents: 25, dims: motive(25, 4) }),
      post({ postKey: 'below40', respondents: 25, dims: motive(25, 3.75) }),
    ] }, p);
    expect(posts.map((x) => [x.postKey, x.level])).toEqual([['at60', 'high'], ['below60', 'medium'], ['at40', 'medium'], ['below40', 'low']]);
    expect(posts[0].R).toBe(60);
    expect(posts[2].R).toBe(40);
  });
});

describe('a unit assessed as a whole (k = 5, m = 4, weights 0.30/0.30/0.25/0.15)', () => {
  // Unit of N_u = 12 released responses. Chief: N_p = 8; deputy: N_p = 4 (< k).
  const chief = post({
    postKey: 'chief', power: power(5, 5, 4, 3, 3), respondents: 8,
    dims: dims({ opportunity: { n: 8, sum: 7 }, pressure: { n: 8, sum: 2 }, rationalization: { n: 6, sum: 3 },
      rules: { n: 8, sum: 6 }, supervision: { n: 8, sum: 4 } }), // cost: every answer was "don't know"
    reports: [{ status: 'substantiated' }, { status: 'under_review' }, { status: 'closed', closedWith: 'partly_substantiated' }, { status: 'unfounded' }],
    findings: [2, 1],
  });
  const deputy = post({
    postKey: 'deputy', power: power(2, 1, 1, 0, 1), respondents: 4,
    dims: dims({ opportunity: { n: 4, sum: 2 }, pressure: { n: 4, sum: 4 }, rationalization: { n: 2, sum: 0 },
      rules: { n: 4, sum: 3 }, supervision: { n: 4, sum: 4 } }),
  });
  const result = computeUnitRisk({ responses: 12, posts: [chief, deputy] }, DEFAULT_PARAMS);
  const [a, b] = result.posts;

  it('priors pool every post\'s answers, and a dimension nobody answered takes 0.5', () => {
    expect(result.priors.opportunity).toBeCloseTo(0.75, 12); // (7+2)/(8+4) = 9/12
    expect(result.priors.pressure).toBeCloseTo(0.5, 12); // (2+4)/12
    expect(result.priors.rationalization).toBeCloseTo(0.375, 12); // (3+0)/(6+2) = 3/8
    expect(result.priors.rules).toBeCloseTo(0.75, 12); // (6+3)/12
    expect(result.priors.supervision).toBeCloseTo(2 / 3, 12); // (4+4)/12
    expect(result.priors.cost).toBe(0.5); // no answers at all
  });

  it('a post with at least k respondents shrinks its means towards the prior with weight m', () => {
    expect(a.flags).toEqual([]);
    expect(a.dims.opportunity).toEqual({ n: 8, mean: 0.875, score: expect.closeTo(10 / 12, 12) }); // (7 + 4·0.75)/(8+4)
    expect(a.dims.pressure.score).toBeCloseTo(1 / 3, 12); // (2 + 4·0.5)/12 = 4/12
    expect(a.dims.rationalization.score).toBeCloseTo(0.45, 12); // (3 + 4·0.375)/(6+4) = 4.5/10
    expect(a.dims.rules.score).toBeCloseTo(0.75, 12); // (6 + 4·0.75)/12 = 9/12
    expect(a.dims.supervision.score).toBeCloseTo(5 / 9, 12); // (4 + 4·2/3)/12 = (20/3)/12
    expect(a.dims.cost).toEqual({ n: 0, mean: null, score: 0.5 }); // n = 0: (0 + 4·0.5)/4 = the prior
  });

  it('explains every figure of the chief: E, M, C, W, S, F, contributions, L, R and level', () => {
    expect(a.E).toBeCloseTo(0.8, 12); // (5+5+4+3+3)/25
    expect(a.M).toBeCloseTo(0.538889, 6); // (0.833333 + 0.333333 + 0.45)/3 = 1.616667/3
    expect(a.C).toBeCloseTo(0.601852, 6); // (0.75 + 0.555556 + 0.5)/3 = 1.805556/3
    expect([a.W, a.N, a.findingsTotal]).toEqual([2.25, 8, 3]); // 1 + 0.5 + 0.75 + 0; severities 2 + 1
    expect(a.S).toBeCloseTo(0.675348, 6); // 1 − e^−1.125
    expect(a.F).toBeCloseTo(0.632121, 6); // 1 − e^−1
    expect(a.contributions.M).toBeCloseTo(0.161667, 6); // 0.30 · 0.538889
    expect(a.contributions.C).toBeCloseTo(0.180556, 6); // 0.30 · 0.601852
    expect(a.contributions.S).toBeCloseTo(0.168837, 6); // 0.25 · 0.675348
    expect(a.contributions.F).toBeCloseTo(0.094818, 6); // 0.15 · 0.632121
    expect(a.L).toBeCloseTo(0.605877, 6); // 0.161667 + 0.180556 + 0.168837 + 0.094818
    expect(a.R).toBeCloseTo(69.6205, 4); // 100·√(0.8 · 0.605877) = 100·√0.484702
    expect(a.level).toBe('high');
    expect(a.topDimension).toBe('opportunity'); // 0.30·0.833333/3 = 0.0833 beats rules 0.30·0.75/3 = 0.075
  });

  it('a post with fewer than k respondents takes the unit prior and is flagged, its means withheld', () => {
    expect(b.flags).toEqual(['insufficient_survey_data']);
    for (const d of DIMENSIONS) expect(b.dims[d].score).toBe(result.priors[d]);
    expect(b.dims.opportunity).toEqual({ n: 4, mean: null, score: 0.75 });
    expect(b.M).toBeCloseTo(0.541667, 6); // (0.75 + 0.5 + 0.375)/3 = 1.625/3
    expect(b.C).toBeCloseTo(0.638889, 6); // (0.75 + 0.666667 + 0.5)/3 = 1.916667/3
    expect([b.W, b.S, b.findingsTotal, b.F]).toEqual([0, 0, 0, 0]);
    expect(b.E).toBeCloseTo(0.2, 12); // (2+1+1+0+1)/25
    expect(b.L).toBeCloseTo(0.354167, 6); // 0.30·0.541667 + 0.30·0.638889 = 0.1625 + 0.191667
    expect(b.R).toBeCloseTo(26.6145, 4); // 100·√(0.2 · 0.354167) = 100·√0.0708333
    expect(b.level).toBe('low');
    expect(b.topDimension).toBe('opportunity'); // tie 0.30·0.75/3 with rules: DIMENSIONS order decides
  });

  it('a post with exactly k respondents is no longer flagged and is shrunk', () => {
    // Two posts of 5 respondents: π_opportunity = (8+2)/(10+10) = 0.5; x̃ = (8 + 4·0.5)/(10+4) = 10/14 and (2+2)/14.
    const r = computeUnitRisk({ responses: 10, posts: [
      post({ postKey: 'p1', respondents: 5, dims: dims({ opportunity: { n: 10, sum: 8 } }) }),
      post({ postKey: 'p2', respondents: 5, dims: dims({ opportunity: { n: 10, sum: 2 } }) }),
    ] }, DEFAULT_PARAMS);
    expect(r.posts.map((x) => x.flags)).toEqual([[], []]);
    expect(r.posts[0].dims.opportunity.score).toBeCloseTo(10 / 14, 12); // 0.714286
    expect(r.posts[1].dims.opportunity.score).toBeCloseTo(4 / 14, 12); // 0.285714
  });

  it('a unit with fewer than k responses uses the prior 0.5 everywhere, whatever was answered', () => {
    // N_u = 4 < 5: π = 0.5 for every d; N_p ≤ N_u < k, so x̃ = 0.5; M = C = 0.5, L = 0.3·0.5 + 0.3·0.5 = 0.3.
    const r = computeUnitRisk({ responses: 4, posts: [
      post({ postKey: 'p', respondents: 4, dims: dims({ opportunity: { n: 8, sum: 8 }, cost: { n: 8, sum: 0 } }) }),
    ] }, DEFAULT_PARAMS);
    expect(Object.values(r.priors)).toEqual([0.5, 0.5, 0.5, 0.5, 0.5, 0.5]);
    expect(r.posts[0].flags).toEqual(['insufficient_survey_data']);
    expect(r.posts[0].L).toBeCloseTo(0.3, 12);
    expect(r.posts[0].R).toBeCloseTo(54.7723, 4); // E = 1: 100·√0.3
  });

  it('invalid parameters are refused before anything is computed', () => {
    expect(() => computeUnitRisk({ responses: 0, posts: [] }, params({ k: 2 }))).toThrow(/params\.k_range/);
  });
});

describe('the dimension that contributes most', () => {
  const scores = (s: number[]) => Object.fromEntries(DIMENSIONS.map((d, i) => [d, { score: s[i] }])) as Record<Dimension, { score: number }>;
  it('weighs motive scores by w_M and constraint scores by w_C', () => {
    // opportunity 0.8 → 0.2·0.8/3 = 0.0533; supervision 0.6 → 0.5·0.6/3 = 0.1: supervision wins.
    expect(topDimension(scores([0.8, 0.1, 0.1, 0.2, 0.6, 0.3]), { M: 0.2, C: 0.5, S: 0.2, F: 0.1 })).toBe('supervision');
  });
  it('breaks ties by the order of DIMENSIONS', () => {
    expect(topDimension(scores([0.4, 0.4, 0.4, 0.4, 0.4, 0.4]), DEFAULT_PARAMS.likelihoodWeights)).toBe('opportunity');
    expect(topDimension(scores([0.1, 0.2, 0.2, 0.2, 0.1, 0.1]), DEFAULT_PARAMS.likelihoodWeights)).toBe('pressure');
  });
});

describe('model parameters', () => {
  it('the defaults are valid: k = 5, m = 4, weights 0.30 + 0.30 + 0.25 + 0.15 = 1, thresholds 60/40', () => {
    expect(validateParams(DEFAULT_PARAMS)).toEqual([]);
  });
  it('likelihood weights must each lie in [0, 1] and sum to 1 within 1e-6', () => {
    const w = (M: number, C: number, S: number, F: number) => validateParams(params({ likelihoodWeights: { M, C, S, F } }));
    expect(w(0.3, 0.3, 0.25, 0.14)).toEqual(['params.likelihood_weight_sum']); // sums to 0.99
    expect(w(0.3, 0.3, 0.25, 0.1500005)).toEqual([]); // 1.0000005: within 1e-6
    expect(w(0.3, 0.3, 0.25, 0.150002)).toEqual(['params.likelihood_weight_sum']); // 1.000002
    expect(w(1.2, -0.2, 0, 0)).toEqual(['params.likelihood_weight_range']); // sums to 1 but out of range
    expect(w(1, 0, 0, 0)).toEqual([]);
    expect(w(Number.NaN, 0.3, 0.25, 0.15)).toEqual(['params.likelihood_weight_range']);
  });
  it('k must be an integer from 3 to 50, m non-negative', () => {
    for (const k of [3, 50]) expect(validateParams(params({ k }))).toEqual([]);
    for (const k of [2, 51, 4.5]) expect(validateParams(params({ k }))).toEqual(['params.k_range']);
    expect(validateParams(params({ m: 0 }))).toEqual([]);
    expect(validateParams(params({ m: -1 }))).toEqual(['params.m_range']);
  });
  it('power weights must be non-negative with a positive sum', () => {
    const pw = (decision: number, others: number) =>
      validateParams(params({ powerWeights: { decision, personnel: others, finance: others, procurement: others, enforcement: others } }));
    expect(pw(1, 0)).toEqual([]);
    expect(pw(0, 0)).toEqual(['params.power_weight_sum']);
    expect(pw(-1, 1)).toEqual(['params.power_weight_range']);
  });
  it('thresholds need 0 < medium < high ≤ 100', () => {
    const th = (high: number, medium: number) => validateParams(params({ thresholds: { high, medium } }));
    expect(th(100, 1)).toEqual([]);
    for (const [high, medium] of [[60, 60], [40, 60], [101, 40], [60, 0]]) expect(th(high, medium)).toEqual(['params.thresholds_order']);
  });
  it('a post with no survey answers and m = 0 still takes the prior rather than 0/0', () => {
    const r = computeUnitRisk({ responses: 5, posts: [post({ postKey: 'p', respondents: 5 })] }, params({ m: 0 }));
    expect(r.posts[0].dims.rules).toEqual({ n: 0, mean: null, score: 0.5 });
  });
});
