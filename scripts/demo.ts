/**
 * `npm run demo`: a small pool's life on the in-process network, told in capital-markets terms.
 * Investors are onboarded, Class A tokens issued, a monthly distribution paid and claimed, a
 * compliant secondary transfer settles and a non-compliant one is refused with its reason.
 */
import { network } from "hardhat";

import PlatformModule from "../deploy/modules/Platform.js";
import TestCashModule from "../deploy/modules/TestCash.js";
import { formatFactor, formatUsd, per1000, parseUsd } from "../src/units.js";

const { ethers, ignition } = await network.create();
const say = (text = "") => console.log(text);
const usd = (units: bigint) => `$${formatUsd(units)}`;

const [issuer, alice, bob, carol, dave] = await ethers.getSigners();
const names = new Map([
  [alice!.address, "Alice Capital (accredited, US)"],
  [bob!.address, "Bayside Pension (QIB, US)"],
  [carol!.address, "Carol (retail, US)"],
  [dave!.address, "Delta Fund (institutional, sanctioned country)"],
]);
const label = (address: string) => names.get(address) ?? address;

say("== mbs-chain demo: one pool, one month ==");
say();
const { kycRegistry } = await ignition.deploy(PlatformModule, { displayUi: false });
const { cash } = await ignition.deploy(TestCashModule, { displayUi: false });
const registry = await ethers.getContractAt("KycRegistry", await kycRegistry.getAddress());
const stablecoin = await ethers.getContractAt("TestStablecoin", await cash.getAddress());
say(`Platform deployed: KYC registry ${await registry.getAddress()}, settlement stablecoin tUSD ${await stablecoin.getAddress()}`);

// --- Compliance onboards investors (no personal data on chain: a record hash in the event only) ---
const now = BigInt((await ethers.provider.getBlock("latest"))!.timestamp);
const oneYear = 365n * 86_400n;
const [RETAIL, ACCREDITED, QIB, INSTITUTIONAL] = [1, 2, 4, 8];
const US = 840;
const SANCTIONED = 408; // ISO 3166-1 numeric, blocked by this deal's rules
await (
  await registry.setInvestors([
    { account: alice!.address, verifiedUntil: now + oneYear, country: US, classes: ACCREDITED, recordHash: ethers.id("kyc/alice") },
    { account: bob!.address, verifiedUntil: now + oneYear, country: US, classes: QIB | INSTITUTIONAL, recordHash: ethers.id("kyc/bob") },
    { account: carol!.address, verifiedUntil: now + oneYear, country: US, classes: RETAIL, recordHash: ethers.id("kyc/carol") },
    { account: dave!.address, verifiedUntil: now + oneYear, country: SANCTIONED, classes: INSTITUTIONAL, recordHash: ethers.id("kyc/dave") },
  ])
).wait();
say(`Onboarded 4 investors in one batch: ${[...names.values()].join("; ")}`);

// --- Issuer deploys Class A and issues it ---------------------------------------------------------
const rules = {
  allowedClasses: ACCREDITED | QIB | INSTITUTIONAL,
  minHolding: parseUsd("25000"),
  maxHolders: 2000,
  lockupUntil: 0,
  blockedCountries: [SANCTIONED],
};
const classA = await ethers.deployContract("PoolToken", [
  "MBS 2026-1 Class A 5.50%", "MBS261A", await registry.getAddress(), await stablecoin.getAddress(), issuer!.address, rules,
]);
for (const role of ["ISSUER_ROLE", "DISTRIBUTOR_ROLE", "COMPLIANCE_ROLE"] as const) {
  await (await classA.grantRole(await classA[role](), issuer!.address)).wait();
}
const originalFace = parseUsd("10000000");
await (await classA.mint(alice!.address, parseUsd("6000000"))).wait();
await (await classA.mint(bob!.address, parseUsd("4000000"))).wait();
say();
say(`Issued ${usd(originalFace)} original face of Class A (5.50%): Alice $6,000,000, Bayside $4,000,000.`);
say(`  Rules: accredited/QIB/institutional only, $25,000 minimum holding, country ${SANCTIONED} blocked.`);

// --- Month 1 remittance: the trustee distributes interest and principal ----------------------------
const interest = (originalFace * 550n) / 10_000n / 12n; // 5.50% / 12 on the full balance
const principal = parseUsd("182345.67");
await (await stablecoin.grantRole(await stablecoin.MINTER_ROLE(), issuer!.address)).wait();
await (await stablecoin.mint(issuer!.address, interest + principal)).wait();
await (await stablecoin.approve(await classA.getAddress(), interest + principal)).wait();
await (await classA.distribute(interest, principal)).wait();
say();
say("Month 1 distribution (per 1,000 of original face):");
say(`  interest  ${usd(interest).padStart(16)}   ${per1000(interest, originalFace)}`);
say(`  principal ${usd(principal).padStart(16)}   ${per1000(principal, originalFace)}`);
say(`  factor now ${formatFactor(await classA.factor())}; current face ${usd(await classA.currentFace())}`);

// --- Record-date semantics: Alice sells after the distribution; the cash she earned stays hers ------
await (await classA.connect(alice!).transfer(bob!.address, parseUsd("1000000"))).wait();
say();
say("Alice sells $1,000,000 original face to Bayside after the distribution (compliant: settles at once).");
for (const holder of [alice!, bob!]) {
  const balance = await classA.balanceOf(holder.address);
  say(`  ${label(holder.address).padEnd(34)} face ${usd(balance).padStart(16)}  current face ${usd(await classA.currentFaceOf(holder.address)).padStart(16)}  claimable ${usd(await classA.claimable(holder.address))}`);
}
const paid = await classA.connect(alice!).claim.staticCall();
await (await classA.connect(alice!).claim()).wait();
say(`  Alice claims ${usd(paid)} — 60% of the month's P&I, because she was the holder of record.`);

// --- Refusals, explained before anyone sends a failing transaction -------------------------------
say();
say("Transfers the rules refuse (asked with detectTransferRestriction, then attempted):");
for (const [to, amount] of [[carol!.address, parseUsd("50000")], [dave!.address, parseUsd("50000")], [bob!.address, parseUsd("4990000")]] as const) {
  const code = await classA.detectTransferRestriction(alice!.address, to, amount);
  const message = await classA.messageForTransferRestriction(code);
  let outcome = "unexpectedly accepted";
  try {
    await (await classA.connect(alice!).transfer(to, amount)).wait();
  } catch (error) {
    const parsed = classA.interface.parseError((error as { data?: string }).data ?? "0x");
    outcome = parsed === null ? String(error) : `reverted ${parsed.name}(code ${parsed.args[0]})`;
  }
  say(`  ${usd(amount)} to ${label(to)}: code ${code} "${message}" → ${outcome}`);
}
say();
say("Done: investors onboarded, tokens issued, P&I distributed and claimed, a compliant trade settled, forbidden ones refused.");
