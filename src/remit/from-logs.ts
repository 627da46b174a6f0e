/**
 * A period's waterfall result rebuilt from the waterfall's events alone (one per line:
 * FeesPaid, InterestPaid, LossWrittenUp, PrincipalPaid, LossAllocated, ReserveMoved,
 * ResidualPaid, CleanUpCallExercised, PeriodExecuted) and the attested report (ReportSubmitted):
 * the same `PeriodResult` the deal model computes, so `mbs statement` prints from the chain what
 * the preview printed before execution — and a difference is a bug on one side.
 */
import { FACTOR_ONE } from "../units.js";
import { ratioPpm } from "../analytics/deal/intmath.js";
import { isBondClass } from "../analytics/deal/validate.js";
import type { ClassPeriodResult, DealConfig, PeriodResult } from "../analytics/deal/types.js";
import { delinquent60PlusOf, type ServicerReport } from "../remittance/report.js";

/** The decoded arguments of one period's waterfall events (as `queryEvents` returns them). */
export interface PeriodEvents {
  fees: { servicingDue: bigint; servicingCarried: bigint; servicingPaid: bigint; trusteeDue: bigint; trusteeCarried: bigint; trusteePaid: bigint };
  interest: { classIndex: bigint; current: bigint; carried: bigint; paid: bigint; fromReserve: bigint; shortfall: bigint; accretion: bigint }[];
  writeUps: { classIndex: bigint; amount: bigint }[];
  principal: { classIndex: bigint; amount: bigint; endingBalance: bigint }[];
  losses: { classIndex: bigint; amount: bigint }[];
  reserve: { draw: bigint; deposit: bigint; release: bigint; target: bigint; ending: bigint };
  residual: { amount: bigint };
  cleanUpCall: { proceeds: bigint } | undefined;
  executed: {
    cashAvailable: bigint;
    poolEnding: bigint;
    cumulativeLoss: bigint;
    overcollateralizationTarget: bigint;
    sequentialApplied: boolean;
    delinquencyTripped: boolean;
    lossTripped: boolean;
  };
}

/** Class balances before period 1: bonds at their original balance, IO classes at their notional. */
export function originalClassBalances(deal: DealConfig): bigint[] {
  const bonds = deal.classes.map((c) => (isBondClass(c) ? c.originalBalance : 0n));
  return deal.classes.map((c, i) => {
    if (isBondClass(c)) return bonds[i]!;
    if (c.notionalOf === "pool") return deal.originalPoolBalance;
    return deal.classes.reduce((s, k, j) => (c.notionalOf.includes(k.id) ? s + bonds[j]! : s), 0n);
  });
}

export function periodResultFromEvents(
  deal: DealConfig,
  report: ServicerReport,
  /** Class balances after the previous period (originalClassBalances for period 1). */
  beginning: readonly bigint[],
  /** Pool balance after the previous period. */
  poolBeginning: bigint,
  e: PeriodEvents,
): PeriodResult {
  const n = deal.classes.length;
  const byClass = <T extends { classIndex: bigint }>(list: readonly T[]): (T | undefined)[] => {
    const out: (T | undefined)[] = new Array<T | undefined>(n).fill(undefined);
    for (const x of list) out[Number(x.classIndex)] = x;
    return out;
  };
  const interest = byClass(e.interest);
  const principal = byClass(e.principal);
  const losses = byClass(e.losses);
  const writeUps = byClass(e.writeUps);
  const originals = originalClassBalances(deal);
  const classes: ClassPeriodResult[] = deal.classes.map((c, i) => {
    const ending = principal[i]?.endingBalance ?? 0n;
    const original = originals[i]!;
    const line: ClassPeriodResult & { writeUp: bigint } = {
      id: c.id,
      kind: c.kind,
      beginningBalance: beginning[i] ?? 0n,
      carriedShortfall: interest[i]?.carried ?? 0n,
      interestCurrent: interest[i]?.current ?? 0n,
      interestPaid: interest[i]?.paid ?? 0n,
      interestShortfall: interest[i]?.shortfall ?? 0n,
      accretion: interest[i]?.accretion ?? 0n,
      writeUp: writeUps[i]?.amount ?? 0n,
      principalPaid: principal[i]?.amount ?? 0n,
      lossAllocated: losses[i]?.amount ?? 0n,
      endingBalance: ending,
      factor: original === 0n ? FACTOR_ONE : (ending * FACTOR_ONE) / original,
    };
    return line;
  });
  const f = e.fees;
  const carried = f.servicingCarried + f.trusteeCarried;
  const paid = f.servicingPaid + f.trusteePaid;
  const r = e.reserve;
  const bondEnding = classes.reduce((s, c, i) => (isBondClass(deal.classes[i]!) ? s + c.endingBalance : s), 0n);
  const principalCollected = report.scheduledPrincipal + report.curtailments + report.payoffs + report.liquidationProceeds;
  const triggers: PeriodResult["triggers"] = {};
  if (deal.triggers?.delinquencyPpm !== undefined) {
    triggers.delinquency = {
      actualPpm: ratioPpm(delinquent60PlusOf(report), report.endingPoolBalance),
      thresholdPpm: BigInt(deal.triggers.delinquencyPpm),
      tripped: e.executed.delinquencyTripped,
    };
  }
  if (deal.triggers?.cumulativeLossPpm !== undefined) {
    triggers.cumulativeLoss = {
      actualPpm: ratioPpm(e.executed.cumulativeLoss, deal.originalPoolBalance),
      thresholdPpm: BigInt(deal.triggers.cumulativeLossPpm),
      tripped: e.executed.lossTripped,
    };
  }
  const result: PeriodResult & { pool: PeriodResult["pool"] & { recoveries: bigint }; totals: PeriodResult["totals"] & { writeUp: bigint } } = {
    period: report.period,
    pool: {
      beginningBalance: poolBeginning,
      interestCollected: report.interestCollected,
      principalCollected,
      liquidationProceeds: report.liquidationProceeds,
      realizedLoss: report.realizedLoss,
      recoveries: report.recoveries,
      cumulativeLoss: e.executed.cumulativeLoss,
      delinquent60Plus: delinquent60PlusOf(report),
      endingBalance: e.executed.poolEnding,
    },
    cleanUpCallProceeds: e.cleanUpCall?.proceeds ?? 0n,
    cashAvailable: e.executed.cashAvailable,
    fees: { servicingDue: f.servicingDue, trusteeDue: f.trusteeDue, carriedShortfall: carried, paid, shortfall: carried + f.servicingDue + f.trusteeDue - paid },
    classes,
    principalModeApplied: e.executed.sequentialApplied ? "sequential" : "proRata",
    reserve: {
      beginning: r.ending - r.deposit + r.release + r.draw,
      target: r.target,
      draw: r.draw,
      deposit: r.deposit,
      release: r.release,
      movement: r.deposit - r.release - r.draw,
      ending: r.ending,
    },
    overcollateralization: { actual: e.executed.poolEnding - bondEnding, target: e.executed.overcollateralizationTarget },
    triggers,
    residual: e.residual.amount,
    totals: {
      interestPaid: classes.reduce((s, c) => s + c.interestPaid, 0n),
      principalPaid: classes.reduce((s, c) => s + c.principalPaid, 0n),
      writeUp: classes.reduce((s, c) => s + ((c as { writeUp?: bigint }).writeUp ?? 0n), 0n),
    },
  };
  return result;
}
