/**
 * The period preview: the TypeScript deal model (src/analytics/deal, the spec of the on-chain
 * waterfall) run on the servicer report before anything is sent, and the trustee statement it
 * produces. The same statement is rebuilt from chain logs after execution; the two must agree.
 */
import type { CollateralPeriod, DealConfig, DealState, PeriodResult } from "../analytics/deal/types.js";
import { runPeriod } from "../analytics/deal/waterfall.js";
import { delinquent60PlusOf, type ServicerReport } from "./report.js";
import { buildStatement, type SpeedHistory, type TrusteeStatement } from "./statement.js";

/** The waterfall's view of a servicer report. */
export function collateralOf(report: ServicerReport): CollateralPeriod {
  const collateral: CollateralPeriod & { recoveries?: bigint } = {
    interestCollected: report.interestCollected,
    scheduledPrincipal: report.scheduledPrincipal,
    prepayments: report.curtailments + report.payoffs,
    liquidationProceeds: report.liquidationProceeds,
    realizedLoss: report.realizedLoss,
    delinquent60Plus: delinquent60PlusOf(report),
    endingPoolBalance: report.endingPoolBalance,
  };
  if (report.recoveries > 0n) collateral.recoveries = report.recoveries;
  return collateral;
}

export interface PeriodPreview {
  result: PeriodResult;
  /** The deal's state after the period (the input of the next preview). */
  state: DealState;
  statement: TrusteeStatement;
  speeds: SpeedHistory;
}

/** Runs the waterfall on `report` from `state` (the deal after the previous period). */
export function previewPeriod(deal: DealConfig, state: DealState, report: ServicerReport, speeds: SpeedHistory = { smm: [], mdr: [] }): PeriodPreview {
  const { result, state: next } = runPeriod(deal, state, collateralOf(report));
  const { statement, speeds: after } = buildStatement(deal, report, result, speeds);
  return { result, state: next, statement, speeds: after };
}
