/**
 * `mbs remit`, `mbs statement` and `mbs loan-history` as a user runs them, against a real local
 * node (anvil, London): the servicer's and the trustee's steps in separate processes; the process
 * killed (SIGKILL, through MBS_FAULT) before or after sending at each step of the cycle, then the
 * same command again; the node stopped and restarted (state kept) in the middle of a cycle. Every
 * period ends executed exactly once — one submission, one attestation, one deposit, one execution —
 * and the servicer paid exactly the remittances. Nothing depends on timing.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect } from "chai";
import hre, { network } from "hardhat";

import PlatformModule from "../../deploy/modules/Platform.js";
import { deployDemoDeal, type DemoDeal } from "../../scripts/demo-remit.js";
import { writeDemoServicing, type DemoServicing } from "../../src/remit/demo-servicing.js";
import { poolStateFromManifest } from "../../src/remit/pool.js";
import { hardhatCli } from "../helpers/hardhatCli.js";
import { startLocalNode, type LocalNode } from "../helpers/localNode.js";

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

describe("mbs remit on a real local node (anvil, London): crashes and a node restart mid-cycle", function () {
  this.timeout(900_000);

  let node: LocalNode;
  let dir: string;
  let stateFile: string;
  let deal: DemoDeal;
  let servicing: DemoServicing;
  let servicer: string;
  let trustee: string;
  const tag = `remit-local-${process.pid}-${Date.now()}`;
  const connect = () => network.create({ network: "localhost", override: { url: node.url } });
  const startNode = () => startLocalNode({ kind: "anvil", hardfork: "london", extraArgs: ["--state", stateFile] });

  function run(args: string[], fault?: string): Promise<Run> {
    return new Promise((resolve) => {
      const child: ChildProcess = spawn(process.execPath, [hardhatCli(), ...args, "--network", "localhost"], {
        env: { ...process.env, MBS_RPC_URL: node.url, ...(fault === undefined ? {} : { MBS_FAULT: fault }) },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let stdout = "";
      let stderr = "";
      child.stdout?.on("data", (c: Buffer) => (stdout += c.toString()));
      child.stderr?.on("data", (c: Buffer) => (stderr += c.toString()));
      child.once("exit", (code, signal) => resolve({ code, signal, stdout, stderr }));
    });
  }

  const remit = (month: number, extra: string[] = [], fault?: string) =>
    run(["mbs", "remit", "--manifest", deal.manifestPath, "--waterfall", deal.waterfall, "--lens", deal.lens, "--file", servicing.files[month - 1]!, "--from-block", String(deal.fromBlock), ...extra], fault);
  const both = ["--servicer", "", "--trustee", ""];

  async function waterfallAt() {
    const { ethers } = await connect();
    return ethers.getContractAt("PaymentWaterfall", deal.waterfall);
  }

  async function executed(): Promise<number> {
    return Number((await (await waterfallAt()).dealState()).period);
  }

  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "mbs-remit-local-"));
    stateFile = path.join(dir, "anvil-state.json");
    node = await startNode();
    const connection = await connect();
    const { ethers, ignition } = connection;
    const { kycRegistry } = await ignition.deploy(PlatformModule, { deploymentId: `${tag}-platform`, displayUi: false });
    const registry = await ethers.getContractAt("KycRegistry", await kycRegistry.getAddress());
    const signers = await ethers.getSigners();
    const until = BigInt((await ethers.provider.getBlock("latest"))!.timestamp + 365 * 86_400);
    const holders = [signers[1]!.address, signers[2]!.address, signers[3]!.address] as const;
    await (await registry.setInvestors(holders.map((account) => ({ account, verifiedUntil: until, country: 840, classes: 2, recordHash: ethers.ZeroHash })))).wait();
    servicer = signers[6]!.address;
    trustee = signers[7]!.address;
    both.splice(0, 4, "--servicer", servicer, "--trustee", trustee);
    deal = await deployDemoDeal(connection, {
      registry: await registry.getAddress(), dir, servicer, trustee, residual: signers[0]!.address, holders, moduleId: "RemitLocal", deploymentId: tag,
    });
    servicing = await writeDemoServicing({ dir: path.join(dir), pool: await poolStateFromManifest(deal.manifest) });
  });

  after(async () => {
    await node?.stop();
    await rm(dir, { recursive: true, force: true });
    for (const id of [`${tag}-platform`, `${tag}-pool`, `${tag}-waterfall`]) {
      await rm(path.join(hre.config.paths.ignition, "deployments", id), { recursive: true, force: true });
    }
  });

  it("runs the keeper's, the servicer's and the trustee's steps in separate processes with their own keys", async () => {
    // The keeper at the month end: no servicer file yet, no manifest, any account.
    const keeper = await run(["mbs", "remit", "--waterfall", deal.waterfall, "--from-block", String(deal.fromBlock), "--step", "record-date"]);
    expect(keeper.code, keeper.stderr).to.equal(0);
    expect(keeper.stderr).to.match(/record-date: period 1's holders of record fixed for the record date 2026-02-28 23:59:59 UTC/);
    const submit = await remit(1, ["--step", "submit", "--servicer", servicer]);
    expect(submit.code, submit.stderr).to.equal(0);
    const byServicer = await remit(1, ["--step", "attest", "--trustee", servicer]);
    expect(byServicer.code).to.equal(1);
    expect(byServicer.stderr).to.match(/^error: .*may not attest it/m);
    expect(byServicer.stderr).to.not.match(/\n\s+at /);
    const attest = await remit(1, ["--step", "attest", "--trustee", trustee]);
    expect(attest.code, attest.stderr).to.equal(0);
    // The servicer approves the waterfall once (at the maximum): a crash right after the approval, then again.
    const crashed = await remit(1, ["--step", "fund,execute", "--servicer", servicer], "after-send:approve");
    expect(crashed.signal, crashed.stderr).to.equal("SIGKILL");
    const pay = await remit(1, ["--step", "fund,execute", "--servicer", servicer]);
    expect(pay.code, pay.stderr).to.equal(0);
    expect(pay.stderr).to.match(/in the execution's transaction/);
    expect(await executed()).to.equal(1);
  });

  // fund and execute are one transaction for the servicer: a fault at either hits it.
  const faults = ["before-send:record-date", "after-send:record-date", "before-send:submit", "after-send:submit", "after-send:attest", "before-send:fund", "after-send:fund", "after-send:execute"];
  faults.forEach((fault, i) => {
    const month = i + 2;
    it(`finishes period ${month} exactly once after a crash at ${fault}`, async () => {
      const crashed = await remit(month, both, fault);
      expect(crashed.signal, `the command did not crash at ${fault}: ${crashed.stderr}`).to.equal("SIGKILL");
      const again = await remit(month, both);
      expect(again.code, again.stderr).to.equal(0);
      expect(await executed()).to.equal(month);
      const more = await remit(month, both);
      expect(more.code, more.stderr).to.equal(0);
      expect(more.stderr).to.match(/0 transaction\(s\) sent/);
    });
  });

  it("finishes a cycle across a node restart (state kept) between submission and attestation", async () => {
    const month = faults.length + 2;
    expect((await remit(month, ["--step", "submit", "--servicer", servicer])).code).to.equal(0);
    await node.stop();
    node = await startNode();
    const attest = await remit(month, ["--step", "attest", "--trustee", trustee]);
    expect(attest.code, attest.stderr).to.equal(0);
    const rest = await remit(month, both);
    expect(rest.code, rest.stderr).to.equal(0);
    expect(await executed()).to.equal(month);
  });

  it("left exactly one submission, attestation, deposit and execution per period, and the servicer paid exactly the remittances", async () => {
    const periods = faults.length + 2;
    const w = await waterfallAt();
    const { ethers } = await connect();
    const reports = await ethers.getContractAt("ServicerReports", await w.reports());
    const count = async (c: typeof w | typeof reports, name: string) => (await c.queryFilter(c.getEvent(name as never), deal.fromBlock)).length;
    expect(await count(reports, "ReportSubmitted")).to.equal(periods);
    expect(await count(reports, "ReportAttested")).to.equal(periods);
    expect(await count(w, "PeriodExecuted")).to.equal(periods);
    expect(await count(w, "Defunded")).to.equal(0);
    const funded = await w.queryFilter(w.getEvent("Funded"), deal.fromBlock);
    const executedEvents = await w.queryFilter(w.getEvent("PeriodExecuted"), deal.fromBlock);
    const paidIn = funded.reduce((s, e) => s + e.args.amount, 0n);
    const due = executedEvents.reduce((s, e) => s + e.args.cashAvailable, 0n);
    expect(paidIn).to.equal(due);
    expect(funded.length).to.equal(periods);
  });

  it("prints a period's statement from the chain logs (CSV) and proves a loan's lines against the roots", async () => {
    const statement = await run(["mbs", "statement", "--manifest", deal.manifestPath, "--waterfall", deal.waterfall, "--period", "3", "--output", "csv", "--from-block", String(deal.fromBlock)]);
    expect(statement.code, statement.stderr).to.equal(0);
    expect(statement.stdout).to.match(/^period,month,section,name,field,amount_usd,per_1000$/m);
    expect(statement.stdout).to.match(/^3,2026-04,class,MBS2A,principal,"?[\d,]+\.\d\d"?,\d+\.\d{8}$/m);
    const history = await run(["mbs", "loan-history", "--manifest", deal.manifestPath, "--waterfall", deal.waterfall, "--loan", servicing.liquidatedLoan, "--files", dir, "--from-block", String(deal.fromBlock)]);
    expect(history.code, history.stderr).to.equal(0);
    // The loan has a line in every period up to its liquidation (month 9), none after.
    const periods = faults.length + 2;
    expect(history.stdout.match(/ verified$/gm) ?? []).to.have.length(Math.min(periods, servicing.liquidationMonth));
    expect(history.stdout).to.match(/foreclosure/);
    if (periods >= servicing.liquidationMonth) expect(history.stdout).to.match(/liquidated/);
  });

  it("refuses a file for a later period than the next, naming it, with no stack trace and nothing sent", async () => {
    const { ethers } = await connect();
    const before = await ethers.provider.getBlockNumber();
    const late = await remit(12, both);
    expect(late.code).to.equal(1);
    expect(late.stderr).to.match(/^error: .*is the next to report/m);
    expect(await ethers.provider.getBlockNumber()).to.equal(before);
  });
});
