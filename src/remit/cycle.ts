/**
 * `mbs remit`: one period of the monthly cycle — record date (a keeper, at the end of the collection
 * month), then read, reconcile, preview, submit, attest, fund, execute — idempotent and resumable. Every step starts from what the chain says (last attested
 * period, the pending submission and its hash, the waterfall's state and the cash deposited), so a
 * crash or a killed node at any step, then the same command again, finishes the period exactly
 * once; the local journal is only a hint, used when its report hash is the one the chain holds.
 * Each step can run on its own (`steps: ["attest"]`), so the servicer's and the trustee's keys can
 * live in different processes: the trustee re-derives the report from the same file and attests
 * only the hash it computed itself.
 */
import { Contract, MaxUint256, type ContractTransactionResponse } from "ethers";
import { requireRole, sendTransaction, waitUntilSettled, type ChainConnection, type SentTransaction } from "../chain/index.js";
import { parseFault } from "../chain/ignition/faults.js";
import { InvalidInputError, MbsError } from "../errors.js";
import type { ServicerReport as OnChainReport } from "../analytics/deal/onchain.js";
import type { DealConfig, DealState, PeriodResult } from "../analytics/deal/types.js";
import type { Hex } from "../pool/bytes.js";
import { monthIndex, monthString } from "../tape/fields.js";
import { assertSubmittable, processRemittance, type RemittancePeriod } from "../remittance/period.js";
import { formatFlag, type RemittancePolicy } from "../remittance/policy.js";
import { previewPeriod, type PeriodPreview } from "../remittance/preview.js";
import { loadRemittance, type RemittanceFileSummary } from "../remittance/reader.js";
import type { PoolState } from "../remittance/state.js";
import type { RemittanceFormat } from "../remittance/types.js";
import { formatUsd, formatUtc } from "../units.js";
import { readEntry, writeEntry } from "./journal.js";
import { fileReportingMonth, replayPeriods } from "./history.js";
import { AttestedHashes, cycleErrors, cycleStatus, dealConfigOf, dealStateOf, onChainReport, openDeal, rebind, reportHashOf, type CycleStatus, type DealContracts } from "./onchain.js";
import { speedsOf } from "./statements.js";

export const REMIT_STEPS = ["record-date", "read", "reconcile", "preview", "submit", "attest", "fund", "execute"] as const;
export type RemitStep = (typeof REMIT_STEPS)[number];

export interface RemitOptions {
  /** The servicer's file for the period (not needed by the record-date step alone). */
  file?: string;
  format?: RemittanceFormat | "auto";
  policy?: RemittancePolicy;
  /** Cash the servicer says it remitted (checked against the file: flag cash-mismatch). */
  declaredCashCents?: number;
  /** The pool as tokenized (period 0). */
  start: PoolState;
  /** Servicer files of earlier periods (to rebuild the pool's state when the journal cannot vouch for it). */
  history?: readonly string[];
  /** Journal folder (a hint: used only where the chain confirms it). */
  journal?: string;
  dealName: string;
  /** Steps to run, in cycle order; default every step. */
  steps?: readonly RemitStep[];
  waterfall: string;
  lens?: string;
  fromBlock?: number;
  /** Who sends: the servicer (submit, fund), the trustee (attest), anyone (record date, execute; default the servicer). */
  servicer?: ChainConnection;
  trustee?: ChainConnection;
  executor?: ChainConnection;
  /** Marks record dates (anyone; default the executor, else the trustee, else the servicer). */
  keeper?: ChainConnection;
  /** A reader connection when no sender is needed (read-only steps). */
  reader?: ChainConnection;
  /** Replace a submitted, not yet attested report that differs from this file's (servicer only). */
  replace?: boolean;
  log?: (line: string) => void;
  onProgress?: (bytesRead: number, totalBytes: number) => void;
}

export interface StepRecord {
  step: RemitStep | "approve";
  /** What happened: a transaction was sent, or nothing was needed (and why). */
  outcome: "sent" | "skipped" | "done";
  detail: string;
  txHash?: string;
  gasUsed?: bigint;
}

export interface RemitOutcome {
  /** The file read (undefined for the record-date step alone). */
  file: RemittanceFileSummary | undefined;
  period: number;
  remittance: RemittancePeriod | undefined;
  reportHash: Hex | undefined;
  preview: PeriodPreview | undefined;
  deal: DealConfig | undefined;
  steps: StepRecord[];
  status: CycleStatus | undefined;
}

const ERC20_ABI = [
  "function balanceOf(address) view returns (uint256)",
  "function allowance(address owner, address spender) view returns (uint256)",
  "function approve(address spender, uint256 amount) returns (bool)",
];

function stepsOf(options: RemitOptions): Set<RemitStep> {
  const steps = options.steps ?? REMIT_STEPS;
  for (const s of steps) if (!(REMIT_STEPS as readonly string[]).includes(s)) throw new InvalidInputError("--step", `unknown step "${s}"; steps: ${REMIT_STEPS.join(", ")}`);
  return new Set(steps);
}

/** The steps' record, and the note that adds to it and logs the line. */
function stepLog(log: (line: string) => void): { record: StepRecord[]; note: Note } {
  const record: StepRecord[] = [];
  const note = (r: StepRecord) => {
    record.push(r);
    log(`${r.step}: ${r.detail}${r.txHash === undefined ? "" : ` (tx ${r.txHash})`}`);
  };
  return { record, note };
}

/** Who marks a record date (anyone may): the keeper if given, else the first account the run has. */
function keeperOf(options: Pick<RemitOptions, "keeper" | "executor" | "trustee" | "servicer">): RemitOptions["keeper"] {
  return options.keeper ?? options.executor ?? options.trustee ?? options.servicer;
}

export async function runRemit(options: RemitOptions): Promise<RemitOutcome> {
  const log = options.log ?? (() => undefined);
  const steps = stepsOf(options);
  const { record, note } = stepLog(log);

  // record-date alone: at the end of the collection month, before any file exists.
  if (steps.size === 1 && steps.has("record-date")) {
    const keeper = keeperOf(options);
    if (keeper === undefined) throw new InvalidInputError("--network", "marking a record date sends a transaction: give a network and an account");
    return runRecordDate({ waterfall: options.waterfall, fromBlock: options.fromBlock ?? 0, keeper, log });
  }
  if (options.file === undefined) throw new InvalidInputError("--file", "required: the servicer's file for the period (only --step record-date runs without one)");
  const file = options.file;

  // read: the file alone, every problem located.
  if (steps.size === 1 && steps.has("read")) {
    const { summary } = await loadRemittance(file, { format: options.format ?? "auto" });
    note({ step: "read", outcome: "done", detail: `${summary.rows} loans for ${summary.period} (${summary.format}), fileHash ${summary.fileHash}` });
    return { file: summary, period: Number(monthIndex(summary.period, "YYYY-MM")) - options.start.asOf, remittance: undefined, reportHash: undefined, preview: undefined, deal: undefined, steps: record, status: undefined };
  }

  const chain = options.servicer ?? options.trustee ?? options.executor ?? options.reader;
  if (chain === undefined) throw new InvalidInputError("--network", "reconciling a period needs the chain (where the cycle stands); give a network");
  const deal = await openDeal(chain.provider, options.waterfall, options.lens, options.fromBlock ?? 0);
  let status = await cycleStatus(deal);
  if (status.called) throw new MbsError(`the deal was called (clean-up call in period ${status.executed}); no period runs after it`);

  // The period is the file's month counted from the cut-off; the chain says what is left to do.
  const month = await fileMonth(file, options.format);
  const n = month - options.start.asOf;
  if (n < 1) throw new InvalidInputError(file, `the file is for ${monthString(month)}, not after the pool's cut-off month ${monthString(options.start.asOf)}`);
  if (n > status.lastAttested + 1) {
    throw new InvalidInputError(file, `the file is for ${monthString(month)} (period ${n}) but period ${status.lastAttested + 1} (${monthString(options.start.asOf + status.lastAttested + 1)}) is the next to report`);
  }

  const config = await dealConfigOf(deal, options.dealName);
  // Past periods' attested hashes come from the logs, verified against the registry's chain head.
  const attestedHashes = new AttestedHashes(deal);

  // The pool after period n − 1: the tokenized pool, a journal entry the chain vouches for, or the earlier files replayed.
  const before = await stateBefore(n, options, attestedHashes, config, log);
  const period = await processRemittance(file, before.pool, {
    format: options.format ?? "auto",
    fees: config.fees!,
    ...(options.policy === undefined ? {} : { policy: options.policy }),
    ...(options.declaredCashCents === undefined ? {} : { declaredCashCents: options.declaredCashCents }),
    ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
  });
  for (const f of period.flags) log(formatFlag(f));
  note({ step: "reconcile", outcome: "done", detail: `period ${n} (${period.report.reportingMonth}): ${period.lines.length} loan lines, ${period.reconciliation.errors} error(s), ${period.reconciliation.warnings} warning(s)` });
  const report = period.report;
  const reportHash = reportHashOf(report);
  const outcome: RemitOutcome = { file: period.file, period: n, remittance: period, reportHash, preview: undefined, deal: config, steps: record, status };
  if (!steps.has("record-date") && !steps.has("preview") && !steps.has("submit") && !steps.has("attest") && !steps.has("fund") && !steps.has("execute")) return outcome;
  // Nothing goes further for a file that failed reconciliation.
  assertSubmittable(period);

  // record-date: the first step of a cycle. A keeper normally ran it alone at the month end (`--step
  // record-date`); run here, it is late, which it says. Period n's only: the one after the last executed.
  if (steps.has("record-date")) {
    if (n <= status.executed) note({ step: "record-date", outcome: "skipped", detail: `period ${n} is executed: its holders of record were fixed` });
    else if (n > status.executed + 1) note({ step: "record-date", outcome: "skipped", detail: `period ${n - 1} is not executed yet: period ${n}'s record date is marked after it` });
    else await markRecordDate(n, deal, options, note);
  }

  if (n <= status.executed) {
    const attested = (await attestedHashes.of(n)) ?? "none";
    if (attested.toLowerCase() !== reportHash.toLowerCase()) {
      throw new MbsError(`period ${n} was executed on a different report (attested ${attested}); this file gives ${reportHash}: is it the file that was remitted?`);
    }
    note({ step: "execute", outcome: "skipped", detail: `period ${n} was already executed on this report: nothing to do` });
    return outcome;
  }

  // preview: the deal model from the chain's own state (the spec of the contract), cross-checked by the lens.
  if (status.executed !== n - 1) {
    throw new MbsError(`period ${n - 1} is attested but not executed yet: finish it first (mbs remit with its file)`);
  }
  const chainState = await dealStateOf(deal, config.classes.length);
  const speeds = speedsOf(before.reports);
  const preview = previewPeriod(config, chainState as DealState, report, speeds);
  outcome.preview = preview;
  await checkLens(deal, report, preview.result);
  note({ step: "preview", outcome: "done", detail: `remittance due ${formatUsd(preview.result.cashAvailable)} USD; ${preview.result.classes.map((c) => `${c.id} interest ${formatUsd(c.interestPaid)} principal ${formatUsd(c.principalPaid)}${c.lossAllocated > 0n ? ` loss ${formatUsd(c.lossAllocated)}` : ""}`).join("; ")}` });
  if (options.journal !== undefined) {
    await writeEntry(options.journal, {
      period: n, reportingMonth: report.reportingMonth, reportHash,
      file: { path: period.file.file, fileHash: period.file.fileHash, format: period.file.format },
      report, flags: [...period.flags], pool: period.reconciliation.next, deal: preview.state, speeds: preview.speeds,
    });
  }

  if (steps.has("submit")) await submit(n, report, reportHash, deal, status, attestedHashes, options, note);
  status = await cycleStatus(deal);
  if (steps.has("attest")) await attest(n, reportHash, deal, status, attestedHashes, options, note);
  status = await cycleStatus(deal);
  // The servicer who funds and executes does both in one transaction (`fundAndExecute`): the deposit is then
  // exactly the remittance by construction. Run apart (`--step fund`, `--step execute` by anyone), two.
  if (steps.has("fund") && steps.has("execute") && options.executor === undefined && n > status.executed) {
    await fundAndExecute(n, preview.result.cashAvailable, report, reportHash, deal, status, options, note);
  } else {
    if (steps.has("fund")) await fund(n, preview.result.cashAvailable, deal, status, options, note);
    status = await cycleStatus(deal);
    if (steps.has("execute")) await execute(n, report, reportHash, deal, status, options, note);
  }
  outcome.status = await cycleStatus(deal);
  return outcome;
}

export interface RecordDateOptions {
  waterfall: string;
  fromBlock?: number;
  /** Anyone's account: the calendar decides, not the sender. */
  keeper: ChainConnection;
  log?: (line: string) => void;
}

/**
 * The keeper's step (`mbs remit --step record-date`): marks the record date of the period after the last executed
 * one, once its collection month has ended. Needs no servicer file, no manifest: only the waterfall and an account.
 * Refused early with the date it will be allowed; a marked record date is left alone.
 */
export async function runRecordDate(options: RecordDateOptions): Promise<RemitOutcome> {
  const log = options.log ?? (() => undefined);
  const { record, note } = stepLog(log);
  const deal = await openDeal(options.keeper.provider, options.waterfall, undefined, options.fromBlock ?? 0);
  const status = await cycleStatus(deal);
  if (status.called) throw new MbsError(`the deal was called (clean-up call in period ${status.executed}); no period runs after it`);
  await markRecordDate(status.executed + 1, deal, { keeper: options.keeper }, note);
  return { file: undefined, period: status.executed + 1, remittance: undefined, reportHash: undefined, preview: undefined, deal: undefined, steps: record, status: await cycleStatus(deal) };
}

/** Reporting month of a remittance file (its first row), as a month index. */
async function fileMonth(file: string, format: RemittanceFormat | "auto" | undefined): Promise<number> {
  return fileReportingMonth(file, format ?? "auto");
}

interface Before {
  pool: PoolState;
  /** The attested reports of periods 1 … n − 1, for life speeds. */
  reports: OnChainReport[];
}

async function stateBefore(n: number, options: RemitOptions, attestedHashes: AttestedHashes, config: DealConfig, log: (l: string) => void): Promise<Before> {
  const history = await attestedHashes.upTo(n - 1);
  const reports = history.entries.filter((e) => e.period < n).map((e) => e.report);
  if (n === 1) return { pool: options.start, reports };
  const attested = history.entries[n - 2]!.reportHash;
  if (options.journal !== undefined) {
    const entry = await readEntry(options.journal, n - 1);
    if (entry !== undefined && entry.reportHash.toLowerCase() === attested.toLowerCase()) return { pool: entry.pool, reports };
    if (entry !== undefined) log(`journal: period ${n - 1}'s entry (${entry.reportHash}) is not what the chain attested (${attested}); rebuilding from the files`);
  }
  if (options.history === undefined || options.history.length === 0) {
    throw new InvalidInputError("--history", `period ${n} is reconciled against the pool after period ${n - 1}: give the servicer files of periods 1–${n - 1} (a folder or files), or keep the journal`);
  }
  const replayed = await replayPeriods(options.start, options.history, {
    lastPeriod: n - 1,
    format: options.format ?? "auto",
    fees: config.fees!,
    ...(options.policy === undefined ? {} : { policy: options.policy }),
  });
  for (const { period } of replayed) {
    const onChain = history.entries[period.report.period - 1]?.reportHash ?? "none";
    const rebuilt = reportHashOf(period.report);
    if (rebuilt.toLowerCase() !== onChain.toLowerCase()) {
      throw new MbsError(`the file for period ${period.report.period} (${period.file.file}) gives report ${rebuilt}, but the chain attested ${onChain}: not the file that was remitted`);
    }
  }
  return { pool: replayed.at(-1)!.period.reconciliation.next, reports };
}

/** The lens (the contract's own engine) must agree with the model to the unit. */
async function checkLens(deal: DealContracts, report: Parameters<typeof onChainReport>[0], model: PeriodResult): Promise<void> {
  if (deal.lens === undefined) return;
  const r = await deal.lens.contract.getFunction("preview").staticCall(deal.waterfall.address, onChainReport(report));
  const chain = {
    cashAvailable: BigInt(r.cashAvailable),
    residual: BigInt(r.residual),
    interest: (r.interestPaid as bigint[]).map(BigInt),
    principal: (r.principalPaid as bigint[]).map(BigInt),
    losses: (r.lossAllocated as bigint[]).map(BigInt),
    ending: (r.endingBalance as bigint[]).map(BigInt),
  };
  const mine = {
    cashAvailable: model.cashAvailable,
    residual: model.residual,
    interest: model.classes.map((c) => c.interestPaid),
    principal: model.classes.map((c) => c.principalPaid),
    losses: model.classes.map((c) => c.lossAllocated),
    ending: model.classes.map((c) => c.endingBalance),
  };
  const text = (x: unknown) => JSON.stringify(x, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v));
  if (text(chain) !== text(mine)) {
    throw new MbsError(`the waterfall's lens and the deal model disagree on period ${report.period}: contract ${text(chain)}, model ${text(mine)}; nothing was sent`);
  }
}

type Note = (r: StepRecord) => void;

function sender(options: RemitOptions, role: "servicer" | "trustee" | "executor"): ChainConnection {
  const conn = role === "executor" ? (options.executor ?? options.servicer ?? options.trustee) : options[role];
  if (conn === undefined) throw new InvalidInputError(`--${role === "executor" ? "servicer" : role}`, `the ${role === "executor" ? "execute" : role} step sends a transaction: give the ${role === "executor" ? "servicer's (or any)" : `${role}'s`} account`);
  return conn;
}

async function send(conn: ChainConnection, step: StepRecord["step"] | readonly StepRecord["step"][], operation: string, contract: string, call: () => Promise<unknown>): Promise<SentTransaction> {
  // A crashed earlier run may have left this account's transaction in flight: let it land first.
  await waitUntilSettled(conn.provider, conn.account, { confirmations: conn.confirmations });
  // Crash tests (MBS_FAULT=before-send:<step> | after-send:<step>) kill the process here, as a power cut would.
  const fault = parseFault(process.env.MBS_FAULT);
  // A transaction that is two steps (fund and execute) is hit by a fault at either.
  const hit = fault !== undefined && (typeof step === "string" ? fault.step === step : (step as readonly string[]).includes(fault.step));
  if (hit && fault.when === "before-send") process.kill(process.pid, "SIGKILL");
  const sent = async (): Promise<ContractTransactionResponse> => {
    const response = (await call()) as ContractTransactionResponse;
    if (hit && fault.when === "after-send") process.kill(process.pid, "SIGKILL");
    return response;
  };
  return sendTransaction({ operation, accounts: [conn.account], contract, recovery: "run the same command again: every step checks the chain and sends only what is missing" }, cycleErrors,
    sent, { confirmations: conn.confirmations });
}

async function submit(n: number, report: Parameters<typeof onChainReport>[0], hash: Hex, deal: DealContracts, status: CycleStatus, attestedHashes: AttestedHashes, options: RemitOptions, note: Note): Promise<void> {
  const [onChain, attested] = await submittedReport(n, deal, status, attestedHashes);
  if (onChain.toLowerCase() === hash.toLowerCase()) {
    note({ step: "submit", outcome: "skipped", detail: `period ${n}'s report ${hash} is already ${attested ? "attested" : "submitted"}` });
    return;
  }
  if (attested) throw new MbsError(`period ${n} was attested with another report (${onChain}); this file gives ${hash}`);
  if (status.pending === n && !(options.replace ?? false)) {
    throw new MbsError(`period ${n} has a different report submitted (${onChain}), not yet attested; this file gives ${hash}. Re-run with --replace to submit this one instead`);
  }
  const conn = sender(options, "servicer");
  const reports = rebind(deal, conn.signer).reports;
  await requireRole(reports, "SERVICER_ROLE", conn.account, "the report registry");
  const tx = await send(conn, "submit", `submit report of period ${n}`, `the report registry at ${reports.address}`, () => reports.contract.getFunction("submit").send(onChainReport(report)));
  note({ step: "submit", outcome: "sent", detail: `period ${n}'s report ${hash} submitted by ${conn.account}`, txHash: tx.hash, gasUsed: tx.receipt.gasUsed });
}

/**
 * Period n's report as the chain has it: the attested hash from the verified logs for an attested period (the
 * registry holds only the latest few), else the registry's pending submission (zero when none).
 */
async function submittedReport(n: number, deal: DealContracts, status: CycleStatus, attestedHashes: AttestedHashes): Promise<[string, boolean]> {
  if (n <= status.lastAttested) return [(await attestedHashes.of(n)) ?? "none", true];
  return (await deal.reports.contract.getFunction("reportOf").staticCall(n)) as unknown as [string, boolean];
}

async function attest(n: number, hash: Hex, deal: DealContracts, status: CycleStatus, attestedHashes: AttestedHashes, options: RemitOptions, note: Note): Promise<void> {
  const conn = sender(options, "trustee");
  const d = rebind(deal, conn.signer);
  // Every check before anything is sent: the trustee attests only the hash it computed from its own file.
  if (n <= status.lastAttested) {
    const attested = (await attestedHashes.of(n)) ?? "none";
    if (attested.toLowerCase() !== hash.toLowerCase()) throw new MbsError(`period ${n} was attested with another report (${attested}); this file gives ${hash}`);
    note({ step: "attest", outcome: "skipped", detail: `period ${n}'s report ${hash} is already attested` });
    return;
  }
  if (status.pending !== n) throw new MbsError(`period ${n} has no report submitted yet: the servicer submits first (--step submit)`);
  // The pending period's hash is always held by the registry.
  const [onChain] = (await deal.reports.contract.getFunction("reportOf").staticCall(n)) as unknown as [string, boolean];
  if (onChain.toLowerCase() !== hash.toLowerCase()) {
    throw new MbsError(`the servicer submitted report ${onChain} for period ${n}, but this file gives ${hash}: not attested (the servicer must submit the report of this file, or the trustee has another file)`);
  }
  if (status.pendingServicer?.toLowerCase() === conn.account.toLowerCase()) {
    throw new MbsError(`account ${conn.account} submitted period ${n}'s report and may not attest it: the trustee attests with its own key`);
  }
  await requireRole(d.reports, "TRUSTEE_ROLE", conn.account, "the report registry");
  const tx = await send(conn, "attest", `attest report of period ${n}`, `the report registry at ${d.reports.address}`, () => d.reports.contract.getFunction("attest").send(n, hash));
  note({ step: "attest", outcome: "sent", detail: `period ${n}'s report ${hash} attested by ${conn.account}`, txHash: tx.hash, gasUsed: tx.receipt.gasUsed });
}

/**
 * Fixes the holders of record of period n on every class token: anyone may, once the period's collection month
 * has ended (its record date, the month's last second). A keeper runs this at the boundary; run later, the
 * balances of that later moment count (what moved in between counts as before the record date), which the
 * step says. Refused before the month end with the date it will be allowed; a marked record date is left alone.
 */
async function markRecordDate(n: number, deal: DealContracts, options: Pick<RemitOptions, "keeper" | "executor" | "trustee" | "servicer">, note: Note): Promise<void> {
  const { state, recordDate, now } = await recordDateState(deal, n);
  if (state === "marked") {
    note({ step: "record-date", outcome: "skipped", detail: `period ${n}'s record date (${formatUtc(recordDate)}) is already marked` });
    return;
  }
  if (state === "early") {
    throw new MbsError(`period ${n}'s record date is ${formatUtc(recordDate)}, the end of its collection month; the chain's clock reads ${formatUtc(now!)}: nothing sent. Mark it (mbs remit --step record-date) from ${formatUtc(recordDate + 1n)} on`);
  }
  const conn = keeperOf(options);
  if (conn === undefined) throw new InvalidInputError("--servicer", "the record-date step sends a transaction: give an account (anyone may mark a record date)");
  const d = rebind(deal, conn.signer);
  const tx = await send(conn, "record-date", `mark the record date of period ${n}`, `the waterfall at ${d.waterfall.address}`, () => d.waterfall.contract.getFunction("markRecordDate").send());
  const markedAt = BigInt((await conn.provider.getBlock(tx.receipt.blockNumber))?.timestamp ?? 0);
  const late = markedAt - recordDate;
  const lateness = late > 3_600n ? `; ${formatDuration(late)} after the month end (no keeper ran at the boundary): balances as of the mark count` : "";
  note({ step: "record-date", outcome: "sent", detail: `period ${n}'s holders of record fixed for the record date ${formatUtc(recordDate)}, marked at ${formatUtc(markedAt)}${lateness}`, txHash: tx.hash, gasUsed: tx.receipt.gasUsed });
}

/** Where period n's record date stands: marked, due (past its month end, not marked) or early. */
async function recordDateState(deal: DealContracts, n: number): Promise<{ state: "marked" | "due" | "early"; recordDate: bigint; now?: bigint }> {
  const recordDate = BigInt(await deal.waterfall.contract.getFunction("recordDateOf").staticCall(n));
  try {
    await deal.waterfall.contract.getFunction("markRecordDate").staticCall();
    return { state: "due", recordDate };
  } catch (error) {
    const data = (error as { data?: string }).data;
    let decoded: ReturnType<typeof cycleErrors.parseError> = null;
    try {
      decoded = typeof data === "string" && data.length >= 10 ? cycleErrors.parseError(data) : null;
    } catch {
      decoded = null;
    }
    if (decoded?.name === "WaterfallRecordDateAlreadyMarked") return { state: "marked", recordDate };
    if (decoded?.name === "WaterfallRecordDateNotReached") return { state: "early", recordDate, now: BigInt(decoded.args[2] as bigint) };
    // Anything else (a called deal) is for the send to report with its decoded reason.
    return { state: "due", recordDate };
  }
}

function formatDuration(seconds: bigint): string {
  const days = seconds / 86_400n;
  return days > 0n ? `${days} day(s) ${(seconds % 86_400n) / 3_600n} h` : `${seconds / 3_600n} h`;
}

async function fund(n: number, due: bigint, deal: DealContracts, status: CycleStatus, options: RemitOptions, note: Note): Promise<void> {
  if (n <= status.executed) {
    note({ step: "fund", outcome: "skipped", detail: `period ${n} is executed` });
    return;
  }
  if (status.funded === due) {
    note({ step: "fund", outcome: "skipped", detail: `${formatUsd(due)} USD is deposited for period ${n}, exactly the remittance` });
    return;
  }
  const conn = sender(options, "servicer");
  const d = rebind(deal, conn.signer);
  await requireRole(d.waterfall, "SERVICER_ROLE", conn.account, "the waterfall");
  if (status.funded > due) {
    const excess = status.funded - due;
    const tx = await send(conn, "fund", `take back ${formatUsd(excess)} USD deposited beyond period ${n}'s remittance`, `the waterfall at ${d.waterfall.address}`, () => d.waterfall.contract.getFunction("defund").send(n, excess));
    note({ step: "fund", outcome: "sent", detail: `${formatUsd(excess)} USD over the remittance returned to ${conn.account}`, txHash: tx.hash, gasUsed: tx.receipt.gasUsed });
    return;
  }
  const missing = due - status.funded;
  await approveRemittance(n, missing, d, conn, note);
  const tx = await send(conn, "fund", `deposit ${formatUsd(missing)} USD for period ${n}`, `the waterfall at ${d.waterfall.address}`, () => d.waterfall.contract.getFunction("fund").send(n, missing));
  note({ step: "fund", outcome: "sent", detail: `${formatUsd(missing)} USD deposited for period ${n} (remittance ${formatUsd(due)} USD)`, txHash: tx.hash, gasUsed: tx.receipt.gasUsed });
}

/**
 * The servicer's allowance to the waterfall covers `missing`: approved once at the maximum (the waterfall takes
 * cash only in `fund`/`fundAndExecute`, servicer role, and exactly what is asked), so later periods send no
 * approval and the token skips the allowance write. Checks the servicer's balance first.
 */
async function approveRemittance(n: number, missing: bigint, d: DealContracts, conn: ChainConnection, note: Note): Promise<void> {
  const cashAddress = String(await d.waterfall.contract.getFunction("cashToken").staticCall());
  const cash = new Contract(cashAddress, ERC20_ABI, conn.signer);
  const balance = BigInt(await cash.getFunction("balanceOf").staticCall(conn.account));
  if (balance < missing) throw new MbsError(`the servicer ${conn.account} holds ${formatUsd(balance)} USD of the settlement token; period ${n} needs ${formatUsd(missing)} USD more deposited`);
  const allowance = BigInt(await cash.getFunction("allowance").staticCall(conn.account, d.waterfall.address));
  if (allowance < missing) {
    const tx = await send(conn, "approve", "approve the waterfall to take the remittances", `the settlement token at ${cashAddress}`, () => cash.getFunction("approve").send(d.waterfall.address, MaxUint256));
    note({ step: "approve", outcome: "sent", detail: `waterfall may take the remittances from ${conn.account} (approved once, at the maximum)`, txHash: tx.hash, gasUsed: tx.receipt.gasUsed });
  }
}

/** What execution needs before anything is sent: the period's report attested and its record date marked. */
async function requireExecutable(n: number, deal: DealContracts, status: CycleStatus): Promise<void> {
  if (n > status.lastAttested) throw new MbsError(`period ${n}'s report is not attested yet: the trustee attests first (--step attest)`);
  const record = await recordDateState(deal, n);
  if (record.state !== "marked") {
    throw new MbsError(`period ${n}'s holders of record are not fixed: its record date (${formatUtc(record.recordDate)}) is not marked; a keeper marks it first (mbs remit --step record-date)`);
  }
}

/** fund + execute in one transaction, by the servicer: deposits what the remittance lacks and runs the period. */
async function fundAndExecute(n: number, due: bigint, report: Parameters<typeof onChainReport>[0], hash: Hex, deal: DealContracts, status: CycleStatus, options: RemitOptions, note: Note): Promise<void> {
  await requireExecutable(n, deal, status);
  const conn = sender(options, "servicer");
  const d = rebind(deal, conn.signer);
  await requireRole(d.waterfall, "SERVICER_ROLE", conn.account, "the waterfall");
  if (status.funded > due) {
    // More than the remittance is deposited (a crashed run with another file?): give the excess back first.
    await fund(n, due, deal, status, options, note);
  }
  const missing = status.funded >= due ? 0n : due - status.funded;
  if (missing > 0n) await approveRemittance(n, missing, d, conn, note);
  const tx = await send(conn, ["fund", "execute"], `deposit ${formatUsd(missing)} USD and execute period ${n}`, `the waterfall at ${d.waterfall.address}`, () => d.waterfall.contract.getFunction("fundAndExecute").send(onChainReport(report)));
  note({ step: "fund", outcome: "sent", detail: `${formatUsd(missing)} USD deposited for period ${n} (remittance ${formatUsd(due)} USD), in the execution's transaction`, txHash: tx.hash });
  note({ step: "execute", outcome: "sent", detail: `period ${n} paid through the waterfall on report ${hash}`, txHash: tx.hash, gasUsed: tx.receipt.gasUsed });
}

async function execute(n: number, report: Parameters<typeof onChainReport>[0], hash: Hex, deal: DealContracts, status: CycleStatus, options: RemitOptions, note: Note): Promise<void> {
  if (n <= status.executed) {
    note({ step: "execute", outcome: "skipped", detail: `period ${n} is already executed` });
    return;
  }
  await requireExecutable(n, deal, status);
  const conn = sender(options, "executor");
  const d = rebind(deal, conn.signer);
  const tx = await send(conn, "execute", `execute period ${n}`, `the waterfall at ${d.waterfall.address}`, () => d.waterfall.contract.getFunction("execute").send(onChainReport(report)));
  note({ step: "execute", outcome: "sent", detail: `period ${n} paid through the waterfall on report ${hash}`, txHash: tx.hash, gasUsed: tx.receipt.gasUsed });
}
