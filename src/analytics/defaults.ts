import { InvalidInputError } from "../errors.js";
import { requireFraction, requireWholeMonths } from "./inputs.js";
import { defaultMdr, validateDefaultSpec } from "./speeds.js";
import type { DefaultSpec } from "./speeds.js";

/**
 * The SIFMA standard default assumption (SF-16 … SF-22): a default rate, the share of a defaulted
 * balance that is lost, how many months a defaulted loan spends in foreclosure before it is
 * liquidated, and whether the servicer advances its scheduled principal and interest meanwhile.
 */
export interface DefaultAssumption {
  rate: DefaultSpec;
  /** Loss severity as a decimal of the balance at default (0.2 = 20 %). */
  severity: number;
  /** Recovery lag, months between default and liquidation. */
  lagMonths: number;
  /** True when the servicer advances P&I on loans in foreclosure until liquidation. */
  advance: boolean;
}

export const NO_DEFAULTS: Readonly<DefaultAssumption> = Object.freeze({
  rate: { kind: "mdr", mdr: 0 } as const,
  severity: 0,
  lagMonths: 0,
  advance: false,
});

export function validateDefaultAssumption(d: DefaultAssumption): void {
  validateDefaultSpec(d.rate);
  requireFraction("severity", d.severity);
  requireWholeMonths("lag", d.lagMonths);
  if (typeof d.advance !== "boolean") throw new InvalidInputError("advance", "must be true or false");
}

/**
 * MDR for each projection month. No new defaults in the last `lagMonths` months: a loan that
 * defaulted then could not be liquidated before the pool matures (SF-19).
 */
export function mdrSchedule(d: DefaultAssumption, wam: number, startAge: number): Float64Array {
  const out = new Float64Array(wam);
  const lastDefaultMonth = wam - d.lagMonths;
  for (let m = 1; m <= lastDefaultMonth; m++) out[m - 1] = defaultMdr(d.rate, m, startAge);
  return out;
}
