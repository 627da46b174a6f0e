/**
 * Crash safety of `mbs tokenize` on a persistent network: the process is killed (SIGKILL, no
 * chance to clean up) in the middle of the Ignition deployment, while one of its transactions is
 * still in the node's mempool, and the same command is run again. The deployment must finish
 * exactly once — every contract created once, every allocation minted once — and a further re-run
 * must send nothing. The crash point is made deterministic by turning the node's automine off and
 * mining blocks from the test: the command can only progress when the test mines.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { access, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect } from "chai";
import hre, { network } from "hardhat";

import PlatformModule from "../../deploy/modules/Platform.js";
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

describe("mbs tokenize after a crash, on a real local node (anvil, London)", function () {
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

  function start(extra: string[] = []): { child: ChildProcess; output: () => Run } {
    const child = spawn(process.execPath, tokenizeArgs(extra), {
      env: { ...process.env, MBS_RPC_URL: node.url },
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

  /**
   * Runs the command with automine off, mining a block whenever asked, and kills it (the whole
   * process group, by PID) as soon as at least `minedBeforeKill` of the deployer's transactions
   * are mined and another one waits in the mempool. Returns the deployer's nonces at the kill.
   */
  async function runAndKill(minedBeforeKill: number): Promise<{ mined: number; pending: number; output: Run }> {
    const base = await nonceOf("latest");
    await rpc(node.url, "evm_setAutomine", [false]);
    const { child, output } = start();
    try {
      const deadline = Date.now() + 120_000;
      for (;;) {
        if (child.exitCode !== null) throw new Error(`the command ended before the crash point:\n${output().stderr}`);
        if (Date.now() > deadline) throw new Error(`no crash point reached:\n${output().stderr}`);
        const [mined, pending] = [await nonceOf("latest"), await nonceOf("pending")];
        if (mined - base >= minedBeforeKill && pending > mined) {
          process.kill(-child.pid!, "SIGKILL");
          await exitOf(child);
          return { mined: mined - base, pending: pending - base, output: output() };
        }
        await rpc(node.url, "evm_mine");
        await new Promise((r) => setTimeout(r, 100));
      }
    } finally {
      if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, "SIGKILL");
      // The killed run's last transaction is mined now, as a live network would eventually.
      await rpc(node.url, "evm_setAutomine", [true]);
      await rpc(node.url, "evm_mine");
    }
  }

  /** A KYC registry with the example deal's three investors onboarded, on the current node. */
  async function setUpPlatform(deploymentId: string): Promise<void> {
    const { ethers, ignition } = await connect();
    const { kycRegistry } = await ignition.deploy(PlatformModule, { deploymentId, displayUi: false });
    registry = await kycRegistry.getAddress();
    const kyc = await ethers.getContractAt("KycRegistry", registry);
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
    node = await startLocalNode({ kind: "anvil", hardfork: "london" });
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
    await rm(dir, { recursive: true, force: true });
    for (const id of [platformDeployment, `${platformDeployment}-restarted`, defaultDeploymentId]) {
      await rm(path.join(hre.config.paths.ignition, "deployments", id), { recursive: true, force: true });
    }
  });

  it("finishes a deployment killed twice mid-way exactly once: each contract created once, each allocation minted once", async () => {
    // Crash 1: the first contract (the test stablecoin) is mined, the next deployment waits in the mempool.
    const crash1 = await runAndKill(1);
    expect(crash1.pending).to.be.greaterThan(crash1.mined);
    // Crash 2, in the resumed run: past the class deployments, in the role grants and mints.
    const crash2 = await runAndKill(3);
    expect(crash2.pending).to.be.greaterThan(crash2.mined);
    let manifestWritten = true;
    await access(manifestPath).catch(() => (manifestWritten = false));
    expect(manifestWritten, "no manifest may exist before the deployment completed").to.equal(false);
    expect(await readFile(path.join(hre.config.paths.ignition, "deployments", defaultDeploymentId, "journal.jsonl"), "utf8"))
      .to.contain("TRANSACTION_SEND");

    const finish = await runToEnd();
    expect(finish.code, finish.stderr).to.equal(0);
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
    node = await startLocalNode({ kind: "anvil", hardfork: "london" });
    await setUpPlatform(`${platformDeployment}-restarted`);
    const nonce = await nonceOf("latest");
    const run = await runToEnd();
    expect(run.code).to.equal(1);
    expect(run.stderr).to.match(new RegExp(`"${defaultDeploymentId}" on localhost: Ignition's journal records \\w+ at 0x[0-9a-fA-F]{40}, but there is no contract there`));
    expect(run.stderr).to.contain(`deploy/deployments/${defaultDeploymentId}`);
    expect(await nonceOf("latest")).to.equal(nonce);
  });
});
