import { expect } from "chai";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { loadDeal } from "../../src/deal/deal.js";
import { ValidationError } from "../../src/errors.js";
import { localOnboarding } from "../../src/tokenize/localPlatform.js";
import { checkManifestOwner, defaultManifestPath } from "../../src/tokenize/manifest.js";
import { validateTokenization } from "../../src/tokenize/prepare.js";
import { formatValidation } from "../../src/tokenize/summary.js";

const TAPE = "examples/tapes/generic-sample.csv";
const RULES = "examples/rules/agency-conforming.json";
const DEAL = "examples/deals/senior-sub.json";
const dir = mkdtempSync(path.join(tmpdir(), "mbs-prepare-"));

describe("tokenize/prepare: validation without a chain", () => {
  it("checks tape, rules and deal together and reports the pool it would commit", async () => {
    const v = await validateTokenization({ tapePath: TAPE, rulesPath: RULES, dealPath: DEAL });
    expect(v.pool.includedCount).to.equal(20);
    expect(v.dealIssues).to.deep.equal([]);
    expect(v.tapeHash).to.match(/^0x[0-9a-f]{64}$/);
    const text = formatValidation(v);
    expect(text).to.include("included          20").and.include("(would be committed)").and.include("No chain was used and nothing was sent");
  });

  it("refuses a deal whose faces the pool cannot back, naming the deal file's line", async () => {
    const deal = JSON.parse(await import("node:fs/promises").then((fs) => fs.readFile(DEAL, "utf8"))) as { tranches: { originalFace: string }[]; allocations: { face: string }[] };
    deal.tranches[0]!.originalFace = "9000000.00";
    deal.allocations[0]!.face = "6600000.00";
    const file = path.join(dir, "too-big.json");
    writeFileSync(file, JSON.stringify(deal, null, 2));
    const err = await validateTokenization({ tapePath: TAPE, rulesPath: RULES, dealPath: file }).catch((e: unknown) => e);
    expect(err).to.be.instanceOf(ValidationError);
    expect((err as ValidationError).file).to.equal(file);
    expect((err as ValidationError).message).to.match(/under-collateralized|more than the included loans' UPB/);
  });
});

describe("tokenize/manifest: one manifest per deployment", () => {
  const manifest = (deploymentId: string | null, chainId: string) =>
    JSON.stringify({ deploymentId, network: { name: "localhost", chainId }, contracts: { loanPool: "0x5FC8d32690cc91D4c39d9d3abcBD16989F875707" } });

  it("names the default manifest after --deployment-id when given, else after the deal's module", () => {
    expect(defaultManifestPath("second-try", "Pool_NCG_2026_1", "localhost")).to.equal(path.join("manifests", "second-try.localhost.json"));
    expect(defaultManifestPath(undefined, "Pool_NCG_2026_1", "localhost")).to.equal(path.join("manifests", "Pool_NCG_2026_1.localhost.json"));
  });

  it("lets a deployment rewrite its own manifest, and writes a new file freely", async () => {
    const file = path.join(dir, "own.json");
    await checkManifestOwner(file, { deploymentId: "Pool_X-chain-31337", chainId: 31337n });
    writeFileSync(file, manifest("Pool_X-chain-31337", "31337"));
    await checkManifestOwner(file, { deploymentId: "Pool_X-chain-31337", chainId: 31337n });
  });

  it("refuses to overwrite another deployment's manifest, naming both and what to do", async () => {
    const file = path.join(dir, "other.json");
    writeFileSync(file, manifest("first", "31337"));
    const err = await checkManifestOwner(file, { deploymentId: "second", chainId: 31337n }).catch((e: unknown) => e);
    expect(String((err as Error).message)).to.include("--out").and.include("deployment first on chain 31337").and.include("LoanPool 0x5FC8").and.include("deployment second");
    const otherChain = await checkManifestOwner(file, { deploymentId: "first", chainId: 71026n }).catch((e: unknown) => e);
    expect(otherChain).to.be.instanceOf(Error);
  });
});

describe("tokenize/localPlatform: what the run's throwaway registry records", () => {
  it("gives each allocated investor a class every allocated tranche allows and a country none blocks", async () => {
    const deal = await loadDeal(DEAL);
    const onboarding = localOnboarding(deal);
    expect(onboarding).to.have.length(new Set(deal.allocations.map((a) => a.investor)).size);
    for (const i of onboarding) {
      for (const a of deal.allocations.filter((x) => x.investor === i.account)) {
        const t = deal.tranches[a.trancheIndex]!;
        expect(i.classes.some((c) => t.investorClasses.includes(c)), `${i.account} in ${t.symbol}`).to.equal(true);
        expect(t.blockedCountries).to.not.include(i.country);
      }
    }
  });
});
