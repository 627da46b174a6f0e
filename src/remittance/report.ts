/**
 * The period's servicer report: the loan lines aggregated into the fields the on-chain
 * `IServicerReports.ServicerReport` carries (same names, settlement-token units of 6 decimals),
 * plus what the statement needs off chain (beginning balance and count, liquidation count …).
 */
import type { Hex } from "../pool/bytes.js";
import { UNITS_PER_USD } from "../units.js";
import type { FeeConfig } from "../analytics/deal/types.js";
import { monthlyAccrual } from "../analytics/deal/intmath.js";
import {
  collateralOfReport,
  type DelinquencyBucket as ChainBucket,
  type ServicerReport as ChainServicerReport,
} from "../analytics/deal/onchain.js";
import { bucketOf, type DelinquencyBucket } from "./types.js";
import type { LoanPeriodLine } from "./reconcile.js";

const UNITS_PER_CENT = UNITS_PER_USD / 100n;

/** A delinquency bucket of the report: loans in one status and their balance (the on-chain `Bucket`). */
export type Bucket = ChainBucket;

export type ReportBucket = Exclude<DelinquencyBucket, "current">;
export const REPORT_BUCKETS: readonly ReportBucket[] = ["d30", "d60", "d90plus", "foreclosure", "reo"];

/**
 * The on-chain report (`IServicerReports.ServicerReport`, field for field: one definition, in
 * src/analytics/deal/onchain.ts) with what the statement needs off chain.
 */
export interface ServicerReport extends ChainServicerReport {
  /** Reporting month `YYYY-MM` (off chain). */
  reportingMonth: string;
  beginningLoanCount: number;
  beginningPoolBalance: bigint;
  liquidationCount: number;
  loanRoot: Hex;
  fileHash: Hex;
}

/** The cash the servicer remits for a report: every collection the waterfall distributes. */
export function remittanceOf(r: ServicerReport): bigint {
  return r.interestCollected + r.scheduledPrincipal + r.curtailments + r.payoffs + r.liquidationProceeds + r.recoveries;
}

/** 60+ delinquent balance as the waterfall's delinquency trigger measures it (60, 90+, FC, REO). */
export function delinquent60PlusOf(r: ServicerReport): bigint {
  return collateralOfReport(r).delinquent60Plus;
}

export interface ReportInputs {
  period: number;
  reportingMonth: string;
  lines: readonly LoanPeriodLine[];
  loanRoot: Hex;
  fileHash: Hex;
  /** The deal's fee terms: the report states the fees they set on the beginning balance. */
  fees?: FeeConfig;
  /** Packed warning counts (./warnings.ts); default none. */
  reconciliationWarnings?: bigint;
}

export function aggregateReport(inputs: ReportInputs): ServicerReport {
  let beginningCount = 0;
  let begin = 0;
  let interest = 0;
  let scheduled = 0;
  let curtailments = 0;
  let payoffs = 0;
  let payoffCount = 0;
  let proceeds = 0;
  let liquidations = 0;
  let loss = 0;
  let recoveries = 0;
  let endingCount = 0;
  let ending = 0;
  const buckets: Record<ReportBucket, { count: number; cents: number }> = {
    d30: { count: 0, cents: 0 },
    d60: { count: 0, cents: 0 },
    d90plus: { count: 0, cents: 0 },
    foreclosure: { count: 0, cents: 0 },
    reo: { count: 0, cents: 0 },
  };
  for (const l of inputs.lines) {
    if (l.status === "recovery") {
      recoveries += l.recoveryCents;
      continue;
    }
    beginningCount++;
    begin += l.beginningUpbCents;
    interest += l.interestCents;
    scheduled += l.scheduledPrincipalCents;
    curtailments += l.curtailmentCents;
    payoffs += l.payoffCents;
    proceeds += l.liquidationProceedsCents;
    loss += l.realizedLossCents;
    recoveries += l.recoveryCents;
    if (l.status === "prepaid" || l.status === "repurchased") payoffCount++;
    else if (l.status === "liquidated") liquidations++;
    else {
      endingCount++;
      ending += l.endingUpbCents;
      const b = bucketOf({ delinquentMonths: l.delinquentMonths, foreclosure: l.status === "foreclosure", reo: l.status === "reo" });
      if (b !== "current") {
        buckets[b].count++;
        buckets[b].cents += l.endingUpbCents;
      }
    }
  }
  const units = (cents: number): bigint => BigInt(cents) * UNITS_PER_CENT;
  const beginningPoolBalance = units(begin);
  const fees = inputs.fees;
  const bucket = (b: ReportBucket): Bucket => ({ count: buckets[b].count, balance: units(buckets[b].cents) });
  return {
    period: inputs.period,
    reportingMonth: inputs.reportingMonth,
    beginningLoanCount: beginningCount,
    beginningPoolBalance,
    interestCollected: units(interest),
    servicingFee: fees === undefined ? 0n : monthlyAccrual(beginningPoolBalance, BigInt(fees.servicingPpm)) + fees.servicingFixed,
    trusteeFee: fees === undefined ? 0n : monthlyAccrual(beginningPoolBalance, BigInt(fees.trusteePpm)) + fees.trusteeFixed,
    scheduledPrincipal: units(scheduled),
    curtailments: units(curtailments),
    payoffs: units(payoffs),
    payoffCount,
    liquidationProceeds: units(proceeds),
    liquidationCount: liquidations,
    realizedLoss: units(loss),
    recoveries: units(recoveries),
    delinquent30: bucket("d30"),
    delinquent60: bucket("d60"),
    delinquent90Plus: bucket("d90plus"),
    foreclosure: bucket("foreclosure"),
    reo: bucket("reo"),
    endingLoanCount: endingCount,
    endingPoolBalance: units(ending),
    loanRoot: inputs.loanRoot,
    fileHash: inputs.fileHash,
    reconciliationWarnings: inputs.reconciliationWarnings ?? 0n,
  };
}

/** The report with bigints as decimal strings (JSON, journals). */
export function reportToJson(r: ServicerReport): Record<string, unknown> {
  return JSON.parse(JSON.stringify(r, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v))) as Record<string, unknown>;
}

/** Inverse of reportToJson. */
export function reportFromJson(json: Record<string, unknown>): ServicerReport {
  const big = (k: string): bigint => BigInt(String(json[k]));
  const num = (k: string): number => Number(json[k]);
  const bucket = (k: string): Bucket => {
    const b = json[k] as { count: number; balance: string };
    return { count: Number(b.count), balance: BigInt(b.balance) };
  };
  return {
    period: num("period"),
    reportingMonth: String(json.reportingMonth),
    beginningLoanCount: num("beginningLoanCount"),
    beginningPoolBalance: big("beginningPoolBalance"),
    interestCollected: big("interestCollected"),
    servicingFee: big("servicingFee"),
    trusteeFee: big("trusteeFee"),
    scheduledPrincipal: big("scheduledPrincipal"),
    curtailments: big("curtailments"),
    payoffs: big("payoffs"),
    payoffCount: num("payoffCount"),
    liquidationProceeds: big("liquidationProceeds"),
    liquidationCount: num("liquidationCount"),
    realizedLoss: big("realizedLoss"),
    recoveries: big("recoveries"),
    delinquent30: bucket("delinquent30"),
    delinquent60: bucket("delinquent60"),
    delinquent90Plus: bucket("delinquent90Plus"),
    foreclosure: bucket("foreclosure"),
    reo: bucket("reo"),
    endingLoanCount: num("endingLoanCount"),
    endingPoolBalance: big("endingPoolBalance"),
    loanRoot: String(json.loanRoot) as Hex,
    fileHash: String(json.fileHash) as Hex,
    // Journals written before the field existed carry no warnings.
    reconciliationWarnings: json.reconciliationWarnings === undefined ? 0n : big("reconciliationWarnings"),
  };
}
