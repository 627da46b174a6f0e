/**
 * Deploys one deal's waterfall (report registry, engine library, waterfall, lens, class tokens) and runs monthly
 * cycles on it: the named fixture of the waterfall's unit, differential and gas tests. Class tokens are the
 * mock (contracts/mocks/MockClassToken.sol) unless real token addresses are given.
 */
import type { network } from "hardhat";
import type { ContractTransactionReceipt } from "ethers";

import type { CollateralPeriod, DealConfig } from "../../src/analytics/deal/types.js";
import { type ServicerReport, waterfallTermsOf } from "../../src/analytics/deal/onchain.js";
import type {
  MockClassToken,
  PaymentWaterfall,
  ServicerReports,
  TestStablecoin,
  WaterfallLens,
} from "../../typechain-types/index.js";

export type Ethers = Awaited<ReturnType<typeof network.create>>["ethers"];
export type Signer = Awaited<ReturnType<Ethers["getSigners"]>>[number];

export const ZERO_HASH = `0x${"00".repeat(32)}`;
/** Loans in a test pool at closing. */
export const INITIAL_LOANS = 1_000;
/** The test deals' cut-off, 2020-01-01 00:00 UTC: every record date of their few dozen periods is long past. */
export const PAST_CUTOFF = 1_577_836_800;

export interface WaterfallDeployment {
  deal: DealConfig;
  cash: TestStablecoin;
  reports: ServicerReports;
  waterfall: PaymentWaterfall;
  lens: WaterfallLens;
  engine: string;
  tokens: MockClassToken[];
  tokenAddresses: string[];
  admin: Signer;
  servicer: Signer;
  trustee: Signer;
  servicerPayee: Signer;
  trusteePayee: Signer;
  residualHolder: Signer;
  outsider: Signer;
}

/** The original face of each class's token: a bond's original balance, an IO's original notional. */
export function originalFaces(deal: DealConfig): bigint[] {
  const bonds = deal.classes.map((c) => (c.kind === "interestOnly" ? 0n : c.originalBalance));
  return deal.classes.map((c, i) => {
    if (c.kind !== "interestOnly") return bonds[i] ?? 0n;
    if (c.notionalOf === "pool") return deal.originalPoolBalance;
    return c.notionalOf.reduce((sum, id) => sum + (bonds[deal.classes.findIndex((k) => k.id === id)] ?? 0n), 0n);
  });
}

export async function deployEngine(ethers: Ethers): Promise<string> {
  const engine = await ethers.deployContract("WaterfallEngine");
  return engine.getAddress();
}

/**
 * A deal's contracts with mock class tokens (or `tokenAddresses`, real tokens whose DISTRIBUTOR role the caller
 * grants), roles granted, the servicer funded with cash and the initial reserve opened.
 */
export async function deployWaterfall(
  ethers: Ethers,
  deal: DealConfig,
  options: { engine?: string; cash?: TestStablecoin; tokenAddresses?: string[]; initialLoans?: number; cutoffDate?: number } = {},
): Promise<WaterfallDeployment> {
  const [admin, servicer, trustee, servicerPayee, trusteePayee, residualHolder, outsider] = await ethers.getSigners();
  if (outsider === undefined || admin === undefined || servicer === undefined || trustee === undefined) {
    throw new Error("the network needs at least 7 accounts");
  }
  const cash = options.cash ?? ((await ethers.deployContract("TestStablecoin", [admin.address])) as unknown as TestStablecoin);
  const cashAddress = await cash.getAddress();
  let tokens: MockClassToken[] = [];
  let tokenAddresses = options.tokenAddresses;
  if (tokenAddresses === undefined) {
    tokens = [];
    for (const face of originalFaces(deal)) {
      tokens.push((await ethers.deployContract("MockClassToken", [cashAddress, face])) as unknown as MockClassToken);
    }
    tokenAddresses = await Promise.all(tokens.map((t) => t.getAddress()));
  }
  const engine = options.engine ?? (await deployEngine(ethers));
  const reports = (await ethers.deployContract("ServicerReports", [
    admin.address,
    deal.originalPoolBalance,
    options.initialLoans ?? INITIAL_LOANS,
  ])) as unknown as ServicerReports;
  const { terms, classes } = waterfallTermsOf(deal, tokenAddresses, options.cutoffDate ?? PAST_CUTOFF);
  const factory = await ethers.getContractFactory("PaymentWaterfall", {
    libraries: { WaterfallEngine: engine },
  });
  const payees = {
    servicer: await servicerPayee!.getAddress(),
    trustee: await trusteePayee!.getAddress(),
    residual: await residualHolder!.getAddress(),
  };
  const waterfall = (await factory.deploy(cashAddress, await reports.getAddress(), terms, classes, payees, admin.address)) as unknown as PaymentWaterfall;
  await waterfall.waitForDeployment();
  const waterfallAddress = await waterfall.getAddress();
  const lensFactory = await ethers.getContractFactory("WaterfallLens", {
    libraries: { WaterfallEngine: engine },
  });
  const lens = (await lensFactory.deploy()) as unknown as WaterfallLens;
  for (const token of tokens) await token.setDistributor(waterfallAddress);

  await reports.connect(admin).grantRole(await reports.SERVICER_ROLE(), servicer.address);
  await reports.connect(admin).grantRole(await reports.TRUSTEE_ROLE(), trustee.address);
  await waterfall.connect(admin).grantRole(await waterfall.SERVICER_ROLE(), servicer.address);
  await waterfall.connect(admin).grantRole(await waterfall.TRUSTEE_ROLE(), trustee.address);
  await cash.connect(admin).mint(servicer.address, 10n ** 30n);
  await cash.connect(servicer).approve(waterfallAddress, ethers.MaxUint256);
  if (terms.reserveInitialBalance > 0n) await waterfall.connect(servicer).openReserve();
  return {
    deal,
    cash,
    reports,
    waterfall,
    lens,
    engine,
    tokens,
    tokenAddresses,
    admin,
    servicer,
    trustee,
    servicerPayee: servicerPayee!,
    trusteePayee: trusteePayee!,
    residualHolder: residualHolder!,
    outsider,
  };
}

const bucket = (count: number, balance: bigint) => ({ count, balance });

/**
 * A servicer report standing for the model's `c`: prepayments split into curtailments and payoffs, the 60+
 * balance in the 60-day bucket (one loan) — `collateralOfReport` gives `c` back. `loans` is the loan count at the
 * start of the period; the report keeps it until the pool is gone.
 */
export function servicerReportOf(period: number, c: CollateralPeriod, loans = INITIAL_LOANS): ServicerReport {
  const curtailments = c.prepayments / 3n;
  const endingLoanCount = c.endingPoolBalance === 0n ? 0 : loans;
  const delinquent = c.delinquent60Plus > 0n && endingLoanCount > 0 ? 1 : 0;
  return {
    period,
    interestCollected: c.interestCollected,
    servicingFee: 0n,
    trusteeFee: 0n,
    scheduledPrincipal: c.scheduledPrincipal,
    curtailments,
    payoffs: c.prepayments - curtailments,
    payoffCount: 0,
    liquidationProceeds: c.liquidationProceeds,
    realizedLoss: c.realizedLoss,
    recoveries: c.recoveries ?? 0n,
    delinquent30: bucket(0, 0n),
    delinquent60: bucket(delinquent, c.delinquent60Plus),
    delinquent90Plus: bucket(0, 0n),
    foreclosure: bucket(0, 0n),
    reo: bucket(0, 0n),
    endingLoanCount,
    endingPoolBalance: c.endingPoolBalance,
    loanRoot: `0x${period.toString(16).padStart(64, "0")}`,
    fileHash: `0x${(period + 0xf11e).toString(16).padStart(64, "0")}`,
    // A realistic word: some periods carry warnings (hashed and emitted like the rest).
    reconciliationWarnings: period % 3 === 0 ? (1n << 144n) | (BigInt(period) << 128n) : 0n,
  };
}

export interface CycleGas {
  /** The keeper's mark of the period's record date (anyone, after the month end). */
  recordDate: bigint;
  submit: bigint;
  attest: bigint;
  /** The separate deposit (0 when it is part of the execution's transaction). */
  fund: bigint;
  /** The execution, with the servicer's deposit unless funded separately. */
  execute: bigint;
  /** submit + attest + fund + execute (the definition of a cycle). */
  total: bigint;
  /** Every transaction of the cycle: the record date too. */
  allTransactions: bigint;
}

/**
 * record date (a keeper; skipped if already marked) → submit → attest → the servicer's deposit of exactly the
 * remittance due and the execution in one transaction (`fundAndExecute`), or with `separateFunding` the deposit
 * (`fund`) and the execution (`execute`, by anyone) as two.
 */
export async function runCycle(
  d: WaterfallDeployment,
  report: ServicerReport,
  options: { separateFunding?: boolean } = {},
): Promise<{ gas: CycleGas; receipt: ContractTransactionReceipt; remittance: bigint }> {
  const gasOf = async (tx: Promise<{ wait: () => Promise<ContractTransactionReceipt | null> }>) => {
    const receipt = await (await tx).wait();
    if (receipt === null) throw new Error("no receipt");
    return receipt;
  };
  const marked = (await recordDateDue(d)) ? await gasOf(markRecordDateWhenDue(d.waterfall, d.outsider)) : undefined;
  const submitted = await gasOf(d.reports.connect(d.servicer).submit(report));
  const hash = await d.reports.hashReport(report);
  const attested = await gasOf(d.reports.connect(d.trustee).attest(report.period, hash));
  const remittance = await d.lens.remittanceDue(await d.waterfall.getAddress(), report);
  let funded: ContractTransactionReceipt | undefined;
  let executed: ContractTransactionReceipt;
  if (options.separateFunding === true) {
    funded = remittance > 0n ? await gasOf(d.waterfall.connect(d.servicer).fund(report.period, remittance)) : undefined;
    executed = await gasOf(d.waterfall.execute(report));
  } else {
    executed = await gasOf(d.waterfall.connect(d.servicer).fundAndExecute(report));
  }
  const gas = {
    recordDate: marked?.gasUsed ?? 0n,
    submit: submitted.gasUsed,
    attest: attested.gasUsed,
    fund: funded?.gasUsed ?? 0n,
    execute: executed.gasUsed,
    total: 0n,
    allTransactions: 0n,
  };
  gas.total = gas.submit + gas.attest + gas.fund + gas.execute;
  gas.allTransactions = gas.total + gas.recordDate;
  return { gas, receipt: executed, remittance };
}

/** Whether the next period's record date is still to mark (now or once its month has ended). */
export async function recordDateDue(d: WaterfallDeployment): Promise<boolean> {
  try {
    await d.waterfall.connect(d.outsider).markRecordDate.staticCall();
    return true;
  } catch (error) {
    const name = d.waterfall.interface.parseError((error as { data?: string }).data ?? "0x")?.name;
    if (name === "WaterfallRecordDateAlreadyMarked") return false;
    if (name === "WaterfallRecordDateNotReached") return true;
    throw error;
  }
}

/**
 * The keeper at the boundary: moves the chain's clock to the first second after the next period's record date
 * if it is not there yet (a development chain's clock), then marks it from `keeper`'s account.
 */
export async function markRecordDateWhenDue(waterfall: PaymentWaterfall, keeper: Signer) {
  const provider = keeper.provider!;
  const period = (await waterfall.dealState()).period + 1n;
  const recordDate = await waterfall.recordDateOf(period);
  const now = BigInt((await provider.getBlock("latest"))!.timestamp);
  if (now <= recordDate) await (provider as unknown as { send: (m: string, p: unknown[]) => Promise<unknown> }).send("evm_setNextBlockTimestamp", [Number(recordDate + 1n)]);
  return waterfall.connect(keeper).markRecordDate();
}
