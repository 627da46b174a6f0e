import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect } from "chai";
import { network } from "hardhat";
import { AbiCoder, keccak256 } from "ethers";

import PlatformModule from "../../deploy/modules/Platform.js";
import { InvalidInputError, ValidationError } from "../../src/errors.js";
import { LEAF_ENCODING } from "../../src/pool/leaf.js";
import { buildPool } from "../../src/pool/pipeline.js";
import { loadRules } from "../../src/pool/rules.js";
import { loadTape } from "../../src/tape/index.js";
import { writeTape } from "../../src/tape/generate.js";
import { readManifest } from "../../src/tokenize/manifest.js";
import { loanProofFromManifest } from "../../src/tokenize/proof.js";
import { tokenize, type TokenizeOptions } from "../../src/tokenize/tokenize.js";
import { MALFORMED_DEALS, seniorSubDeal, type DealJson } from "../deal/fixtures/deals.js";
import { FANNIE_2000Q1 } from "../helpers/realData.js";

const connection = await network.create();
const { ethers, ignition } = connection;

const RULES = path.resolve("examples/rules/agency-conforming.json");
const CLASS_ACCREDITED = 2;
const CLASS_QIB = 4;
const US = 840;
/** USD face → token units of the 6-decimal test stablecoin, computed here independently. */
const UNITS_PER_CENT = 10_000n;

/** The inner leaf hash `verifyLoan` takes, from the documented leaf encoding. */
function loanHash(values: readonly unknown[]): string {
  return keccak256(AbiCoder.defaultAbiCoder().encode([...LEAF_ENCODING], values));
}

describe("tokenize (in-process network)", function () {
  this.timeout(120_000);

  let dir: string;
  let tapePath: string;
  let upbCents: bigint;
  let registry: string;
  let investors: string[];
  let outsider: string;

  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "mbs-tokenize-"));
    tapePath = path.join(dir, "tape.csv");
    await writeTape(tapePath, { format: "generic", loans: 300, seed: 20260101, cutoff: "2026-01" });
    // The pool's UPB sizes the deal; the tokenize run must arrive at the same pool.
    const { loans } = await loadTape(tapePath, { cutoff: "2026-01" });
    const pool = await buildPool(loans, await loadRules(RULES));
    upbCents = BigInt(pool.stats.currentUpbCents);

    const [, alice, bob, carol, dave] = await ethers.getSigners();
    investors = [alice!.address, bob!.address, carol!.address];
    outsider = dave!.address;
    const { kycRegistry } = await ignition.deploy(PlatformModule, { displayUi: false });
    registry = await kycRegistry.getAddress();
    const kyc = await ethers.getContractAt("KycRegistry", registry);
    const now = (await ethers.provider.getBlock("latest"))!.timestamp;
    const until = BigInt(now + 365 * 86_400);
    await (
      await kyc.setInvestors([
        { account: investors[0]!, verifiedUntil: until, country: US, classes: CLASS_ACCREDITED, recordHash: ethers.ZeroHash },
        { account: investors[1]!, verifiedUntil: until, country: US, classes: CLASS_ACCREDITED, recordHash: ethers.ZeroHash },
        { account: investors[2]!, verifiedUntil: until, country: US, classes: CLASS_QIB, recordHash: ethers.ZeroHash },
      ])
    ).wait();
  });

  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function writeDeal(name: string, deal: DealJson | string): Promise<string> {
    const file = path.join(dir, `${name}.json`);
    await writeFile(file, typeof deal === "string" ? deal : JSON.stringify(deal, null, 2));
    return file;
  }

  function options(dealPath: string, extra: Partial<TokenizeOptions> = {}): TokenizeOptions {
    return { tapePath, rulesPath: RULES, dealPath, registry, ...extra };
  }

  /** Runs `attempt`, which must fail, and proves the chain did not move. */
  async function refusedWithoutTransaction(attempt: () => Promise<unknown>): Promise<unknown> {
    const [deployer] = await ethers.getSigners();
    const nonce = await ethers.provider.getTransactionCount(deployer!.address);
    const block = await ethers.provider.getBlockNumber();
    let caught: unknown;
    try {
      await attempt();
    } catch (error) {
      caught = error;
    }
    expect(caught, "expected tokenize to refuse").to.not.equal(undefined);
    expect(await ethers.provider.getTransactionCount(deployer!.address)).to.equal(nonce);
    expect(await ethers.provider.getBlockNumber()).to.equal(block);
    return caught;
  }

  describe("refuses a malformed deal before any transaction", () => {
    for (const c of MALFORMED_DEALS) {
      it(`when it ${c.name}`, async () => {
        const deal = seniorSubDeal(upbCents, investors);
        const replaced = c.mutate(deal, { upbCents, investors, outsider });
        const file = await writeDeal(`case-${MALFORMED_DEALS.indexOf(c)}`, replaced ?? deal);
        const error = await refusedWithoutTransaction(() => tokenize(options(file), connection));
        expect(error).to.be.instanceOf(ValidationError);
        const issue = (error as ValidationError).issues[0]!;
        expect(issue.file).to.equal(file);
        if (c.field !== "") expect(issue.field).to.equal(c.field);
        expect(issue.reason).to.match(c.reason);
        expect(issue.line).to.be.greaterThan(0);
      });
    }
  });

  it("refuses a tape with a broken row before any transaction, naming its line", async () => {
    const text = await readFile(tapePath, "utf8");
    const lines = text.split("\n");
    lines[5] = lines[5]!.replace(/,/, ",-"); // a negative value in the second column
    const broken = path.join(dir, "broken.csv");
    await writeFile(broken, lines.join("\n"));
    const deal = await writeDeal("deal-for-broken", seniorSubDeal(upbCents, investors));
    const error = await refusedWithoutTransaction(() => tokenize({ ...options(deal), tapePath: broken }, connection));
    expect(error).to.be.instanceOf(ValidationError);
    expect((error as ValidationError).issues[0]?.line).to.equal(6);
  });

  it("refuses to run without a KYC registry, or with an address that holds no contract", async () => {
    const deal = await writeDeal("deal-no-registry", seniorSubDeal(upbCents, investors));
    const missing = await refusedWithoutTransaction(() => tokenize({ ...options(deal), registry: undefined }, connection));
    expect(missing).to.be.instanceOf(InvalidInputError);
    expect((missing as InvalidInputError).input).to.equal("registry");
    const empty = await refusedWithoutTransaction(() => tokenize({ ...options(deal), registry: outsider }, connection));
    expect((empty as InvalidInputError).reason).to.match(/no contract at/);
  });

  it("refuses a registry that is not a KycRegistry, cash that is not an ERC-20 and a manifest path that is a folder, before any transaction", async () => {
    const deal = await writeDeal("deal-wrong-contracts", seniorSubDeal(upbCents, investors));
    const [deployer] = await ethers.getSigners();
    const stablecoin = await (await ethers.deployContract("TestStablecoin", [deployer!.address])).getAddress();
    const notRegistry = await refusedWithoutTransaction(() => tokenize({ ...options(deal), registry: stablecoin }, connection));
    expect(notRegistry).to.be.instanceOf(InvalidInputError);
    expect((notRegistry as InvalidInputError).message).to.match(new RegExp(`^registry: the contract at ${stablecoin} is not a KycRegistry`));
    const notCash = await refusedWithoutTransaction(() => tokenize({ ...options(deal), cash: registry }, connection));
    expect((notCash as InvalidInputError).message).to.match(new RegExp(`^cash: the contract at ${registry} is not an ERC-20`));
    const folder = await refusedWithoutTransaction(() => tokenize({ ...options(deal), outPath: dir }, connection));
    expect((folder as InvalidInputError).message).to.match(/^--out: .* exists and is not a file/);
  });

  describe("deploys a valid deal", () => {
    let result: Awaited<ReturnType<typeof tokenize>>;
    let manifestPath: string;
    const deal = () => seniorSubDeal(upbCents, investors);

    before(async () => {
      manifestPath = path.join(dir, "out", "manifest.json");
      const file = await writeDeal("valid", deal());
      const phases: string[] = [];
      result = await tokenize(options(file, { outPath: manifestPath, onProgress: (p) => phases.push(p.phase) }), connection);
      expect(phases).to.include.members(["tape", "checks", "deploy", "manifest"]);
    });

    it("mints every allocation to its investor, in face units of the settlement token's decimals", async () => {
      const json = deal();
      for (const [i, t] of result.manifest.contracts.tranches.entries()) {
        const token = await ethers.getContractAt("PoolToken", t.address);
        expect(await token.symbol()).to.equal(json.tranches[i]!.symbol);
        expect(await token.decimals()).to.equal(6n);
        const faceCents = BigInt(String(json.tranches[i]!.originalFace).replace(".", ""));
        expect(await token.totalSupply()).to.equal(faceCents * UNITS_PER_CENT);
      }
      for (const a of json.allocations) {
        const t = result.manifest.contracts.tranches.find((x) => x.symbol === a.tranche)!;
        const token = await ethers.getContractAt("PoolToken", t.address);
        const faceCents = BigInt(String(a.face).replace(".", ""));
        expect(await token.balanceOf(String(a.investor))).to.equal(faceCents * UNITS_PER_CENT);
      }
    });

    it("records the commitment and the classes in the LoanPool", async () => {
      const pool = await ethers.getContractAt("LoanPool", result.manifest.contracts.loanPool);
      const c = await pool.commitment();
      expect(c.merkleRoot).to.equal(result.manifest.commitment.merkleRoot);
      expect(c.loanCount).to.equal(BigInt(result.pool.includedCount));
      expect(c.upbCents).to.equal(upbCents);
      const tapeSha = `0x${(await import("node:crypto")).createHash("sha256").update(await readFile(tapePath)).digest("hex")}`;
      expect(c.tapeHash).to.equal(tapeSha);
      expect(c.cutoffDate).to.equal(BigInt(Date.UTC(2026, 0, 1) / 1000));
      const tranches = await pool.tranches();
      expect(tranches.map((t) => t.token)).to.deep.equal(result.manifest.contracts.tranches.map((t) => t.address));
      expect(tranches.map((t) => t.couponPpm)).to.deep.equal([45_000n, 51_250n]);
      const terms = await pool.dealTerms();
      const faces = tranches.reduce((sum, t) => sum + t.originalFaceCents, 0n);
      expect(faces + terms.overcollateralizationCents).to.equal(upbCents);
    });

    it("verifies a real loan's proof on chain and refuses a tampered one", async () => {
      const pool = await ethers.getContractAt("LoanPool", result.manifest.contracts.loanPool);
      const { loans } = await loadTape(tapePath, { cutoff: "2026-01" });
      const excluded = new Set(result.manifest.excluded.map((e) => e.loanId));
      const loan = loans.find((l) => !excluded.has(l.loanId))!;
      const p = result.pool.commitment.proof(loan.loanId);
      // The leaf carries the tape's numbers: id hash, original and current UPB.
      expect(p.values[0]).to.equal(keccak256(Buffer.from(loan.loanId, "utf8")));
      expect(p.values[1]).to.equal(BigInt(loan.originalUpbCents));
      expect(p.values[2]).to.equal(BigInt(loan.currentUpbCents));
      expect(await pool.verifyLoan(loanHash(p.values), p.proof)).to.equal(true);
      const inflated = [...p.values];
      inflated[2] = (p.values[2] as bigint) + 1n;
      expect(await pool.verifyLoan(loanHash(inflated), p.proof)).to.equal(false);
      const badProof = p.proof.map((h, i) => (i === p.proof.length - 1 ? keccak256(h) : h));
      expect(await pool.verifyLoan(loanHash(p.values), badProof)).to.equal(false);
    });

    it("writes a manifest that accounts for every loan read and the addresses deployed", async () => {
      const written = JSON.parse(await readFile(manifestPath, "utf8")) as typeof result.manifest;
      expect(written.contracts.loanPool).to.equal(result.manifest.contracts.loanPool);
      expect(written.commitment.loanCount + written.excluded.length).to.equal(300);
      for (const e of written.excluded) expect(e.reason).to.be.a("string").and.not.equal("");
      expect(path.resolve(path.dirname(manifestPath), written.inputs.tape.path)).to.equal(tapePath);
      expect(written.contracts.kycRegistry).to.equal(registry);
    });

    it("reads its own manifest back, with the input paths resolved against the manifest's folder", async () => {
      const back = await readManifest(manifestPath);
      expect(back.contracts).to.deep.equal(result.manifest.contracts);
      expect(back.inputs.tape.path).to.equal(tapePath);
      expect(back.inputs.rules.path).to.equal(RULES);
    });

    it("refuses a damaged manifest, naming each bad field with its line", async () => {
      const text = await readFile(manifestPath, "utf8");
      const damaged = JSON.parse(text) as { contracts: { loanPool: string }; commitment: Record<string, unknown>; excluded: { line: unknown }[] };
      const pool = damaged.contracts.loanPool;
      // Every letter's case swapped: a broken checksum whatever the address (it always has letters in practice).
      const swapped = [...pool.slice(2)].map((c) => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase())).join("");
      damaged.contracts.loanPool = `${pool.slice(0, 2)}${swapped}`;
      delete damaged.commitment.merkleRoot;
      damaged.excluded[0]!.line = "12";
      const file = path.join(dir, "damaged-manifest.json");
      const damagedText = JSON.stringify(damaged, null, 2);
      await writeFile(file, damagedText);
      const damagedLines = damagedText.split("\n");
      const at = (needle: string) => damagedLines.findIndex((l) => l.includes(needle)) + 1;
      const error = await readManifest(file).then(() => expect.fail("read a damaged manifest"), (e: unknown) => e);
      expect(error).to.be.instanceOf(ValidationError);
      const issues = (error as ValidationError).issues.map((i) => [i.line, i.field]);
      expect(issues).to.have.deep.members([
        [at('"loanPool"'), "contracts.loanPool"],
        [at('"commitment"'), "commitment.merkleRoot"],
        [at('"line": "12"'), "excluded[0].line"],
      ]);
      await writeFile(file, text.slice(0, text.length / 2));
      await readManifest(file).then(() => expect.fail("read a truncated manifest"), (e: unknown) => expect(String(e)).to.match(/not valid JSON/));
    });
  });

  it("tokenizes the real Fannie Mae 2000Q1 acquisition file (legacy layout), committing the included loans' UPB", async () => {
    const tape = FANNIE_2000Q1.acquisition;
    const raw = (await readFile(tape, "utf8")).split("\n").filter((l) => l.trim() !== "");
    // Size the deal from a first pass of the library, then check its result against the raw file.
    const { loans } = await loadTape(tape, { cutoff: "2000-06" });
    const firstPass = await buildPool(loans, await loadRules(RULES));
    const deal = seniorSubDeal(BigInt(firstPass.stats.currentUpbCents), investors);
    deal.dealId = "FNMA 2000Q1 SAMPLE";
    deal.cutoffDate = "2000-06-01";
    const file = await writeDeal("fannie", deal);
    const result = await tokenize({ ...options(file), tapePath: tape, format: "fannie-legacy" }, connection);

    expect(result.manifest.inputs.tape.format).to.equal("fannie-legacy");
    expect(result.manifest.commitment.loanCount + result.manifest.excluded.length).to.equal(raw.length);
    // Independent: an acquisition file has no balances, so each included row's current UPB is its
    // scheduled balance at the cut-off, from its amount (field 5), rate (4), term (6) and first
    // payment (8, MM/YYYY): the balance after `age` level payments, age 0 the month before the first.
    const excluded = new Set(result.manifest.excluded.map((e) => e.loanId));
    const scheduledCents = (f: string[]): bigint => {
      const [mm, yyyy] = f[7]!.split("/").map(Number);
      const age = Math.max(0, 2000 * 12 + 5 - (yyyy! * 12 + mm! - 1) + 1);
      const r = Number(f[3]) / 1200;
      const n = Number(f[5]);
      let balance = Number(f[4]);
      const payment = (balance * r) / (1 - (1 + r) ** -n);
      for (let k = 0; k < age; k++) balance = balance * (1 + r) - payment;
      return BigInt(Math.round(balance * 100));
    };
    const expectedUpbCents = raw
      .map((l) => l.split("|"))
      .filter((f) => !excluded.has(f[0]!))
      .reduce((sum, f) => sum + scheduledCents(f), 0n);
    expect(result.tape.projectedBalances).to.equal(result.manifest.inputs.tape.loansRead);
    expect(result.manifest.inputs.tape.projectedBalances, "the manifest says the balances are projected").to.equal(5000);
    const pool = await ethers.getContractAt("LoanPool", result.manifest.contracts.loanPool);
    expect((await pool.commitment()).upbCents).to.equal(expectedUpbCents);
    const included = raw.map((l) => l.split("|")[0]!).find((id) => !excluded.has(id))!;
    const p = result.pool.commitment.proof(included);
    expect(await pool.verifyLoan(loanHash(p.values), p.proof)).to.equal(true);
  });

  it("commits the performance file's actual balances, records the file, and proves loans from the manifest with it", async () => {
    const tape = FANNIE_2000Q1.acquisition;
    const cutoff = { tape: "2001-06", deal: "2001-06-01" };
    const { loans, summary } = await loadTape(tape, { cutoff: cutoff.tape, performance: FANNIE_2000Q1.performance, excludeInvalid: true });
    expect(loans.some((l) => l.currentUpbProjected === false)).to.equal(true);
    const firstPass = await buildPool(loans, await loadRules(RULES));
    const deal = seniorSubDeal(BigInt(firstPass.stats.currentUpbCents), investors);
    deal.dealId = "FNMA 2000Q1 PERF";
    deal.cutoffDate = cutoff.deal;
    const file = await writeDeal("fannie-perf", deal);
    const out = path.join(dir, "fannie-perf-manifest.json");
    const result = await tokenize(
      { ...options(file), tapePath: tape, format: "fannie-legacy", performancePath: FANNIE_2000Q1.performance, excludeInvalid: true, outPath: out },
      connection,
    );
    expect(result.pool.stats.currentUpbCents).to.equal(firstPass.stats.currentUpbCents);
    expect(result.manifest.inputs.tape.projectedBalances).to.equal(summary.projectedBalances).and.to.be.below(5000);
    const manifest = await readManifest(out);
    expect(manifest.inputs.tape.performance).to.equal(path.resolve(FANNIE_2000Q1.performance));
    const actual = loans.find((l) => l.currentUpbProjected === false && firstPass.commitment.has(l.loanId))!;
    const proof = await loanProofFromManifest(manifest, actual.loanId);
    expect(proof.root).to.equal(result.manifest.commitment.merkleRoot);
    expect(proof.leaf.currentUpbCents).to.equal(BigInt(actual.currentUpbCents));
  });
});
