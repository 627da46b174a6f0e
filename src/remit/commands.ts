/**
 * What `mbs statement` and `mbs loan-history` do, as functions of their options and the chain
 * (the actions print; tests call these directly).
 */
import type { Provider } from "ethers";
import { InvalidInputError } from "../errors.js";
import { parseCutoff } from "../tape/fields.js";
import type { Manifest } from "../tokenize/manifest.js";
import type { TrusteeStatement } from "../remittance/statement.js";
import { loanHistory, remittanceFiles, replayPeriods, type LoanHistoryLine } from "./history.js";
import { attestedReports, dealConfigOf, openDeal } from "./onchain.js";
import { poolStateFromManifest } from "./pool.js";
import { statementsFromChain } from "./statements.js";
import type { RemittanceFormat } from "../remittance/types.js";

export async function chainStatements(manifest: Manifest, provider: Provider, options: { waterfall: string | undefined; period?: number; fromBlock?: number }): Promise<TrusteeStatement[]> {
  const deal = await openDeal(provider, options.waterfall, undefined, options.fromBlock ?? 0);
  const config = await dealConfigOf(deal, manifest.deal.name);
  const statements = await statementsFromChain(deal, config, provider, {
    cutoffMonth: parseCutoff(manifest.deal.cutoffDate.slice(0, 7)),
    initialLoanCount: manifest.commitment.loanCount,
    ...(options.period === undefined || options.period === 0 ? {} : { periods: [options.period] }),
  });
  if (options.period !== undefined && options.period !== 0 && statements.length === 0) {
    throw new InvalidInputError("--period", `period ${options.period} has not been executed on this deal`);
  }
  return statements;
}

export async function chainLoanHistory(
  manifest: Manifest,
  provider: Provider,
  options: { waterfall: string | undefined; loan: string | undefined; files: string | undefined; format?: RemittanceFormat | "auto"; fromBlock?: number },
): Promise<LoanHistoryLine[]> {
  if (options.loan === undefined) throw new InvalidInputError("--loan", "required: the loan id as on the tape");
  if (options.files === undefined) throw new InvalidInputError("--files", "required: the servicer files (a folder or comma-separated files)");
  const deal = await openDeal(provider, options.waterfall, undefined, options.fromBlock ?? 0);
  const config = await dealConfigOf(deal, manifest.deal.name);
  const reports = await attestedReports(deal, provider);
  const start = await poolStateFromManifest(manifest);
  if (!start.loans.has(options.loan)) throw new InvalidInputError("--loan", `loan ${options.loan} is not in the pool (${start.loans.size} loans)`);
  const files = await remittanceFiles(options.files.split(",").map((s) => s.trim()));
  const periods = await replayPeriods(start, files, { format: options.format ?? "auto", fees: config.fees!, lastPeriod: reports.length });
  const roots = new Map(reports.map((r) => [r.period, r.loanRoot]));
  return loanHistory(periods, options.loan, async (n) => roots.get(n));
}
