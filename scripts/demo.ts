/**
 * `npm run demo`: a pool's life on the in-process network, told in capital-markets terms.
 *  1. The platform is deployed and compliance onboards investors (KYC registry).
 *  2. The issuer tokenizes a loan tape: validation, eligibility, stratification, Merkle commitment,
 *     the pool record and two tranche tokens deployed, first investors' allocations issued.
 *  3. Month 1: the collateral is projected (SIFMA formulas), the deal's waterfall model splits the
 *     cash by class, and the trustee distributes it on chain.
 *  4. A compliant secondary trade settles; the seller keeps the cash earned as holder of record.
 *  5. Forbidden transfers are explained before anyone sends a transaction, then refused on chain.
 *  6. Anyone holding the tape proves one loan against the on-chain commitment.
 *  7. A generated senior / mezzanine / junior deal lives thirteen months through `mbs remit`:
 *     each month's servicer file is read, reconciled, previewed on the deal model, submitted by the
 *     servicer, attested by the trustee (another key), funded and executed by the on-chain
 *     waterfall — prepayments, a delinquency wave that trips the trigger, one loan through
 *     foreclosure and REO to a liquidation at a loss — then the pool pays off, every holder and
 *     payee claims, and the waterfall and the class tokens are left empty to the unit. Between the
 *     cycles investors trade Class A on the DvP order book (scripts/demo-market.ts): a bid and an ask
 *     meet, a partial fill, a refused buyer, and trades before and after a record date.
 */
import path from "node:path";
import { network } from "hardhat";

import PlatformModule from "../deploy/modules/Platform.js";
import { reportsFromProjection } from "../src/analytics/deal/collateral.js";
import { dealConfigFromDealFile } from "../src/analytics/deal/from-deal-file.js";
import { periodStatement } from "../src/analytics/deal/statement.js";
import { initialState, runPeriod } from "../src/analytics/deal/waterfall.js";
import { projectPassThrough } from "../src/analytics/passthrough.js";
import { tokenize } from "../src/tokenize/tokenize.js";
import { formatFactor, formatUsd, per1000, parseUsd } from "../src/units.js";
import { remitDemo } from "./demo-remit.js";

const TAPE = path.resolve("examples/tapes/generic-sample.csv");
const RULES = path.resolve("examples/rules/agency-conforming.json");
const DEAL = path.resolve("examples/deals/senior-sub.json");
const SERVICING_FEE = 0.0025; // 25 bp a year retained by the servicer out of the note rate
const SPEED_PSA = 150;

const connection = await network.create();
const { ethers, ignition } = connection;
const say = (text = "") => console.log(text);
const usd = (units: bigint) => `$${formatUsd(units)}`;
const usdExact = (units: bigint) => `$${formatUsd(units, 6)}`;

// The deal file allocates to Hardhat's default accounts 1–3; 4 and 5 are would-be buyers.
const [issuer, alice, bayside, cedar, carol, delta] = await ethers.getSigners();
const names = new Map([
  [alice!.address, "Alice Capital (accredited, US)"],
  [bayside!.address, "Bayside Pension (QIB, US)"],
  [cedar!.address, "Cedar Credit Fund (QIB, US)"],
  [carol!.address, "Carol (retail, US)"],
  [delta!.address, "Delta Fund (institutional, blocked country)"],
]);
const label = (address: string) => names.get(address) ?? address;

say("== mbs-chain demo: a loan pool from tape to first distribution ==\n");

// --- 1. Platform and KYC --------------------------------------------------------------------------
const { kycRegistry } = await ignition.deploy(PlatformModule, { displayUi: false });
const registry = await ethers.getContractAt("KycRegistry", await kycRegistry.getAddress());
const now = BigInt((await ethers.provider.getBlock("latest"))!.timestamp);
const oneYear = 365n * 86_400n;
const [RETAIL, ACCREDITED, QIB, INSTITUTIONAL] = [1, 2, 4, 8];
const [US, BLOCKED] = [840, 408];
const kyc = (account: string, classes: number, country: number, record: string) => ({
  account, verifiedUntil: now + oneYear, country, classes, recordHash: ethers.id(record),
});
await (
  await registry.setInvestors([
    kyc(alice!.address, ACCREDITED, US, "kyc/alice"),
    kyc(bayside!.address, QIB | INSTITUTIONAL, US, "kyc/bayside"),
    kyc(cedar!.address, QIB, US, "kyc/cedar"),
    kyc(carol!.address, RETAIL, US, "kyc/carol"),
    kyc(delta!.address, INSTITUTIONAL, BLOCKED, "kyc/delta"),
  ])
).wait();
say(`1. KYC registry ${await registry.getAddress()}: onboarded ${names.size} investors in one batch (record hashes only, no PII).`);

// --- 2. Tokenize the tape -------------------------------------------------------------------------
const { manifest, pool, deal } = await tokenize(
  { tapePath: TAPE, rulesPath: RULES, dealPath: DEAL, registry: await registry.getAddress() },
  connection,
);
const stats = manifest.stats;
say(`2. Tokenized ${path.basename(TAPE)} into "${manifest.deal.name}":`);
say(`   ${manifest.inputs.tape.loansRead} loans read, ${manifest.commitment.loanCount} eligible, ${manifest.excluded.length} excluded by the rules` +
  (manifest.excluded.length > 0 ? ` (e.g. ${manifest.excluded[0]!.loanId}: ${manifest.excluded[0]!.reason})` : ""));
say(`   UPB $${formatUsd(BigInt(manifest.commitment.upbCents) * 10_000n)}, WAC ${stats.wacPct?.toFixed(3)}%, WAM ${stats.wamMonths?.toFixed(1)} months, WA FICO ${stats.fico.weightedAverage?.toFixed(0)}, WA LTV ${stats.ltvPct.weightedAverage?.toFixed(1)}%`);
say(`   Merkle root ${manifest.commitment.merkleRoot} committed in LoanPool ${manifest.contracts.loanPool}`);
for (const t of manifest.contracts.tranches) {
  say(`   ${t.name.padEnd(24)} ${t.symbol}  ${t.address}  original face $${formatUsd(BigInt(t.originalFaceCents) * 10_000n)}  coupon ${(t.couponPpm / 10_000).toFixed(3)}%`);
}
const cash = await ethers.getContractAt("TestStablecoin", manifest.contracts.cash);
const tokens = await Promise.all(manifest.contracts.tranches.map((t) => ethers.getContractAt("PoolToken", t.address)));
const [classA, classB] = tokens as [typeof tokens[number], typeof tokens[number]];

// --- 3. Month 1: project, run the waterfall model, distribute --------------------------------------
const upbUsd = Number(manifest.commitment.upbCents) / 100;
const wac = (stats.wacPct ?? 0) / 100;
const projection = projectPassThrough(
  { balance: upbUsd, grossWac: wac, passThroughRate: wac - SERVICING_FEE, originalTerm: Math.round(stats.waOriginalTermMonths ?? 360), wam: Math.round(stats.wamMonths ?? 360) },
  { prepay: { kind: "psa", psa: SPEED_PSA } },
);
const { reports, originalBalance } = reportsFromProjection(projection);
const dealConfig = dealConfigFromDealFile(deal, originalBalance);
const { result: month1 } = runPeriod(dealConfig, initialState(dealConfig), reports[0]!);
const collateral = month1.pool;
say(`\n3. Month 1 remittance at ${SPEED_PSA}% PSA: collateral interest (net of servicing) ${usd(collateral.interestCollected)}, principal ${usd(collateral.principalCollected)}`);
say("   Distribution statement (per 1,000 of original face):");
say("   class     interest paid          principal paid          factor");
await (await cash.grantRole(await cash.MINTER_ROLE(), issuer!.address)).wait();
for (const [i, token] of tokens.entries()) {
  const flow = month1.classes[i]!;
  const original = await token.totalSupply();
  await (await token.grantRole(await token.DISTRIBUTOR_ROLE(), issuer!.address)).wait();
  await (await cash.mint(issuer!.address, flow.interestPaid + flow.principalPaid)).wait();
  await (await cash.approve(await token.getAddress(), flow.interestPaid + flow.principalPaid)).wait();
  await (await token.distribute(flow.interestPaid, flow.principalPaid)).wait();
  say(`   ${(await token.symbol()).padEnd(8)} ${usd(flow.interestPaid).padStart(12)} ${per1000(flow.interestPaid, original).padStart(11)}  ${usd(flow.principalPaid).padStart(12)} ${per1000(flow.principalPaid, original).padStart(12)}  ${formatFactor(await token.factor())}`);
  if ((await token.factor()) !== flow.factor) throw new Error(`${flow.id}: on-chain factor differs from the waterfall model`);
}
say("   Where the cash went, to the unit of the cash token (6 decimals):");
for (const line of periodStatement(dealConfig, month1)) {
  say(`   ${line.side === "source" ? "+" : "-"} ${line.label.padEnd(44)} ${usdExact(line.amount).padStart(18)}${line.note === undefined ? "" : `\n       (${line.note})`}`);
}
say(`   = ${"left undistributed".padEnd(44)} ${usdExact(0n).padStart(18)}`);
say("   on-chain factors equal the model's to the last unit.");

// --- 4. A compliant trade after the record date ---------------------------------------------------
const aliceFaceOnRecord = await classA.balanceOf(alice!.address);
await (await classA.connect(alice!).transfer(bayside!.address, parseUsd("1000000"))).wait();
say(`\n4. Alice sells $1,000,000 original face of ${await classA.symbol()} to Bayside after the distribution; it settles at once.`);
for (const holder of [alice!, bayside!]) {
  say(`   ${label(holder.address).padEnd(32)} face ${usd(await classA.balanceOf(holder.address)).padStart(15)}  current face ${usd(await classA.currentFaceOf(holder.address)).padStart(15)}  claimable ${usd(await classA.claimable(holder.address))}`);
}
const paid = await classA.connect(alice!).claim.staticCall();
await (await classA.connect(alice!).claim()).wait();
const recordShare = (Number((aliceFaceOnRecord * 10_000n) / (await classA.totalSupply())) / 100).toFixed(2);
say(`   Alice claims ${usd(paid)}: ${recordShare}% of the class's month-1 P&I — her share of the class on the distribution date.`);

// --- 5. Refusals, explained first -----------------------------------------------------------------
say("\n5. Transfers the rules refuse (asked with detectTransferRestriction, then attempted):");
const attempts: Array<[typeof classA, string, bigint]> = [
  [classA, carol!.address, parseUsd("50000")],
  [classA, delta!.address, parseUsd("50000")],
  [classA, bayside!.address, parseUsd("1399500")],
  [classB, alice!.address, parseUsd("100000")],
];
for (const [token, to, amount] of attempts) {
  const from = token === classB ? cedar! : alice!;
  const code = await token.detectTransferRestriction(from.address, to, amount);
  const message = await token.messageForTransferRestriction(code);
  let outcome: string;
  try {
    await (await token.connect(from).transfer(to, amount)).wait();
    throw new Error(`a transfer the rules forbid (code ${code}) was accepted`);
  } catch (error) {
    const parsed = token.interface.parseError((error as { data?: string }).data ?? "0x");
    if (parsed === null) throw error;
    outcome = `reverted ${parsed.name}(code ${parsed.args[0]})`;
  }
  say(`   ${await token.symbol()} ${usd(amount)} ${label(from.address).split(" (")[0]} → ${label(to).split(" (")[0]}: code ${code} "${message}" → ${outcome}`);
}

// --- 6. A loan's digital twin ---------------------------------------------------------------------
const [loanId] = pool.commitment.loanIds();
if (loanId === undefined) throw new Error("the pool committed no loans");
const proof = pool.commitment.proof(loanId);
const loanPool = await ethers.getContractAt("LoanPool", manifest.contracts.loanPool);
const holds = await loanPool.verifyLoan(proof.loanHash, proof.proof);
say(`\n6. Loan ${loanId} proven against the on-chain root with ${proof.proof.length} hashes: verifyLoan → ${holds}.`);

// --- 7. Thirteen months of remittance through the on-chain waterfall ------------------------------
await remitDemo(connection, { registry: await registry.getAddress(), say });

say("\nDone: KYC, tokenization, P&I through the waterfall month after month, a settled trade, refused ones, loan proofs,");
say("      secondary trading on the DvP order book and the bilateral desk between the remittance cycles.");
say("Where to look: `npm run dashboard` (a live pool page on a sample pool of its own: this demo's in-process chain ends with it;");
say("      `npm run dashboard -- --rpc URL --pool 0x…` or `--manifest FILE` for a pool on a node, e.g. after `npm run node:permissioned`).");
