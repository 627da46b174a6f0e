import { InvalidInputError } from "../../errors.js";

/**
 * A rate-sensitive prepayment model: the monthly payoff probability (SMM) of a loan is
 *
 *   SMM = seasoning(age) × burnout × (base + amplitude × logistic(slope × (incentive − midpoint)))
 *
 * with incentive = note rate − current market mortgage rate (percentage points), seasoning =
 * min(1, age / seasoningMonths) (the PSA ramp's shape), burnout = exp(−burnout × B), B the
 * loan's cumulative in-the-money incentive (Σ over past months of max(incentive, 0), in
 * percentage-point-months) — loans that passed up many chances to refinance are less likely to.
 * The logistic term is the refinancing S-curve: flat turnover when out of the money, rising
 * steeply around `midpoint`, saturating at base + amplitude.
 */
export interface PrepayModelParams {
  /** Monthly payoff probability far out of the money (turnover: moves, sales). */
  base: number;
  /** Extra monthly payoff probability deep in the money. */
  amplitude: number;
  /** Steepness of the S-curve, per percentage point of incentive. */
  slope: number;
  /** Incentive at the S-curve's midpoint, percentage points. */
  midpoint: number;
  /** Burnout decay per percentage-point-month of past in-the-money incentive. */
  burnout: number;
  /** Months until fully seasoned (30 in the PSA curve). */
  seasoningMonths: number;
}

export function validatePrepayModel(p: PrepayModelParams): void {
  for (const [name, value] of Object.entries(p)) {
    if (!Number.isFinite(value)) throw new InvalidInputError(`prepay model ${name}`, `must be finite, got ${value}`);
  }
  if (p.base < 0 || p.amplitude < 0 || p.base + p.amplitude > 1) {
    throw new InvalidInputError("prepay model base/amplitude", "base ≥ 0, amplitude ≥ 0 and base + amplitude ≤ 1");
  }
  if (p.slope < 0) throw new InvalidInputError("prepay model slope", `must not be negative, got ${p.slope}`);
  if (p.burnout < 0) throw new InvalidInputError("prepay model burnout", `must not be negative, got ${p.burnout}`);
  if (p.seasoningMonths < 1) throw new InvalidInputError("prepay model seasoningMonths", `must be ≥ 1, got ${p.seasoningMonths}`);
}

/** SMM for one loan-month. `incentive` and `burnoutExposure` in percentage points (-months). */
export function modelSmm(p: PrepayModelParams, incentive: number, age: number, burnoutExposure: number): number {
  const seasoning = Math.min(1, Math.max(0, age) / p.seasoningMonths);
  const refi = p.amplitude / (1 + Math.exp(-p.slope * (incentive - p.midpoint)));
  return seasoning * Math.exp(-p.burnout * burnoutExposure) * (p.base + refi);
}

/**
 * Monthly SMMs of a pool along one path of market mortgage rates (percent), month m of the
 * projection using `mortgageRates[m − 1]`; the pool's loans are `startAge` months old and have
 * accumulated `startBurnout` incentive so far.
 */
export function pathSmm(
  p: PrepayModelParams,
  noteRatePct: number,
  mortgageRates: ArrayLike<number>,
  months: number,
  startAge: number,
  startBurnout = 0,
  out: Float64Array = new Float64Array(months),
): Float64Array {
  let exposure = startBurnout;
  for (let m = 1; m <= months; m++) {
    const incentive = noteRatePct - (mortgageRates[m - 1] as number);
    out[m - 1] = modelSmm(p, incentive, startAge + m, exposure);
    if (incentive > 0) exposure += incentive;
  }
  return out;
}

/**
 * The documented fit (docs/analytics.md, "OAS and the fitted prepayment model"): Fannie Mae 2000Q1
 * loan-months, turnover held at 6 % CPR. The model the `mbs oas` and `mbs price|yield --reproject`
 * commands use.
 */
export const FITTED_PREPAY_MODEL: Readonly<PrepayModelParams> = Object.freeze({
  base: 0.005143, amplitude: 0.06555, slope: 4.586, midpoint: 0.673, burnout: 0.006109, seasoningMonths: 30,
});
