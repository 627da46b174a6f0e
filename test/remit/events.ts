import type { PeriodResult } from "../../src/analytics/deal/types.js";
import type { PeriodEvents } from "../../src/remit/from-logs.js";

/** The events a period result implies (the inverse of periodResultFromEvents; tests and previews). */
export function eventsOfPeriodResult(result: PeriodResult, servicingCarried: bigint): PeriodEvents {
  const idx = (i: number) => BigInt(i);
  const servicingPaid = result.fees.paid < servicingCarried + result.fees.servicingDue ? result.fees.paid : servicingCarried + result.fees.servicingDue;
  return {
    fees: {
      servicingDue: result.fees.servicingDue,
      servicingCarried,
      servicingPaid,
      trusteeDue: result.fees.trusteeDue,
      trusteeCarried: result.fees.carriedShortfall - servicingCarried,
      trusteePaid: result.fees.paid - servicingPaid,
    },
    interest: result.classes.map((c, i) => ({
      classIndex: idx(i), current: c.interestCurrent, carried: c.carriedShortfall, paid: c.interestPaid, fromReserve: 0n, shortfall: c.interestShortfall, accretion: c.accretion,
    })),
    writeUps: result.classes.flatMap((c, i) => {
      const w = (c as { writeUp?: bigint }).writeUp ?? 0n;
      return w === 0n ? [] : [{ classIndex: idx(i), amount: w }];
    }),
    principal: result.classes.map((c, i) => ({ classIndex: idx(i), amount: c.principalPaid, endingBalance: c.endingBalance })),
    losses: result.classes.flatMap((c, i) => (c.lossAllocated === 0n ? [] : [{ classIndex: idx(i), amount: c.lossAllocated }])),
    reserve: { draw: result.reserve.draw, deposit: result.reserve.deposit, release: result.reserve.release, target: result.reserve.target, ending: result.reserve.ending },
    residual: { amount: result.residual },
    cleanUpCall: result.cleanUpCallProceeds === 0n ? undefined : { proceeds: result.cleanUpCallProceeds },
    executed: {
      cashAvailable: result.cashAvailable,
      poolEnding: result.pool.endingBalance,
      cumulativeLoss: result.pool.cumulativeLoss,
      overcollateralizationTarget: result.overcollateralization.target,
      sequentialApplied: result.principalModeApplied === "sequential",
      delinquencyTripped: result.triggers.delinquency?.tripped ?? false,
      lossTripped: result.triggers.cumulativeLoss?.tripped ?? false,
    },
  };
}
