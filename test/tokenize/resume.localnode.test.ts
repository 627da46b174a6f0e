/**
 * Crash safety of `mbs tokenize` on a persistent network: the process kills itself (SIGKILL, no
 * chance to clean up) at a named Ignition step — through src/chain's fault injection
 * (`MBS_FAULT=after-send:<step>` / `before-send:<step>`), not after a delay — and the same command
 * is run again. The deployment must finish exactly once — every contract created once, every
 * allocation minted once — and a further re-run must send nothing. The crash points are the two
 * windows a journal cannot describe by itself: a transaction the node accepted whose hash the
 * journal lacks, and a nonce reserved in the journal whose transaction never reached the node.
 * Nothing depends on timing, so the test gives the same result on a loaded machine.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { access, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect } from "chai";
import hre, { network } from "hardhat";

import PlatformModule from "../../deploy/modules/Platform.js";
import { fromConnection } from "../../src/chain/index.js";
import { hardhatCli } from "../helpers/hardhatCli.js";
import { startLocalNode, type LocalNode } from "../helpers/localNode.js";

const TAPE = path.resolve("examples/tapes/generic-sample.csv");
const RULES = path.resolve("examples/rules/agency-conforming.json");
const EXAMPLE_DEAL = path.resolve("examples/deals/senior-sub.json");
const CLASS_ACCREDITED = 2;
const CLASS_QIB = 4;
const US = 840;
/** The test stablecoin's decimals: 1 USD of face = 10^6 token units. */
const UNITS_PER_CENT = 10_000n;

interface DealFile {
  dealId: string;
  tranches: { symbol: string; originalFace: string }[];
  allocations: { investor: string; tranche: string; face: string }[];
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** "2400000.00" → cents, by string arithmetic (independent of the deal parser under test). */
function cents(usd: string): bigint {
  const [whole, frac = ""] = usd.split(".");
  return BigInt(whole!) * 100n + BigInt(frac.padEnd(2, "0"));
}

async function rpc<T>(url: string, method: string, params: unknown[] = []): Promise<T> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
  });
  const body = (await response.json()) as { result?: T; error?: { message: string } };
  if (body.error !== undefined) throw new Error(`${method}: ${body.error.message}`);
  return body.result as T;
}

function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else child.once("exit", (code) => resolve(code));
  });
}

describe("mbs tokenize after a crash, on a real local node (anvil, London, zero gas, unfunded accounts)", function () {
  this.timeout(300_000);

  let node: LocalNode;
  let dir: string;
  let registry: string;
  let deployer: string;
  let dealPath: string;
  let deal: DealFile;
  let manifestPath: string;
  const tag = `${process.pid}-${Date.now()}`;
  const platformDeployment = `test-resume-platform-${tag}`;
  /** What the command derives when no --deployment-id is given: the test relies on that default. */
  let defaultDeploymentId: string;
  let firstBlock: number;

  const connect = () => network.create({ network: "localhost", override: { url: node.url } });
  const nonceOf = (state: "latest" | "pending") => rpc<string>(node.url, "eth_getTransactionCount", [deployer, state]).then(Number);

  function tokenizeArgs(extra: string[] = []): string[] {
    return [
      hardhatCli(), "mbs", "tokenize", "--tape", TAPE, "--rules", RULES, "--deal", dealPath,
      "--registry", registry, "--out", manifestPath, "--brief", ...extra, "--network", "localhost",
    ];
  }

  function start(extra: string[] = [], fault?: string): { child: ChildProcess; output: () => Run } {
    const child = spawn(process.execPath, tokenizeArgs(extra), {
      env: { ...process.env, MBS_RPC_URL: node.url, ...(fault === undefined ? {} : { MBS_FAULT: fault }) },
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout?.on("data", (c: Buffer) => (stdout += c.toString()));
    child.stderr?.on("data", (c: Buffer) => (stderr += c.toString()));
    return { child, output: () => ({ code: child.exitCode ?? -1, stdout, stderr }) };
  }

  async function runToEnd(extra: string[] = []): Promise<Run> {
    const { child, output } = start(extra);
    await exitOf(child);
    return output();
  }

  /** Runs the command with a fault planned at a named step; it must die there (SIGKILL), not finish or fail. */
  async function runAndCrash(fault: string): Promise<Run> {
    const { child, output } = start([], fault);
    await exitOf(child);
    if (child.signalCode !== "SIGKILL") throw new Error(`the command did not crash at ${fault} (exit ${child.exitCode}):\n${output().stderr}`);
    return output();
  }

  /** A KYC registry with the example deal's three investors onboarded, on the current node. */
  async function setUpPlatform(deploymentId: string): Promise<void> {
    const connection = await connect();
    const { ethers, ignition } = connection;
    const { kycRegistry } = await ignition.deploy(PlatformModule, { deploymentId, displayUi: false });
    registry = await kycRegistry.getAddress();
    // Through src/chain, as the commands send: the node charges no gas and the accounts hold none.
    const kyc = await ethers.getContractAt("KycRegistry", registry, (await fromConnection(connection, 1)).signer);
    const [first, one, two, three] = await ethers.getSigners();
    deployer = first!.address;
    const until = BigInt((await ethers.provider.getBlock("latest"))!.timestamp + 365 * 86_400);
    await (
      await kyc.setInvestors([
        { account: one!.address, verifiedUntil: until, country: US, classes: CLASS_ACCREDITED, recordHash: ethers.ZeroHash },
        { account: two!.address, verifiedUntil: until, country: US, classes: CLASS_ACCREDITED, recordHash: ethers.ZeroHash },
        { account: three!.address, verifiedUntil: until, country: US, classes: CLASS_QIB, recordHash: ethers.ZeroHash },
      ])
    ).wait();
  }

  before(async () => {
    node = await startLocalNode({ kind: "anvil", hardfork: "london", zeroGas: true, unfunded: true });
    dir = await mkdtemp(path.join(tmpdir(), "mbs-tokenize-resume-"));
    await setUpPlatform(platformDeployment);
    const { ethers } = await connect();

    // The example deal under a deal id of its own, so the default deployment id is unique to this run.
    deal = JSON.parse(await readFile(EXAMPLE_DEAL, "utf8")) as DealFile;
    deal.dealId = `RESUME ${tag}`;
    dealPath = path.join(dir, "deal.json");
    await writeFile(dealPath, JSON.stringify(deal, null, 2));
    manifestPath = path.join(dir, "manifest.json");
    // Documented default: Pool_<deal id, non-alphanumerics as "_"> + "-chain-" + chain id.
    defaultDeploymentId = `Pool_RESUME_${tag.replace(/-/g, "_")}-chain-31337`;
    firstBlock = (await ethers.provider.getBlockNumber()) + 1;
  });

  after(async () => {
    await node?.stop();
    if ((dir as string | undefined) !== undefined) await rm(dir, { recursive: true, force: true });
    for (const id of [platformDeployment, `${platformDeployment}-restarted`, defaultDeploymentId]) {
      await rm(path.join(hre.config.paths.ignition, "deployments", id), { recursive: true, force: true });
    }
  });

  it("finishes a deployment killed twice mid-way exactly once: each contract created once, each allocation minted once", async () => {
    const journal = path.join(hre.config.paths.ignition, "deployments", defaultDeploymentId, "journal.jsonl");
    // Crash 1: the node accepted the second class's deployment, the journal has no hash for it.
    const before1 = await nonceOf("latest");
    await runAndCrash("after-send:Tranche1");
    expect(await nonceOf("latest"), "the accepted transaction is mined").to.be.greaterThan(before1);
    const recorded = (await readFile(journal, "utf8")).split("\n").filter((l) => l.trim() !== "").map((l) => JSON.parse(l) as { type: string; futureId?: string });
    expect(recorded.filter((m) => m.type === "TRANSACTION_SEND" && m.futureId?.endsWith("#Tranche1")), "the crash left Tranche1's hash unrecorded").to.deep.equal([]);
    expect(recorded.some((m) => m.type === "TRANSACTION_PREPARE_SEND" && m.futureId?.endsWith("#Tranche1"))).to.equal(true);
    // Crash 2, in the resumed run: a mint's nonce is reserved, nothing reached the node (Ignition alone would stop with HHE10410).
    const before2 = await nonceOf("pending");
    const crash2 = await runAndCrash("before-send:Tranche0_mint1");
    expect(crash2.stderr).to.match(/resumed after a crash: .*Tranche1: its transaction 0x[0-9a-f]{64} \(nonce \d+\) was sent just before the crash; it is confirmed, not sent again/);
    expect(await nonceOf("pending"), "nothing of the crashed step reached the node").to.equal(await nonceOf("latest"));
    expect(await nonceOf("latest")).to.be.greaterThan(before2);
    let manifestWritten = true;
    await access(manifestPath).catch(() => (manifestWritten = false));
    expect(manifestWritten, "no manifest may exist before the deployment completed").to.equal(false);
    expect(await readFile(journal, "utf8")).to.contain("TRANSACTION_SEND");

    const finish = await runToEnd();
    expect(finish.code, finish.stderr).to.equal(0);
    expect(finish.stderr).to.match(/resumed after a crash: .*Tranche0_mint1: nonce \d+ was reserved but nothing reached the node/);
    const manifest = JSON.parse(await readFile(manifestPath, "utf8")) as {
      deploymentId: string;
      contracts: { loanPool: string; cash: string; tranches: { symbol: string; address: string }[] };
    };
    expect(manifest.deploymentId).to.equal(defaultDeploymentId);

    // Every transaction the deployer sent since the start, straight from the blocks.
    const { ethers } = await connect();
    const latest = await ethers.provider.getBlockNumber();
    const sent: { to: string | null; data: string; created: string | null; status: number | null }[] = [];
    for (let n = firstBlock; n <= latest; n += 1) {
      const block = await ethers.provider.getBlock(n, true);
      for (const tx of block!.prefetchedTransactions) {
        if (tx.from !== deployer) continue;
        const receipt = await ethers.provider.getTransactionReceipt(tx.hash);
        sent.push({ to: tx.to, data: tx.data, created: receipt!.contractAddress, status: receipt!.status });
      }
    }
    expect(sent.every((t) => t.status === 1), "a deployer transaction reverted").to.equal(true);

    // Expected from the deal alone: the stablecoin, one token per class and the pool record are
    // created; per class three role grants and one mint per allocation are called.
    const creations = 1 + deal.tranches.length + 1;
    const calls = deal.tranches.length * 3 + deal.allocations.length;
    expect(sent.filter((t) => t.to === null)).to.have.length(creations);
    expect(sent).to.have.length(creations + calls);
    const created = sent.map((t) => t.created).filter((a): a is string => a !== null).sort();
    expect(created).to.deep.equal(
      [manifest.contracts.cash, manifest.contracts.loanPool, ...manifest.contracts.tranches.map((t) => t.address)].sort(),
    );

    for (const t of deal.tranches) {
      const address = manifest.contracts.tranches.find((m) => m.symbol === t.symbol)!.address;
      const token = await ethers.getContractAt("PoolToken", address);
      const mint = token.interface.getFunction("mint")!.selector;
      expect(sent.filter((s) => s.to === address && s.data.startsWith(mint)), `${t.symbol} mints`)
        .to.have.length(deal.allocations.filter((a) => a.tranche === t.symbol).length);
      expect(await token.totalSupply(), `${t.symbol} supply`).to.equal(cents(t.originalFace) * UNITS_PER_CENT);
      for (const a of deal.allocations.filter((x) => x.tranche === t.symbol)) {
        expect(await token.balanceOf(a.investor), `${t.symbol} of ${a.investor}`).to.equal(cents(a.face) * UNITS_PER_CENT);
      }
    }
  });

  it("sends nothing when run again after it completed, and reports the existing pool", async () => {
    const before = JSON.parse(await readFile(manifestPath, "utf8")) as { contracts: { loanPool: string } };
    const nonce = await nonceOf("latest");
    const run = await runToEnd();
    expect(run.code, run.stderr).to.equal(0);
    expect(await nonceOf("latest")).to.equal(nonce);
    expect(run.stdout).to.match(new RegExp(`already complete.*nothing sent`));
    expect(run.stdout).to.contain(before.contracts.loanPool);
    const after = JSON.parse(await readFile(manifestPath, "utf8")) as { contracts: { loanPool: string } };
    expect(after.contracts.loanPool).to.equal(before.contracts.loanPool);
  });

  it("refuses a re-run with different inputs under the same deployment id, naming the id: exit code 1, nothing sent", async () => {
    const { ethers } = await connect();
    const other = (await ethers.getSigners())[9]!.address;
    const nonce = await nonceOf("latest");
    const run = await runToEnd(["--compliance", other]);
    expect(run.code).to.equal(1);
    expect(run.stderr).to.contain(defaultDeploymentId);
    expect(run.stderr).to.match(/different inputs/);
    expect(run.stderr).not.to.match(/^\s+at /m); // a located message, not a stack trace
    expect(await nonceOf("latest")).to.equal(nonce);
  });

  it("refuses a journal whose contracts are not on the chain (a restarted node) instead of reporting them", async () => {
    await node.stop();
    node = await startLocalNode({ kind: "anvil", hardfork: "london", zeroGas: true, unfunded: true });
    await setUpPlatform(`${platformDeployment}-restarted`);
    const nonce = await nonceOf("latest");
    const run = await runToEnd();
    expect(run.code).to.equal(1);
    expect(run.stderr).to.match(new RegExp(`"${defaultDeploymentId}" on localhost: Ignition's journal records \\w+ at 0x[0-9a-fA-F]{40}, but there is no contract there`));
    expect(run.stderr).to.contain(`deploy/deployments/${defaultDeploymentId}`);
    expect(await nonceOf("latest")).to.equal(nonce);
  });
});
