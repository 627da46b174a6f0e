import type { BondClassConfig, CollateralPeriod, DealConfig } from "../../../src/analytics/deal/types.js";
import { mulberry32 } from "../../../src/random.js";

/** $1,000 of collateral in 6-decimal units: small enough to compute every step by hand. */
export const POOL = 1_000_000_000n;

export function bond(id: string, originalBalance: bigint, couponPpm = 0, extra: Partial<BondClassConfig> = {}): BondClassConfig {
  return { id, kind: "standard", originalBalance, couponPpm, ...extra };
}

export function deal(overrides: Partial<DealConfig> & Pick<DealConfig, "classes">): DealConfig {
  return { name: "fixture", originalPoolBalance: POOL, principalMode: "sequential", ...overrides };
}

/** A servicer report whose ending balance ties to `beginning` by construction. */
export function report(beginning: bigint, fields: Partial<Omit<CollateralPeriod, "endingPoolBalance">> = {}): CollateralPeriod {
  const r = {
    interestCollected: 0n,
    scheduledPrincipal: 0n,
    prepayments: 0n,
    liquidationProceeds: 0n,
    realizedLoss: 0n,
    delinquent60Plus: 0n,
    ...fields,
  };
  return {
    ...r,
    endingPoolBalance: beginning - r.scheduledPrincipal - r.prepayments - r.liquidationProceeds - r.realizedLoss,
  };
}

/** Deterministic pseudo-random numbers, so "random" cases are reproducible. */
export const rng = mulberry32;

/** A uniformly drawn bigint in [0, max]. */
export function randomUnits(next: () => number, max: bigint): bigint {
  if (max <= 0n) return 0n;
  return (BigInt(Math.floor(next() * 2 ** 30)) * max) / BigInt(2 ** 30);
}
