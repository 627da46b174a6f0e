/**
 * Gas benchmark (not a test): every figure is `gasUsed` from a transaction receipt, measured in one
 * run on the in-process network next to a plain OpenZeppelin ERC-20 baseline deployed in the same run.
 * Writes bench/results/gas.json. Run: `npx hardhat run bench/gas.ts` (part of `npm run bench`).
 */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import hre, { network } from "hardhat";
import type { ContractTransactionResponse, Signer } from "ethers";

const { ethers } = await network.create();

const USD = 1_000_000n; // 6-decimal face and cash units
const YEAR = 365n * 24n * 3600n;
const CLASS_ACCREDITED = 2;
const US = 840;

async function gasOf(tx: Promise<ContractTransactionResponse>): Promise<number> {
  const receipt = await (await tx).wait();
  if (receipt === null) throw new Error("no receipt");
  return Number(receipt.gasUsed);
}

const signers = await ethers.getSigners();
const admin: Signer = signers[0]!;
const adminAddress = await admin.getAddress();
const now = BigInt((await ethers.provider.getBlock("latest"))!.timestamp);
const until = now + 5n * YEAR;

/**
 * Deterministic throwaway addresses for large holder sets (no keys needed to receive tokens). Realistic: the low
 * 20 bytes of a hash, like a real key's address, so calldata costs what it costs on the real chain (an address
 * with 17 zero bytes would save ~200 gas of calldata per argument and flatter every figure).
 */
function syntheticAddress(i: number): string {
  return ethers.getAddress(ethers.dataSlice(ethers.id(`mbs-bench-holder-${i}`), 12));
}

const kycUpdate = (account: string) => ({
  account,
  verifiedUntil: until,
  country: US,
  classes: CLASS_ACCREDITED,
  recordHash: ethers.id(`kyc-record:${account}`),
});

const results: Record<string, number> = {};

// --- Baseline: plain OpenZeppelin ERC-20 ---------------------------------------------------------
const baseline = await ethers.deployContract("BaselineERC20");
const [a, b] = [signers[1]!, signers[2]!];
await (await baseline.mint(await a.getAddress(), 1_000n * USD)).wait();
await (await baseline.mint(await b.getAddress(), 1_000n * USD)).wait();
results.erc20_transfer_repeat = await gasOf(baseline.connect(a).transfer(await b.getAddress(), 10n * USD));
results.erc20_transfer_first = await gasOf(baseline.connect(a).transfer(syntheticAddress(900_001), 10n * USD));

// --- Platform ------------------------------------------------------------------------------------
const registry = await ethers.deployContract("KycRegistry", [adminAddress, adminAddress]);
const cash = await ethers.deployContract("TestStablecoin", [adminAddress]);
await (await cash.grantRole(await cash.MINTER_ROLE(), adminAddress)).wait();

results.kyc_onboard_single = await gasOf(registry.setInvestor(kycUpdate(syntheticAddress(500_000))));
const batchGas = await gasOf(
  registry.setInvestors(Array.from({ length: 100 }, (_, i) => kycUpdate(syntheticAddress(600_000 + i)))),
);
results.kyc_onboard_batch100_per_investor = Math.round(batchGas / 100);

const noRules = { allowedClasses: 0xff, minHolding: 0n, maxHolders: 0, lockupUntil: 0, blockedCountries: [] as number[] };
/** What a real deal configures: eligible classes, a lot size, a holder cap and sanctioned countries. */
const CLASS_QIB = 4;
const withRules = {
  allowedClasses: CLASS_ACCREDITED | CLASS_QIB,
  minHolding: 1_000n * USD,
  maxHolders: 500,
  lockupUntil: 0,
  blockedCountries: [408, 364, 192], // North Korea, Iran, Cuba
};

async function deployTranche(symbol: string, rules: typeof withRules | typeof noRules = noRules) {
  const token = await ethers.deployContract("PoolToken", [
    `Bench ${symbol}`,
    symbol,
    await registry.getAddress(),
    await cash.getAddress(),
    adminAddress,
    rules,
    10n ** 18n, // face cap: $1 trillion in 6-decimal units, far above what the benchmark mints
  ]);
  for (const role of ["ISSUER_ROLE", "DISTRIBUTOR_ROLE", "COMPLIANCE_ROLE"] as const) {
    await (await token.grantRole(await token[role](), adminAddress)).wait();
  }
  await (await cash.approve(await token.getAddress(), ethers.MaxUint256)).wait();
  return token;
}

async function onboard(accounts: string[]): Promise<void> {
  for (let i = 0; i < accounts.length; i += 100) {
    await (await registry.setInvestors(accounts.slice(i, i + 100).map(kycUpdate))).wait();
  }
}

await (await cash.mint(adminAddress, 100_000_000n * USD)).wait();

// --- Transfers between verified holders, after a distribution (checkpoints matter) ---------------
const holderA = signers[3]!;
const holderB = signers[4]!;
const [addrA, addrB] = [await holderA.getAddress(), await holderB.getAddress()];
await onboard([addrA, addrB, syntheticAddress(700_000)]);
const transferToken = await deployTranche("XFER");
await (await transferToken.mint(addrA, 1_000_000n * USD)).wait();
await (await transferToken.mint(addrB, 1_000_000n * USD)).wait();
await (await transferToken.distribute(5_000n * USD, 20_000n * USD)).wait();
// The first transfer after a distribution also settles both parties' accrued cash.
results.pool_transfer_after_distribution = await gasOf(transferToken.connect(holderA).transfer(addrB, 10_000n * USD));
results.pool_transfer_repeat = await gasOf(transferToken.connect(holderA).transfer(addrB, 10_000n * USD));
// A class without a holder cap keeps no holder count (ADR 0021), as `mbs tokenize` deploys one; the with-rules figures
// below have a cap, so they pay for the count.
results.pool_transfer_first = await gasOf(transferToken.connect(holderA).transfer(syntheticAddress(700_000), 10_000n * USD));

// --- Distribution cost versus number of holders --------------------------------------------------
async function distributionGas(holders: number, symbol: string) {
  const accounts = Array.from({ length: holders }, (_, i) => syntheticAddress(holders * 10 + i));
  await onboard(accounts);
  const token = await deployTranche(symbol);
  for (const account of accounts) await (await token.mint(account, 1_000n * USD)).wait();
  await (await token.distribute(1_000n * USD, 1_000n * USD)).wait(); // closes issuance
  return { gas: await gasOf(token.distribute(1_000n * USD, 1_000n * USD)), token, accounts };
}
results.distribute_10_holders = (await distributionGas(10, "D10")).gas;
const thousand = await distributionGas(1000, "D1000");
results.distribute_1000_holders = thousand.gas;

// --- Switching the holder count on for an uncapped class with 1,000 holders (ADR 0021: one proof transaction) ----
const ascending = [...thousand.accounts].sort((x, y) => (BigInt(x) < BigInt(y) ? -1 : 1));
results.count_holders_1000_gas = await gasOf(thousand.token.countHolders(ascending));
if ((await thousand.token.holderCount()) !== 1000n) throw new Error("countHolders did not count the 1,000 holders");
results.count_holders_per_holder = Math.round((results.count_holders_1000_gas - 21_000) / 1000);

// --- Claim cost versus number of periods accrued -------------------------------------------------
const claimer1 = signers[5]!;
const claimer120 = signers[6]!;
await onboard([await claimer1.getAddress(), await claimer120.getAddress()]);
const claimToken = await deployTranche("CLAIM");
await (await claimToken.mint(await claimer1.getAddress(), 500_000n * USD)).wait();
await (await claimToken.mint(await claimer120.getAddress(), 500_000n * USD)).wait();
await (await claimToken.distribute(1_000n * USD, 1_000n * USD)).wait();
// Both holders claim once, so both measured claims start from the same storage state.
await (await claimToken.connect(claimer1).claim()).wait();
await (await claimToken.connect(claimer120).claim()).wait();
await (await claimToken.distribute(1_000n * USD, 1_000n * USD)).wait();
results.claim_after_1_period = await gasOf(claimToken.connect(claimer1).claim());
for (let period = 0; period < 119; period++) {
  await (await claimToken.distribute(1_000n * USD, 1_000n * USD)).wait();
}
results.claim_after_120_periods = await gasOf(claimToken.connect(claimer120).claim());

// --- The same transfers on a token whose rules are all set (parties verified and eligible) ---------
const ruledA = signers[7]!;
const ruledB = signers[8]!;
const [addrRA, addrRB] = [await ruledA.getAddress(), await ruledB.getAddress()];
await onboard([addrRA, addrRB, syntheticAddress(700_001)]);
const ruledToken = await deployTranche("RULES", withRules);
await (await ruledToken.mint(addrRA, 1_000_000n * USD)).wait();
await (await ruledToken.mint(addrRB, 1_000_000n * USD)).wait();
await (await ruledToken.distribute(5_000n * USD, 20_000n * USD)).wait();
await (await ruledToken.connect(ruledA).transfer(addrRB, 10_000n * USD)).wait(); // settles the distribution
results.pool_transfer_repeat_with_rules = await gasOf(ruledToken.connect(ruledA).transfer(addrRB, 10_000n * USD));
results.pool_transfer_first_with_rules = await gasOf(
  ruledToken.connect(ruledA).transfer(syntheticAddress(700_001), 10_000n * USD),
);

// --- Code size: the smallest margin under the EIP-170 limit across the contracts the platform deploys ----------
const CODE_SIZE_LIMIT = 24_576;
const bytecodeSizes: Record<string, number> = {};
for (const name of await hre.artifacts.getAllFullyQualifiedNames()) {
  if (!name.startsWith("contracts/") || name.startsWith("contracts/mocks/")) continue;
  const bytes = ((await hre.artifacts.readArtifact(name)).deployedBytecode.length - 2) / 2;
  if (bytes > 100) bytecodeSizes[name] = bytes; // interfaces, abstract contracts and internal libraries have none
}
results.bytecode_margin_bytes = CODE_SIZE_LIMIT - Math.max(...Object.values(bytecodeSizes));

const ratios = {
  pool_vs_erc20_transfer_repeat: results.pool_transfer_repeat / results.erc20_transfer_repeat,
  pool_vs_erc20_transfer_first: results.pool_transfer_first / results.erc20_transfer_first,
  distribute_1000_vs_10_holders: results.distribute_1000_holders / results.distribute_10_holders,
  claim_120_vs_1_periods: results.claim_after_120_periods / results.claim_after_1_period,
};
const targets = {
  pool_transfer_repeat: "<= 46000",
  pool_transfer_first: "<= 62000",
  pool_transfer_repeat_with_rules: "<= 48000",
  pool_transfer_first_with_rules: "<= 64000",
  pool_transfer_after_distribution: "<= 80000",
  kyc_onboard_single: "<= 48000",
  kyc_onboard_batch100_per_investor: "<= 26000",
  claim_after_1_period: "<= 58000",
  claim_after_120_periods: "<= 58000, within 1% of claim_after_1_period",
  distribute_1000_vs_10_holders: "within 1%",
  bytecode_margin_bytes: ">= 4096 (smallest margin under 24,576 across deployable contracts)",
};

const out = path.join("bench", "results", "gas.json");
await mkdir(path.dirname(out), { recursive: true });
await writeFile(
  out,
  JSON.stringify({ results, ratios, targets, bytecodeSizes, measuredAt: new Date().toISOString() }, null, 2) + "\n",
);
console.table(results);
console.log(`wrote ${out}`);
