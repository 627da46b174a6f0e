import { InvalidInputError } from "../errors.js";
import { requireFinite } from "./inputs.js";
import { newtonBisect } from "./solve.js";
import { monthlyFromBey, priceFromYield } from "./yield.js";
import type { PreparedPricing } from "./yield.js";

/**
 * Risk measures of a priced cash-flow stream. Times are in years from settlement (months / 12 on
 * the 30/360 calendar); durations are taken with respect to the bond-equivalent yield and on the
 * full price (price + accrued), which is what an investor pays.
 */
export interface RiskMeasures {
  /** Weighted-average life, years from settlement: Σ t × principal / Σ principal. */
  wal: number;
  macaulayDuration: number;
  /** −(1/P) dP/dY = Macaulay / (1 + Y/2). */
  modifiedDuration: number;
  /**
   * (1/P) d²P/dY² for the bond-equivalent yield Y as a decimal, in years² (so that
   * ΔP/P ≈ −D ΔY + ½ C ΔY²). The Standard Formulas print this divided by 100 (0.544326 for 54.4326).
   */
  convexity: number;
}

export function averageLife(p: PreparedPricing): number {
  let weighted = 0;
  let total = 0;
  for (let k = 0; k < p.principal.length; k++) {
    weighted += (p.times[k] as number) * (p.principal[k] as number);
    total += p.principal[k] as number;
  }
  return total === 0 ? 0 : weighted / total / 12;
}

/**
 * Analytic measures at bond-equivalent yield `bey`. With P = Σ CF (1 + Y/2)^−n, n = t_months / 6:
 * dP/dY = −Σ n/2 · CF (1+Y/2)^−(n+1) and d²P/dY² = Σ n(n+1)/4 · CF (1+Y/2)^−(n+2).
 */
export function riskMeasures(p: PreparedPricing, bey: number): RiskMeasures {
  const base = 1 + bey / 2;
  const monthly = monthlyFromBey(bey);
  const step = 1 / (1 + monthly);
  let discount = Math.pow(step, p.times[0] as number);
  let pv = 0;
  let timeWeighted = 0;
  let convexitySum = 0;
  for (let k = 0; k < p.cashFlow.length; k++) {
    const value = (p.cashFlow[k] as number) * discount;
    const n = (p.times[k] as number) / 6;
    pv += value;
    timeWeighted += n * value;
    convexitySum += n * (n + 1) * value;
    discount *= step;
  }
  const macaulay = timeWeighted / pv / 2;
  return {
    wal: averageLife(p),
    macaulayDuration: macaulay,
    modifiedDuration: macaulay / base,
    convexity: convexitySum / pv / 4 / (base * base),
  };
}

export interface EffectiveMeasures {
  effectiveDuration: number;
  effectiveConvexity: number;
}

/**
 * Effective duration and convexity by repricing at Y ± shift. `reproject`, when given, returns the
 * cash flows to use at a yield shift (e.g. a faster PSA when rates fall); without it the cash flows
 * stay fixed and the result approximates the modified duration and convexity.
 */
export function effectiveMeasures(
  p: PreparedPricing,
  bey: number,
  shift = 0.0025,
  reproject?: (shift: number) => PreparedPricing,
): EffectiveMeasures {
  if (!(shift > 0)) throw new InvalidInputError("shift", `must be positive, got ${shift}`);
  const full = (q: PreparedPricing, y: number) => priceFromYield(q, y) + q.accrued;
  const p0 = full(p, bey);
  const down = full(reproject ? reproject(-shift) : p, bey - shift);
  const up = full(reproject ? reproject(shift) : p, bey + shift);
  return effectiveFromPrices(p0, down, up, shift);
}

/** (P− − P+) / (2 P0 Δy) and (P− + P+ − 2 P0) / (P0 Δy²), Δy a decimal. */
export function effectiveFromPrices(p0: number, down: number, up: number, shift: number): EffectiveMeasures {
  return {
    effectiveDuration: (down - up) / (2 * p0 * shift),
    effectiveConvexity: (down + up - 2 * p0) / (p0 * shift * shift),
  };
}

/** A yield curve point: maturity in years and yield (or spot rate) as an annual decimal. */
export interface CurvePoint {
  years: number;
  rate: number;
}

function validateCurve(input: string, curve: readonly CurvePoint[]): void {
  if (curve.length === 0) throw new InvalidInputError(input, "is empty");
  curve.forEach((pt, i) => {
    requireFinite(`${input}[${i + 1}].years`, pt.years);
    requireFinite(`${input}[${i + 1}].rate`, pt.rate);
    if (i > 0 && pt.years <= (curve[i - 1] as CurvePoint).years) {
      throw new InvalidInputError(`${input}[${i + 1}].years`, "maturities must increase");
    }
  });
}

/** Linear interpolation on the curve, flat beyond its ends. */
export function interpolate(curve: readonly CurvePoint[], years: number): number {
  const first = curve[0] as CurvePoint;
  if (years <= first.years) return first.rate;
  for (let i = 1; i < curve.length; i++) {
    const right = curve[i] as CurvePoint;
    if (years <= right.years) {
      const left = curve[i - 1] as CurvePoint;
      return left.rate + ((right.rate - left.rate) * (years - left.years)) / (right.years - left.years);
    }
  }
  return (curve[curve.length - 1] as CurvePoint).rate;
}

/** Nominal spread: yield − benchmark yield interpolated at the WAL (decimals; × 10,000 for bp). */
export function spreadToCurve(bey: number, wal: number, benchmark: readonly CurvePoint[]): number {
  validateCurve("benchmark curve", benchmark);
  return bey - interpolate(benchmark, wal);
}

/**
 * Z-spread: the constant spread z over the spot curve (semiannually compounded spot rates) with
 * Σ CF_k (1 + (s(t_k) + z)/2)^(−2 t_k) = full price. Solved by Newton with a bisection fallback.
 */
export function zSpread(p: PreparedPricing, price: number, spot: readonly CurvePoint[]): number {
  validateCurve("spot curve", spot);
  requireFinite("price", price);
  const target = ((price + p.accrued) * p.face) / 100;
  const years = Array.from(p.times, (t) => t / 12);
  const rates = years.map((y) => interpolate(spot, y));
  const f = (z: number): [number, number] => {
    let pv = 0;
    let slope = 0;
    for (let k = 0; k < years.length; k++) {
      const t = years[k] as number;
      const base = 1 + ((rates[k] as number) + z) / 2;
      const value = (p.cashFlow[k] as number) * Math.pow(base, -2 * t);
      pv += value;
      slope += (-t * value) / base;
    }
    return [pv - target, slope];
  };
  let minSpot = Infinity;
  for (const r of rates) minSpot = Math.min(minSpot, r);
  // The discount base must stay positive: z > −2 − min spot.
  return newtonBisect(f, -1.9 - minSpot, 10, 0);
}
