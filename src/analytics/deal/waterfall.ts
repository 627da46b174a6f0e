import { MbsError } from "../../errors.js";
import { FACTOR_ONE } from "../../units.js";
import {
  PPM,
  allocateProRata,
  allocateSequential,
  exceedsPpm,
  maxBig,
  minBig,
  monthlyAccrual,
  ppmOf,
  ratioPpm,
  sumBig,
} from "./intmath.js";
import type {
  ClassConfig,
  ClassPeriodResult,
  CollateralPeriod,
  DealConfig,
  DealState,
  InterestOnlyClassConfig,
  PeriodResult,
  TriggerTest,
} from "./types.js";
import { isBondClass, validateDeal, validateReport } from "./validate.js";

/**
 * One period of the payment waterfall, in exact integers. The order of payments, the rounding
 * and where the dust goes are specified in docs/waterfall-model.md; the on-chain waterfall
 * mirrors this file step by step.
 */

/** The waterfall closes at the last step: the result of a period plus the state for the next. */
export interface PeriodOutcome {
  result: PeriodResult;
  state: DealState;
}

function notional(c: InterestOnlyClassConfig, deal: DealConfig, bondBalances: readonly bigint[], poolBalance: bigint): bigint {
  if (c.notionalOf === "pool") return poolBalance;
  let total = 0n;
  for (const ref of c.notionalOf) {
    const i = deal.classes.findIndex((k) => k.id === ref);
    total += bondBalances[i] ?? 0n;
  }
  return total;
}

function originalBalances(deal: DealConfig): bigint[] {
  const bonds = deal.classes.map((c) => (isBondClass(c) ? c.originalBalance : 0n));
  return deal.classes.map((c, i) => (isBondClass(c) ? (bonds[i] ?? 0n) : notional(c, deal, bonds, deal.originalPoolBalance)));
}

/** The state before period 1: every class at its original balance (IO at its original notional). */
export function initialState(deal: DealConfig): DealState {
  validateDeal(deal);
  return {
    period: 0,
    poolBalance: deal.originalPoolBalance,
    reserveBalance: deal.reserve?.initialBalance ?? 0n,
    cumulativeLoss: 0n,
    feeShortfall: 0n,
    classes: originalBalances(deal).map((balance) => ({ balance, interestShortfall: 0n, writtenDown: 0n })),
    called: false,
  };
}

function rankOf(c: ClassConfig, index: number): number {
  return c.interestRank ?? index;
}

/** Pays `due` from `available` by interest rank; equal ranks share pro rata (dust in list order). */
function payInterestByRank(available: bigint, due: readonly bigint[], deal: DealConfig): bigint[] {
  const paid = due.map(() => 0n);
  const ranks = [...new Set(deal.classes.map(rankOf))].sort((a, b) => a - b);
  let left = available;
  for (const rank of ranks) {
    const members = deal.classes.flatMap((c, i) => (rankOf(c, i) === rank ? [i] : []));
    const claims = members.map((i) => due[i] ?? 0n);
    const shares = allocateProRata(left, claims, claims);
    members.forEach((i, k) => {
      paid[i] = shares[k] ?? 0n;
    });
    left -= sumBig(shares);
  }
  return paid;
}

/**
 * Allocates `amount` of principal to bond classes whose balances (after accretion) are
 * `balances`: (1) scheduled classes in list order down to their scheduled balance for
 * `period`; (2) unscheduled classes, sequential or pro rata by balance; (3) scheduled classes
 * in list order with whatever is left.
 */
function allocatePrincipal(
  amount: bigint,
  deal: DealConfig,
  balances: readonly bigint[],
  period: number,
  mode: "sequential" | "proRata",
): bigint[] {
  const paid = balances.map(() => 0n);
  let left = amount;
  const scheduled: number[] = [];
  const unscheduled: number[] = [];
  deal.classes.forEach((c, i) => {
    if (!isBondClass(c)) return;
    (c.schedule === undefined ? unscheduled : scheduled).push(i);
  });
  for (const i of scheduled) {
    const c = deal.classes[i];
    const target = c !== undefined && isBondClass(c) ? (c.schedule?.[period - 1] ?? 0n) : 0n;
    const pay = minBig(maxBig(0n, (balances[i] ?? 0n) - target), left);
    paid[i] = pay;
    left -= pay;
  }
  const caps = unscheduled.map((i) => (balances[i] ?? 0n) - (paid[i] ?? 0n));
  const shares =
    mode === "sequential"
      ? allocateSequential(left, caps)
      : allocateProRata(left, unscheduled.map((i) => balances[i] ?? 0n), caps);
  unscheduled.forEach((i, k) => {
    paid[i] = (paid[i] ?? 0n) + (shares[k] ?? 0n);
  });
  left -= sumBig(shares);
  const rest = allocateSequential(left, scheduled.map((i) => (balances[i] ?? 0n) - (paid[i] ?? 0n)));
  scheduled.forEach((i, k) => {
    paid[i] = (paid[i] ?? 0n) + (rest[k] ?? 0n);
  });
  left -= sumBig(rest);
  if (left !== 0n) {
    throw new MbsError("principal exceeds the bond balances", { period, unallocated: left.toString() });
  }
  return paid;
}

function triggerTest(numerator: bigint, denominator: bigint, thresholdPpm: number | undefined): TriggerTest | undefined {
  if (thresholdPpm === undefined) return undefined;
  const threshold = BigInt(thresholdPpm);
  return { actualPpm: ratioPpm(numerator, denominator), thresholdPpm: threshold, tripped: exceedsPpm(numerator, denominator, threshold) };
}

/** Which classes accrue this period: a Z bond while a non-Z bond class before it has a balance. */
function accruingClasses(deal: DealConfig, begin: readonly bigint[]): boolean[] {
  const accruing: boolean[] = [];
  let outstandingBefore = false;
  deal.classes.forEach((c, i) => {
    accruing.push(c.kind === "accrual" && outstandingBefore);
    if (isBondClass(c) && c.kind !== "accrual" && (begin[i] ?? 0n) > 0n) outstandingBefore = true;
  });
  return accruing;
}

/**
 * Invariant 2 of the design: fees + interest + principal + reserve movement + residual ==
 * cash available. Throws if a period result breaks it.
 */
export function assertConservation(result: PeriodResult): void {
  const out =
    result.fees.paid + result.totals.interestPaid + result.totals.principalPaid + result.reserve.movement + result.residual;
  if (out !== result.cashAvailable) {
    throw new MbsError("waterfall does not conserve cash", {
      period: result.period,
      cashAvailable: result.cashAvailable.toString(),
      distributed: out.toString(),
    });
  }
}

/** Runs period `state.period + 1` on a servicer report. Pure: returns a new state. */
export function runPeriod(deal: DealConfig, state: DealState, report: CollateralPeriod): PeriodOutcome {
  const period = state.period + 1;
  if (state.called) throw new MbsError("the deal was called; no period runs after the clean-up call", { period });
  validateReport(period, state.poolBalance, report);
  const original = deal.originalPoolBalance;
  const poolBegin = state.poolBalance;
  const principalCollected = report.scheduledPrincipal + report.prepayments + report.liquidationProceeds;
  const recoveries = report.recoveries ?? 0n;
  const cumulativeLoss = maxBig(0n, state.cumulativeLoss + report.realizedLoss - recoveries);

  // Clean-up call: the collateral is bought at par (its ending balance) and the deal ends.
  const callThreshold = deal.cleanUpCallPpm;
  const called =
    callThreshold !== undefined && report.endingPoolBalance > 0n && report.endingPoolBalance * PPM < BigInt(callThreshold) * original;
  const cleanUpCallProceeds = called ? report.endingPoolBalance : 0n;
  const poolEnd = called ? 0n : report.endingPoolBalance;
  const cashAvailable = report.interestCollected + principalCollected + recoveries + cleanUpCallProceeds;
  let pot = cashAvailable;

  // 1. Fees: servicing then trustee accrued on the beginning pool balance, plus unpaid fees.
  const fees = deal.fees;
  const servicingDue = fees === undefined ? 0n : monthlyAccrual(poolBegin, BigInt(fees.servicingPpm)) + fees.servicingFixed;
  const trusteeDue = fees === undefined ? 0n : monthlyAccrual(poolBegin, BigInt(fees.trusteePpm)) + fees.trusteeFixed;
  const feesDue = state.feeShortfall + servicingDue + trusteeDue;
  const feesPaid = minBig(feesDue, pot);
  pot -= feesPaid;

  // 2. Interest by rank; carried shortfall is part of what is due. A Z bond accrues while a
  //    bond class listed before it still has a balance; its interest is added to its balance.
  const begin = state.classes.map((s) => s.balance);
  const accruing = accruingClasses(deal, begin);
  const current = deal.classes.map((c, i) => monthlyAccrual(begin[i] ?? 0n, BigInt(c.couponPpm)));
  const accretion = current.map((x, i) => (accruing[i] === true ? x : 0n));
  const due = current.map((x, i) => (state.classes[i]?.interestShortfall ?? 0n) + (accruing[i] === true ? 0n : x));
  const paidFromPot = payInterestByRank(pot, due, deal);
  pot -= sumBig(paidFromPot);
  //    An interest shortfall left after the pot is drawn from the reserve, same order.
  const reserveBegin = state.reserveBalance;
  const drawn = payInterestByRank(
    reserveBegin,
    due.map((d, i) => d - (paidFromPot[i] ?? 0n)),
    deal,
  );
  const draw = sumBig(drawn);
  let reserve = reserveBegin - draw;
  const interestPaid = paidFromPot.map((p, i) => p + (drawn[i] ?? 0n));

  // 2b. Write-ups: recoveries restore earlier losses, senior (list order) first, each up to what
  //     it lost and has not had back; the recovered cash then flows as principal.
  const isBond = deal.classes.map(isBondClass);
  const writtenDownBefore = state.classes.map((s, i) => (isBond[i] === true ? (s.writtenDown ?? 0n) : 0n));
  const writeUp = allocateSequential(recoveries, writtenDownBefore);

  // 3. Principal: what brings the bonds down to (pool − OC target), first out of principal
  //    collected (plus Z accretion, recoveries and call proceeds), the rest after the reserve from
  //    excess spread.
  const afterAccretion = begin.map((b, i) => (isBond[i] === true ? b + (accretion[i] ?? 0n) + (writeUp[i] ?? 0n) : 0n));
  const bondTotal = sumBig(afterAccretion);
  const ocTarget = poolEnd === 0n ? 0n : ppmOf(original, BigInt(deal.overcollateralizationTargetPpm ?? 0));
  const targetBonds = poolEnd > ocTarget ? poolEnd - ocTarget : 0n;
  const required = maxBig(0n, bondTotal - targetBonds);
  const basic = minBig(minBig(required, principalCollected + sumBig(accretion) + recoveries + cleanUpCallProceeds), pot);
  pot -= basic;

  // 4. Reserve to target: top up from what is left, or release the excess into the pot.
  const rc = deal.reserve;
  const reserveTarget = rc === undefined || poolEnd === 0n ? 0n : maxBig(rc.floor, ppmOf(poolEnd, BigInt(rc.targetPpm)));
  let deposit = 0n;
  let release = 0n;
  if (reserve < reserveTarget) {
    deposit = minBig(reserveTarget - reserve, pot);
    pot -= deposit;
  } else {
    release = reserve - reserveTarget;
    pot += release;
  }
  reserve = reserve + deposit - release;

  // 5. Overcollateralization: excess spread pays the bonds further down to the OC target.
  const extra = minBig(required - basic, pot);
  pot -= extra;

  const triggers = {
    delinquency: triggerTest(report.delinquent60Plus, report.endingPoolBalance, deal.triggers?.delinquencyPpm),
    cumulativeLoss: triggerTest(cumulativeLoss, original, deal.triggers?.cumulativeLossPpm),
  };
  const tripped = triggers.delinquency?.tripped === true || triggers.cumulativeLoss?.tripped === true;
  const mode: "sequential" | "proRata" =
    deal.principalMode === "sequential" || (deal.principalMode === "proRataUntilTrigger" && tripped) ? "sequential" : "proRata";
  const principalPaid = allocatePrincipal(basic + extra, deal, afterAccretion, period, mode);

  // 6. Losses: bonds above the pool balance are written down, last class first.
  const afterPrincipal = afterAccretion.map((b, i) => b - (principalPaid[i] ?? 0n));
  const excess = maxBig(0n, sumBig(afterPrincipal) - poolEnd);
  const reverse = [...afterPrincipal.keys()].reverse();
  const lossReversed = allocateSequential(excess, reverse.map((i) => afterPrincipal[i] ?? 0n));
  const loss = afterPrincipal.map(() => 0n);
  reverse.forEach((i, k) => {
    loss[i] = lossReversed[k] ?? 0n;
  });
  const bondEnd = afterPrincipal.map((b, i) => b - (loss[i] ?? 0n));
  const ending = deal.classes.map((c, i) => (isBondClass(c) ? (bondEnd[i] ?? 0n) : notional(c, deal, bondEnd, poolEnd)));

  // 7. Residual: whatever is left, including every unit of rounding dust.
  const residual = pot;
  const originals = originalBalances(deal);
  const classes: ClassPeriodResult[] = deal.classes.map((c, i) => {
    const originalBalance = originals[i] ?? 0n;
    const endBalance = ending[i] ?? 0n;
    return {
      id: c.id,
      kind: c.kind,
      beginningBalance: begin[i] ?? 0n,
      carriedShortfall: state.classes[i]?.interestShortfall ?? 0n,
      interestCurrent: current[i] ?? 0n,
      interestPaid: interestPaid[i] ?? 0n,
      interestShortfall: (due[i] ?? 0n) - (interestPaid[i] ?? 0n),
      accretion: accretion[i] ?? 0n,
      writeUp: writeUp[i] ?? 0n,
      principalPaid: principalPaid[i] ?? 0n,
      lossAllocated: loss[i] ?? 0n,
      endingBalance: endBalance,
      factor: originalBalance === 0n ? FACTOR_ONE : (endBalance * FACTOR_ONE) / originalBalance,
    };
  });
  const bondEndTotal = sumBig(bondEnd);
  const result: PeriodResult = {
    period,
    pool: {
      beginningBalance: poolBegin,
      interestCollected: report.interestCollected,
      principalCollected,
      liquidationProceeds: report.liquidationProceeds,
      realizedLoss: report.realizedLoss,
      recoveries,
      cumulativeLoss,
      delinquent60Plus: report.delinquent60Plus,
      endingBalance: poolEnd,
    },
    cleanUpCallProceeds,
    cashAvailable,
    fees: { servicingDue, trusteeDue, carriedShortfall: state.feeShortfall, paid: feesPaid, shortfall: feesDue - feesPaid },
    classes,
    principalModeApplied: mode,
    reserve: {
      beginning: reserveBegin,
      target: reserveTarget,
      draw,
      deposit,
      release,
      movement: deposit - release - draw,
      ending: reserve,
    },
    overcollateralization: { actual: poolEnd - bondEndTotal, target: ocTarget },
    triggers: {
      ...(triggers.delinquency === undefined ? {} : { delinquency: triggers.delinquency }),
      ...(triggers.cumulativeLoss === undefined ? {} : { cumulativeLoss: triggers.cumulativeLoss }),
    },
    residual,
    totals: { interestPaid: sumBig(interestPaid), principalPaid: sumBig(principalPaid), writeUp: sumBig(writeUp) },
  };
  assertConservation(result);
  return {
    result,
    state: {
      period,
      poolBalance: poolEnd,
      reserveBalance: reserve,
      cumulativeLoss,
      feeShortfall: feesDue - feesPaid,
      classes: ending.map((balance, i) => ({
        balance,
        interestShortfall: (due[i] ?? 0n) - (interestPaid[i] ?? 0n),
        writtenDown: (writtenDownBefore[i] ?? 0n) - (writeUp[i] ?? 0n) + (loss[i] ?? 0n),
      })),
      called,
    },
  };
}
