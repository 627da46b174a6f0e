import { InvalidInputError } from "../../errors.js";
import { requireFinite, requireNonNegative, requireWholeMonths } from "../inputs.js";
import { interpolate } from "../risk.js";
import type { CurvePoint } from "../risk.js";
import { mulberry32 } from "../../random.js";

/**
 * Monte-Carlo short-rate paths of a one-factor Hull–White model, monthly steps:
 * r(t) = φ(t) + x(t), dx = −a x dt + σ dW, x(0) = 0, stepped exactly (Ornstein–Uhlenbeck), with
 * antithetic pairs. φ is fitted month by month so that the paths' mean discount factor equals the
 * input zero curve exactly (moment matching), so a riskless bond prices to the curve on the sample.
 */
export interface ShortRateModel {
  /** Mean reversion a, per year. */
  meanReversion: number;
  /** Volatility σ of the short rate, absolute (0.01 = 100 bp a year). */
  volatility: number;
}

export interface RatePaths {
  paths: number;
  months: number;
  /** Short rate of path p in month m (continuously compounded, annual), at p × months + m. */
  shortRate: Float64Array;
  /** Factor x of path p at the start of month m (the model's deviation from the fitted drift). */
  factor: Float64Array;
  /** Discount factor of path p to the start of month m, at p × (months + 1) + m. */
  discount: Float64Array;
}


/** Standard normals by Box–Muller. */
function normals(seed: number): () => number {
  const u = mulberry32(seed);
  let spare: number | undefined;
  return () => {
    if (spare !== undefined) {
      const s = spare;
      spare = undefined;
      return s;
    }
    const u1 = Math.max(u(), 1e-300);
    const radius = Math.sqrt(-2 * Math.log(u1));
    const angle = 2 * Math.PI * u();
    spare = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  };
}

/**
 * Simulates `pairs` antithetic pairs of paths over `months` months against a zero curve of
 * continuously compounded rates (`CurvePoint.rate` at `years`), interpolated linearly.
 */
export function simulateShortRates(model: ShortRateModel, zeroCurve: readonly CurvePoint[], months: number, pairs: number, seed = 1): RatePaths {
  requireNonNegative("meanReversion", model.meanReversion);
  requireNonNegative("volatility", model.volatility);
  requireWholeMonths("months", months, 1);
  requireWholeMonths("pairs", pairs, 1);
  if (zeroCurve.length === 0) throw new InvalidInputError("zero curve", "is empty");
  zeroCurve.forEach((p, i) => { requireFinite(`zero curve[${i + 1}].rate`, p.rate); });
  const paths = 2 * pairs;
  const dt = 1 / 12;
  const a = model.meanReversion;
  const decay = Math.exp(-a * dt);
  // Exact OU step: Var = σ² (1 − e^{−2a dt}) / (2a), → σ² dt as a → 0.
  const stepSd = model.volatility * Math.sqrt(a > 1e-12 ? (1 - decay * decay) / (2 * a) : dt);
  const factor = new Float64Array(paths * months);
  const draw = normals(seed);
  for (let p = 0; p < pairs; p++) {
    let x = 0;
    let y = 0;
    for (let m = 0; m < months; m++) {
      factor[2 * p * months + m] = x;
      factor[(2 * p + 1) * months + m] = y;
      const z = draw();
      x = x * decay + stepSd * z;
      y = y * decay - stepSd * z;
    }
  }
  const shortRate = new Float64Array(paths * months);
  const discount = new Float64Array(paths * (months + 1));
  for (let p = 0; p < paths; p++) discount[p * (months + 1)] = 1;
  for (let m = 0; m < months; m++) {
    const years = (m + 1) / 12;
    const target = Math.exp(-interpolate(zeroCurve, years) * years);
    let mean = 0;
    for (let p = 0; p < paths; p++) {
      mean += (discount[p * (months + 1) + m] as number) * Math.exp(-(factor[p * months + m] as number) * dt);
    }
    mean /= paths;
    const drift = -Math.log(target / mean) / dt;
    for (let p = 0; p < paths; p++) {
      const r = drift + (factor[p * months + m] as number);
      shortRate[p * months + m] = r;
      discount[p * (months + 1) + m + 1] = (discount[p * (months + 1) + m] as number) * Math.exp(-r * dt);
    }
  }
  return { paths, months, shortRate, factor, discount };
}

/**
 * How much a τ-year zero yield moves per unit of the factor x in Hull–White: B(τ)/τ with
 * B(τ) = (1 − e^{−aτ})/a. Used to move the mortgage rate with a long rate, not the short rate.
 */
export function yieldSensitivity(meanReversion: number, years: number): number {
  return meanReversion > 1e-12 ? (1 - Math.exp(-meanReversion * years)) / (meanReversion * years) : 1;
}
