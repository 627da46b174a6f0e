/**
 * The dashboard's loan lookup on a deal remitted the way `mbs remit` does it (tokenized tape,
 * waterfall through its Ignition module, two servicer files through the whole cycle), on Hardhat's
 * in-process network: each period's line of a loan is rebuilt from the files and its proof checked
 * against the loan root the chain holds; files that are not the ones remitted do not verify.
 */
import { copyFile, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect } from "chai";
import hre, { network } from "hardhat";

import PlatformModule from "../../deploy/modules/Platform.js";
import { deployDemoDeal, type DemoDeal } from "../../scripts/demo-remit.js";
import { fromConnection } from "../../src/chain/index.js";
import { startDashboard, type Dashboard } from "../../src/dashboard/server.js";
import { runRemit } from "../../src/remit/cycle.js";
import { writeDemoServicing, type DemoServicing } from "../../src/remit/demo-servicing.js";
import { poolStateFromManifest } from "../../src/remit/pool.js";
import { launchChromium } from "./browser.js";

describe("dashboard loan lookup (lines proven against the chain's loan roots)", function () {
  this.timeout(600_000);
  let dir: string;
  let deal: DemoDeal;
  let servicing: DemoServicing;
  let dashboard: Dashboard;
  const tag = `dashboard-loans-${process.pid}-${Date.now()}`;

  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "mbs-dashboard-loans-"));
    const connection = await network.create();
    const { ethers, ignition } = connection;
    const { kycRegistry } = await ignition.deploy(PlatformModule, { deploymentId: `${tag}-platform`, displayUi: false });
    const registry = await ethers.getContractAt("KycRegistry", await kycRegistry.getAddress());
    const signers = await ethers.getSigners();
    const until = BigInt((await ethers.provider.getBlock("latest"))!.timestamp + 365 * 86_400);
    const holders = [signers[1]!.address, signers[2]!.address, signers[3]!.address] as const;
    await (await registry.setInvestors(holders.map((account) => ({ account, verifiedUntil: until, country: 840, classes: 2, recordHash: ethers.ZeroHash })))).wait();
    const servicer = signers[6]!.address;
    const trustee = signers[7]!.address;
    deal = await deployDemoDeal(connection, { registry: await registry.getAddress(), dir, servicer, trustee, residual: signers[0]!.address, holders, moduleId: "DashboardLoans", deploymentId: tag });
    const start = await poolStateFromManifest(deal.manifest);
    servicing = await writeDemoServicing({ dir, pool: start });
    const chain = async (account: string) => fromConnection(connection as unknown as Parameters<typeof fromConnection>[0], 1, { account });
    const [asServicer, asTrustee] = [await chain(servicer), await chain(trustee)];
    for (const file of servicing.files.slice(0, 2)) {
      await runRemit({ file, start, dealName: deal.manifest.deal.name, waterfall: deal.waterfall, lens: deal.lens, fromBlock: deal.fromBlock, servicer: asServicer, trustee: asTrustee, journal: path.join(dir, "journal") });
    }
    // The files remitted so far, in a folder of their own (the servicer's archive).
    const remitted = path.join(dir, "remitted");
    await mkdir(remitted);
    for (const file of servicing.files.slice(0, 2)) await copyFile(file, path.join(remitted, path.basename(file)));
    dashboard = await startDashboard({ provider: ethers.provider, pool: deal.manifest.contracts.loanPool, waterfall: deal.waterfall, fromBlock: deal.fromBlock, loans: { manifest: deal.manifest, files: remitted } });
  });

  after(async () => {
    await dashboard?.close();
    await rm(dir, { recursive: true, force: true });
    for (const id of [`${tag}-platform`, `${tag}-pool`, `${tag}-waterfall`]) {
      await rm(path.join(hre.config.paths.ignition, "deployments", id), { recursive: true, force: true });
    }
  });

  const lookup = async (id: string) => {
    const res = await fetch(`${dashboard.url}api/loan?id=${encodeURIComponent(id)}`);
    return { status: res.status, body: (await res.json()) as { error?: string; lines?: { period: number; verified: boolean; chainRoot: string | null; root: string }[] } };
  };

  it("shows a loan's two remitted periods, each line verified against the root on chain", async () => {
    const loanId = [...(await poolStateFromManifest(deal.manifest)).loans.keys()][0]!;
    const { status, body } = await lookup(loanId);
    expect(status, body.error).to.equal(200);
    expect(body.lines!.map((l) => l.period)).to.deep.equal([1, 2]);
    for (const line of body.lines!) {
      expect(line.verified).to.equal(true);
      expect(line.chainRoot).to.equal(line.root);
    }
  });

  it("shows the same lines, marked verified, in the page's loan lookup (headless Chromium)", async () => {
    const loanId = [...(await poolStateFromManifest(deal.manifest)).loans.keys()][0]!;
    const browser = await launchChromium();
    try {
      const page = await browser.context.newPage();
      await page.goto(dashboard.url);
      await page.fill("#loan-id", loanId);
      await page.click("#loan-form button");
      await page.locator("#loan-lines").waitFor({ timeout: 60_000 });
      expect(await page.locator("#loan-lines tr[data-period]").count()).to.equal(2);
      expect(await page.locator("#loan-lines td.verified").count()).to.equal(2);
      expect(await page.locator("#loan-lines td.error").count()).to.equal(0);
    } finally {
      await browser.close();
    }
  });

  it("says which loan is not in the pool", async () => {
    const { status, body } = await lookup("NO-SUCH-LOAN");
    expect(status).to.equal(400);
    expect(body.error).to.match(/loan NO-SUCH-LOAN is not in the pool/);
  });

  it("does not verify lines rebuilt from a file that is not the one remitted", async () => {
    const files = (await readdir(path.join(dir, "remitted"))).sort();
    const target = path.join(dir, "remitted", files[1]!);
    const text = await readFile(target, "utf8");
    // One digit of the first loan's interest changed in month 2.
    const lines = text.split("\n");
    const changed = lines.findIndex((l, i) => i > 0 && /\d/.test(l));
    lines[changed] = lines[changed]!.replace(/(\d)(\D*)$/, (_m, d: string, rest: string) => `${(Number(d) + 1) % 10}${rest}`);
    await writeFile(target, lines.join("\n"));
    const loanId = [...(await poolStateFromManifest(deal.manifest)).loans.keys()][0]!;
    const { status, body } = await lookup(loanId);
    expect(status, body.error).to.equal(200);
    expect(body.lines!.map((l) => [l.period, l.verified])).to.deep.equal([[1, true], [2, false]]);
  });
});
