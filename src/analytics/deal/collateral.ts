import { InvalidInputError } from "../../errors.js";
import type { CashFlowTable } from "../passthrough.js";
import type { CollateralPeriod } from "./types.js";

/** Smallest units per currency unit of a 6-decimal stablecoin: 1 USD = 1_000_000n. */
export const USD6 = 1_000_000;

/** A float amount in currency units as integer smallest units, rounded half away from zero. */
export function toUnits(amount: number, unitsPerCurrency: number = USD6): bigint {
  if (!Number.isFinite(amount)) throw new InvalidInputError("amount", `must be finite, got ${amount}`);
  const scaled = amount * unitsPerCurrency;
  if (Math.abs(scaled) > Number.MAX_SAFE_INTEGER) {
    throw new InvalidInputError("amount", `${amount} is too large to convert to units exactly`);
  }
  return BigInt(Math.round(scaled));
}

/** Integer units back to currency units, for display and float analytics. */
export function fromUnits(units: bigint, unitsPerCurrency: number = USD6): number {
  return Number(units) / unitsPerCurrency;
}

export interface ReportOptions {
  unitsPerCurrency?: number;
  /** `net` (default): the deal receives pass-through interest; `gross`: at the WAC, fees paid in the waterfall. */
  interest?: "net" | "gross";
}

/**
 * Turns a float pass-through projection into servicer reports in integer units that tie
 * exactly. The ending balance of every month is rounded; the month's principal is the drop
 * between rounded balances, split into loss, liquidation proceeds and scheduled principal
 * (each rounded, each capped by what is left) with prepayments taking the remainder, so
 * beginning − principal − liquidated == ending holds to the unit. Loans in foreclosure are
 * reported as the 60+ delinquent balance.
 */
export function reportsFromProjection(table: CashFlowTable, options: ReportOptions = {}): {
  originalBalance: bigint;
  reports: CollateralPeriod[];
} {
  const scale = options.unitsPerCurrency ?? USD6;
  const interest = options.interest === "gross" ? table.grossInterest : table.netInterest;
  const originalBalance = toUnits(table.beginningBalance[0] ?? 0, scale);
  const reports: CollateralPeriod[] = [];
  let previous = originalBalance;
  for (let i = 0; i < table.months; i++) {
    // Balances never rise, and rounding is monotone, so `principal` is never negative.
    const ending = i === table.months - 1 ? 0n : toUnits(table.endingBalance[i] ?? 0, scale);
    let left = previous - ending;
    const take = (amount: number): bigint => {
      const units = toUnits(amount, scale);
      const taken = units < left ? units : left;
      left -= taken;
      return taken;
    };
    const realizedLoss = take(table.loss[i] ?? 0);
    const liquidationProceeds = take(table.recovery[i] ?? 0);
    const scheduledPrincipal = take((table.scheduledPrincipal[i] ?? 0) + (table.defaultedAmortization[i] ?? 0));
    reports.push({
      interestCollected: toUnits(interest[i] ?? 0, scale),
      scheduledPrincipal,
      prepayments: left,
      liquidationProceeds,
      realizedLoss,
      delinquent60Plus: toUnits(table.foreclosureBalance[i] ?? 0, scale),
      endingPoolBalance: ending,
    });
    previous = ending;
  }
  return { originalBalance, reports };
}
