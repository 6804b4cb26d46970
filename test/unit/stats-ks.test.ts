import { describe, expect, it } from 'vitest';
import { ks2samp } from '../../shared/stats/ks-test';
import { kstwoSf, smirnovSf } from '../../shared/stats/kolmogorov';
import { chiSquareSf, normalCdf, normalSf, gammaP } from '../../shared/stats/special';

/** numpy.linspace(start, stop, num): arange(num) * step + start, last point set to stop. */
function linspace(start: number, stop: number, num: number): number[] {
  const step = (stop - start) / (num - 1);
  const out = Array.from({ length: num }, (_, i) => i * step + start);
  out[num - 1] = stop;
  return out;
}

/** numpy.testing.assert_array_almost_equal: |a - b| < 1.5e-6. */
function almost(actual: number, expected: number): void {
  expect(Math.abs(actual - expected)).toBeLessThan(1.5e-6);
}

// Reference values: scipy/stats/tests/test_stats.py, class TestKSTwoSamples (two-sided cases).
describe('ks2samp matches scipy TestKSTwoSamples', () => {
  it('testSmall, testTwoVsThree, testTwoVsFour', () => {
    let r = ks2samp([0], [1]);
    almost(r.statistic, 1);
    almost(r.pValue, 1);
    r = ks2samp([1.01, 2.01], [1, 2, 3]);
    almost(r.statistic, 1 / 3);
    almost(r.pValue, 1);
    r = ks2samp([0.99, 1.99], [1, 2, 3]);
    almost(r.statistic, 2 / 3);
    almost(r.pValue, 0.6);
    r = ks2samp([1.01, 2.01], [1, 2, 3, 4]);
    almost(r.statistic, 0.5);
    almost(r.pValue, 14 / 15);
    r = ks2samp([0.99, 1.99], [1, 2, 3, 4]);
    almost(r.statistic, 0.75);
    almost(r.pValue, 6 / 15);
  });

  it('test100_100 (equal sizes, closed form)', () => {
    const x100 = linspace(1, 100, 100);
    const r = ks2samp(
      x100,
      x100.map((v) => v + 2 + 0.1),
    );
    almost(r.statistic, 0.03);
    almost(r.pValue, 0.9999999999962055);
    const r2 = ks2samp(
      x100,
      x100.map((v) => v + 2 - 0.1),
    );
    almost(r2.statistic, 0.02);
    almost(r2.pValue, 1);
  });

  it('test100_110 (lattice paths)', () => {
    const x100 = linspace(1, 100, 100);
    const x110 = linspace(1, 100, 110);
    let r = ks2samp(
      x100,
      x110.map((v) => v + 20 + 0.1),
    );
    almost(r.statistic, 232 / 1100);
    almost(r.pValue, 0.015739183865607353);
    r = ks2samp(
      x100,
      x110.map((v) => v + 20 - 0.1),
    );
    almost(r.statistic, 229 / 1100);
    almost(r.pValue, 0.017803803861026313);
  });

  it('testRepeatedValues', () => {
    const rep = (pairs: [number, number][]) => pairs.flatMap(([v, c]) => Array(c).fill(v) as number[]);
    const x2233 = rep([
      [2, 3],
      [3, 4],
      [5, 5],
      [6, 4],
    ]);
    const x3344 = x2233.map((v) => v + 1);
    const x2356 = rep([
      [2, 3],
      [3, 4],
      [5, 10],
      [6, 4],
    ]);
    const x3467 = rep([
      [3, 10],
      [4, 2],
      [6, 10],
      [7, 4],
    ]);
    let r = ks2samp(x2233, x3344);
    almost(r.statistic, 5 / 16);
    almost(r.pValue, 0.4262934613454952);
    r = ks2samp(x2356, x3467);
    almost(r.statistic, 190 / 21 / 26);
    almost(r.pValue, 0.0919245790168125);
  });

  it('testEqualSizes', () => {
    const d = [1, 2, 3];
    for (const shift of [1, 0.5, -0.5]) {
      const r = ks2samp(
        d,
        d.map((v) => v + shift),
      );
      almost(r.statistic, 1 / 3);
      almost(r.pValue, 1);
    }
  });

  it('testMiddlingBoth (500 vs 600): auto and asymp', () => {
    const n1 = 500;
    const n2 = 600;
    const delta = 1 / n1 / n2 / 2 / 2;
    const x = linspace(1, 200, n1).map((v) => v - delta);
    const y = linspace(2, 200, n2);
    for (const method of ['auto', 'asymp'] as const) {
      const r = ks2samp(x, y, method);
      almost(r.statistic, 2000 / n1 / n2);
      almost(r.pValue, 1);
    }
  });

  it('testLarge (10000 vs 110): exact under auto', () => {
    const n1 = 10000;
    const n2 = 110;
    const delta = 1 / n1 / n2 / 2 / 2;
    const x = linspace(1, 200, n1).map((v) => v - delta);
    const y = linspace(2, 100, n2);
    const r = ks2samp(x, y);
    expect(r.method).toBe('exact');
    almost(r.statistic, 55275 / (n1 * 11));
    // scipy asserts 4.218847493575595e-15 to 6 decimals; that value is round-off in scipy's recursion. The
    // same test gives the one-sided 'less' p-value 3.1317328311518713e-26, and with the 'greater' side
    // negligible the two-sided probability is twice that, which the lattice count here reproduces.
    almost(r.pValue, 4.218847493575595e-15);
    expect(r.pValue / (2 * 3.1317328311518713e-26)).toBeCloseTo(1, 6);
  });

  it('testLargeBoth (10000 vs 11000): asymp under auto (Pelz–Good), and exact', () => {
    const n1 = 10000;
    const n2 = 11000;
    const delta = 1 / n1 / n2 / 2 / 2;
    const x = linspace(1, 200, n1).map((v) => v - delta);
    const y = linspace(2, 200, n2);
    const auto = ks2samp(x, y);
    expect(auto.method).toBe('asymp');
    almost(auto.statistic, 563 / (n1 * 11));
    almost(auto.pValue, 0.9990660108966576);
    const exact = ks2samp(x, y, 'exact');
    almost(exact.pValue, 0.9990456491488628);
  });
});

describe('Kolmogorov distributions', () => {
  it('kstwo survival: closed forms and Durbin agree with hand values', () => {
    // Ruben–Gambino: for 1/(2n) < x <= 1/n, P(D_n <= x) = n!/n^n (2nx - 1)^n. n=2, x=0.4: 2/4 * 0.6^2 = 0.18.
    expect(kstwoSf(2, 0.4)).toBeCloseTo(1 - 0.18, 14);
    // Upper end: P(D_n >= x) = 2 (1 - x)^n for x >= 1 - 1/n. n=3, x=0.7: 2 * 0.3^3 = 0.054.
    expect(kstwoSf(3, 0.7)).toBeCloseTo(0.054, 14);
    // n = 1: D_1 = max(U, 1-U) >= x with probability 2(1 - x).
    expect(kstwoSf(1, 0.75)).toBeCloseTo(0.5, 14);
  });

  it('smirnov one-sided: n = 1 gives 1 - d, and Durbin matches 2*smirnov where the intersection vanishes', () => {
    expect(smirnovSf(1, 0.3)).toBeCloseTo(0.7, 14);
    expect(smirnovSf(5, 0.6)).toBeGreaterThan(0);
    // For d >= 0.5 the two one-sided events are disjoint: P(D_n >= d) = 2 P(D_n^+ >= d).
    expect(kstwoSf(10, 0.55)).toBeCloseTo(2 * smirnovSf(10, 0.55), 14);
  });

  it('Durbin matrix: Marsaglia, Tsang & Wang (2003) example K(10, 0.274) = 0.6284796154565043', () => {
    expect(1 - kstwoSf(10, 0.274)).toBeCloseTo(0.6284796154565043, 14);
    // Where both one-sided excursions cannot happen together, the exact two-sided tail equals 2·smirnov.
    expect(kstwoSf(30, 0.36) / (2 * smirnovSf(30, 0.36))).toBeCloseTo(1, 10);
  });

  it('kstwo is continuous across the method boundaries', () => {
    // n = 1000: Durbin (n x^1.5 <= 1.4) vs Pelz-Good on either side of the switch, and Miller at n x^2 = 2.2.
    const n = 1000;
    const xs = [0.0124, 0.0126, 0.0465, 0.047];
    const ps = xs.map((x) => kstwoSf(n, x));
    for (let i = 1; i < ps.length; i++) expect(ps[i]).toBeLessThan(ps[i - 1]);
    // Limiting Kolmogorov distribution at z = sqrt(n) x = 1.36 is 0.0494; finite n is close to it.
    expect(kstwoSf(n, 1.36 / Math.sqrt(n))).toBeGreaterThan(0.044);
    expect(kstwoSf(n, 1.36 / Math.sqrt(n))).toBeLessThan(0.05);
  });
});

describe('special functions', () => {
  it('chi-square tail', () => {
    // df = 2: sf(x) = exp(-x/2) exactly.
    expect(chiSquareSf(3, 2)).toBeCloseTo(Math.exp(-1.5), 14);
    // Textbook critical values: chi2.ppf(0.95, 1) = 3.841458820694124, chi2.ppf(0.95, 10) = 18.307038053275146.
    expect(chiSquareSf(3.841458820694124, 1)).toBeCloseTo(0.05, 12);
    expect(chiSquareSf(18.307038053275146, 10)).toBeCloseTo(0.05, 12);
    expect(gammaP(1, 2)).toBeCloseTo(1 - Math.exp(-2), 14);
  });

  it('normal distribution', () => {
    expect(normalCdf(0)).toBe(0.5);
    // norm.cdf(1.959963984540054) = 0.975; norm.sf(5) = 2.866515718791939e-07.
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 14);
    expect(normalSf(5) / 2.866515718791939e-7).toBeCloseTo(1, 12);
  });
});
