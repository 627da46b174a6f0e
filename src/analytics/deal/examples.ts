import type { PoolTerms } from "../pool.js";
import { projectPassThrough } from "../passthrough.js";
import { USD6, reportsFromProjection, toUnits } from "./collateral.js";
import { pacScheduleFromCollar } from "./pac.js";
import type { DealConfig } from "./types.js";

/**
 * The textbook structures of Fabozzi & Jones, *Foundations of Global Financial Markets and
 * Institutions* (MIT Press), ch. 30 "Residential Mortgage-Backed Securities Market": all on the
 * same collateral, a $400 million 7.5 % pass-through, WAC 8.125 %, WAM 357 months.
 */
export const TEXTBOOK_POOL: Readonly<PoolTerms> = Object.freeze({
  balance: 400_000_000,
  grossWac: 0.08125,
  passThroughRate: 0.075,
  originalTerm: 360,
  wam: 357,
});

const COUPON_7_5 = 75_000;
const usd = (dollars: number): bigint => toUnits(dollars, USD6);

/** CMO-1 (Table 30.3; FJF-01 in Fabozzi's *Bond Markets*): four sequential-pay classes at 7.5 %. */
export function sequentialCmo1(): DealConfig {
  return {
    name: "CMO-1 sequential",
    originalPoolBalance: usd(400_000_000),
    principalMode: "sequential",
    classes: [
      { id: "A", kind: "standard", originalBalance: usd(194_500_000), couponPpm: COUPON_7_5 },
      { id: "B", kind: "standard", originalBalance: usd(36_000_000), couponPpm: COUPON_7_5 },
      { id: "C", kind: "standard", originalBalance: usd(96_500_000), couponPpm: COUPON_7_5 },
      { id: "D", kind: "standard", originalBalance: usd(73_000_000), couponPpm: COUPON_7_5 },
    ],
  };
}

/** CMO-2 (Table 30.6): CMO-1 with the last class an accrual (Z) bond. */
export function accrualCmo2(): DealConfig {
  const cmo1 = sequentialCmo1();
  return {
    ...cmo1,
    name: "CMO-2 sequential with Z",
    classes: cmo1.classes.map((c) => (c.id === "D" && c.kind === "standard" ? { ...c, id: "Z", kind: "accrual" as const } : c)),
  };
}

/**
 * CMO-3 (Table 30.8): one PAC and one support class. The PAC schedule is the collateral's
 * minimum principal at 90 and 300 PSA (Table 30.7), truncated at the PAC's $243.8 million (the
 * book's month 349 pays the last $3,432.32); the support class takes the rest of the $400 million.
 */
export function pacCmo3(collarPsa: readonly [number, number] = [90, 300], pacSize: bigint = usd(243_800_000)): DealConfig {
  const slow = reportsFromProjection(projectPassThrough(TEXTBOOK_POOL, { prepay: { kind: "psa", psa: collarPsa[0] } }));
  const fast = reportsFromProjection(projectPassThrough(TEXTBOOK_POOL, { prepay: { kind: "psa", psa: collarPsa[1] } }));
  const pac = pacScheduleFromCollar(slow.reports, fast.reports, pacSize);
  return {
    name: `CMO-3 PAC ${collarPsa[0]}-${collarPsa[1]} PSA`,
    originalPoolBalance: slow.originalBalance,
    principalMode: "sequential",
    classes: [
      { id: "P", kind: "standard", originalBalance: pac.originalBalance, couponPpm: COUPON_7_5, schedule: pac.balances },
      { id: "S", kind: "standard", originalBalance: slow.originalBalance - pac.originalBalance, couponPpm: COUPON_7_5 },
    ],
  };
}

/** The collateral as a single class: a pass-through is a one-class deal. */
export function passThroughDeal(): DealConfig {
  return {
    name: "pass-through",
    originalPoolBalance: usd(400_000_000),
    principalMode: "sequential",
    classes: [{ id: "PT", kind: "standard", originalBalance: usd(400_000_000), couponPpm: COUPON_7_5 }],
  };
}

/** The collateral stripped: IO on the pool balance at the 7.5 % pass-through rate, PO the principal. */
export function ioPoStrip(): DealConfig {
  return {
    name: "IO/PO strip",
    originalPoolBalance: usd(400_000_000),
    principalMode: "sequential",
    classes: [
      { id: "IO", kind: "interestOnly", couponPpm: COUPON_7_5, notionalOf: "pool" },
      { id: "PO", kind: "principalOnly", originalBalance: usd(400_000_000), couponPpm: 0 },
    ],
  };
}

export const EXAMPLE_DEALS = {
  "cmo1": sequentialCmo1,
  "cmo2": accrualCmo2,
  "cmo3-pac": pacCmo3,
  "pass-through": passThroughDeal,
  "io-po": ioPoStrip,
} as const satisfies Record<string, () => DealConfig>;

export type ExampleDealName = keyof typeof EXAMPLE_DEALS;
