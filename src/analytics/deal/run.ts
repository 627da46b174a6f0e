import { InvalidInputError } from "../../errors.js";
import type { CollateralPeriod, DealConfig, DealState, PeriodResult } from "./types.js";
import { initialState, runPeriod } from "./waterfall.js";

export interface DealRun {
  periods: PeriodResult[];
  state: DealState;
}

/** Runs every report in order; stops after a clean-up call (later reports are not used). */
export function runDeal(deal: DealConfig, reports: readonly CollateralPeriod[]): DealRun {
  let state = initialState(deal);
  const periods: PeriodResult[] = [];
  for (const report of reports) {
    const outcome = runPeriod(deal, state, report);
    periods.push(outcome.result);
    state = outcome.state;
    if (state.called) break;
  }
  return { periods, state };
}

/** One class's cash flows by period (index 0 = period 1), in units. */
export interface ClassCashFlows {
  id: string;
  interest: bigint[];
  principal: bigint[];
  loss: bigint[];
}

export function classCashFlows(run: DealRun, classId: string): ClassCashFlows {
  const index = run.periods[0]?.classes.findIndex((c) => c.id === classId) ?? -1;
  if (index < 0) throw new InvalidInputError("classId", `no class "${classId}" in this deal`);
  const pick = (f: (p: PeriodResult) => bigint) => run.periods.map(f);
  return {
    id: classId,
    interest: pick((p) => p.classes[index]?.interestPaid ?? 0n),
    principal: pick((p) => p.classes[index]?.principalPaid ?? 0n),
    loss: pick((p) => p.classes[index]?.lossAllocated ?? 0n),
  };
}

/**
 * Average life in years of principal received in periods 1…n (Σ t·P_t / Σ P_t / 12), the
 * numerator summed exactly in integers; NaN when no principal is received (an IO class).
 */
export function averageLifeYears(principal: readonly bigint[]): number {
  let weighted = 0n;
  let total = 0n;
  principal.forEach((p, i) => {
    weighted += BigInt(i + 1) * p;
    total += p;
  });
  return total === 0n ? Number.NaN : Number(weighted) / Number(total) / 12;
}
