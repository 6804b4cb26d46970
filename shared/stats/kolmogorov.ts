// Distributions of Kolmogorov–Smirnov statistics, following scipy's choice of method:
//  - kstwoSf(n, d): two-sided one-sample D_n (scipy.stats.kstwo.sf), Simard & L'Ecuyer (2011)
//    dispatch: Ruben–Gambino closed forms, exact 2·smirnov for d >= 0.5, the Durbin matrix
//    (Marsaglia–Tsang–Wang 2003), the Pelz–Good (1976) asymptotic series, Miller's 2·smirnov.
//    Where scipy uses Pomeranz's exact recursion (n <= 140) the Durbin matrix is used: both are exact.
//  - smirnovSf(n, d): one-sided D_n^+ (scipy.special.smirnov), Birnbaum–Tingey sum.
//  - twoSampleExactSf(n1, n2, h): P(D_{n1,n2} >= h / lcm) by lattice paths (Hodges 1958), with the
//    1 - p recursion of Viehmann (arXiv 2102.08037); equal sizes by the alternating-sum closed form.

import { logBinomial, logGamma } from './special';

/** One-sided Smirnov survival function P(D_n^+ >= d) (scipy.special.smirnov). */
export function smirnovSf(n: number, d: number): number {
  if (Number.isNaN(d)) return NaN;
  if (d <= 0) return 1;
  if (d >= 1) return 0;
  const jMax = Math.floor(n * (1 - d));
  // P = d * sum_{j=0}^{jMax} C(n,j) (1-d-j/n)^(n-j) (d+j/n)^(j-1), summed in log space.
  const logs: number[] = [];
  let maxLog = -Infinity;
  for (let j = 0; j <= jMax; j++) {
    const a = 1 - d - j / n;
    if (a <= 0) {
      if (n - j > 0) continue;
    }
    const l = logBinomial(n, j) + (n - j) * Math.log(Math.max(a, 0)) + (j - 1) * Math.log(d + j / n);
    logs.push(l);
    if (l > maxLog) maxLog = l;
  }
  if (!Number.isFinite(maxLog)) return 0;
  let s = 0;
  for (const l of logs) s += Math.exp(l - maxLog);
  return Math.min(1, Math.max(0, d * s * Math.exp(maxLog)));
}

const E128 = 2 ** 128;
const EM128 = 2 ** -128;

/** Pr(D_n <= d) by the Durbin matrix as Marsaglia, Tsang and Wang compute it. */
function kolmogorovCdfDurbin(n: number, d: number): number {
  if (d >= 1) return 1;
  const nd = n * d;
  if (nd <= 0.5) return 0;
  const k = Math.ceil(nd);
  const h = k - nd;
  const m = 2 * k - 1;
  const H = new Float64Array(m * m);
  // w[j] = 1/j!, v[j] = (1 - h^(j+1)) / (j+1)!
  const w = new Float64Array(m);
  const v = new Float64Array(m);
  let fac = 1;
  for (let j = 1; j <= m; j++) {
    w[j - 1] = fac;
    fac /= j;
    v[j - 1] = (1 - h ** j) * fac;
  }
  v[m - 1] = (1 + (Math.max(2 * h - 1, 0) ** m - 2 * h ** m)) * fac;
  for (let i = 1; i < m; i++) {
    for (let r = i - 1; r < m; r++) H[r * m + i] = w[r - i + 1];
  }
  for (let r = 0; r < m; r++) H[r * m] = v[r];
  for (let c = 0; c < m; c++) H[(m - 1) * m + c] = v[m - 1 - c];

  let P: Float64Array = new Float64Array(m * m);
  for (let i = 0; i < m; i++) P[i * m + i] = 1;
  let Q: Float64Array = H;
  let expP = 0;
  let expQ = 0;
  let nn = n;
  const tmp = new Float64Array(m * m);
  const mul = (a: Float64Array, b: Float64Array): Float64Array => {
    tmp.fill(0);
    for (let i = 0; i < m; i++) {
      const io = i * m;
      for (let l = 0; l < m; l++) {
        const x = a[io + l];
        if (x === 0) continue;
        const lo = l * m;
        for (let j = 0; j < m; j++) tmp[io + j] += x * b[lo + j];
      }
    }
    return tmp.slice();
  };
  while (nn > 0) {
    if (nn % 2) {
      P = mul(P, Q);
      expP += expQ;
    }
    nn = Math.floor(nn / 2);
    if (nn === 0) break;
    Q = mul(Q, Q);
    expQ *= 2;
    if (Math.abs(Q[(k - 1) * m + (k - 1)]) > E128) {
      for (let i = 0; i < Q.length; i++) Q[i] *= EM128;
      expQ += 128;
    }
  }
  let p = P[(k - 1) * m + (k - 1)];
  for (let i = 1; i <= n; i++) {
    p = (i * p) / n;
    if (Math.abs(p) < EM128) {
      p *= E128;
      expP -= 128;
    }
  }
  return p * 2 ** expP;
}

const PI2 = Math.PI ** 2;
const PI4 = Math.PI ** 4;
const PI6 = Math.PI ** 6;
const SQRT2PI = Math.sqrt(2 * Math.PI);
const SQRT3 = Math.sqrt(3);

/** Pelz–Good approximation to Pr(D_n <= x). */
function kolmogorovCdfPelzGood(n: number, x: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const z = Math.sqrt(n) * x;
  const z2 = z * z;
  const z3 = z2 * z;
  const z4 = z2 * z2;
  const z6 = z4 * z2;
  const qlog = -PI2 / 8 / z2;
  if (qlog < -708) return 0;
  let q = Math.exp(qlog);
  const k1a = -z2;
  const k1b = PI2 / 4;
  const k2a = 6 * z6 + 2 * z4;
  const k2b = ((2 * z4 - 5 * z2) * PI2) / 4;
  const k2c = (PI4 * (1 - 2 * z2)) / 16;
  const k3d = (PI6 * (5 - 30 * z2)) / 64;
  const k3c = (PI4 * (-60 * z2 + 212 * z4)) / 16;
  const k3b = (PI2 * (135 * z4 - 96 * z6)) / 4;
  const k3a = -30 * z6 - 90 * z4 * z4;
  const K = [0, 0, 0, 0];
  const maxk = Math.ceil((16 * z) / Math.PI);
  // Horner scheme over odd m = 2k - 1: sum c(m) q^(m^2).
  for (let k = maxk; k >= 1; k--) {
    const m = 2 * k - 1;
    const m2 = m * m;
    const m4 = m2 * m2;
    const m6 = m4 * m2;
    const qp = q ** (8 * k);
    K[0] = K[0] * qp + 1;
    K[1] = K[1] * qp + (k1a + k1b * m2);
    K[2] = K[2] * qp + (k2a + k2b * m2 + k2c * m4);
    K[3] = K[3] * qp + (k3a + k3b * m2 + k3c * m4 + k3d * m6);
  }
  const div = [z, 6 * z4, 72 * z4 * z3, 6480 * z4 * z6];
  for (let i = 0; i < 4; i++) K[i] = (K[i] * q * SQRT2PI) / div[i];
  // The sums over all integers k for K2 and K3.
  q = Math.exp(-PI2 / 2 / z2);
  let k2extra = 0;
  let k3extra = 0;
  const sqrt3z = SQRT3 * z;
  for (let k = maxk; k >= 1; k--) {
    const k2 = k * k;
    const qk = q ** k2;
    const kpi = Math.PI * k;
    k2extra += k2 * qk;
    k3extra += (sqrt3z + kpi) * (sqrt3z - kpi) * k2 * qk;
  }
  K[2] += (k2extra * PI2 * SQRT2PI) / (-36 * z3);
  K[3] += (k3extra * PI2 * SQRT2PI) / (216 * z6);
  return K[0] + K[1] / Math.sqrt(n) + K[2] / n + K[3] / (n * Math.sqrt(n));
}

const clip01 = (p: number): number => Math.min(1, Math.max(0, p));

/** log(n! / n^n) by Stirling's series (n > 140). */
function logFactorialOverPower(n: number): number {
  return logGamma(n + 1) - n * Math.log(n);
}

/** Survival function of the two-sided one-sample KS statistic, P(D_n >= x) (scipy.stats.kstwo.sf). */
export function kstwoSf(n: number, x: number): number {
  if (!Number.isInteger(n) || n <= 0 || Number.isNaN(x)) return NaN;
  if (x >= 1) return 0;
  if (x <= 0) return 1;
  const t = n * x;
  if (t <= 1) {
    if (t <= 0.5) return 1;
    let prob: number;
    if (n <= 140) {
      prob = 1;
      for (let i = 1; i <= n; i++) prob *= (i / n) * (2 * t - 1);
    } else prob = Math.exp(logFactorialOverPower(n) + n * Math.log(2 * t - 1));
    return clip01(1 - prob);
  }
  if (t >= n - 1) return clip01(2 * (1 - x) ** n);
  if (x >= 0.5) return clip01(2 * smirnovSf(n, x));
  const nx2 = t * x;
  if (n <= 140) {
    if (nx2 <= 4) return clip01(1 - kolmogorovCdfDurbin(n, x));
    return clip01(2 * smirnovSf(n, x));
  }
  if (nx2 >= 370) return 0;
  if (nx2 >= 2.2) return clip01(2 * smirnovSf(n, x));
  let cdf: number;
  if (nx2 >= 18) cdf = 1;
  else if (n <= 100_000 && n * x ** 1.5 <= 1.4) cdf = kolmogorovCdfDurbin(n, x);
  else cdf = kolmogorovCdfPelzGood(n, x);
  return clip01(1 - cdf);
}

/** P(D_{n,n} >= h/n) for two samples of equal size n. */
function probOutsideSquare(n: number, h: number): number {
  // 2 * (C(2n, n-h) - C(2n, n-2h) + ...) / C(2n, n), in Horner form to avoid cancellation.
  let P = 0;
  for (let k = Math.floor(n / h); k >= 0; k--) {
    let p1 = 1;
    for (let j = 0; j < h; j++) p1 = ((n - k * h - j) * p1) / (n + k * h + j + 1);
    P = p1 * (1 - P);
  }
  return 2 * P;
}

/** Probability that a random lattice path from (0,0) to (m,n) leaves the band |x·ng - y·mg| < h. */
function probOutsideBand(m0: number, n0: number, g: number, h: number): number {
  const m = Math.max(m0, n0);
  const n = Math.min(m0, n0);
  const mg = m / g;
  const ng = n / g;
  // Column x = i holds Q(i, j) for j in [lo, hi); cells outside the band count as 1.
  let prev = new Float64Array(n + 1);
  let cur = new Float64Array(n + 1);
  let pLo = 0;
  let pHi = Math.min(Math.ceil(h / mg), n + 1);
  for (let j = pLo; j < pHi; j++) prev[j] = 0; // Q(0, j) = 0 inside the band
  for (let i = 1; i <= m; i++) {
    const lo = Math.min(Math.max(Math.floor((ng * i - h) / mg) + 1, 0), n);
    const hi = Math.min(Math.ceil((ng * i + h) / mg), n + 1);
    if (hi <= lo) return 1;
    let left = lo === 0 ? 0 : 1; // Q(i, lo-1) is outside (1); Q(i, -1) contributes nothing
    for (let j = lo; j < hi; j++) {
      const below = j >= pLo && j < pHi ? prev[j] : 1;
      const val = (below * i + left * j) / (i + j);
      cur[j] = val;
      left = val;
    }
    const t = prev;
    prev = cur;
    cur = t;
    pLo = lo;
    pHi = hi;
  }
  return prev[n];
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/**
 * Exact two-sided p-value of the two-sample KS statistic as scipy computes it: d is first rounded to
 * the lattice h / lcm(n1, n2). Returns the rounded statistic and P(D >= d).
 */
export function twoSampleExact(n1: number, n2: number, d: number): { d: number; p: number } {
  const g = gcd(n1, n2);
  const lcm = (n1 / g) * n2;
  const h = Math.round(d * lcm);
  const dr = h / lcm;
  if (h === 0) return { d: dr, p: 1 };
  const p = n1 === n2 ? probOutsideSquare(n1, h) : probOutsideBand(n1, n2, g, h);
  return { d: dr, p: clip01(p) };
}
