import { ahpWeights, parseSaaty } from '../../server/domain/ahp';

// Rows and columns: M, C, S, F. a_ij = how much more row i matters than column j.

describe('AHP weights from a pairwise comparison matrix', () => {
  it('a perfectly consistent matrix gives its ratio weights with λ_max = 4 and CR = 0', () => {
    // Weights 8 : 4 : 2 : 1 → a_ij = w_i/w_j, every ratio on Saaty's scale. Normalised: 8/15, 4/15, 2/15, 1/15.
    const result = ahpWeights([
      [1, 2, 4, 8],
      [1 / 2, 1, 2, 4],
      [1 / 4, 1 / 2, 1, 2],
      [1 / 8, 1 / 4, 1 / 2, 1],
    ]);
    if (!result.ok) throw new Error(result.error);
    expect(result.weights.M).toBeCloseTo(8 / 15, 10); // 0.533333
    expect(result.weights.C).toBeCloseTo(4 / 15, 10); // 0.266667
    expect(result.weights.S).toBeCloseTo(2 / 15, 10); // 0.133333
    expect(result.weights.F).toBeCloseTo(1 / 15, 10); // 0.066667
    expect(result.lambdaMax).toBeCloseTo(4, 10);
    expect(result.CI).toBeCloseTo(0, 10);
    expect(result.CR).toBeCloseTo(0, 10);
  });

  it('a second consistent matrix with equal weights for S and F: 4 : 2 : 1 : 1 → 0.5, 0.25, 0.125, 0.125', () => {
    const result = ahpWeights([
      [1, 2, 4, 4],
      [1 / 2, 1, 2, 2],
      [1 / 4, 1 / 2, 1, 1],
      [1 / 4, 1 / 2, 1, 1],
    ]);
    expect(result).toMatchObject({ ok: true });
    if (result.ok) {
      expect(result.weights.M + result.weights.C + result.weights.S + result.weights.F).toBeCloseTo(1, 12);
      expect([result.weights.M, result.weights.C, result.weights.S, result.weights.F].map((w) => Number(w.toFixed(10))))
        .toEqual([0.5, 0.25, 0.125, 0.125]);
    }
  });

  it('a slightly inconsistent matrix is accepted, with its Perron vector and small CR', () => {
    // M = C ≻ S ≻ F, but M/F = 3 while (M/S)(S/F) = 4: mildly inconsistent.
    // Reference (numpy.linalg.eig): w = (0.350913, 0.350913, 0.189060, 0.109114), λ_max = 4.010363,
    // CI = 0.010363/3 = 0.003454, CR = 0.003454/0.90 = 0.003838.
    const A = [
      [1, 1, 2, 3],
      [1, 1, 2, 3],
      [1 / 2, 1 / 2, 1, 2],
      [1 / 3, 1 / 3, 1 / 2, 1],
    ];
    const result = ahpWeights(A);
    if (!result.ok) throw new Error(result.error);
    const w = [result.weights.M, result.weights.C, result.weights.S, result.weights.F];
    [0.350913, 0.350913, 0.18906, 0.109114].forEach((expected, i) => expect(w[i]).toBeCloseTo(expected, 6));
    expect(result.lambdaMax).toBeCloseTo(4.010363, 6);
    expect(result.CI).toBeCloseTo(0.003454, 6);
    expect(result.CR).toBeCloseTo(0.003838, 6);
    // and it is an eigenvector: (A·w)_i = λ_max·w_i
    A.forEach((row, i) => expect(row.reduce((acc, a, j) => acc + a * w[j], 0)).toBeCloseTo(result.lambdaMax * w[i], 10));
  });

  it('an inconsistent matrix is refused with its CR shown', () => {
    // Circulant cycle M ≻ C ≻ S ≻ F ≻ M by 2, other pairs equal: every row sums to 1 + 2 + 1 + 1/2 = 4.5,
    // so w = (¼, ¼, ¼, ¼) and λ_max = 4.5. CI = (4.5 − 4)/3 = 0.166667; CR = 0.166667/0.90 = 0.185185 ≥ 0.10.
    const result = ahpWeights([
      [1, 2, 1, 1 / 2],
      [1 / 2, 1, 2, 1],
      [1, 1 / 2, 1, 2],
      [2, 1, 1 / 2, 1],
    ]);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error).toBe('ahp.inconsistent');
      expect(result.CR).toBeCloseTo(0.185185, 6);
    }
  });

  it('the same cycle at the extreme of the scale gives CR = (9 + 1/9 + 2 − 4)/3/0.90 ≈ 2.633745', () => {
    const result = ahpWeights([
      [1, 9, 1, 1 / 9],
      [1 / 9, 1, 9, 1],
      [1, 1 / 9, 1, 9],
      [9, 1, 1 / 9, 1],
    ]);
    expect(result).toEqual({ ok: false, error: 'ahp.inconsistent', CR: expect.closeTo(2.633745, 6) }); // λ = 11.111111
  });

  it('refuses a matrix that is not 4×4, off the 1–9 scale, or not reciprocal', () => {
    expect(ahpWeights([[1, 2], [1 / 2, 1]])).toEqual({ ok: false, error: 'ahp.shape' });
    expect(ahpWeights([[1, 2, 1, 1], [1 / 2, 1, 1, 1], [1, 1, 1, 1]])).toEqual({ ok: false, error: 'ahp.shape' });
    const base = () => [[1, 1, 1, 1], [1, 1, 1, 1], [1, 1, 1, 1], [1, 1, 1, 1]];
    const withEntry = (i: number, j: number, v: number) => { const m = base(); m[i][j] = v; return m; };
    for (const v of [10, 1 / 10, 0, -2, 2.5, 0.3, Number.NaN]) expect(ahpWeights(withEntry(0, 1, v)).ok).toBe(false);
    expect(ahpWeights(withEntry(0, 1, 10))).toEqual({ ok: false, error: 'ahp.out_of_scale' });
    expect(ahpWeights(withEntry(0, 1, 0.3))).toEqual({ ok: false, error: 'ahp.out_of_scale' });
    expect(ahpWeights(withEntry(0, 1, 3))).toEqual({ ok: false, error: 'ahp.not_reciprocal' }); // a_10 is 1, not 1/3
    expect(ahpWeights(withEntry(2, 2, 2))).toEqual({ ok: false, error: 'ahp.not_reciprocal' }); // diagonal must be 1
  });
});

describe('Saaty scale input', () => {
  it('accepts the integers 1–9 and the fractions 1/2–1/9', () => {
    expect(parseSaaty('3')).toBe(3);
    expect(parseSaaty(' 9 ')).toBe(9);
    expect(parseSaaty('1/3')).toBe(1 / 3);
    expect(parseSaaty('1 / 9')).toBe(1 / 9);
    expect(parseSaaty('1/1')).toBe(1);
  });
  it('refuses anything else', () => {
    for (const text of ['', '0', '10', '2/3', '0.333', '1/10', '-3', '3x', '1/']) expect(parseSaaty(text)).toBeNull();
  });
});
