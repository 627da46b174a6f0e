/**
 * `mbs statement`: the trustee's statement of each executed period rebuilt from chain logs alone —
 * the attested report (ReportSubmitted) and one event per waterfall line — through the same
 * statement model the preview prints before execution.
 */
import type { Provider } from "ethers";
import { decodeEvents, queryLogs } from "../chain/index.js";
import { MbsError } from "../errors.js";
import type { ServicerReport as OnChainReport } from "../analytics/deal/onchain.js";
import type { DealConfig } from "../analytics/deal/types.js";
import { monthString } from "../tape/fields.js";
import type { ServicerReport } from "../remittance/report.js";
import { buildStatement, type SpeedHistory, type TrusteeStatement } from "../remittance/statement.js";
import { originalClassBalances, periodResultFromEvents, type PeriodEvents } from "./from-logs.js";
import { attestedReports, waterfallInterface, type DealContracts } from "./onchain.js";

/** Monthly SMM and MDR of attested reports, in order (the life-speed history of the next period). */
export function speedsOf(reports: readonly OnChainReport[], originalPoolBalance?: bigint): SpeedHistory {
  const speeds: SpeedHistory = { smm: [], mdr: [] };
  let beginning = originalPoolBalance;
  for (const r of reports) {
    const begin = beginning ?? r.endingPoolBalance + r.scheduledPrincipal + r.curtailments + r.payoffs + r.liquidationProceeds + r.realizedLoss;
    const base = begin - r.scheduledPrincipal;
    speeds.smm.push(base > 0n ? Number(r.curtailments + r.payoffs) / Number(base) : 0);
    speeds.mdr.push(base > 0n ? Number(r.liquidationProceeds + r.realizedLoss) / Number(base) : 0);
    beginning = r.endingPoolBalance;
  }
  return speeds;
}

/** An on-chain report with the statement's off-chain context (beginning balance and count, month). */
export function fullReport(r: OnChainReport, beginningPoolBalance: bigint, beginningLoanCount: number, reportingMonth: string): ServicerReport {
  return { ...r, loanRoot: r.loanRoot as `0x${string}`, fileHash: r.fileHash as `0x${string}`, reportingMonth, beginningPoolBalance, beginningLoanCount, liquidationCount: Number.NaN };
}

type Args = Record<string, unknown>;

export interface ChainStatementOptions {
  /** Month index of the pool's cut-off (period n reports month cutoff + n). */
  cutoffMonth?: number;
  /** Loans at closing (the statement's first beginning count). */
  initialLoanCount: number;
  /** Only these periods (default every executed one). */
  periods?: readonly number[];
}

/** Every executed period's statement, from the logs of `deal`. */
export async function statementsFromChain(deal: DealContracts, config: DealConfig, provider: Provider, options: ChainStatementOptions): Promise<TrusteeStatement[]> {
  const reports = await attestedReports(deal, provider);
  // One walk of the waterfall's logs for every line's event, grouped by event and period once.
  const names = ["FeesPaid", "InterestPaid", "LossWrittenUp", "PrincipalPaid", "LossAllocated", "ReserveMoved", "ResidualPaid", "CleanUpCallExercised", "PeriodExecuted"];
  const topics = [names.map((name) => waterfallInterface.getEvent(name)!.topicHash)];
  const logs = await queryLogs(provider, { address: deal.waterfall.address, fromBlock: deal.fromBlock, topics });
  const byEvent = new Map<string, Map<number, Args[]>>(names.map((name) => [name, new Map()]));
  for (const e of decodeEvents<Args>(waterfallInterface, logs)) {
    const periods = byEvent.get(e.name);
    if (periods === undefined) continue;
    const period = Number(e.args.period);
    const list = periods.get(period);
    if (list === undefined) periods.set(period, [e.args]);
    else list.push(e.args);
  }
  const [fees, interest, writeUps, principal, losses, reserve, residual, calls, executed] = names.map((name) => byEvent.get(name)!);
  const of = (periods: Map<number, Args[]> | undefined, period: number) => periods?.get(period) ?? [];
  const out: TrusteeStatement[] = [];
  let beginning = originalClassBalances(config);
  let poolBeginning = config.originalPoolBalance;
  let loans = options.initialLoanCount;
  let speeds: SpeedHistory = { smm: [], mdr: [] };
  for (const report of reports) {
    const n = report.period;
    const exec = of(executed, n)[0];
    if (exec === undefined) break; // attested, not executed yet
    const one = <T>(list: Map<number, Args[]> | undefined): T => {
      const x = of(list, n)[0];
      if (x === undefined) throw new MbsError(`period ${n} was executed but a waterfall event is missing from the logs`);
      return x as T;
    };
    const events: PeriodEvents = {
      fees: one(fees),
      interest: of(interest, n) as PeriodEvents["interest"],
      writeUps: of(writeUps, n) as PeriodEvents["writeUps"],
      principal: of(principal, n) as PeriodEvents["principal"],
      losses: of(losses, n) as PeriodEvents["losses"],
      reserve: one(reserve),
      residual: one(residual),
      cleanUpCall: of(calls, n)[0] as PeriodEvents["cleanUpCall"],
      executed: exec as PeriodEvents["executed"],
    };
    const month = options.cutoffMonth === undefined ? `period ${n}` : monthString(options.cutoffMonth + n);
    const full = fullReport(report, poolBeginning, loans, month);
    const result = periodResultFromEvents(config, full, beginning, poolBeginning, events);
    const built = buildStatement(config, full, result, speeds);
    speeds = built.speeds;
    if (options.periods === undefined || options.periods.includes(n)) out.push(built.statement);
    beginning = result.classes.map((c) => c.endingBalance);
    poolBeginning = result.pool.endingBalance;
    loans = report.endingLoanCount;
  }
  return out;
}
