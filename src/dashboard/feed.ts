/**
 * The dashboard's view of one pool, rebuilt from chain state and events only: an in-memory copy
 * of the pool's logs (read in chunks the node accepts, then block by block as the chain grows) and
 * the views read at the latest block. Nothing is stored on disk, so nothing can drift from the
 * chain; when the node restarts (its block number goes back, or the block we last read changed
 * hash) the copy is dropped and read again.
 */
import { getAddress, isError, type Interface, type Log, type Provider } from "ethers";

import { InvalidInputError, MbsError } from "../errors.js";
import { cprFromSmm } from "../analytics/speeds.js";
import { LOAN_POOL, MARKET, POOL_TOKEN, REPORTS, WATERFALL } from "./abis.js";
import { MARKET_REFUSALS } from "../market/contracts.js";
import { describeFailure, queryLogs } from "../chain/index.js";
import { LOG_CONCURRENCY, type Target } from "./target.js";
import { reconciliationAlert } from "./warnings.js";
import { holderCountOf, type TransferLine } from "../ledger/transfers.js";
import { EventDecoder, type DecodedEvent } from "./decode.js";
import { dealTermsOfView } from "../analytics/deal/onchain.js";
import { reportFromEvent, verifyAttestedHistory, type AttestedEntry } from "../remit/onchain.js";
import type { ServicerReport as OnChainReport } from "../analytics/deal/onchain.js";
import { collateralTermsOf, dealOfChain, projectDeal, type ChainClass, type ChainDealState, type IndicativeRow, type Projection, type WhatIf } from "./analytics.js";

/** Loss severity assumed before the pool has liquidated any loan. */
export const ASSUMED_SEVERITY = 0.35;

export interface AnalyticsView {
  block: number;
  assumptions: WhatIf;
  /** What the chain's history shows: life CPR and CDR, loss severity (null before any liquidation), through `period`. */
  observed: { cpr: number; cdr: number; severity: number | null; period: number };
  /** Which assumptions are the observed (default) ones. */
  defaults: { cpr: boolean; cdr: boolean; severity: boolean };
  wac: number;
  wamMonths: number;
  delinquent60PlusShare: number;
  rows: IndicativeRow[];
  projection: Projection;
}

export interface Bucket { count: number; balance: string }

export interface ClassView {
  index: number;
  token: string;
  name: string;
  symbol: string;
  decimals: number;
  couponPpm: number;
  seniority: number;
  originalFace: string;
  currentFace: string;
  /** 1e18 = par. */
  factor: string;
  /** Non-zero balances: the token's count, or rebuilt from its `Transfer` logs where it keeps none; -1 when neither can tell. */
  holders: number;
  /** One line per distribution or loss, in chain order. */
  history: { block: number; distributionId: number; interest: string; principal: string; loss: string; factor: string }[];
}

export interface PeriodView {
  period: number;
  block: number;
  beginningBalance: string;
  endingBalance: string;
  interestCollected: string;
  scheduledPrincipal: string;
  prepayments: string;
  liquidationProceeds: string;
  realizedLoss: string;
  loanCount: number;
  cpr1m: number;
  cprLife: number;
  cdr1m: number;
  cdrLife: number;
  delinquency: { d30: Bucket; d60: Bucket; d90Plus: Bucket; foreclosure: Bucket; reo: Bucket };
  /** Set once the waterfall executed the period. */
  executed: boolean;
  cumulativeLoss: string | null;
  reserveEnding: string | null;
  /** The period's record date (the end of its collection period) and when it was marked on chain (unix seconds), if marked. */
  recordDate: { date: number; markedAt: number } | null;
  delinquencyTripped: boolean;
  lossTripped: boolean;
  /** Per class: what the waterfall paid or allocated in this period. */
  classes: { interest: string; principal: string; loss: string; endingBalance: string | null }[];
  loanRoot: string;
  fileHash: string;
  /** The report's packed reconciliation warnings (decimal text; "0" for none). */
  reconciliationWarnings: string;
}

export interface TradeView {
  block: number;
  tx: string;
  venue: string;
  token: string;
  symbol: string;
  seller: string;
  buyer: string;
  amount: string;
  currentFace: string;
  /** Per 100 of current face, 8 decimals. */
  price: string;
  principal: string;
  accrued: string;
}

export interface Level { price: string; amount: string; orders: number }

export interface Alert { level: "warning" | "critical"; block: number; text: string }

export interface Snapshot {
  version: number;
  block: number;
  chainId: string;
  blockTime: number;
  pool: { address: string; dealId: string; name: string; loanCount: number; upbCents: string; merkleRoot: string };
  contracts: { tokens: string[]; waterfall: string | null; reports: string | null; markets: string[] };
  deal: {
    originalPoolBalance: string;
    poolBalance: string;
    period: number;
    reserveBalance: string;
    cumulativeLoss: string;
    lossTriggerPpm: number | null;
    /** A record date marked for the next period, not yet distributed: holders of record are fixed (unix seconds). */
    pendingRecordDate: { period: number; date: number; markedAt: number } | null;
    delinquencyTriggerPpm: number | null;
    /**
     * The attested reports on this page checked against the report registry's chain head (`attestedChain`, ADR
     * 0019): `verified` when the logs the page was built from are exactly the reports the trustee attested through
     * `period`; otherwise a critical alert says what does not match.
     */
    reports: { period: number; head: string; verified: boolean } | null;
  } | null;
  classes: ClassView[];
  periods: PeriodView[];
  book: { venue: string; token: string; symbol: string; bids: Level[]; asks: Level[] }[];
  trades: TradeView[];
  tradeCount: number;
  alerts: Alert[];
}

export interface HistoryLine { block: number; tx: string; symbol: string; kind: string; amount: string; detail: string }

export interface InvestorView {
  address: string;
  block: number;
  holdings: { symbol: string; token: string; originalFace: string; currentFace: string; locked: string; claimable: string }[];
  history: HistoryLine[];
}

interface Decoded { log: Log; event: DecodedEvent }

/** Most recent trades shown. */
const RECENT_TRADES = 50;
const BOOK_LEVELS = 10;
/** Blocks per poll scanned for refused market transactions (a catch-up after a long gap skips the scan). */
const REFUSED_SCAN_BLOCKS = 50;

export class PoolFeed {
  /** The pool's logs read so far, decoded once as they arrive. */
  private decoded: Decoded[] = [];
  /** The same events by contract, in chain order: each view walks only its contracts' events. */
  private byAddress = new Map<string, Decoded[]>();
  /** Reverted market transactions seen since the dashboard started. */
  private refused: Alert[] = [];
  private cursor = -1;
  private cursorHash = "";
  private version = 0;
  private snapshot: Snapshot | undefined;
  /** Each watched contract's decoder (by topic 0, worked out once). */
  private readonly decoders = new Map<string, EventDecoder>();

  constructor(
    private readonly provider: Provider,
    readonly target: Target,
    private readonly options: { maxBlockRange?: number } = {},
  ) {
    const decoders = new Map<Interface, EventDecoder>();
    const watch = (address: string, iface: Interface) => {
      let decoder = decoders.get(iface);
      if (decoder === undefined) decoders.set(iface, (decoder = new EventDecoder(iface)));
      this.decoders.set(address.toLowerCase(), decoder);
    };
    for (const t of target.tokens) watch(t, POOL_TOKEN);
    if (target.waterfall !== undefined) watch(target.waterfall, WATERFALL);
    if (target.reports !== undefined) watch(target.reports, REPORTS);
    for (const m of target.markets) watch(m, MARKET);
  }

  private addresses(): string[] {
    return [this.target.pool, ...this.target.tokens, ...(this.target.waterfall ? [this.target.waterfall] : []), ...(this.target.reports ? [this.target.reports] : []), ...this.target.markets];
  }

  /**
   * Reads the logs of the blocks since the last call. Returns true when a relevant event arrived (or
   * the copy was rebuilt), i.e. when the snapshot must be rebuilt.
   */
  async poll(): Promise<boolean> {
    const latest = await this.provider.getBlockNumber();
    if (this.cursor >= 0) {
      const restarted = latest < this.cursor || (await this.provider.getBlock(this.cursor))?.hash !== this.cursorHash;
      if (restarted) {
        this.decoded = [];
        this.byAddress = new Map();
        this.refused = [];
        this.cursor = -1;
      }
    }
    if (latest === this.cursor) return this.snapshot === undefined;
    const fromBlock = this.cursor < 0 ? this.target.fromBlock : this.cursor + 1;
    const fresh = await queryLogs(this.provider, { address: this.addresses(), fromBlock, toBlock: latest }, { concurrency: LOG_CONCURRENCY, ...(this.options.maxBlockRange !== undefined ? { maxBlockRange: this.options.maxBlockRange } : {}) });
    const first = this.cursor < 0;
    const refusedBefore = this.refused.length;
    if (!first && latest - fromBlock < REFUSED_SCAN_BLOCKS) await this.scanRefused(fromBlock, latest);
    for (const log of fresh) {
      const event = this.parse(log);
      if (event === undefined) continue;
      const decoded = { log, event };
      this.decoded.push(decoded);
      const key = log.address.toLowerCase();
      const list = this.byAddress.get(key);
      if (list === undefined) this.byAddress.set(key, [decoded]);
      else list.push(decoded);
    }
    this.cursor = latest;
    this.cursorHash = (await this.provider.getBlock(latest))?.hash ?? "";
    return first || fresh.length > 0 || this.refused.length > refusedBefore || this.snapshot === undefined;
  }

  /**
   * Transactions to the pool's markets that were mined but reverted (a node that takes a transaction
   * with its gas limit set, as Besu does, records the refusal on chain; no event says so). Scanned for
   * the blocks read while the dashboard runs.
   */
  private async scanRefused(fromBlock: number, toBlock: number): Promise<void> {
    const markets = new Set(this.target.markets.map((m) => m.toLowerCase()));
    if (markets.size === 0) return;
    for (let n = fromBlock; n <= toBlock; n++) {
      const block = await this.provider.getBlock(n, true);
      for (const tx of block?.prefetchedTransactions ?? []) {
        if (tx.to === null || !markets.has(tx.to.toLowerCase())) continue;
        const receipt = await this.provider.getTransactionReceipt(tx.hash);
        if (receipt !== null && receipt.status === 0) {
          const why = await this.refusalReason(tx, n);
          this.refused.push({ level: "warning", block: n, text: `refused trade: transaction ${tx.hash} from ${tx.from} to the market ${tx.to} reverted${why}` });
        }
      }
    }
  }

  /**
   * Why a mined market transaction reverted: its receipt carries no revert data, so the call is
   * replayed on the state before its block (the state it met may differ slightly, hence "likely").
   */
  private async refusalReason(tx: { to: string | null; from: string; data: string }, block: number): Promise<string> {
    try {
      await this.provider.call({ to: tx.to, from: tx.from, data: tx.data, blockTag: block - 1 });
      return " (its replay on the block before succeeds: the state it met differed)";
    } catch (error) {
      const why = describeFailure(error, MARKET_REFUSALS);
      return why === undefined ? "" : `, likely with ${why}`;
    }
  }

  current(): Snapshot | undefined {
    return this.snapshot;
  }

  private parse(log: Log): DecodedEvent | undefined {
    return this.decoders.get(log.address.toLowerCase())?.decode(log);
  }

  private decode(): Decoded[] {
    return this.decoded;
  }

  /** The events of one contract, in chain order. */
  private of(address: string | undefined): Decoded[] {
    return address === undefined ? [] : (this.byAddress.get(address.toLowerCase()) ?? []);
  }

  private async view<T>(address: string, iface: typeof POOL_TOKEN, fn: string, args: unknown[] = [], blockTag?: number): Promise<T> {
    const data = await this.provider.call({ to: address, data: iface.encodeFunctionData(fn, args), ...(blockTag !== undefined ? { blockTag } : {}) });
    const result = iface.decodeFunctionResult(fn, data);
    return (result.length === 1 ? result[0] : result) as T;
  }

  /** Rebuilds the snapshot from the copied logs and the views at the cursor block. */
  async rebuild(): Promise<Snapshot> {
    const block = this.cursor;
    const t = this.target;
    const [chainId, latestBlock, dealTerms, commitment] = await Promise.all([
      this.provider.getNetwork().then((n) => n.chainId.toString()),
      this.provider.getBlock(block),
      this.view<{ dealId: string; name: string }>(t.pool, LOAN_POOL, "dealTerms", [], block),
      this.view<{ merkleRoot: string; upbCents: bigint; loanCount: bigint }>(t.pool, LOAN_POOL, "commitment", [], block),
    ]);
    const tranches = await this.view<{ token: string; couponPpm: bigint; seniority: bigint; originalFaceCents: bigint }[]>(t.pool, LOAN_POOL, "tranches", [], block);

    const classes: ClassView[] = await Promise.all(
      t.tokens.map(async (token, index) => {
        const [name, symbol, decimals, supply, currentFace, factor, holders] = await Promise.all([
          this.view<string>(token, POOL_TOKEN, "name", [], block),
          this.view<string>(token, POOL_TOKEN, "symbol", [], block),
          this.view<bigint>(token, POOL_TOKEN, "decimals", [], block),
          this.view<bigint>(token, POOL_TOKEN, "totalSupply", [], block),
          this.view<bigint>(token, POOL_TOKEN, "currentFace", [], block),
          // A token without factor() (a plain tranche token): current face over original face.
          this.view<bigint>(token, POOL_TOKEN, "factor", [], block).catch(() => undefined),
          // A token without a holder cap keeps no count (ADR 0021) and refuses to answer: rebuilt from its transfers
          // below. Only a refusal falls back; a node that does not answer is an error like any other view's.
          this.view<bigint>(token, POOL_TOKEN, "holderCount", [], block).catch((error: unknown) => {
            if (isError(error, "CALL_EXCEPTION") || describeFailure(error, POOL_TOKEN)?.startsWith("TokenHolderCountNotTracked")) return undefined;
            throw error;
          }),
        ]);
        const history: ClassView["history"] = [];
        const transfers: TransferLine[] = [];
        for (const { log, event } of this.of(token)) {
          if (event.name === "Transfer") transfers.push({ from: String(event.args.from), to: String(event.args.to), value: event.args.value as bigint });
          else if (event.name === "Distributed") {
            history.push({ block: log.blockNumber, distributionId: Number(event.args.distributionId), interest: event.args.interest.toString(), principal: event.args.principal.toString(), loss: "0", factor: event.args.factor.toString() });
          } else if (event.name === "LossAllocated") {
            history.push({ block: log.blockNumber, distributionId: Number(event.args.afterDistributionId), interest: "0", principal: "0", loss: event.args.amount.toString(), factor: event.args.factor.toString() });
          } else if (event.name === "LossWrittenUp" || event.name === "Accreted") {
            history.push({ block: log.blockNumber, distributionId: Number(event.args.afterDistributionId), interest: "0", principal: "0", loss: (-event.args.amount).toString(), factor: event.args.factor.toString() });
          }
        }
        const tranche = tranches[index]!;
        return {
          index, token, name, symbol, decimals: Number(decimals), couponPpm: Number(tranche.couponPpm), seniority: Number(tranche.seniority),
          originalFace: supply.toString(), currentFace: currentFace.toString(), factor: (factor ?? (supply === 0n ? 0n : (currentFace * 10n ** 18n) / supply)).toString(), holders: holders !== undefined ? Number(holders) : (holderCountOf(transfers, supply) ?? -1), history,
        };
      }),
    );

    const { deal, periods, alerts } = await this.periods(block, classes.length);
    const { book, trades, tradeCount } = await this.market(block, classes);
    this.version += 1;
    this.snapshot = {
      version: this.version,
      block,
      chainId,
      blockTime: latestBlock?.timestamp ?? 0,
      pool: { address: t.pool, dealId: dealTerms.dealId, name: dealTerms.name, loanCount: Number(commitment.loanCount), upbCents: commitment.upbCents.toString(), merkleRoot: commitment.merkleRoot },
      contracts: { tokens: t.tokens, waterfall: t.waterfall ?? null, reports: t.reports ?? null, markets: t.markets },
      deal, classes, periods, book, trades, tradeCount, alerts: [...alerts, ...this.refused].sort((a, b) => a.block - b.block),
    };
    return this.snapshot;
  }

  private async periods(block: number, classCount: number): Promise<{ deal: Snapshot["deal"]; periods: PeriodView[]; alerts: Alert[] }> {
    const t = this.target;
    if (t.waterfall === undefined) return { deal: null, periods: [], alerts: [] };
    const [terms, state] = await Promise.all([
      this.view<{ originalPoolBalance: bigint; hasLossTrigger: boolean; cumulativeLossTriggerPpm: bigint; hasDelinquencyTrigger: boolean; delinquencyTriggerPpm: bigint }>(t.waterfall, WATERFALL, "dealTerms", [], block),
      this.view<{ period: bigint; poolBalance: bigint; reserveBalance: bigint; cumulativeLoss: bigint }>(t.waterfall, WATERFALL, "dealState", [], block),
    ]);
    const deal: Snapshot["deal"] = {
      originalPoolBalance: terms.originalPoolBalance.toString(),
      poolBalance: state.poolBalance.toString(),
      period: Number(state.period),
      reserveBalance: state.reserveBalance.toString(),
      cumulativeLoss: state.cumulativeLoss.toString(),
      lossTriggerPpm: terms.hasLossTrigger ? Number(terms.cumulativeLossTriggerPpm) : null,
      delinquencyTriggerPpm: terms.hasDelinquencyTrigger ? Number(terms.delinquencyTriggerPpm) : null,
      pendingRecordDate: null,
      reports: null,
    };
    const alerts: Alert[] = [];
    // The hash the trustee attested per period: an attested period shows that submission, not a later or earlier one.
    const attested = new Map<number, string>();
    for (const { event } of this.of(t.reports)) {
      if (event.name === "ReportAttested") attested.set(Number(event.args.period), String(event.args.reportHash).toLowerCase());
    }
    const attestedReports = new Map<number, OnChainReport>();
    const byPeriod = new Map<number, PeriodView>();
    const smm: number[] = [];
    const mdr: number[] = [];
    let beginning = terms.originalPoolBalance;
    const life = (monthly: number[]) => {
      let survival = 1;
      for (const m of monthly) survival *= 1 - m;
      return monthly.length === 0 ? 0 : cprFromSmm(1 - Math.pow(survival, 1 / monthly.length));
    };
    const zeroClasses = () => Array.from({ length: classCount }, () => ({ interest: "0", principal: "0", loss: "0", endingBalance: null as string | null }));
    const bucket = (b: { count: bigint; balance: bigint }): Bucket => ({ count: Number(b.count), balance: b.balance.toString() });
    for (const { log, event } of this.of(t.reports)) {
      if (event.name !== "ReportSubmitted") continue;
      const r = event.args.report;
      const period = Number(r.period);
      const hash = attested.get(period);
      if (hash !== undefined) {
        if (String(event.args.reportHash).toLowerCase() !== hash) continue;
        attestedReports.set(period, reportFromEvent(r));
      }
      // A re-submitted period replaces the earlier submission (only the attested one is executed).
      if (byPeriod.has(period)) {
        smm.pop();
        mdr.pop();
        beginning = BigInt(byPeriod.get(period)!.beginningBalance);
      }
      const base = beginning - BigInt(r.scheduledPrincipal);
      const s = base > 0n ? Number(BigInt(r.curtailments) + BigInt(r.payoffs)) / Number(base) : 0;
      const d = base > 0n ? Number(BigInt(r.liquidationProceeds) + BigInt(r.realizedLoss)) / Number(base) : 0;
      smm.push(s);
      mdr.push(d);
      byPeriod.set(period, {
        period, block: log.blockNumber,
        beginningBalance: beginning.toString(), endingBalance: r.endingPoolBalance.toString(),
        interestCollected: r.interestCollected.toString(), scheduledPrincipal: r.scheduledPrincipal.toString(),
        prepayments: (BigInt(r.curtailments) + BigInt(r.payoffs)).toString(), liquidationProceeds: r.liquidationProceeds.toString(), realizedLoss: r.realizedLoss.toString(),
        loanCount: Number(r.endingLoanCount),
        cpr1m: cprFromSmm(s), cprLife: life(smm), cdr1m: cprFromSmm(d), cdrLife: life(mdr),
        delinquency: { d30: bucket(r.delinquent30), d60: bucket(r.delinquent60), d90Plus: bucket(r.delinquent90Plus), foreclosure: bucket(r.foreclosure), reo: bucket(r.reo) },
        executed: false, cumulativeLoss: null, reserveEnding: null, recordDate: null, delinquencyTripped: false, lossTripped: false,
        classes: zeroClasses(), loanRoot: r.loanRoot, fileHash: r.fileHash, reconciliationWarnings: BigInt(r.reconciliationWarnings ?? 0n).toString(),
      });
      beginning = BigInt(r.endingPoolBalance);
    }
    if (t.reports !== undefined) {
      deal.reports = await this.verifyReports(t.reports, block, attested, attestedReports, alerts);
    }
    const recordDates = new Map<number, { date: number; markedAt: number }>();
    for (const { event } of this.of(t.waterfall)) {
      if (event.name === "RecordDateMarked") {
        recordDates.set(Number(event.args.period), { date: Number(event.args.recordDate), markedAt: Number(event.args.markedAt) });
        continue;
      }
      const p = byPeriod.get(Number(event.args.period ?? -1));
      if (p === undefined) continue;
      const line = (i: bigint) => p.classes[Number(i)];
      if (event.name === "InterestPaid") { const l = line(event.args.classIndex); if (l) l.interest = event.args.paid.toString(); }
      else if (event.name === "PrincipalPaid") { const l = line(event.args.classIndex); if (l) { l.principal = event.args.amount.toString(); l.endingBalance = event.args.endingBalance.toString(); } }
      else if (event.name === "LossAllocated") { const l = line(event.args.classIndex); if (l) l.loss = event.args.amount.toString(); }
      else if (event.name === "ReserveMoved") p.reserveEnding = event.args.ending.toString();
      else if (event.name === "PeriodExecuted") {
        p.executed = true;
        p.cumulativeLoss = event.args.cumulativeLoss.toString();
        p.delinquencyTripped = event.args.delinquencyTripped;
        p.lossTripped = event.args.lossTripped;
      }
    }
    const periods = [...byPeriod.values()].sort((a, b) => a.period - b.period);
    for (const p of periods) p.recordDate = recordDates.get(p.period) ?? null;
    const next = deal.period + 1;
    const pending = recordDates.get(next);
    if (pending !== undefined) deal.pendingRecordDate = { period: next, ...pending };
    let previous: PeriodView | undefined;
    for (const p of periods) {
      const warned = reconciliationAlert(p.period, BigInt(p.reconciliationWarnings));
      if (warned !== undefined) alerts.push({ level: "warning", block: p.block, text: warned });
      if (p.lossTripped && !previous?.lossTripped) alerts.push({ level: "critical", block: p.block, text: `period ${p.period}: cumulative loss trigger tripped` });
      if (p.delinquencyTripped && !previous?.delinquencyTripped) alerts.push({ level: "critical", block: p.block, text: `period ${p.period}: delinquency trigger tripped` });
      const share = (v: PeriodView) => {
        const end = Number(v.endingBalance);
        const d = v.delinquency;
        return end > 0 ? (Number(d.d60.balance) + Number(d.d90Plus.balance) + Number(d.foreclosure.balance) + Number(d.reo.balance)) / end : 0;
      };
      if (previous !== undefined) {
        const before = share(previous);
        const now = share(p);
        // A jump: 60+ delinquency up by half again and by at least half a point of the pool.
        if (now - before >= 0.005 && now >= before * 1.5) alerts.push({ level: "warning", block: p.block, text: `period ${p.period}: 60+ delinquency jumped from ${(before * 100).toFixed(2)}% to ${(now * 100).toFixed(2)}% of the pool` });
      }
      previous = p;
    }
    return { deal, periods, alerts };
  }

  /**
   * Checks the attested reports the page shows against the registry's chain head at `block` (the registry keeps only
   * the latest hashes; the head commits to every attested report): a node or proxy that dropped, altered or forged a
   * report log is caught here, and the page says so instead of showing the figures as the deal's.
   */
  private async verifyReports(reports: string, block: number, attested: Map<number, string>, submitted: Map<number, OnChainReport>, alerts: Alert[]): Promise<NonNullable<Snapshot["deal"]>["reports"]> {
    const chain = await this.view<{ period: bigint; head: string }>(reports, REPORTS, "attestedChain", [], block);
    const onChain = { period: Number(chain.period), head: chain.head };
    const entries: AttestedEntry[] = [];
    const missing: number[] = [];
    for (const [period, reportHash] of [...attested].sort((a, b) => a[0] - b[0])) {
      const report = submitted.get(period);
      if (report === undefined) missing.push(period);
      else entries.push({ period, reportHash: reportHash as AttestedEntry["reportHash"], report });
    }
    try {
      if (missing.length > 0) throw new MbsError(`the logs hold no submission with the attested hash for period${missing.length > 1 ? "s" : ""} ${missing.join(", ")}`);
      verifyAttestedHistory(entries, onChain, "the logs this page was built from");
      return { ...onChain, verified: true };
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      alerts.push({ level: "critical", block, text: `servicer reports not verified against the registry's chain head (periods 1–${onChain.period}): ${why}` });
      return { ...onChain, verified: false };
    }
  }

  private async market(block: number, classes: ClassView[]): Promise<Pick<Snapshot, "book" | "trades" | "tradeCount">> {
    const symbolOf = new Map(classes.map((c) => [c.token.toLowerCase(), c.symbol]));
    const all: TradeView[] = [];
    const venues = this.target.markets.map((m) => this.of(m));
    const marketEvents = venues.length === 1 ? venues[0]! : venues.flat().sort((a, b) => a.log.blockNumber - b.log.blockNumber || a.log.index - b.log.index);
    for (const { log, event } of marketEvents) {
      if (event.name !== "Traded") continue;
      const token = getAddress(event.args.token as string);
      if (!symbolOf.has(token.toLowerCase())) continue;
      all.push({
        block: log.blockNumber, tx: log.transactionHash, venue: getAddress(log.address), token, symbol: symbolOf.get(token.toLowerCase())!,
        seller: event.args.seller, buyer: event.args.buyer, amount: event.args.amount.toString(), currentFace: event.args.currentFace.toString(),
        price: event.args.price.toString(), principal: event.args.principal.toString(), accrued: event.args.accrued.toString(),
      });
    }
    const book: Snapshot["book"] = [];
    for (const venue of this.target.markets) {
      for (const c of classes) {
        const levels = async (side: number): Promise<Level[]> => {
          const rows = await this.view<{ price: bigint; amount: bigint; orders: bigint }[]>(venue, MARKET, "depth", [c.token, side, BOOK_LEVELS], block).catch(() => undefined);
          return (rows ?? []).map((l) => ({ price: l.price.toString(), amount: l.amount.toString(), orders: Number(l.orders) }));
        };
        const [bids, asks] = await Promise.all([levels(0), levels(1)]);
        if (bids.length + asks.length > 0) book.push({ venue, token: c.token, symbol: c.symbol, bids, asks });
      }
    }
    return { book, trades: all.slice(-RECENT_TRADES).reverse(), tradeCount: all.length };
  }

  /**
   * The deal run forward from its state on chain (src/analytics/deal, triggers, reserve and PAC
   * schedules included) at a what-if speed, with each class's projected flows and indicative
   * price/yield/WAL. Fields of `whatIf` left out default to the pool's observed life CPR and CDR,
   * the observed loss severity (35 % before any liquidation), and each class's last trade price.
   */
  async analytics(whatIf: Partial<WhatIf>): Promise<AnalyticsView> {
    const snapshot = this.snapshot;
    const waterfall = this.target.waterfall;
    if (snapshot === undefined || waterfall === undefined) throw new InvalidInputError("pool", "no waterfall found for this pool: nothing to project");
    const last = snapshot.periods.at(-1);
    if (last === undefined) throw new InvalidInputError("pool", "no servicer report yet: the collateral's coupon and term are unknown");
    const block = snapshot.block;
    const [terms, state, count] = await Promise.all([
      this.view<Record<string, unknown>>(waterfall, WATERFALL, "dealTerms", [], block),
      this.view<ChainDealState>(waterfall, WATERFALL, "dealState", [], block),
      this.view<bigint>(waterfall, WATERFALL, "classCount", [], block),
    ]);
    const symbolOf = new Map(snapshot.classes.map((c) => [c.token.toLowerCase(), c.symbol]));
    const classes: ChainClass[] = await Promise.all(Array.from({ length: Number(count) }, async (_, i) => {
      const [k, st] = await Promise.all([
        this.view<{ token: string; kind: bigint; couponPpm: bigint; interestRank: bigint; originalBalance: bigint; notionalMask: bigint; scheduled: boolean; schedule: bigint[] }>(waterfall, WATERFALL, "classTerms", [i], block),
        this.view<{ balance: bigint; interestShortfall: bigint; writtenDown: bigint }>(waterfall, WATERFALL, "classState", [i], block),
      ]);
      return {
        id: symbolOf.get(String(k.token).toLowerCase()) ?? `class ${i + 1}`, kind: Number(k.kind), couponPpm: Number(k.couponPpm), interestRank: Number(k.interestRank),
        originalBalance: BigInt(k.originalBalance), notionalMask: Number(k.notionalMask), schedule: k.scheduled ? [...k.schedule].map((b) => BigInt(b)) : undefined,
        balance: BigInt(st.balance), interestShortfall: BigInt(st.interestShortfall), writtenDown: BigInt(st.writtenDown),
      };
    }));
    const deal = dealOfChain(snapshot.pool.dealId, dealTermsOfView(terms), classes, {
      period: Number(state.period), poolBalance: BigInt(state.poolBalance), reserveBalance: BigInt(state.reserveBalance), cumulativeLoss: BigInt(state.cumulativeLoss),
      servicingFeeShortfall: BigInt(state.servicingFeeShortfall), trusteeFeeShortfall: BigInt(state.trusteeFeeShortfall), called: Boolean(state.called),
    });
    let liquidated = 0n;
    let lost = 0n;
    for (const p of snapshot.periods) {
      liquidated += BigInt(p.liquidationProceeds) + BigInt(p.realizedLoss);
      lost += BigInt(p.realizedLoss);
    }
    const observed = { cpr: last.cprLife, cdr: last.cdrLife, severity: liquidated > 0n ? Number(lost) / Number(liquidated) : null, period: last.period };
    const prices: Record<string, number> = {};
    for (const t of [...snapshot.trades].reverse()) prices[t.symbol] = Number(t.price) / 1e8;
    const assumptions: WhatIf = {
      speed: whatIf.speed ?? { kind: "cpr", cpr: Math.min(observed.cpr, 0.99) },
      cdr: whatIf.cdr ?? Math.min(observed.cdr, 0.99),
      severity: whatIf.severity ?? observed.severity ?? ASSUMED_SEVERITY,
      prices: { ...prices, ...(whatIf.prices ?? {}) },
    };
    const collateral = collateralTermsOf(BigInt(last.beginningBalance), BigInt(last.interestCollected), BigInt(last.scheduledPrincipal));
    const d = last.delinquency;
    const ending = Number(last.endingBalance);
    const share = ending > 0 ? (Number(d.d60.balance) + Number(d.d90Plus.balance) + Number(d.foreclosure.balance) + Number(d.reo.balance)) / ending : 0;
    const date = new Date(snapshot.blockTime * 1000);
    const { projection, rows } = projectDeal(deal, collateral, assumptions, { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() }, share);
    return {
      block, assumptions, observed, defaults: { cpr: whatIf.speed === undefined, cdr: whatIf.cdr === undefined, severity: whatIf.severity === undefined },
      wac: collateral.grossWac, wamMonths: collateral.wamMonths, delinquent60PlusShare: share, rows, projection,
    };
  }

  /** A holder's current face on a token without currentFaceOf(): balance × current face / supply. */
  private async proRataFace(token: string, who: string, block: number): Promise<bigint> {
    const [balance, face, supply] = await Promise.all([
      this.view<bigint>(token, POOL_TOKEN, "balanceOf", [who], block),
      this.view<bigint>(token, POOL_TOKEN, "currentFace", [], block),
      this.view<bigint>(token, POOL_TOKEN, "totalSupply", [], block),
    ]);
    return supply === 0n ? 0n : (balance * face) / supply;
  }

  /** One investor's holdings (views at the cursor block) and history (from the copied logs). */
  async investor(address: string): Promise<InvestorView> {
    const who = getAddress(address);
    const block = this.cursor;
    const snapshot = this.snapshot;
    const holdings = await Promise.all(
      this.target.tokens.map(async (token, i) => {
        const [balance, face, claimable, locked] = await Promise.all([
          this.view<bigint>(token, POOL_TOKEN, "balanceOf", [who], block),
          this.view<bigint>(token, POOL_TOKEN, "currentFaceOf", [who], block).catch(() => this.proRataFace(token, who, block)),
          this.view<bigint>(token, POOL_TOKEN, "claimable", [who], block),
          this.view<bigint>(token, POOL_TOKEN, "totalLockedOf", [who], block).catch(() => 0n),
        ]);
        return { symbol: snapshot?.classes[i]?.symbol ?? token, token, originalFace: balance.toString(), currentFace: face.toString(), locked: locked.toString(), claimable: claimable.toString() };
      }),
    );
    const symbolOf = new Map((snapshot?.classes ?? []).map((c) => [c.token.toLowerCase(), c.symbol]));
    const history: HistoryLine[] = [];
    const lower = who.toLowerCase();
    // A trade's delivery is its "bought"/"sold" line; the token transfer in the same transaction is not a second one.
    const trades = new Set<string>();
    for (const { log, event } of this.decode()) {
      if (event.name === "Traded" && (String(event.args.seller).toLowerCase() === lower || String(event.args.buyer).toLowerCase() === lower)) trades.add(log.transactionHash);
    }
    for (const { log, event } of this.decode()) {
      const symbol = symbolOf.get(log.address.toLowerCase()) ?? symbolOf.get(String(event.args.token ?? "").toLowerCase()) ?? "";
      const base = { block: log.blockNumber, tx: log.transactionHash, symbol };
      if (event.name === "Transfer") {
        if (trades.has(log.transactionHash)) continue;
        const from = String(event.args.from).toLowerCase();
        const to = String(event.args.to).toLowerCase();
        if (from === lower) history.push({ ...base, kind: to === "0x0000000000000000000000000000000000000000" ? "burned" : "sent", amount: event.args.value.toString(), detail: `to ${event.args.to}` });
        else if (to === lower) history.push({ ...base, kind: from === "0x0000000000000000000000000000000000000000" ? "issued" : "received", amount: event.args.value.toString(), detail: from === "0x0000000000000000000000000000000000000000" ? "" : `from ${event.args.from}` });
      } else if (event.name === "Claimed" && String(event.args.holder).toLowerCase() === lower) {
        history.push({ ...base, kind: "claimed cash", amount: event.args.amount.toString(), detail: "" });
      } else if (event.name === "Traded") {
        if (String(event.args.seller).toLowerCase() === lower) history.push({ ...base, kind: "sold", amount: event.args.amount.toString(), detail: `at ${(Number(event.args.price) / 1e8).toFixed(4)} per 100` });
        else if (String(event.args.buyer).toLowerCase() === lower) history.push({ ...base, kind: "bought", amount: event.args.amount.toString(), detail: `at ${(Number(event.args.price) / 1e8).toFixed(4)} per 100` });
      }
    }
    return { address: who, block, holdings, history: history.reverse() };
  }
}
