/**
 * `mbs holders rules` (src/holders/rules.ts) on the in-process network: an uncapped class token with onboarded
 * holders, its rules changed field by field in the deal file's units, every refusal made before anything is sent.
 */
import { expect } from "chai";
import hre, { network } from "hardhat";
import type { HDNodeWallet } from "ethers";

import { InvalidInputError } from "../../src/errors.js";
import { MissingRoleError } from "../../src/chain/index.js";
import { countTokenHolders } from "../../src/holders/count.js";
import { formatSetRules, setRulesJson } from "../../src/holders/format.js";
import { setTransferRules } from "../../src/holders/rules.js";
import { CLASS_TOKEN_ABI } from "../../src/holders/token.js";
import type { PoolToken } from "../../typechain-types/index.js";
import { rejection } from "../kyc/fixtures.js";
import { ACCREDITED, HOLDER_LIMIT_REACHED, deployClassToken, usd } from "./fixtures.js";

const { ethers, networkHelpers } = await network.create();
const { loadFixture } = networkHelpers;

const QIB = 4;
const FACE_CAP = 1_000_000n * 1_000_000n;
const LOCKUP = Date.UTC(2027, 5, 30) / 1000; // 2027-06-30 00:00 UTC
/** Rules without a holder cap: the token keeps no count on chain (ADR 0021). */
const UNCAPPED = { allowedClasses: ACCREDITED, minHolding: usd(1_000), maxHolders: 0, lockupUntil: BigInt(LOCKUP), blockedCountries: [408, 364] };

/** An uncapped class token held by three of five onboarded investors; the admin holds its compliance role. */
async function heldTokenFixture() {
  const f = await deployClassToken({ ethers, networkHelpers }, { rules: UNCAPPED, faceCap: FACE_CAP, investors: 5, verifiedForSeconds: 3n * 365n * 86_400n });
  for (const [i, w] of f.investors.slice(0, 3).entries()) await f.token.connect(f.issuer).mint(w.address, usd(100_000 * (i + 1)));
  return f;
}

const nonceOf = (address: string) => ethers.provider.getTransactionCount(address);
const rulesOf = async (token: PoolToken) => {
  const r = await token.transferRules();
  return { allowedClasses: Number(r.allowedClasses), minHolding: r.minHolding, maxHolders: Number(r.maxHolders), lockupUntil: Number(r.lockupUntil), blockedCountries: r.blockedCountries.map(Number) };
};

describe("mbs holders rules: a class token's transfer rules changed in the deal file's units", function () {
  it("uses only functions, events and errors the compiled PoolToken has", async function () {
    const compiled = new ethers.Interface((await hre.artifacts.readArtifact("PoolToken")).abi);
    const missing = new ethers.Interface(CLASS_TOKEN_ABI).fragments
      .filter((f) => !compiled.fragments.some((g) => g.type === f.type && g.format("sighash") === f.format("sighash")))
      .map((f) => `${f.type} ${f.format("sighash")}`);
    expect(missing).to.deep.equal([]);
  });

  it("sets a holder cap once `mbs holders count` has proven the holders, and the cap then refuses a new holder beyond it", async function () {
    const { admin, token, address, investors } = await loadFixture(heldTokenFixture);
    await countTokenHolders({ token: address }, admin);
    const result = await setTransferRules({ token: address, maxHolders: "3" }, admin);

    expect(result).to.include({ outcome: "updated", holderCount: 3 });
    expect(await rulesOf(token)).to.deep.equal({ ...UNCAPPED, lockupUntil: LOCKUP, maxHolders: 3 });
    const receipt = (await ethers.provider.getTransactionReceipt(result.txHash!))!;
    const updated = receipt.logs.map((l) => token.interface.parseLog(l)).find((e) => e?.name === "TransferRulesUpdated");
    expect(updated?.args.maxHolders).to.equal(3n);
    expect(result.notes).to.deep.equal(["MBS26A has 3 holder(s), at the cap of 3: no new holder is accepted until holders leave (existing holders keep trading among themselves)"]);

    // Past the lockup, a fourth holder is refused by the token; the three holders still trade among themselves.
    await networkHelpers.time.increaseTo(LOCKUP + 1);
    const [a, b, , d] = investors as [HDNodeWallet, HDNodeWallet, HDNodeWallet, HDNodeWallet];
    expect(await token.detectTransferRestriction(a.address, d.address, usd(1_000))).to.equal(HOLDER_LIMIT_REACHED);
    await expect(token.connect(a).transfer(d.address, usd(1_000))).to.be.revertedWithCustomError(token, "TokenTransferRestricted");
    await token.connect(a).transfer(b.address, usd(1_000));

    const text = formatSetRules(result);
    expect(text).to.match(new RegExp(`^changed 1 transfer rule\\(s\\) of MBS26A ${address} in tx ${result.txHash} \\(block ${receipt.blockNumber}\\)`));
    expect(text).to.match(/\nmax-holders\s+none\s+→ 3\n/);
    expect(text).to.match(/\nmin-holding\s+1,000\.00 USD\s+\(unchanged\)\n/);
    expect(text).to.match(/\nlockup-until\s+2027-06-30\s+\(unchanged\)\n/);
  });

  it("changes only the rules given and keeps the others, each shown current → new in the user's units", async function () {
    const { admin, token, address } = await loadFixture(heldTokenFixture);
    const result = await setTransferRules({ token: address, classes: "accredited,QIB", minHolding: "25,000.50", blockedCountries: "408,364,192" }, admin);
    expect(result.outcome).to.equal("updated");
    expect(await rulesOf(token)).to.deep.equal({
      allowedClasses: ACCREDITED | QIB, minHolding: 25_000_500_000n, maxHolders: 0, lockupUntil: LOCKUP, blockedCountries: [408, 364, 192],
    });
    const changes = Object.fromEntries(result.changes.map((c) => [c.option, [c.from, c.to, c.changed]]));
    expect(changes).to.deep.equal({
      "--classes": ["accredited", "accredited, qib", true],
      "--min-holding": ["1,000.00 USD", "25,000.50 USD", true],
      "--max-holders": ["none", "none", false],
      "--lockup-until": ["2027-06-30", "2027-06-30", false],
      "--blocked-countries": ["408, 364", "408, 364, 192", true],
    });
    await setTransferRules({ token: address, lockupUntil: "none", blockedCountries: "none" }, admin);
    expect(await rulesOf(token)).to.deep.include({ allowedClasses: ACCREDITED | QIB, minHolding: 25_000_500_000n, lockupUntil: 0, blockedCountries: [] });
    // A date already past on chain is accepted (it blocks nothing), and said so.
    const past = await setTransferRules({ token: address, lockupUntil: "2020-01-31" }, admin);
    expect(past.notes).to.deep.equal(["the lockup date 2020-01-31 has already passed on chain: it blocks no transfer"]);
    expect(formatSetRules(past)).to.match(/\nlockup-until\s+none\s+→ 2020-01-31\n(.|\n)*\nnote: the lockup date 2020-01-31 has already passed on chain/);
  });

  it("says the rules are already in force, and sends nothing, when run again (also with the countries in another order)", async function () {
    const { admin, address } = await loadFixture(heldTokenFixture);
    await setTransferRules({ token: address, minHolding: "5000" }, admin);
    const nonce = await nonceOf(admin.address);
    const again = await setTransferRules({ token: address, minHolding: "5000.00", blockedCountries: "364,408", classes: "accredited" }, admin);
    expect(again).to.include({ outcome: "unchanged", txHash: undefined });
    expect(await nonceOf(admin.address)).to.equal(nonce);
    expect(formatSetRules(again)).to.match(new RegExp(`^MBS26A ${address}: these transfer rules are already in force: nothing sent\n`));
    expect(setRulesJson(again)).to.deep.include({ outcome: "unchanged", sent: false, txHash: null });
  });

  it("refuses every bad option in the user's terms before reading the chain, and sends nothing", async function () {
    const { admin, token, address } = await loadFixture(heldTokenFixture);
    const nonce = await nonceOf(admin.address);
    const refused: [Record<string, string>, RegExp][] = [
      [{ classes: "accredited,pension" }, /^--classes: unknown investor class "pension" \(known: retail, accredited, qib, institutional, non-us\) \(got "accredited,pension"\)\. Nothing sent$/],
      [{ minHolding: "-5" }, /^--min-holding: must not be negative \(got "-5"\)/],
      [{ minHolding: "100.005" }, /^--min-holding: expected dollars with at most two decimals, such as "1000000\.00" \(got "100\.005"\)/],
      [{ lockupUntil: "30/06/2027" }, /^--lockup-until: expected a date as "YYYY-MM-DD" \(got "30\/06\/2027"\)/],
      [{ lockupUntil: "2027-02-30" }, /^--lockup-until: not a calendar date/],
      [{ blockedCountries: "408,1000" }, /^--blocked-countries: country codes are ISO 3166-1 numeric, 1 to 999 \(840 = United States\) \(got "408,1000"\)/],
      [{ blockedCountries: Array.from({ length: 16 }, (_, i) => String(i + 1)).join(",") }, /^--blocked-countries: at most 15 blocked countries fit the token's rule slot/],
      [{ maxHolders: "many" }, /^--max-holders: expected a whole number of holders/],
      [{ maxHolders: "-1", minHolding: "abc" }, /^--min-holding, --max-holders: --min-holding: expected dollars .*; --max-holders: expected a whole number of holders .*\. Nothing sent$/],
      [{}, /^--classes, --min-holding, --max-holders, --lockup-until, --blocked-countries: give at least one rule to change/],
    ];
    for (const [options, pattern] of refused) await rejection(setTransferRules({ token: address, ...options }, admin), InvalidInputError, pattern);
    expect(await nonceOf(admin.address)).to.equal(nonce);
    expect(await rulesOf(token)).to.deep.equal({ ...UNCAPPED, lockupUntil: LOCKUP });
  });

  it("refuses rules the token would refuse, in the user's terms: a cap without a minimum holding, a minimum holding above the class's face", async function () {
    const { admin, token, address } = await loadFixture(heldTokenFixture);
    await countTokenHolders({ token: address }, admin);
    const nonce = await nonceOf(admin.address);
    await rejection(setTransferRules({ token: address, maxHolders: "10", minHolding: "0" }, admin), InvalidInputError,
      /^--max-holders: a holder cap needs a minimum holding \(minHolding\): without a lot size anyone could fill the cap by sending dust; give a --min-holding above 0 with the cap \(got "10"\)/);
    await rejection(setTransferRules({ token: address, minHolding: "1000000.01" }, admin), InvalidInputError,
      /^--min-holding: larger than the class's original face: nobody could hold it \(the class's face is 1,000,000\.00 USD\) \(got "1000000\.01"\)\. Nothing sent$/);
    await setTransferRules({ token: address, maxHolders: "10" }, admin);
    await rejection(setTransferRules({ token: address, minHolding: "none" }, admin), InvalidInputError,
      /^--min-holding: a holder cap needs a minimum holding .*; MBS26A keeps its cap of 10 holders: remove it with --max-holders 0, or keep a minimum holding \(got "none"\)/);
    expect(await nonceOf(admin.address)).to.equal(nonce + 1);
    expect((await rulesOf(token)).minHolding).to.equal(usd(1_000));

    await setTransferRules({ token: address, maxHolders: "0", minHolding: "0" }, admin);
    await rejection(setTransferRules({ token: address, maxHolders: "10" }, admin), InvalidInputError,
      /^--max-holders: a holder cap needs a minimum holding .*; MBS26A has none: give --min-holding too \(got "10"\)\. Nothing sent$/);
    expect(await nonceOf(admin.address)).to.equal(nonce + 2);
  });

  it("refuses a cap on a token that does not count its holders, pointing to `mbs holders count`, and sends nothing", async function () {
    const { admin, token, address } = await loadFixture(heldTokenFixture);
    const nonce = await nonceOf(admin.address);
    await rejection(setTransferRules({ token: address, maxHolders: "500" }, admin), InvalidInputError,
      new RegExp(`^--max-holders: the class token MBS26A at ${address} does not count its holders on chain .* run \`npx hardhat mbs holders count --token ${address}\` first to prove its holders, then this command again\\. Nothing sent$`));
    expect(await nonceOf(admin.address)).to.equal(nonce);
    expect(await token.isHolderCountTracked()).to.equal(false);
  });

  it("refuses a signer without the token's compliance role before sending anything", async function () {
    const { outsider, address } = await loadFixture(heldTokenFixture);
    const nonce = await nonceOf(outsider.address);
    await rejection(setTransferRules({ token: address, minHolding: "2000" }, outsider), MissingRoleError,
      new RegExp(`account ${outsider.address} does not hold COMPLIANCE_ROLE on the class token MBS26A at ${address}; an admin must grantRole`));
    expect(await nonceOf(outsider.address)).to.equal(nonce);
  });

  it("shows the change and the gas estimate on a dry run, and sends nothing", async function () {
    const { admin, token, address } = await loadFixture(heldTokenFixture);
    const nonce = await nonceOf(admin.address);
    const dry = await setTransferRules({ token: address, minHolding: "2500", dryRun: true }, admin);
    expect(dry).to.include({ outcome: "dry-run", txHash: undefined, holderCount: undefined });
    expect(dry.gasEstimate! > 21_000n).to.equal(true);
    expect(await nonceOf(admin.address)).to.equal(nonce);
    expect((await rulesOf(token)).minHolding).to.equal(usd(1_000));
    const text = formatSetRules(dry);
    expect(text).to.match(/^dry run: nothing sent\. MBS26A 0x[0-9a-fA-F]{40} would change 1 transfer rule\(s\) with one setTransferRules transaction\n/);
    expect(text).to.match(/\nmin-holding\s+1,000\.00 USD → 2,500\.00 USD\n/);
    expect(text).to.include(`gas estimate       ${dry.gasEstimate!.toLocaleString("en-US")}`);
    const json = JSON.parse(JSON.stringify(setRulesJson(dry))) as Record<string, unknown>;
    expect(json).to.deep.include({ outcome: "dry-run", sent: false, gasEstimate: dry.gasEstimate!.toString(), txHash: null });
    expect(json.next).to.deep.include({ minHolding: "2500000000", allowedClasses: ACCREDITED });
  });
});
