/**
 * The deal on chain as the remittance workflow reads it: the waterfall and its report registry
 * opened through src/chain, the deal's terms as the model's `DealConfig`, its state as the
 * model's `DealState`, where the monthly cycle stands, and the attested reports from the logs.
 * The chain is the truth every step starts from; nothing here sends a transaction.
 */
import { AbiCoder, Contract, Interface, keccak256, ZeroHash, type ContractRunner, type Provider } from "ethers";
import { decodeEvents, openContract, queryLogs, type OpenedContract } from "../chain/index.js";
import { MbsError } from "../errors.js";
import { SERVICER_REPORT_ABI, dealConfigOfTerms, dealTermsOfView, type NamedClassTerms, type ServicerReport as OnChainReport } from "../analytics/deal/onchain.js";
import type { DealConfig, DealState } from "../analytics/deal/types.js";
import type { Hex } from "../pool/bytes.js";
import { PAYMENT_WATERFALL_ABI, SERVICER_REPORTS_ABI, WATERFALL_LENS_ABI } from "./abi.js";

export const waterfallInterface = new Interface(PAYMENT_WATERFALL_ABI);
export const reportsInterface = new Interface(SERVICER_REPORTS_ABI);
/** Both contracts' errors, for decoding any revert of the cycle. */
export const cycleErrors = new Interface([...PAYMENT_WATERFALL_ABI, ...SERVICER_REPORTS_ABI.filter((f) => f.startsWith("error ") && !PAYMENT_WATERFALL_ABI.includes(f as never))]);

export interface DealContracts {
  waterfall: OpenedContract;
  reports: OpenedContract;
  lens: OpenedContract | undefined;
  /** Block the contracts were deployed at or before (log queries start here). */
  fromBlock: number;
}

/** Opens the waterfall at `address` (and its registry, and the lens when given), bound to `runner`. */
export async function openDeal(runner: ContractRunner, address: string | undefined, lens: string | undefined, fromBlock = 0): Promise<DealContracts> {
  const waterfall = await openContract({ address, abi: PAYMENT_WATERFALL_ABI, runner, input: "--waterfall", kind: "PaymentWaterfall", probe: "classCount" });
  const reportsAddress = String(await waterfall.contract.getFunction("reports").staticCall());
  const reports = await openContract({ address: reportsAddress, abi: SERVICER_REPORTS_ABI, runner, input: "the waterfall's reports()", kind: "ServicerReports", probe: "lastAttested" });
  const lensOpened = lens === undefined ? undefined : await openContract({ address: lens, abi: WATERFALL_LENS_ABI, runner, input: "--lens", kind: "WaterfallLens" });
  return { waterfall, reports, lens: lensOpened, fromBlock };
}

/** The same contracts bound to another runner (the trustee's signer in the same process, say). */
export function rebind(deal: DealContracts, runner: ContractRunner): DealContracts {
  const again = (o: OpenedContract, abi: readonly string[]): OpenedContract => ({ ...o, contract: new Contract(o.address, abi, runner) });
  return {
    waterfall: again(deal.waterfall, PAYMENT_WATERFALL_ABI),
    reports: again(deal.reports, SERVICER_REPORTS_ABI),
    lens: deal.lens === undefined ? undefined : again(deal.lens, WATERFALL_LENS_ABI),
    fromBlock: deal.fromBlock,
  };
}

const SYMBOL_ABI = ["function symbol() view returns (string)"];

/**
 * The deal's terms as the model's configuration (class ids: the class tokens' symbols). One `classTerms` call per
 * class (it carries the PAC schedule), the classes and their symbols read concurrently.
 */
export async function dealConfigOf(deal: DealContracts, name: string): Promise<DealConfig> {
  const w = deal.waterfall.contract;
  const [t, count] = await Promise.all([w.getFunction("dealTerms").staticCall(), w.getFunction("classCount").staticCall()]);
  const classes = await Promise.all(
    Array.from({ length: Number(count) }, async (_, i): Promise<NamedClassTerms> => {
      const c = await w.getFunction("classTerms").staticCall(i);
      let id = `class ${i + 1}`;
      try {
        id = String(await new Contract(String(c.token), SYMBOL_ABI, deal.waterfall.provider).getFunction("symbol").staticCall());
      } catch {
        /* a token without a symbol keeps its position as its name */
      }
      return {
        id, kind: Number(c.kind), couponPpm: Number(c.couponPpm), interestRank: Number(c.interestRank), originalBalance: BigInt(c.originalBalance),
        notionalMask: Number(c.notionalMask), scheduled: Boolean(c.scheduled), schedule: [...(c.schedule as bigint[])].map((b) => BigInt(b)),
      };
    }),
  );
  return dealConfigOfTerms(name, dealTermsOfView(t), classes);
}

/** The deal's state between periods, as the model's `DealState`, plus the cash deposited for the next period. */
export async function dealStateOf(deal: DealContracts, classCount: number): Promise<DealState & { funded: bigint; reserveOpen: boolean }> {
  const w = deal.waterfall.contract;
  const s = await w.getFunction("dealState").staticCall();
  const classes = [];
  for (let i = 0; i < classCount; i++) {
    const c = await w.getFunction("classState").staticCall(i);
    classes.push({ balance: BigInt(c.balance), interestShortfall: BigInt(c.interestShortfall), writtenDown: BigInt(c.writtenDown) });
  }
  return {
    period: Number(s.period),
    poolBalance: BigInt(s.poolBalance),
    reserveBalance: BigInt(s.reserveBalance),
    cumulativeLoss: BigInt(s.cumulativeLoss),
    feeShortfall: BigInt(s.servicingFeeShortfall) + BigInt(s.trusteeFeeShortfall),
    classes,
    called: Boolean(s.called),
    funded: BigInt(s.funded),
    reserveOpen: Boolean(s.reserveOpen),
  };
}

/** Where the monthly cycle stands on chain. */
export interface CycleStatus {
  /** Last period the trustee attested (0 before the first) and the pool it ended with. */
  lastAttested: number;
  lastEndingBalance: bigint;
  lastLoanCount: number;
  /** Period submitted and awaiting attestation (0 if none), and who submitted it. */
  pending: number;
  pendingServicer: string | undefined;
  /** Last period the waterfall executed. */
  executed: number;
  /** Cash deposited for the next period to execute. */
  funded: bigint;
  called: boolean;
}

export async function cycleStatus(deal: DealContracts): Promise<CycleStatus> {
  const r = deal.reports.contract;
  const [last, pending, state] = await Promise.all([
    r.getFunction("lastAttested").staticCall(),
    r.getFunction("pending").staticCall(),
    deal.waterfall.contract.getFunction("dealState").staticCall(),
  ]);
  const pendingPeriod = Number(pending.period ?? pending[0]);
  return {
    lastAttested: Number(last.period ?? last[0]),
    lastEndingBalance: BigInt(last.endingPoolBalance ?? last[1]),
    lastLoanCount: Number(last.endingLoanCount ?? last[2]),
    pending: pendingPeriod,
    pendingServicer: pendingPeriod === 0 ? undefined : String(pending.servicer ?? pending[1]),
    executed: Number(state.period),
    funded: BigInt(state.funded),
    called: Boolean(state.called),
  };
}

/** The report as the contracts take it: exactly the struct's fields (a full report's off-chain fields dropped). */
export function onChainReport(r: OnChainReport): OnChainReport {
  const b = (x: { count: number; balance: bigint }) => ({ count: x.count, balance: x.balance });
  return {
    period: r.period,
    interestCollected: r.interestCollected,
    servicingFee: r.servicingFee,
    trusteeFee: r.trusteeFee,
    scheduledPrincipal: r.scheduledPrincipal,
    curtailments: r.curtailments,
    payoffs: r.payoffs,
    payoffCount: r.payoffCount,
    liquidationProceeds: r.liquidationProceeds,
    realizedLoss: r.realizedLoss,
    recoveries: r.recoveries,
    delinquent30: b(r.delinquent30),
    delinquent60: b(r.delinquent60),
    delinquent90Plus: b(r.delinquent90Plus),
    foreclosure: b(r.foreclosure),
    reo: b(r.reo),
    endingLoanCount: r.endingLoanCount,
    endingPoolBalance: r.endingPoolBalance,
    loanRoot: r.loanRoot,
    fileHash: r.fileHash,
    reconciliationWarnings: r.reconciliationWarnings,
  };
}

/** keccak256(abi.encode(report)): the hash the servicer submits and the trustee attests. */
export function reportHashOf(r: OnChainReport): Hex {
  return keccak256(AbiCoder.defaultAbiCoder().encode([SERVICER_REPORT_ABI], [onChainReport(r)])) as Hex;
}

/** A report read back from a ReportSubmitted event. */
export function reportFromEvent(values: unknown): OnChainReport {
  const v = values as Record<string, unknown> & { [k: number]: unknown };
  const big = (k: string) => BigInt(v[k] as bigint);
  const bucket = (k: string) => {
    const x = v[k] as { count: bigint; balance: bigint };
    return { count: Number(x.count), balance: BigInt(x.balance) };
  };
  return {
    period: Number(v.period),
    interestCollected: big("interestCollected"),
    servicingFee: big("servicingFee"),
    trusteeFee: big("trusteeFee"),
    scheduledPrincipal: big("scheduledPrincipal"),
    curtailments: big("curtailments"),
    payoffs: big("payoffs"),
    payoffCount: Number(v.payoffCount),
    liquidationProceeds: big("liquidationProceeds"),
    realizedLoss: big("realizedLoss"),
    recoveries: big("recoveries"),
    delinquent30: bucket("delinquent30"),
    delinquent60: bucket("delinquent60"),
    delinquent90Plus: bucket("delinquent90Plus"),
    foreclosure: bucket("foreclosure"),
    reo: bucket("reo"),
    endingLoanCount: Number(v.endingLoanCount),
    endingPoolBalance: big("endingPoolBalance"),
    loanRoot: String(v.loanRoot),
    fileHash: String(v.fileHash),
    reconciliationWarnings: big("reconciliationWarnings"),
  };
}

/** Head of the registry's chain over attested reports before period 1. */
export const REPORT_CHAIN_GENESIS = ZeroHash as Hex;

/** One link of the registry's chain: `keccak256(abi.encode(head, period, reportHash))`, as `attest` computes it. */
export function reportChainStep(head: string, period: number | bigint, reportHash: string): Hex {
  return keccak256(AbiCoder.defaultAbiCoder().encode(["bytes32", "uint256", "bytes32"], [head, period, reportHash])) as Hex;
}

/** The chain head over attested `(period, reportHash)` pairs, folded in the order given from the genesis. */
export function foldReportChain(attested: readonly { period: number; reportHash: string }[]): Hex {
  return attested.reduce<Hex>((head, a) => reportChainStep(head, a.period, a.reportHash), REPORT_CHAIN_GENESIS);
}

/** One attested period rebuilt from the logs: the hash the trustee attested and the submitted report with that hash. */
export interface AttestedEntry {
  period: number;
  reportHash: Hex;
  report: OnChainReport;
}

/** Every attested report rebuilt from the logs, checked against the registry's chain head at block `block`. */
export interface AttestedHistory {
  /** Last attested period (0 before the first) and the registry's chain head over periods 1 … period. */
  period: number;
  head: Hex;
  block: number;
  /** Periods 1 … `period` in order. */
  entries: AttestedEntry[];
}

/**
 * Checks a history rebuilt from logs against the registry's own record: periods 1 … `onChain.period` each once
 * and in order, every report hashing to the hash it was attested under, and the chain folded over them equal to the
 * head the contract holds. The contract keeps only the latest hashes (docs/adr/0019-report-storage.md); this is how
 * anyone holding the logs proves they hold exactly the attested reports.
 */
export function verifyAttestedHistory(entries: readonly AttestedEntry[], onChain: { period: number; head: string }, source = "the report registry's logs"): void {
  if (entries.length !== onChain.period || entries.some((e, i) => e.period !== i + 1)) {
    const got = entries.map((e) => e.period);
    throw new MbsError(`${source} give attested periods [${got.join(", ")}], but the registry attested periods 1–${onChain.period}: logs missing or extra (is the log query's start block after the registry's deployment?)`);
  }
  for (const e of entries) {
    const rebuilt = reportHashOf(e.report);
    if (rebuilt.toLowerCase() !== e.reportHash.toLowerCase()) {
      throw new MbsError(`${source}: period ${e.period}'s report hashes to ${rebuilt}, not to the attested ${e.reportHash}: the log was altered`);
    }
  }
  const head = foldReportChain(entries);
  if (head.toLowerCase() !== onChain.head.toLowerCase()) {
    throw new MbsError(`${source} rebuild periods 1–${onChain.period} with chain head ${head}, but the registry holds ${onChain.head}: these are not the attested reports (a log altered, dropped or forged)`);
  }
}

/**
 * Every attested report, in period order, rebuilt from the registry's logs (the submission the trustee attested)
 * and verified against the registry's chain head read at the same block.
 */
export async function attestedHistory(deal: DealContracts, provider: Provider): Promise<AttestedHistory> {
  const block = await provider.getBlockNumber();
  const query = { address: deal.reports.address, fromBlock: deal.fromBlock, toBlock: block };
  // One walk of the registry's logs for both events (a long history is read once, not twice).
  const topics = [[reportsInterface.getEvent("ReportAttested")!.topicHash, reportsInterface.getEvent("ReportSubmitted")!.topicHash]];
  const [logs, chain] = await Promise.all([
    queryLogs(provider, { ...query, topics }),
    deal.reports.contract.getFunction("attestedChain").staticCall({ blockTag: block }) as Promise<{ period: bigint; head: string; [i: number]: unknown }>,
  ]);
  const attested = decodeEvents<{ period: bigint; reportHash: string }>(reportsInterface, logs, "ReportAttested");
  const submitted = decodeEvents<{ period: bigint; reportHash: string; report: unknown }>(reportsInterface, logs, "ReportSubmitted");
  const byHash = new Map(submitted.map((e) => [`${e.args.period}:${e.args.reportHash.toLowerCase()}`, e]));
  const entries: AttestedEntry[] = [];
  for (const a of attested.sort((x, y) => Number(x.args.period - y.args.period))) {
    const s = byHash.get(`${a.args.period}:${a.args.reportHash.toLowerCase()}`);
    if (s === undefined) throw new MbsError(`period ${a.args.period} was attested (hash ${a.args.reportHash}) but no submission with that hash is in the logs`);
    entries.push({ period: Number(a.args.period), reportHash: a.args.reportHash as Hex, report: reportFromEvent(s.args.report) });
  }
  const onChain = { period: Number(chain.period ?? chain[0]), head: String(chain.head ?? chain[1]) };
  verifyAttestedHistory(entries, onChain);
  return { period: onChain.period, head: onChain.head as Hex, block, entries };
}

/** Every attested report, in period order, rebuilt from the registry's logs and verified (`attestedHistory`). */
export async function attestedReports(deal: DealContracts, provider: Provider): Promise<OnChainReport[]> {
  return (await attestedHistory(deal, provider)).entries.map((e) => e.report);
}

/**
 * The attested hash of a period from the verified logs: the registry holds only the latest few (older ones revert
 * `ReportsHistoryInLogs`). Reads the history once and again only for a period attested since.
 */
export class AttestedHashes {
  private history: Promise<AttestedHistory> | undefined;

  constructor(private readonly deal: DealContracts) {}

  /** The verified history, read again when it does not reach `period` yet. */
  async upTo(period = 0): Promise<AttestedHistory> {
    const cached = this.history === undefined ? undefined : await this.history;
    if (cached !== undefined && cached.period >= period) return cached;
    this.history = attestedHistory(this.deal, this.deal.waterfall.provider);
    return this.history;
  }

  /** Period n's attested hash, or undefined when n is not attested. */
  async of(n: number): Promise<Hex | undefined> {
    const history = await this.upTo(n);
    return history.entries[n - 1]?.reportHash;
  }
}

/** 00:00 UTC on the first day of month index `month` (`year × 12 + month − 1`), in Unix seconds. */
export function monthStartSeconds(month: number): number {
  return Date.UTC(Math.floor(month / 12), month % 12, 1) / 1000;
}

/** The last second (23:59:59 UTC) of month index `month`: the record date of the period that collects it. */
export function monthEndSeconds(month: number): number {
  return monthStartSeconds(month + 1) - 1;
}
