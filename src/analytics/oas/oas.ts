import { InvalidInputError } from "../../errors.js";
import { accruedDays } from "../dates.js";
import type { CalendarDate } from "../dates.js";
import { requireFinite, requireWholeMonths } from "../inputs.js";
import { NO_DEFAULTS } from "../defaults.js";
import { projectWithRates } from "../passthrough.js";
import { resolvePool } from "../pool.js";
import type { PoolTerms } from "../pool.js";
import type { CurvePoint } from "../risk.js";
import { newtonBisect } from "../solve.js";
import { accruedPer100 } from "../yield.js";
import { pathSmm, validatePrepayModel } from "./prepaymodel.js";
import type { PrepayModelParams } from "./prepaymodel.js";
import { simulateShortRates, yieldSensitivity } from "./shortrate.js";
import type { ShortRateModel } from "./shortrate.js";

/**
 * Option-adjusted spread of a pass-through: the constant spread over simulated short rates at
 * which the mean present value of the path cash flows equals the full price. On each path the
 * market mortgage rate moves with the model's 10-year yield, m(t) = m0 + B(10)/10 · x(t), and
 * drives the fitted prepayment model (S-curve, seasoning, burnout); the pool is projected by the
 * standard formulas with that path's SMMs. The spread is continuously compounded (annual).
 */
export interface OasInput {
  pool: PoolTerms;
  /** Clean price per 100 of current face. */
  price: number;
  settlement: CalendarDate;
  delayDays: number;
  prepayModel: PrepayModelParams;
  /** Today's market mortgage rate, percent (the refinancing alternative). */
  mortgageRatePct: number;
  /** Burnout the pool's loans have accumulated (percentage-point-months); default 0. */
  startBurnout?: number;
  /** Zero curve, continuously compounded annual rates at maturities in years. */
  zeroCurve: readonly CurvePoint[];
  shortRate: ShortRateModel;
  /** Antithetic pairs of paths (default 256). */
  pairs?: number;
  seed?: number;
}

export interface OasResult {
  /** Option-adjusted spread, decimal (× 10,000 for bp). */
  oas: number;
  /** The spread with volatility set to zero (the path of unchanged mortgage rates). */
  zeroVolatilitySpread: number;
  /** Zero-volatility spread − OAS: what the borrowers' prepayment option costs the holder. */
  optionCost: number;
  /** Mean over paths of the weighted-average life, years. */
  averageLife: number;
  paths: number;
}

interface PathValues {
  /** Mean over paths of CF_k × path discount to t_k, per k (before the spread). */
  weighted: Float64Array;
  /** Times of the cash flows in years from settlement. */
  years: Float64Array;
  averageLife: number;
  face: number;
  accrued: number;
}

function validate(input: OasInput): void {
  requireFinite("price", input.price);
  if (input.price <= 0) throw new InvalidInputError("price", `must be positive, got ${input.price}`);
  requireWholeMonths("delay", input.delayDays);
  requireFinite("mortgageRatePct", input.mortgageRatePct);
  validatePrepayModel(input.prepayModel);
}

/** Simulates, projects and discounts every path once; the spread solve then needs one vector. */
function pathValues(input: OasInput, curveShift: number, volatilityOverride?: number): PathValues {
  const pool = resolvePool(input.pool);
  const months = pool.wam;
  const model: ShortRateModel = volatilityOverride === undefined ? input.shortRate : { ...input.shortRate, volatility: volatilityOverride };
  const curve = input.zeroCurve.map((p) => ({ years: p.years, rate: p.rate + curveShift }));
  const rates = simulateShortRates(model, curve, months + 2, input.pairs ?? 256, input.seed ?? 1);
  const sensitivity = yieldSensitivity(model.meanReversion, 10);
  // Cash flow k (month k, k = 1 the settlement month) is paid t_k months after settlement.
  const offset = (input.delayDays - accruedDays(input.settlement)) / 30;
  const years = new Float64Array(months);
  for (let k = 1; k <= months; k++) years[k - 1] = (k + offset) / 12;
  const weighted = new Float64Array(months);
  const mortgageRates = new Float64Array(months);
  const smm = new Float64Array(months);
  const noDefaults = new Float64Array(months);
  const stride = rates.months + 1;
  let lifeSum = 0;
  for (let p = 0; p < rates.paths; p++) {
    for (let m = 0; m < months; m++) {
      mortgageRates[m] = input.mortgageRatePct + 100 * (curveShift + sensitivity * (rates.factor[p * rates.months + m] as number));
    }
    pathSmm(input.prepayModel, pool.grossWac * 100, mortgageRates, months, pool.startAge, input.startBurnout ?? 0, smm);
    const t = projectWithRates(pool.balance, pool.grossWac, pool.passThroughRate, months, smm, noDefaults, NO_DEFAULTS);
    let principal = 0;
    let timed = 0;
    for (let k = 0; k < months; k++) {
      const tMonths = (years[k] as number) * 12;
      const whole = Math.floor(tMonths);
      const frac = tMonths - whole;
      const d = (rates.discount[p * stride + whole] as number) * Math.exp(-(rates.shortRate[p * rates.months + whole] as number) * frac / 12);
      weighted[k] = (weighted[k] as number) + (t.cashFlow[k] as number) * d;
      principal += t.totalPrincipal[k] as number;
      timed += (t.totalPrincipal[k] as number) * (years[k] as number);
    }
    lifeSum += principal > 0 ? timed / principal : 0;
  }
  for (let k = 0; k < months; k++) weighted[k] = (weighted[k] as number) / rates.paths;
  return { weighted, years, averageLife: lifeSum / rates.paths, face: pool.balance, accrued: accruedPer100(pool.passThroughRate, input.settlement) };
}

/** Full price per 100 at spread s, and its derivative. */
function priceAtSpread(v: PathValues, spread: number): [number, number] {
  let pv = 0;
  let slope = 0;
  for (let k = 0; k < v.weighted.length; k++) {
    const t = v.years[k] as number;
    const value = (v.weighted[k] as number) * Math.exp(-spread * t);
    pv += value;
    slope -= t * value;
  }
  return [(pv * 100) / v.face, (slope * 100) / v.face];
}

function solveSpread(v: PathValues, price: number): number {
  const target = price + v.accrued;
  return newtonBisect((s) => {
    const [f, df] = priceAtSpread(v, s);
    return [f - target, df];
  }, -0.5, 2, 0.005);
}

export function optionAdjustedSpread(input: OasInput): OasResult {
  validate(input);
  const stochastic = pathValues(input, 0);
  const deterministic = pathValues(input, 0, 0);
  const oas = solveSpread(stochastic, input.price);
  const zeroVolatilitySpread = solveSpread(deterministic, input.price);
  return {
    oas, zeroVolatilitySpread, optionCost: zeroVolatilitySpread - oas,
    averageLife: stochastic.averageLife, paths: 2 * (input.pairs ?? 256),
  };
}

/** Clean price per 100 at a given OAS, with the zero curve (and mortgage rate) shifted in parallel. */
export function priceAtOas(input: OasInput, oas: number, curveShift = 0): number {
  validate(input);
  const v = pathValues(input, curveShift);
  return priceAtSpread(v, oas)[0] - v.accrued;
}

/**
 * Effective duration and convexity at constant OAS: reprice with the curve and the mortgage rate
 * shifted by ± `shift` on the same random numbers, so prepayments respond to the shift.
 */
export function oasEffectiveMeasures(input: OasInput, oas: number, shift = 0.0025): { effectiveDuration: number; effectiveConvexity: number } {
  const full = (s: number) => {
    const v = pathValues(input, s);
    return priceAtSpread(v, oas)[0];
  };
  const p0 = full(0);
  const down = full(-shift);
  const up = full(shift);
  return { effectiveDuration: (down - up) / (2 * p0 * shift), effectiveConvexity: (down + up - 2 * p0) / (p0 * shift * shift) };
}
