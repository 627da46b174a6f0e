import { InvalidInputError } from "../errors.js";
import { accruedDays } from "./dates.js";
import type { CalendarDate } from "./dates.js";
import { requireFinite, requireNonNegative, requireWholeMonths } from "./inputs.js";
import { newtonBisect } from "./solve.js";

/**
 * Price and cash-flow yield of an MBS by the Standard Formulas (SF-48 …): cash flow k (k = 1 for
 * the month that contains settlement) is paid `delayDays` after the end of its accrual month, on a
 * 30/360 calendar; the monthly IRR y converts to a bond-equivalent yield BEY = 2((1 + y)^6 − 1).
 * Prices are per 100 of current face at settlement (face × factor); accrued interest is
 * face × coupon × days/360 from the 1st of the month, and price + accrued = Σ CF_k (1+y)^−t_k.
 */
export interface PricingInput {
  /** Cash flow paid for each month, month 1 being the month of settlement. */
  cashFlow: ArrayLike<number>;
  /** Principal part of each cash flow (for the average life). */
  principal: ArrayLike<number>;
  /** Current face at settlement (the pool balance at the start of month 1). */
  face: number;
  /** Net (pass-through) coupon, annual decimal: accrues for the buyer from the 1st. */
  coupon: number;
  settlement: CalendarDate;
  /** Actual payment delay in days after the end of the accrual month (FNMA 24, GNMA I 14, GNMA II 19, FHLMC 75-day 44). */
  delayDays: number;
}

/** Times of the cash flows in months from settlement, for the delay convention above. */
export function cashFlowTimes(months: number, settlement: CalendarDate, delayDays: number): Float64Array {
  const start = (delayDays - accruedDays(settlement)) / 30;
  const times = new Float64Array(months);
  for (let k = 1; k <= months; k++) times[k - 1] = k + start;
  return times;
}

export function monthlyFromBey(bey: number): number {
  return Math.pow(1 + bey / 2, 1 / 6) - 1;
}

export function beyFromMonthly(monthly: number): number {
  return 2 * (Math.pow(1 + monthly, 6) - 1);
}

/** Accrued interest per 100 of current face. */
export function accruedPer100(coupon: number, settlement: CalendarDate): number {
  return (100 * coupon * accruedDays(settlement)) / 360;
}

/** A validated pricing problem with the cash-flow times worked out once. */
export interface PreparedPricing {
  readonly cashFlow: Float64Array;
  readonly principal: Float64Array;
  readonly times: Float64Array;
  readonly face: number;
  readonly accrued: number;
  /** Payment delay the times were built with, days. */
  readonly delayDays: number;
}

export function preparePricing(input: PricingInput): PreparedPricing {
  const n = input.cashFlow.length;
  if (n === 0) throw new InvalidInputError("cash flows", "are empty");
  if (input.principal.length !== n) {
    throw new InvalidInputError("principal", `has ${input.principal.length} months, cash flows have ${n}`);
  }
  if (!(input.face > 0)) throw new InvalidInputError("face", `must be positive, got ${input.face}`);
  requireNonNegative("coupon", input.coupon);
  requireWholeMonths("delay", input.delayDays);
  const cashFlow = Float64Array.from(input.cashFlow);
  cashFlow.forEach((v, i) => requireFinite(`cash flow[${i + 1}]`, v));
  return {
    cashFlow,
    principal: Float64Array.from(input.principal),
    times: cashFlowTimes(n, input.settlement, input.delayDays),
    face: input.face,
    accrued: accruedPer100(input.coupon, input.settlement),
    delayDays: input.delayDays,
  };
}

/**
 * Full price (price + accrued) per 100 of face at monthly yield y, and its derivative in y.
 * Discount factors are built by repeated multiplication, one `pow` per call: cash flows are a
 * month apart, so v_k = v_1 × (1+y)^−(k−1).
 */
export function fullPriceAndSlope(p: PreparedPricing, monthly: number): [number, number] {
  const step = 1 / (1 + monthly);
  let discount = Math.pow(step, p.times[0] as number);
  let pv = 0;
  let weighted = 0;
  for (let k = 0; k < p.cashFlow.length; k++) {
    const value = (p.cashFlow[k] as number) * discount;
    pv += value;
    weighted += (p.times[k] as number) * value;
    discount *= step;
  }
  const scale = 100 / p.face;
  return [pv * scale, (-weighted * step) * scale];
}

/** Clean price per 100 of current face at a bond-equivalent yield. */
export function priceFromYield(p: PreparedPricing, bey: number): number {
  return (fullPriceAndSlope(p, monthlyFromBey(bey))[0]) - p.accrued;
}

/** Bond-equivalent cash-flow yield for a clean price per 100 of current face. */
export function yieldFromPrice(p: PreparedPricing, price: number): number {
  requireFinite("price", price);
  if (price <= 0) throw new InvalidInputError("price", `must be positive, got ${price}`);
  const target = price + p.accrued;
  let undiscounted = 0;
  for (const c of p.cashFlow) undiscounted += c;
  if (target >= (undiscounted * 100) / p.face) {
    throw new InvalidInputError("price", `${price} is at or above the undiscounted cash flows: the yield would be negative or zero`);
  }
  // Monthly yield between 0 (price = Σ CF) and 100 %/month, where any price below is exhausted.
  const monthly = newtonBisect((y) => {
    const [f, df] = fullPriceAndSlope(p, y);
    return [f - target, df];
  }, 0, 1, 0.005);
  return beyFromMonthly(monthly);
}
