/**
 * A sample pool with everything the dashboard shows, deployed on any network the caller's ethers
 * reaches (Hardhat's in-process network for `npm run dashboard` without `--rpc`, a local node in the
 * dashboard's browser test and benchmark): a KYC registry, two restricted class tokens (senior A,
 * subordinate B), the pool record, the servicer report registry, the payment waterfall with a loss
 * trigger and a reserve, and the order book. `runCycle` drives one monthly remittance (submit →
 * attest → fund → execute) from a deterministic collateral model; `trade` places an ask and fills it.
 *
 * The market reads the token's record date (`lastRecordDate`); until the real PoolToken has it (the
 * token split of issue 10), the traded class is the market's test token, listed as the pool's third
 * tranche, and the two waterfall classes are the real PoolToken.
 */
import { Contract, ContractFactory, MaxUint256, keccak256, toUtf8Bytes, type Signer } from "ethers";

import { waterfallTermsOf, type ServicerReport } from "../analytics/deal/onchain.js";
import type { DealConfig } from "../analytics/deal/types.js";
import { FeePolicySigner, type FeePolicy } from "../chain/index.js";

/** What Hardhat's `connection.ethers` offers that the sample needs. */
export interface SampleEthers {
  getSigners(): Promise<Signer[]>;
  getContractFactory(name: string, options?: { libraries?: Record<string, string>; signer?: Signer } | Signer): Promise<ContractFactory>;
}

export const USD = 1_000_000n;
const POOL_BALANCE = 10_000_000n * USD;
const INITIAL_LOANS = 400;

export function sampleDeal(): DealConfig {
  return {
    name: "MBSC 2026-D sample",
    originalPoolBalance: POOL_BALANCE,
    principalMode: "sequential",
    classes: [
      { id: "A", kind: "standard", originalBalance: 9_000_000n * USD, couponPpm: 45_000 },
      { id: "B", kind: "standard", originalBalance: 800_000n * USD, couponPpm: 65_000 },
    ],
    fees: { servicingPpm: 2_500, servicingFixed: 0n, trusteePpm: 100, trusteeFixed: 0n },
    triggers: { cumulativeLossPpm: 20_000, delinquencyPpm: 80_000 },
    reserve: { targetPpm: 5_000, floor: 25_000n * USD, initialBalance: 50_000n * USD },
    overcollateralizationTargetPpm: 20_000,
  };
}

export interface SampleParties {
  admin: Signer;
  servicer: Signer;
  trustee: Signer;
  investors: Signer[];
}

export interface SamplePool {
  pool: Contract;
  tokens: Contract[];
  /** The token the market trades (class A once the real token has record dates). */
  traded: Contract;
  cash: Contract;
  reports: Contract;
  waterfall: Contract;
  lens: Contract;
  market: Contract;
  parties: SampleParties;
  addresses: { pool: string; waterfall: string; market: string; tokens: string[]; traded: string };
  /** Periods run so far. */
  period: number;
  poolBalance: bigint;
  loans: number;
}

async function deploy(ethers: SampleEthers, signer: Signer, name: string, args: unknown[], libraries?: Record<string, string>): Promise<Contract> {
  const factory = await ethers.getContractFactory(name, libraries !== undefined ? { libraries, signer } : signer);
  const contract = (await factory.deploy(...args)) as Contract;
  await contract.waitForDeployment();
  return contract;
}

async function send(promise: Promise<{ wait(): Promise<unknown> }>): Promise<void> {
  await (await promise).wait();
}

const at = (c: Contract, s: Signer) => c.connect(s) as Contract;

/** Deploys the sample pool; `fees` wraps every signer in the network's fee policy (zero-gas chains). */
export async function deploySamplePool(ethers: SampleEthers, options: { fees?: FeePolicy } = {}): Promise<SamplePool> {
  const raw = await ethers.getSigners();
  if (raw.length < 7) throw new Error("the sample pool needs 7 accounts (admin, servicer, trustee, 4 investors)");
  const wrap = (s: Signer) => (options.fees !== undefined ? new FeePolicySigner(s, options.fees) : s);
  const [admin, servicer, trustee, ...investors] = raw.slice(0, 7).map(wrap) as [Signer, Signer, Signer, ...Signer[]];
  const adminAddress = await admin.getAddress();
  const investorAddresses = await Promise.all(investors.map((i) => i.getAddress()));
  const deal = sampleDeal();

  const cash = await deploy(ethers, admin, "TestStablecoin", [adminAddress]);
  const registry = await deploy(ethers, admin, "KycRegistry", [adminAddress, adminAddress]);
  const now = BigInt(Math.floor(Date.now() / 1000));
  await send(registry.getFunction("setInvestors")(investorAddresses.map((account, i) => ({
    account, verifiedUntil: now + 30n * 365n * 86_400n, country: 840, classes: 2 | 4 | 8, recordHash: keccak256(toUtf8Bytes(`kyc/sample/${i}`)),
  }))));
  const rules = { allowedClasses: 2 | 4 | 8, minHolding: 0n, maxHolders: 0, lockupUntil: 0n, blockedCountries: [] as number[] };
  const tokens: Contract[] = [];
  for (const [i, c] of deal.classes.entries()) {
    const face = c.kind === "interestOnly" ? 0n : c.originalBalance;
    const args: unknown[] = [`MBSC 2026-D Class ${c.id}`, `MBSD${c.id}`, await registry.getAddress(), await cash.getAddress(), adminAddress, rules];
    // The face cap (issuance never beyond the class's original face), where the token takes one.
    const takesCap = (await ethers.getContractFactory("PoolToken", admin)).interface.deploy.inputs.length > args.length;
    tokens.push(await deploy(ethers, admin, "PoolToken", takesCap ? [...args, face] : args));
    void i;
  }
  const tokenAddresses = await Promise.all(tokens.map((t) => t.getAddress()));
  // Does the real token answer the market's record-date read yet?
  const realTokenTrades = tokens[0]!.interface.getFunction("lastRecordDate") !== null;
  let traded = tokens[0]!;
  if (!realTokenTrades) {
    traded = await deploy(ethers, admin, "MockTrancheToken", [await cash.getAddress()]);
  }
  const tradedAddress = await traded.getAddress();
  const tranches = deal.classes.map((c, i) => ({ token: tokenAddresses[i]!, couponPpm: c.couponPpm, seniority: i + 1, originalFaceCents: (c.kind === "interestOnly" ? 0n : c.originalBalance) / 10_000n }));
  if (!realTokenTrades) tranches.push({ token: tradedAddress, couponPpm: 50_000, seniority: 3, originalFaceCents: 10_000_000n });
  // The pool record's faces add up to the pool: what the classes leave is overcollateralization.
  const overcollateralizationCents = POOL_BALANCE / 10_000n - tranches.reduce((t, x) => t + x.originalFaceCents, 0n);
  // A seasoned sample pool, cut off two years ago: its periods' record dates (each a month end after the
  // cut-off month) have passed, so the sample's cycles run at once.
  const sampleCutoff = now - 730n * 86_400n;
  const pool = await deploy(ethers, admin, "LoanPool", [
    { merkleRoot: keccak256(toUtf8Bytes("sample/root")), tapeHash: keccak256(toUtf8Bytes("sample/tape")), statsHash: keccak256(toUtf8Bytes("sample/stats")), rulesHash: keccak256(toUtf8Bytes("sample/rules")), upbCents: POOL_BALANCE / 10_000n, loanCount: BigInt(INITIAL_LOANS), cutoffDate: sampleCutoff },
    "MBSC 2026-D", "mbs-chain Mortgage Trust 2026-D (sample)", false, overcollateralizationCents, tranches,
  ]);

  const engine = await deploy(ethers, admin, "WaterfallEngine", []);
  const engineAddress = await engine.getAddress();
  const reports = await deploy(ethers, admin, "ServicerReports", [adminAddress, POOL_BALANCE, INITIAL_LOANS]);
  const { terms, classes } = waterfallTermsOf(deal, tokenAddresses, sampleCutoff);
  const waterfall = await deploy(ethers, admin, "PaymentWaterfall", [
    await cash.getAddress(), await reports.getAddress(), terms, classes,
    { servicer: await servicer.getAddress(), trustee: await trustee.getAddress(), residual: adminAddress }, adminAddress,
  ], { WaterfallEngine: engineAddress });
  const waterfallAddress = await waterfall.getAddress();
  const lens = await deploy(ethers, admin, "WaterfallLens", [], { WaterfallEngine: engineAddress });
  const market = await deploy(ethers, admin, "TrancheMarket", [adminAddress]);
  const marketAddress = await market.getAddress();

  const role = (c: Contract, name: string) => c.getFunction(name)() as Promise<string>;
  await send(reports.getFunction("grantRole")(await role(reports, "SERVICER_ROLE"), await servicer.getAddress()));
  await send(reports.getFunction("grantRole")(await role(reports, "TRUSTEE_ROLE"), await trustee.getAddress()));
  await send(waterfall.getFunction("grantRole")(await role(waterfall, "SERVICER_ROLE"), await servicer.getAddress()));
  await send(waterfall.getFunction("grantRole")(await role(waterfall, "TRUSTEE_ROLE"), await trustee.getAddress()));
  for (const token of tokens) {
    await send(token.getFunction("grantRole")(await role(token, "ISSUER_ROLE"), adminAddress));
    await send(token.getFunction("grantRole")(await role(token, "DISTRIBUTOR_ROLE"), waterfallAddress));
    if (realTokenTrades) await send(token.getFunction("grantRole")(await role(token, "ESCROW_ROLE"), marketAddress));
  }
  if (!realTokenTrades) {
    await send(traded.getFunction("setEscrow")(marketAddress, true));
    for (const a of investorAddresses) await send(traded.getFunction("setEligible")(a, true));
  }
  await send(market.getFunction("grantRole")(await role(market, "LISTING_ROLE"), adminAddress));
  await send(market.getFunction("listTranche")(await pool.getAddress(), realTokenTrades ? 0 : 2));

  // Issuance: A split between investors 0 and 1, B to investor 2; investor 3 starts with cash only.
  const a = deal.classes[0]!.kind === "interestOnly" ? 0n : deal.classes[0]!.originalBalance;
  const b = deal.classes[1]!.kind === "interestOnly" ? 0n : deal.classes[1]!.originalBalance;
  await send(tokens[0]!.getFunction("mint")(investorAddresses[0]!, a / 2n));
  await send(tokens[0]!.getFunction("mint")(investorAddresses[1]!, a - a / 2n));
  await send(tokens[1]!.getFunction("mint")(investorAddresses[2]!, b));
  if (!realTokenTrades) await send(traded.getFunction("mint")(investorAddresses[0]!, 1_000_000n * USD));

  await send(cash.getFunction("mint")(await servicer.getAddress(), 10n ** 30n));
  await send(at(cash, servicer).getFunction("approve")(waterfallAddress, MaxUint256));
  for (const [i, investor] of investors.entries()) {
    await send(cash.getFunction("mint")(investorAddresses[i]!, 100_000_000n * USD));
    await send(at(cash, investor).getFunction("approve")(marketAddress, MaxUint256));
    await send(at(traded, investor).getFunction("approve")(marketAddress, MaxUint256));
  }
  if (terms.reserveInitialBalance > 0n) await send(at(waterfall, servicer).getFunction("openReserve")());

  return {
    pool, tokens, traded, cash, reports, waterfall, lens, market,
    parties: { admin, servicer, trustee, investors },
    addresses: { pool: await pool.getAddress(), waterfall: waterfallAddress, market: marketAddress, tokens: tokenAddresses, traded: tradedAddress },
    period: 0, poolBalance: POOL_BALANCE, loans: INITIAL_LOANS,
  };
}

const bucket = (count: number, balance: bigint) => ({ count, balance });

/**
 * Period `n`'s servicer report from a deterministic collateral model: 5.25 % note rate, 30-year
 * scheduled amortisation, prepayments ramping to 9 % CPR with a seasonal wave, and from period 6 a
 * small default stream with 40 % severity; delinquency buckets drift with the period.
 */
export function sampleReport(s: Pick<SamplePool, "poolBalance" | "loans">, period: number): ServicerReport {
  const balance = s.poolBalance;
  const ppm = (x: bigint, p: number) => (x * BigInt(Math.round(p * 1_000_000))) / 1_000_000n;
  const interestCollected = ppm(balance, 0.0525 / 12);
  const scheduledPrincipal = ppm(balance, 0.0016);
  const cpr = Math.min(0.09, 0.006 * period) * (1 + 0.25 * Math.sin(period / 2));
  const smm = 1 - Math.pow(1 - cpr, 1 / 12);
  const prepaid = ppm(balance - scheduledPrincipal, smm);
  const curtailments = prepaid / 4n;
  const payoffs = prepaid - curtailments;
  const defaulted = period >= 6 ? ppm(balance, 0.0008 + 0.0002 * (period % 4)) : 0n;
  const realizedLoss = ppm(defaulted, 0.4);
  const liquidationProceeds = defaulted - realizedLoss;
  const endingPoolBalance = balance - scheduledPrincipal - prepaid - defaulted;
  const loanAverage = s.loans > 0 ? balance / BigInt(s.loans) : 1n;
  const payoffCount = Math.min(s.loans - 1, Number(payoffs / (loanAverage > 0n ? loanAverage : 1n)));
  const liquidated = defaulted > 0n ? 1 : 0;
  const endingLoanCount = Math.max(1, s.loans - payoffCount - liquidated);
  const dq = (share: number) => ppm(endingPoolBalance, share);
  const wave = 1 + 0.5 * Math.sin(period / 3);
  return {
    period,
    interestCollected,
    servicingFee: 0n,
    trusteeFee: 0n,
    scheduledPrincipal,
    curtailments,
    payoffs,
    payoffCount: s.loans - liquidated - endingLoanCount,
    liquidationProceeds,
    realizedLoss,
    recoveries: 0n,
    delinquent30: bucket(3, dq(0.012 * wave)),
    delinquent60: bucket(2, dq(0.006 * wave)),
    delinquent90Plus: bucket(1, dq(0.003 * wave)),
    foreclosure: bucket(1, dq(0.0015)),
    reo: bucket(0, 0n),
    endingLoanCount,
    endingPoolBalance,
    loanRoot: keccak256(toUtf8Bytes(`sample/loans/${period}`)),
    fileHash: keccak256(toUtf8Bytes(`sample/file/${period}`)),
    reconciliationWarnings: 0n,
  };
}

/** One remittance cycle: record date (anyone) → submit (servicer) → attest (trustee) → fund the remittance due → execute; the report may carry packed reconciliation warnings. */
export async function runSampleCycle(s: SamplePool, hooks: { beforeExecute?: () => void; reconciliationWarnings?: bigint } = {}): Promise<ServicerReport> {
  const report = { ...sampleReport(s, s.period + 1), ...(hooks.reconciliationWarnings !== undefined ? { reconciliationWarnings: hooks.reconciliationWarnings } : {}) };
  const { servicer, trustee } = s.parties;
  // The holders of record first (anyone may mark once the period's month has ended).
  await markSampleRecordDate(s);
  await send(at(s.reports, servicer).getFunction("submit")(report));
  const hash = (await s.reports.getFunction("hashReport")(report)) as string;
  await send(at(s.reports, trustee).getFunction("attest")(report.period, hash));
  const due = (await s.lens.getFunction("remittanceDue")(await s.waterfall.getAddress(), report)) as bigint;
  if (due > 0n) await send(at(s.waterfall, servicer).getFunction("fund")(report.period, due));
  hooks.beforeExecute?.();
  await send(at(s.waterfall, servicer).getFunction("execute")(report));
  s.period = report.period;
  s.poolBalance = report.endingPoolBalance;
  s.loans = report.endingLoanCount;
  return report;
}

async function expiryIn(s: SamplePool, days: number): Promise<bigint> {
  const block = await s.market.runner!.provider!.getBlock("latest");
  return BigInt(block!.timestamp) + BigInt(days) * 86_400n;
}

const priceOf = (points: number) => BigInt(Math.round(points * 1e8));

/** A secondary trade on the order book: investor `seller` asks `amount` at `price` (per 100, e.g. 99.5), `buyer` lifts it. */
export async function sampleTrade(s: SamplePool, options: { seller?: number; buyer?: number; amount?: bigint; price?: number; beforeFill?: () => void } = {}): Promise<string> {
  const seller = s.parties.investors[options.seller ?? 0]!;
  const buyer = s.parties.investors[options.buyer ?? 3]!;
  const amount = options.amount ?? 25_000n * USD;
  const price = priceOf(options.price ?? 99.5);
  const expiry = await expiryIn(s, 30);
  const book = at(s.market, seller);
  const id = (await book.getFunction("placeAsk").staticCall(s.addresses.traded, price, amount, amount, expiry)) as bigint;
  await send(book.getFunction("placeAsk")(s.addresses.traded, price, amount, amount, expiry));
  options.beforeFill?.();
  const receipt = await (await at(s.market, buyer).getFunction("fill")(id, amount, MaxUint256)).wait();
  return (receipt as { hash: string }).hash;
}

/** Resting orders on both sides of the book (a two-sided market the page shows live). */
export async function sampleQuotes(s: SamplePool, options: { bid?: number; ask?: number; amount?: bigint } = {}): Promise<void> {
  const amount = options.amount ?? 50_000n * USD;
  const expiry = await expiryIn(s, 60);
  await send(at(s.market, s.parties.investors[0]!).getFunction("placeAsk")(s.addresses.traded, priceOf(options.ask ?? 100.25), amount, amount, expiry));
  await send(at(s.market, s.parties.investors[3]!).getFunction("placeBid")(s.addresses.traded, priceOf(options.bid ?? 98.75), amount, amount, expiry));
}

/**
 * The end of the next period's collection: its record date is marked (once; a second call while it is
 * pending does nothing). The sample runs months faster than the calendar: when the period's record date
 * (the end of its month on the deal's calendar) is still ahead of the chain's clock, the development
 * chain's clock is moved just past it (evm_setNextBlockTimestamp, which anvil and Hardhat's network take).
 */
export async function markSampleRecordDate(s: SamplePool): Promise<void> {
  const [pending] = (await s.tokens[0]!.getFunction("recordDatePending")()) as [boolean, bigint];
  if (pending) return;
  const provider = s.waterfall.runner!.provider! as unknown as { getBlock(tag: string): Promise<{ timestamp: number } | null>; send(method: string, params: unknown[]): Promise<unknown> };
  const recordDate = (await s.waterfall.getFunction("recordDateOf")(s.period + 1)) as bigint;
  const now = BigInt((await provider.getBlock("latest"))!.timestamp);
  if (now <= recordDate) await provider.send("evm_setNextBlockTimestamp", [`0x${(recordDate + 1n).toString(16)}`]);
  await send(at(s.waterfall, s.parties.servicer).getFunction("markRecordDate")());
}
