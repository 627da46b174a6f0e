/**
 * Turns a validated deal and the pool built from the tape into the plain data the Ignition pool
 * module (poolModule.ts) deploys. No I/O: what is deployed is decided here, testably.
 */
import type { PoolModuleSpec } from "./poolModule.js";
import type { PoolBuild } from "../pool/pipeline.js";
import { impliedOvercollateralization } from "../deal/checks.js";
import type { DealSpec } from "../deal/deal.js";
import { centsToTokenUnits } from "../units.js";

export { centsToTokenUnits };

export interface ModuleSpecInput {
  deal: DealSpec;
  pool: PoolBuild;
  /** bytes32 hex of the tape's SHA-256. */
  tapeHash: string;
  registry: string;
  cash: string | undefined;
  compliance: string | undefined;
  /** Decimals of the settlement token, which every class copies (1 USD of face = 10^decimals units). */
  faceDecimals: number;
}


/** An Ignition id from a deal id: "MBSC 2026-1" → "Pool_MBSC_2026_1". */
export function moduleIdFor(dealId: string): string {
  return `Pool_${dealId.replace(/[^A-Za-z0-9]+/g, "_").replace(/^_+|_+$/g, "")}`;
}

export function poolModuleSpec(input: ModuleSpecInput): PoolModuleSpec {
  const { deal, pool } = input;
  return {
    moduleId: moduleIdFor(deal.dealId),
    registry: input.registry,
    cash: input.cash,
    compliance: input.compliance,
    commitment: {
      merkleRoot: pool.commitment.root,
      loanCount: BigInt(pool.includedCount),
      upbCents: BigInt(pool.stats.currentUpbCents),
      tapeHash: input.tapeHash,
      statsHash: pool.statsHash,
      rulesHash: pool.rulesHash,
      cutoffDate: BigInt(deal.cutoffTimestamp),
    },
    dealId: deal.dealId,
    dealName: deal.name,
    passThrough: deal.structure === "pass-through",
    overcollateralizationCents: impliedOvercollateralization(deal, {
      loanCount: pool.includedCount,
      upbCents: BigInt(pool.stats.currentUpbCents),
      wacPct: pool.stats.wacPct ?? 0,
    }),
    tranches: deal.tranches.map((t) => ({
      name: t.name,
      symbol: t.symbol,
      couponPpm: t.couponPpm,
      seniority: t.seniority,
      originalFaceCents: t.originalFaceCents,
      faceCap: centsToTokenUnits(t.originalFaceCents, input.faceDecimals),
      rules: {
        allowedClasses: t.classBits,
        minHolding: centsToTokenUnits(t.minHoldingCents, input.faceDecimals),
        maxHolders: t.maxHolders,
        lockupUntil: t.lockupUntil,
        blockedCountries: t.blockedCountries,
      },
      mints: deal.allocations
        .filter((a) => a.trancheIndex === t.index)
        .map((a) => ({ investor: a.investor, amount: centsToTokenUnits(a.faceCents, input.faceDecimals) })),
    })),
  };
}
