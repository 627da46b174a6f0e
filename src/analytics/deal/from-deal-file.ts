import { InvalidInputError } from "../../errors.js";
import type { DealSpec, TrancheSpec } from "../../deal/deal.js";
import { UNITS_PER_USD } from "../../units.js";
import { PPM } from "./intmath.js";
import type { DealConfig } from "./types.js";

const UNITS_PER_CENT = UNITS_PER_USD / 100n;

/** The parts of a tokenize deal file (docs/deal-file.md) the waterfall needs. */
export type DealFileTerms = Pick<DealSpec, "name" | "structure" | "overcollateralization"> & {
  tranches: readonly Pick<TrancheSpec, "symbol" | "originalFaceCents" | "couponPpm" | "seniority">[];
};

/**
 * The waterfall configuration of a deal file: one class per tranche in the file's order, paid
 * principal sequentially in that order and interest by seniority (equal seniorities pro rata).
 * The pool is Σ faces + a fixed OC; with `"residual"` OC the pool balance must be given. The
 * file states only the OC at closing, so that share of the original pool becomes the OC target:
 * excess spread maintains it (no step-down, no release).
 */
export function dealConfigFromDealFile(terms: DealFileTerms, poolBalanceUnits?: bigint): DealConfig {
  const faces = terms.tranches.reduce((sum, t) => sum + t.originalFaceCents * UNITS_PER_CENT, 0n);
  let pool: bigint;
  if (terms.overcollateralization.kind === "fixed") {
    pool = faces + terms.overcollateralization.cents * UNITS_PER_CENT;
    if (poolBalanceUnits !== undefined && poolBalanceUnits !== pool) {
      throw new InvalidInputError("balance", `the deal file's faces and OC make a pool of ${pool} units, not ${poolBalanceUnits}`);
    }
  } else if (poolBalanceUnits === undefined) {
    throw new InvalidInputError("balance", "the deal file's OC is \"residual\": give the pool balance");
  } else {
    pool = poolBalanceUnits;
  }
  if (pool <= 0n || pool < faces) {
    throw new InvalidInputError("balance", `a pool of ${pool} units cannot back classes of ${faces}`);
  }
  return {
    name: terms.name,
    originalPoolBalance: pool,
    principalMode: "sequential",
    overcollateralizationTargetPpm: Number(((pool - faces) * PPM) / pool),
    classes: terms.tranches.map((t) => ({
      id: t.symbol,
      kind: "standard",
      originalBalance: t.originalFaceCents * UNITS_PER_CENT,
      couponPpm: t.couponPpm,
      interestRank: t.seniority,
    })),
  };
}
