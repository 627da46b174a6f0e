import { InvalidInputError } from "../../errors.js";
import type { PayoffHistory } from "./history.js";
import { modelSmm } from "./prepaymodel.js";
import type { PrepayModelParams } from "./prepaymodel.js";

/**
 * Maximum-likelihood fit of the prepayment model to loan-month payoff history: each loan-month
 * is a Bernoulli trial with probability SMM, so the log-likelihood is
 * Σ payoff·log(SMM) + (1 − payoff)·log(1 − SMM). Maximised by Nelder–Mead over unconstrained
 * transforms (log base, log amplitude, log slope, midpoint, log burnout); seasoning is held fixed.
 */
export interface FitResult {
  params: PrepayModelParams;
  logLikelihood: number;
  /** Log-likelihood of the best constant-SMM model (the fit must beat it to mean anything). */
  constantLogLikelihood: number;
  observations: number;
  payoffs: number;
  iterations: number;
}

function clampProbability(p: number): number {
  return Math.min(1 - 1e-12, Math.max(1e-12, p));
}

export function logLikelihood(h: PayoffHistory, p: PrepayModelParams): number {
  let ll = 0;
  for (let i = 0; i < h.payoff.length; i++) {
    const smm = clampProbability(modelSmm(p, h.incentive[i] as number, h.age[i] as number, h.burnoutExposure[i] as number));
    ll += h.payoff[i] ? Math.log(smm) : Math.log(1 - smm);
  }
  return ll;
}

/** Nelder–Mead minimisation of `f` from `start` with initial simplex steps `step`. */
export function nelderMead(f: (x: number[]) => number, start: number[], step: number[], maxIterations = 4000, tolerance = 1e-10): { x: number[]; value: number; iterations: number } {
  const n = start.length;
  let simplex = [start, ...start.map((_, i) => start.map((v, j) => (i === j ? v + (step[j] as number) : v)))];
  let values = simplex.map(f);
  let iterations = 0;
  for (; iterations < maxIterations; iterations++) {
    const order = values.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]).map(([, i]) => i);
    simplex = order.map((i) => simplex[i] as number[]);
    values = order.map((i) => values[i] as number);
    if (Math.abs((values[n] as number) - (values[0] as number)) <= tolerance * (Math.abs(values[0] as number) + tolerance)) break;
    const centroid = start.map((_, j) => simplex.slice(0, n).reduce((s, x) => s + (x[j] as number), 0) / n);
    const worst = simplex[n] as number[];
    const along = (t: number) => centroid.map((c, j) => c + t * ((worst[j] as number) - c));
    const reflected = along(-1);
    const fr = f(reflected);
    if (fr < (values[0] as number)) {
      const expanded = along(-2);
      const fe = f(expanded);
      [simplex[n], values[n]] = fe < fr ? [expanded, fe] : [reflected, fr];
    } else if (fr < (values[n - 1] as number)) {
      [simplex[n], values[n]] = [reflected, fr];
    } else {
      const contracted = fr < (values[n] as number) ? along(-0.5) : along(0.5);
      const fc = f(contracted);
      if (fc < Math.min(fr, values[n] as number)) {
        [simplex[n], values[n]] = [contracted, fc];
      } else {
        const best = simplex[0] as number[];
        simplex = simplex.map((x, i) => (i === 0 ? x : x.map((v, j) => (best[j] as number) + 0.5 * (v - (best[j] as number)))));
        values = simplex.map(f);
      }
    }
  }
  const bestIndex = values.indexOf(Math.min(...values));
  return { x: simplex[bestIndex] as number[], value: values[bestIndex] as number, iterations };
}

export interface FitOptions {
  /** Months to full seasoning (held fixed; default 30, the PSA ramp). */
  seasoningMonths?: number;
  /**
   * Hold the out-of-the-money (turnover) SMM fixed instead of fitting it — for samples, like a
   * single cohort through a refinancing wave, with too few seasoned out-of-the-money months to
   * identify it.
   */
  fixedBase?: number;
}

function toParams(x: number[], seasoningMonths: number, fixedBase: number | undefined): PrepayModelParams {
  const [logBase, logAmplitude, logSlope, midpoint, logBurnout] = x as [number, number, number, number, number];
  return {
    base: fixedBase ?? Math.exp(logBase), amplitude: Math.exp(logAmplitude), slope: Math.exp(logSlope),
    midpoint, burnout: Math.exp(logBurnout), seasoningMonths,
  };
}

export function fitPrepayModel(h: PayoffHistory, options: FitOptions = {}): FitResult {
  const seasoningMonths = options.seasoningMonths ?? 30;
  const fixedBase = options.fixedBase;
  if (fixedBase !== undefined && !(fixedBase >= 0 && fixedBase < 1)) {
    throw new InvalidInputError("fixedBase", `must be an SMM in [0, 1), got ${fixedBase}`);
  }
  const observations = h.payoff.length;
  let payoffs = 0;
  for (const y of h.payoff) payoffs += y;
  if (observations === 0 || payoffs === 0) throw new InvalidInputError("payoff history", "has no loan-months with a payoff to fit to");
  // Start from a turnover of ~6 % CPR, a 2.5 %-a-month refinancing plateau centred on 1 point.
  const start = [Math.log(0.005), Math.log(0.025), Math.log(2), 1, Math.log(0.001)];
  const penalty = (params: PrepayModelParams) => (params.base + params.amplitude > 1 ? 1e9 : 0);
  const objective = (x: number[]) => {
    const params = toParams(x, seasoningMonths, fixedBase);
    return -logLikelihood(h, params) + penalty(params);
  };
  const best = nelderMead(objective, start, [0.5, 0.5, 0.5, 0.5, 1]);
  const rate = payoffs / observations;
  return {
    params: toParams(best.x, seasoningMonths, fixedBase),
    logLikelihood: -best.value,
    constantLogLikelihood: payoffs * Math.log(rate) + (observations - payoffs) * Math.log(1 - rate),
    observations,
    payoffs,
    iterations: best.iterations,
  };
}

export interface YearlySpeed {
  year: number;
  loanMonths: number;
  payoffs: number;
  /** Observed payoffs / loan-months, annualised: 1 − (1 − rate)^12. */
  actualCpr: number;
  /** The model's mean SMM over the same loan-months, annualised. */
  fittedCpr: number;
}

/** Actual against fitted speed per calendar year, to show how well the model tracks history. */
export function speedsByYear(h: PayoffHistory, p: PrepayModelParams): YearlySpeed[] {
  const acc = new Map<number, { n: number; y: number; smm: number }>();
  for (let i = 0; i < h.payoff.length; i++) {
    const year = h.year[i] as number;
    const a = acc.get(year) ?? { n: 0, y: 0, smm: 0 };
    a.n += 1;
    a.y += h.payoff[i] as number;
    a.smm += modelSmm(p, h.incentive[i] as number, h.age[i] as number, h.burnoutExposure[i] as number);
    acc.set(year, a);
  }
  return [...acc.entries()].sort((a, b) => a[0] - b[0]).map(([year, a]) => ({
    year, loanMonths: a.n, payoffs: a.y,
    actualCpr: 1 - Math.pow(1 - a.y / a.n, 12),
    fittedCpr: 1 - Math.pow(1 - a.smm / a.n, 12),
  }));
}
