import { InvalidInputError } from "../errors.js";
import { requireFinite, requireNonNegative, requirePositive, requireWholeMonths } from "./inputs.js";
import { priceFromYield, yieldFromPrice } from "./yield.js";
import type { PreparedPricing } from "./yield.js";

/**
 * Total rate of return over a holding period by the Standard Formulas (SF-49 … SF-51). Bought at
 * full price P0 (price + accrued, per 100 of current face at settlement), held T years to the
 * horizon, sold there at the horizon price per 100 of the face then outstanding; every cash flow
 * received before the horizon is reinvested at the bond-equivalent rate R to the horizon, and one
 * received after it (the delayed payment for the last month held) is discounted back at R:
 *   PT = (horizon price + accrued at the horizon) × horizon factor + Σ CF_k (1 + R/2)^(2 (T − T_k))
 *   total return (BEY) = 2 ((PT / P0)^(1 / (2T)) − 1),   total percentage return = PT / P0 − 1.
 * The horizon is a whole number of months after the start of the settlement month, on the
 * 30/360 calendar the cash-flow times use, so it falls on the 1st of a month.
 */
export interface TotalReturnInput {
  /** The pricing problem of the whole remaining cash flows at settlement. */
  pricing: PreparedPricing;
  /** Clean purchase price per 100 of current face. */
  price: number;
  /** Months held: the cash flows of months 1 … horizonMonths belong to the holder. */
  horizonMonths: number;
  /** Reinvestment rate, bond-equivalent decimal. */
  reinvestmentRate: number;
  /** Clean sale price per 100 of the face at the horizon; or give `horizonYield`. */
  horizonPrice?: number;
  /** Bond-equivalent yield at which the remaining cash flows are sold at the horizon. */
  horizonYield?: number;
}

export interface TotalReturn {
  /** Years from settlement to the horizon (30/360). */
  years: number;
  fullPrice: number;
  /** Balance at the horizon / balance at settlement. */
  horizonFactor: number;
  horizonPrice: number;
  horizonYield: number;
  /** Value at the horizon of the cash flows of the months held, reinvested (or discounted) at R, per 100 of original face. */
  reinvestedCashFlows: number;
  /** Sale proceeds per 100 of original face: horizon price × horizon factor (no accrued on the 1st). */
  saleProceeds: number;
  /** PT: sale proceeds + reinvested cash flows, per 100 of face at settlement. */
  terminalValue: number;
  /** Bond-equivalent total rate of return, decimal. */
  totalReturnBey: number;
  /** PT / P0 − 1, decimal. */
  totalPercentageReturn: number;
}

/** `principal` of the pricing problem gives the balance path: face − Σ principal of the months held. */
export function totalReturn(input: TotalReturnInput): TotalReturn {
  const p = input.pricing;
  const n = p.cashFlow.length;
  requireWholeMonths("horizon", input.horizonMonths, 1);
  if (input.horizonMonths >= n) throw new InvalidInputError("horizon", `${input.horizonMonths} months is not before the last cash flow (month ${n})`);
  requireFinite("reinvestment rate", input.reinvestmentRate);
  if (input.reinvestmentRate <= -2) throw new InvalidInputError("reinvestment rate", `must be above −200 %, got ${input.reinvestmentRate * 100} %`);
  requirePositive("price", input.price);
  if ((input.horizonPrice === undefined) === (input.horizonYield === undefined)) {
    throw new InvalidInputError("horizon", "give exactly one of a horizon price and a horizon yield");
  }
  // Months from settlement to the horizon: the first time offset is delay − accrued days, so the
  // start of the settlement month is at (times[0] − 1 − delay/30) months.
  const monthStart = (p.times[0] as number) - 1 - p.delayDays / 30;
  const horizonTime = input.horizonMonths + monthStart;
  if (horizonTime <= 0) throw new InvalidInputError("horizon", "must be after settlement");
  const years = horizonTime / 12;
  const growth = 1 + input.reinvestmentRate / 2;
  let reinvested = 0;
  let principalHeld = 0;
  for (let k = 0; k < input.horizonMonths; k++) {
    const tk = (p.times[k] as number) / 12;
    reinvested += (p.cashFlow[k] as number) * Math.pow(growth, 2 * (years - tk));
    principalHeld += p.principal[k] as number;
  }
  const horizonFace = p.face - principalHeld;
  const horizonFactor = horizonFace / p.face;
  // The remaining cash flows, priced at the horizon (the 1st of a month: no accrued interest).
  const rest: PreparedPricing = {
    cashFlow: p.cashFlow.subarray(input.horizonMonths),
    principal: p.principal.subarray(input.horizonMonths),
    times: p.times.subarray(input.horizonMonths).map((t) => t - horizonTime),
    face: horizonFace,
    accrued: 0,
    delayDays: p.delayDays,
  };
  let horizonPrice: number;
  let horizonYield: number;
  if (input.horizonPrice !== undefined) {
    requirePositive("horizon price", input.horizonPrice);
    horizonPrice = input.horizonPrice;
    horizonYield = horizonFace > 0 ? yieldFromPrice(rest, horizonPrice) : 0;
  } else {
    horizonYield = input.horizonYield as number;
    requireFinite("horizon yield", horizonYield);
    horizonPrice = horizonFace > 0 ? priceFromYield(rest, horizonYield) : 0;
  }
  const scale = 100 / p.face;
  const reinvestedCashFlows = reinvested * scale;
  const saleProceeds = horizonPrice * horizonFactor;
  const terminalValue = saleProceeds + reinvestedCashFlows;
  const fullPrice = input.price + p.accrued;
  requireNonNegative("terminal value", terminalValue);
  const ratio = terminalValue / fullPrice;
  return {
    years, fullPrice, horizonFactor, horizonPrice, horizonYield, reinvestedCashFlows, saleProceeds, terminalValue,
    totalReturnBey: 2 * (Math.pow(ratio, 1 / (2 * years)) - 1),
    totalPercentageReturn: ratio - 1,
  };
}
