/**
 * Remittance-cycle benchmark, on-chain part (not a test): the gas of one monthly cycle — the record date (a
 * keeper, at the month end), submit (servicer), attest (trustee), fund and execute (the servicer, one
 * transaction: `fundAndExecute`) — on a senior / mezzanine / junior deal with fees, a
 * reserve account, OC and triggers, whose three classes are real PoolTokens with 10 and with 10,000 holders each;
 * and the full-size differential run (model vs contract on ≥ 300 random periods over every deal shape).
 * Every gas figure is `gasUsed` from a receipt. Writes bench/results/remit.json, merging into what other parts of
 * this benchmark wrote there. Run: `npx hardhat run bench/remit.ts` (part of `npm run bench`).
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { network } from "hardhat";

import type { DealConfig } from "../src/analytics/deal/types.js";
import { initialState, runPeriod } from "../src/analytics/deal/waterfall.js";
import { collateralOfReport } from "../src/analytics/deal/onchain.js";
import type { PoolToken, TestStablecoin } from "../typechain-types/index.js";
import { deployEngine, deployWaterfall, runCycle, servicerReportOf, type CycleGas } from "../test/waterfall/harness.js";
import { runDifferential } from "../test/waterfall/differential.js";

const { ethers } = await network.create();

const USD = 1_000_000n;
const YEAR = 365n * 24n * 3600n;
const PERIODS = 8;
const DIFFERENTIAL_DEALS = Number(process.env.REMIT_BENCH_DEALS ?? 49);
const DIFFERENTIAL_PERIODS = 8;

const [admin] = await ethers.getSigners();
if (admin === undefined) throw new Error("no signer");
const now = BigInt((await ethers.provider.getBlock("latest"))!.timestamp);
const registry = await ethers.deployContract("KycRegistry", [admin.address, admin.address]);
const cash = (await ethers.deployContract("TestStablecoin", [admin.address])) as unknown as TestStablecoin;
const engine = await deployEngine(ethers);

/** A $100 million senior / mezzanine / junior deal: 85 / 7 / 5 with 3 % OC, fees, a 1 % reserve, triggers. */
const deal: DealConfig = {
  name: "bench S/M/J",
  originalPoolBalance: 100_000_000n * USD,
  principalMode: "proRataUntilTrigger",
  classes: [
    { id: "A", kind: "standard", originalBalance: 85_000_000n * USD, couponPpm: 55_000, interestRank: 0 },
    { id: "M", kind: "standard", originalBalance: 7_000_000n * USD, couponPpm: 65_000, interestRank: 1 },
    { id: "B", kind: "standard", originalBalance: 5_000_000n * USD, couponPpm: 80_000, interestRank: 2 },
  ],
  fees: { servicingPpm: 2_500, servicingFixed: 0n, trusteePpm: 100, trusteeFixed: 500n * USD },
  triggers: { delinquencyPpm: 80_000, cumulativeLossPpm: 20_000 },
  reserve: { targetPpm: 10_000, floor: 250_000n * USD, initialBalance: 1_000_000n * USD },
  overcollateralizationTargetPpm: 30_000,
  cleanUpCallPpm: 100_000,
};

/** Random-looking but deterministic holder addresses (no keys needed to receive tokens). */
function holderAddress(i: number): string {
  return ethers.getAddress(ethers.keccak256(ethers.toUtf8Bytes(`remit-bench-holder-${i}`)).slice(0, 42));
}

async function onboard(accounts: string[]): Promise<void> {
  for (let i = 0; i < accounts.length; i += 200) {
    const rows = accounts.slice(i, i + 200).map((account) => ({
      account,
      verifiedUntil: now + 5n * YEAR,
      country: 840,
      classes: 2,
      recordHash: ethers.id(`kyc:${account}`),
    }));
    await (await registry.setInvestors(rows)).wait();
  }
}

const noRules = { allowedClasses: 0xff, minHolding: 0n, maxHolders: 0, lockupUntil: 0, blockedCountries: [] as number[] };

/** The three class tokens, each spread over `holders` holders, and the deal's waterfall driving them. */
async function dealWithHolders(holders: number) {
  const accounts = Array.from({ length: holders }, (_, i) => holderAddress(holders * 100_000 + i));
  await onboard(accounts);
  const tokens: PoolToken[] = [];
  for (const c of deal.classes) {
    if (c.kind === "interestOnly") continue;
    const token = (await ethers.deployContract("PoolToken", [`Bench ${c.id}`, c.id, await registry.getAddress(), await cash.getAddress(), admin!.address, noRules, c.originalBalance])) as unknown as PoolToken;
    await (await token.grantRole(await token.ISSUER_ROLE(), admin!.address)).wait();
    const each = c.originalBalance / BigInt(holders);
    for (const [i, account] of accounts.entries()) {
      const amount = i === holders - 1 ? c.originalBalance - each * BigInt(holders - 1) : each;
      await (await token.mint(account, amount)).wait();
    }
    tokens.push(token);
  }
  const d = await deployWaterfall(ethers, deal, { engine, cash, tokenAddresses: await Promise.all(tokens.map((t) => t.getAddress())) });
  for (const token of tokens) await (await token.grantRole(await token.DISTRIBUTOR_ROLE(), await d.waterfall.getAddress())).wait();
  return { d, tokens };
}

/** A steady month: 6 % CPR-ish prepayments, some delinquency, a small liquidation with a loss every third month. */
function month(t: number, beginning: bigint) {
  const scheduled = beginning / 400n;
  const prepayments = (beginning - scheduled) / 200n;
  const liquidated = t % 3 === 0 ? beginning / 1_000n : 0n;
  const realizedLoss = liquidated / 3n;
  const liquidationProceeds = liquidated - realizedLoss;
  return {
    interestCollected: (beginning * 60_000n) / 12_000_000n,
    scheduledPrincipal: scheduled,
    prepayments,
    liquidationProceeds,
    realizedLoss,
    recoveries: t === 5 ? realizedLoss / 2n + 1n : 0n,
    delinquent60Plus: beginning / 50n,
    endingPoolBalance: beginning - scheduled - prepayments - liquidated,
  };
}

async function cycles(holders: number): Promise<{ first: CycleGas; steady: CycleGas[] }> {
  const { d } = await dealWithHolders(holders);
  let state = initialState(deal);
  const gas: CycleGas[] = [];
  for (let t = 1; t <= PERIODS; t++) {
    const report = servicerReportOf(t, month(t, state.poolBalance), 400);
    const expected = runPeriod(deal, state, collateralOfReport(report));
    const { gas: g } = await runCycle(d, report);
    const s = await d.waterfall.dealState();
    if (s.poolBalance !== expected.state.poolBalance || s.reserveBalance !== expected.state.reserveBalance) {
      throw new Error(`period ${t}: the contract disagrees with the model`);
    }
    state = expected.state;
    gas.push(g);
  }
  return { first: gas[0]!, steady: gas.slice(1) };
}

const started = performance.now();
const ten = await cycles(10);
const tenThousand = await cycles(10_000);
const setupSeconds = (performance.now() - started) / 1000;
const max = (list: CycleGas[], key: keyof CycleGas) => Number(list.reduce((m, g) => (g[key] > m ? g[key] : m), 0n));

const differentialStarted = performance.now();
const differential = await runDifferential(ethers, { deals: DIFFERENTIAL_DEALS, periods: DIFFERENTIAL_PERIODS, firstSeed: 10_001 });
if (differential.mismatches.length > 0) {
  console.error(differential.mismatches.slice(0, 20).join("\n"));
  throw new Error(`${differential.mismatches.length} differential mismatches`);
}

const results = {
  cycle_gas_total: max(ten.steady, "total"),
  cycle_gas_all_transactions: max(ten.steady, "allTransactions"),
  cycle_gas_10_holders: max(ten.steady, "total"),
  cycle_gas_10000_holders: max(tenThousand.steady, "total"),
  cycle_gas_all_transactions_10000_holders: max(tenThousand.steady, "allTransactions"),
  cycle_gas_first_period: Number(ten.first.total),
  record_date_gas: max(ten.steady, "recordDate"),
  submit_gas: max(ten.steady, "submit"),
  attest_gas: max(ten.steady, "attest"),
  fund_and_execute_gas: max(ten.steady, "execute"),
  differential_cases: differential.periods,
  differential_deals: differential.deals,
};
const ratios = {
  cycle_gas_10000_vs_10_holders: results.cycle_gas_10000_holders / results.cycle_gas_10_holders,
  cycle_gas_all_transactions_10000_vs_10_holders: results.cycle_gas_all_transactions_10000_holders / results.cycle_gas_all_transactions,
};
const notes = {
  cycle: `max over periods 2–${PERIODS} (3 PoolToken classes + reserve; period 1 also pays first-time storage). cycle_gas_total: submit + attest + fund + execute, the issue's four steps, fund and execute being one transaction (fundAndExecute, servicer); cycle_gas_all_transactions adds the keeper's record-date mark (record_date_gas), every transaction of a steady cycle`,
  differential: `periods by shape ${JSON.stringify(differential.byShape)}; rules reached ${JSON.stringify(differential.reached)}`,
  seconds: { setup_and_cycles: Number(setupSeconds.toFixed(1)), differential: Number(((performance.now() - differentialStarted) / 1000).toFixed(1)) },
};

const out = path.join("bench", "results", "remit.json");
await mkdir(path.dirname(out), { recursive: true });
let previous: { results?: Record<string, unknown>; ratios?: Record<string, unknown>; targets?: Record<string, unknown> } = {};
try {
  previous = JSON.parse(await readFile(out, "utf8")) as typeof previous;
} catch {
  // first run
}
// Keys of an older cycle layout (separate fund and execute transactions) are not carried over.
const stale = new Set(["fund_gas", "execute_gas"]);
const merged = {
  results: { ...Object.fromEntries(Object.entries(previous.results ?? {}).filter(([k]) => !stale.has(k))), ...results },
  ratios: { ...previous.ratios, ...ratios },
  targets: {
    ...previous.targets,
    cycle_gas_total: "<= 400000",
    cycle_gas_all_transactions: "no target in the issue (its key is cycle_gas_total, the four steps); reported because the keeper's record-date mark is a transaction of every month too: see notes.cycle",
    cycle_gas_10000_vs_10_holders: "within 1%",
    differential_cases: ">= 300",
  },
  notes,
  measuredAt: new Date().toISOString(),
};
await writeFile(out, JSON.stringify(merged, null, 2) + "\n");
console.table(results);
console.log(`wrote ${out}`);
