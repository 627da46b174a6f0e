/**
 * The bridge between the reference model and the on-chain waterfall (contracts/waterfall): the deal's terms
 * as `PaymentWaterfall` takes them at deployment, and the servicer report as `IServicerReports.ServicerReport`
 * with the model's `CollateralPeriod` it stands for. Pure data, no JSON-RPC: src/chain and the deploy modules
 * pass these objects to ethers as they are.
 */
import { InvalidInputError } from "../../errors.js";
import type { ClassConfig, CollateralPeriod, DealConfig, PrincipalMode } from "./types.js";
import { isBondClass, validateDeal } from "./validate.js";

/** `IPaymentWaterfall.ClassKind`. */
export const CLASS_KIND = { standard: 0, accrual: 1, principalOnly: 2, interestOnly: 3 } as const;
/** `IPaymentWaterfall.PrincipalMode`. */
export const PRINCIPAL_MODE = { sequential: 0, proRata: 1, proRataUntilTrigger: 2 } as const;

/** `IPaymentWaterfall.DealTerms`. */
export interface WaterfallDealTerms {
  originalPoolBalance: bigint;
  principalMode: number;
  servicingFeePpm: number;
  servicingFeeFixed: bigint;
  trusteeFeePpm: number;
  trusteeFeeFixed: bigint;
  hasDelinquencyTrigger: boolean;
  delinquencyTriggerPpm: number;
  hasLossTrigger: boolean;
  cumulativeLossTriggerPpm: number;
  reserveTargetPpm: number;
  reserveFloor: bigint;
  reserveInitialBalance: bigint;
  overcollateralizationTargetPpm: number;
  cleanUpCallPpm: number;
  /** The pool's cut-off date, Unix seconds (its UTC month starts the deal's calendar: record dates). */
  cutoffDate: bigint;
}

/** `IPaymentWaterfall.ClassTerms`. */
export interface WaterfallClassTerms {
  token: string;
  kind: number;
  couponPpm: number;
  interestRank: number;
  originalBalance: bigint;
  notionalMask: number;
  scheduled: boolean;
  schedule: bigint[];
}

/** The most classes one waterfall takes (the width of an interest-only notional mask). */
export const MAX_WATERFALL_CLASSES = 16;

/**
 * The constructor terms of `PaymentWaterfall` for `deal`, with `tokens[i]` the token of class i and the pool's
 * cut-off date `cutoffDate` (Unix seconds, as the deal file's and the LoanPool's: period n's record date is the
 * last second of the n-th month after its month). Interest ranks become dense ordinals (the model allows any
 * integers; the order and the ties are what count).
 */
export function waterfallTermsOf(
  deal: DealConfig,
  tokens: readonly string[],
  cutoffDate: number | bigint,
): { terms: WaterfallDealTerms; classes: WaterfallClassTerms[] } {
  validateDeal(deal);
  const cutoff = BigInt(cutoffDate);
  if (cutoff <= 0n || cutoff >= 1n << 64n) {
    throw new InvalidInputError("cutoffDate", `expected the pool's cut-off date in Unix seconds, got ${cutoffDate}`);
  }
  if (tokens.length !== deal.classes.length) {
    throw new InvalidInputError("tokens", `${deal.classes.length} classes need as many tokens, got ${tokens.length}`);
  }
  if (deal.classes.length > MAX_WATERFALL_CLASSES) {
    throw new InvalidInputError("deal.classes", `the on-chain waterfall takes at most ${MAX_WATERFALL_CLASSES} classes, got ${deal.classes.length}`);
  }
  const ranks = deal.classes.map((c, i) => c.interestRank ?? i);
  const ordinal = [...new Set(ranks)].sort((a, b) => a - b);
  const classes = deal.classes.map((c, i): WaterfallClassTerms => {
    const base = {
      token: tokens[i] ?? "",
      kind: CLASS_KIND[c.kind],
      couponPpm: c.couponPpm,
      interestRank: ordinal.indexOf(ranks[i] ?? i),
    };
    if (!isBondClass(c)) {
      const notionalMask =
        c.notionalOf === "pool" ? 0 : c.notionalOf.reduce((mask, id) => mask | (1 << deal.classes.findIndex((k) => k.id === id)), 0);
      return { ...base, originalBalance: 0n, notionalMask, scheduled: false, schedule: [] };
    }
    return {
      ...base,
      originalBalance: c.originalBalance,
      notionalMask: 0,
      scheduled: c.schedule !== undefined,
      schedule: [...(c.schedule ?? [])],
    };
  });
  const fees = deal.fees;
  const reserve = deal.reserve;
  const terms: WaterfallDealTerms = {
    originalPoolBalance: deal.originalPoolBalance,
    principalMode: PRINCIPAL_MODE[deal.principalMode],
    servicingFeePpm: fees?.servicingPpm ?? 0,
    servicingFeeFixed: fees?.servicingFixed ?? 0n,
    trusteeFeePpm: fees?.trusteePpm ?? 0,
    trusteeFeeFixed: fees?.trusteeFixed ?? 0n,
    hasDelinquencyTrigger: deal.triggers?.delinquencyPpm !== undefined,
    delinquencyTriggerPpm: deal.triggers?.delinquencyPpm ?? 0,
    hasLossTrigger: deal.triggers?.cumulativeLossPpm !== undefined,
    cumulativeLossTriggerPpm: deal.triggers?.cumulativeLossPpm ?? 0,
    reserveTargetPpm: reserve?.targetPpm ?? 0,
    reserveFloor: reserve?.floor ?? 0n,
    reserveInitialBalance: reserve?.initialBalance ?? 0n,
    overcollateralizationTargetPpm: deal.overcollateralizationTargetPpm ?? 0,
    cleanUpCallPpm: deal.cleanUpCallPpm ?? 0,
    cutoffDate: cutoff,
  };
  return { terms, classes };
}

/**
 * `IPaymentWaterfall.DealTerms` as a `dealTerms` view's decoded result holds it (integers as ethers gives them),
 * in this module's types; the calendar (`cutoffDate`) is not read.
 */
export function dealTermsOfView(v: { readonly [K in keyof WaterfallDealTerms]?: unknown }): Omit<WaterfallDealTerms, "cutoffDate"> {
  const int = (x: unknown) => Number(x as bigint);
  const big = (x: unknown) => BigInt(x as bigint);
  return {
    originalPoolBalance: big(v.originalPoolBalance), principalMode: int(v.principalMode),
    servicingFeePpm: int(v.servicingFeePpm), servicingFeeFixed: big(v.servicingFeeFixed), trusteeFeePpm: int(v.trusteeFeePpm), trusteeFeeFixed: big(v.trusteeFeeFixed),
    hasDelinquencyTrigger: Boolean(v.hasDelinquencyTrigger), delinquencyTriggerPpm: int(v.delinquencyTriggerPpm),
    hasLossTrigger: Boolean(v.hasLossTrigger), cumulativeLossTriggerPpm: int(v.cumulativeLossTriggerPpm),
    reserveTargetPpm: int(v.reserveTargetPpm), reserveFloor: big(v.reserveFloor), reserveInitialBalance: big(v.reserveInitialBalance),
    overcollateralizationTargetPpm: int(v.overcollateralizationTargetPpm), cleanUpCallPpm: int(v.cleanUpCallPpm),
  };
}

/** A class as the waterfall's `classTerms` view returns it, named by its id (its token's symbol) in place of its token. */
export type NamedClassTerms = Omit<WaterfallClassTerms, "token"> & { id: string };

const KIND_OF = Object.keys(CLASS_KIND) as ClassConfig["kind"][];
const MODE_OF = Object.keys(PRINCIPAL_MODE) as PrincipalMode[];

/**
 * The model's configuration for a waterfall's terms as its views return them: the inverse of `waterfallTermsOf`
 * (the calendar aside). An interest-only class's notional mask becomes the ids it names; enhancements the chain
 * holds as zero (no clean-up call) are left out, as the deal file leaves them out.
 */
export function dealConfigOfTerms(name: string, terms: Omit<WaterfallDealTerms, "cutoffDate">, classes: readonly NamedClassTerms[]): DealConfig {
  const ids = classes.map((c) => c.id);
  return {
    name,
    originalPoolBalance: terms.originalPoolBalance,
    principalMode: MODE_OF[terms.principalMode] ?? "sequential",
    classes: classes.map((c): ClassConfig => {
      const kind = KIND_OF[c.kind] ?? "standard";
      const base = { id: c.id, couponPpm: c.couponPpm, interestRank: c.interestRank };
      if (kind === "interestOnly") {
        const notionalOf = c.notionalMask === 0 ? ("pool" as const) : ids.filter((_, j) => (c.notionalMask & (1 << j)) !== 0);
        return { ...base, kind, notionalOf };
      }
      return { ...base, kind, originalBalance: c.originalBalance, ...(c.scheduled ? { schedule: [...c.schedule] } : {}) };
    }),
    fees: { servicingPpm: terms.servicingFeePpm, servicingFixed: terms.servicingFeeFixed, trusteePpm: terms.trusteeFeePpm, trusteeFixed: terms.trusteeFeeFixed },
    triggers: {
      ...(terms.hasDelinquencyTrigger ? { delinquencyPpm: terms.delinquencyTriggerPpm } : {}),
      ...(terms.hasLossTrigger ? { cumulativeLossPpm: terms.cumulativeLossTriggerPpm } : {}),
    },
    reserve: { targetPpm: terms.reserveTargetPpm, floor: terms.reserveFloor, initialBalance: terms.reserveInitialBalance },
    overcollateralizationTargetPpm: terms.overcollateralizationTargetPpm,
    ...(terms.cleanUpCallPpm > 0 ? { cleanUpCallPpm: terms.cleanUpCallPpm } : {}),
  };
}

/** `IServicerReports.Bucket`: loans in one delinquency status and their balance. */
export interface DelinquencyBucket {
  count: number;
  balance: bigint;
}

/** `IServicerReports.ServicerReport`, field for field (money in settlement-token units). */
export interface ServicerReport {
  period: number;
  interestCollected: bigint;
  servicingFee: bigint;
  trusteeFee: bigint;
  scheduledPrincipal: bigint;
  curtailments: bigint;
  payoffs: bigint;
  payoffCount: number;
  liquidationProceeds: bigint;
  realizedLoss: bigint;
  recoveries: bigint;
  delinquent30: DelinquencyBucket;
  delinquent60: DelinquencyBucket;
  delinquent90Plus: DelinquencyBucket;
  foreclosure: DelinquencyBucket;
  reo: DelinquencyBucket;
  endingLoanCount: number;
  endingPoolBalance: bigint;
  /** 0x-prefixed 32-byte hex. */
  loanRoot: string;
  /** 0x-prefixed 32-byte hex. */
  fileHash: string;
  /** Reconciliation warnings, 16 bits per flag code (src/remittance/warnings.ts). */
  reconciliationWarnings: bigint;
}

/** The ABI type of `ServicerReport`, for `AbiCoder.encode` (its keccak256 is the attested report hash). */
export const SERVICER_REPORT_ABI =
  "tuple(uint32 period,uint128 interestCollected,uint128 servicingFee,uint128 trusteeFee,uint128 scheduledPrincipal," +
  "uint128 curtailments,uint128 payoffs,uint32 payoffCount,uint128 liquidationProceeds,uint128 realizedLoss," +
  "uint128 recoveries,tuple(uint32 count,uint128 balance) delinquent30,tuple(uint32 count,uint128 balance) delinquent60," +
  "tuple(uint32 count,uint128 balance) delinquent90Plus,tuple(uint32 count,uint128 balance) foreclosure," +
  "tuple(uint32 count,uint128 balance) reo,uint32 endingLoanCount,uint128 endingPoolBalance,bytes32 loanRoot,bytes32 fileHash," +
  "uint256 reconciliationWarnings)";

/**
 * The model's collateral for a servicer report, exactly as the contract reads it: prepayments are curtailments
 * plus payoffs; the 60+ delinquent balance is 60–89 + 90+ + foreclosure + REO (30–59 is not in the trigger).
 */
export function collateralOfReport(r: ServicerReport): CollateralPeriod {
  return {
    interestCollected: r.interestCollected,
    scheduledPrincipal: r.scheduledPrincipal,
    prepayments: r.curtailments + r.payoffs,
    liquidationProceeds: r.liquidationProceeds,
    realizedLoss: r.realizedLoss,
    recoveries: r.recoveries,
    delinquent60Plus: r.delinquent60.balance + r.delinquent90Plus.balance + r.foreclosure.balance + r.reo.balance,
    endingPoolBalance: r.endingPoolBalance,
  };
}
