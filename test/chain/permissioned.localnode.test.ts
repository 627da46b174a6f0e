/**
 * src/chain against real local nodes in the production setting: London, zero gas price, zero base
 * fee, unfunded accounts — anvil (`--gas-price 0 --base-fee 0 --balance 0`) and
 * `hardhat node --network permissioned`. The commands run as a user runs them.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect } from "chai";
import { Interface } from "ethers";
import hre, { network } from "hardhat";

import { InvalidInputError } from "../../src/errors.js";
import { deployModule, fromConnection, openContract, queryEvents, type ChainConnection } from "../../src/chain/index.js";
import { KYC_REGISTRY_EVENTS, decodeInvestorWord } from "../../src/kyc/registryEvents.js";
import PlatformModule from "../../deploy/modules/Platform.js";
import { runHardhatOnNode } from "../helpers/hardhatCli.js";
import { startLocalNode, type LocalNode, type NodeKind } from "../helpers/localNode.js";

const DEMO = path.resolve("examples/investors/demo-investors.csv");
const TAPE = path.resolve("examples/tapes/generic-sample.csv");
const RULES = path.resolve("examples/rules/agency-conforming.json");
const DEAL = path.resolve("examples/deals/senior-sub.json");
const REGISTRY_EVENTS = new Interface(KYC_REGISTRY_EVENTS);

for (const kind of ["anvil", "hardhat"] as NodeKind[]) {
  describe(`src/chain on a permissioned local node (${kind}: London, gas price 0, base fee 0, unfunded accounts)`, function () {
    this.timeout(300_000);

    let node: LocalNode;
    let chain: ChainConnection;
    let registry: string;
    let dir: string;
    const tag = `${kind}-${process.pid}-${Date.now()}`;
    const deployments = [`test-permissioned-platform-${tag}`, `test-permissioned-pool-${tag}`];

    before(async () => {
      node = kind === "anvil" ? await startLocalNode({ kind, hardfork: "london", zeroGas: true, unfunded: true }) : await startLocalNode({ kind, zeroGas: true });
      dir = await mkdtemp(path.join(tmpdir(), "mbs-permissioned-"));
      chain = await fromConnection(await network.create({ network: "localhost", override: { url: node.url } }), 1);
    });

    after(async () => {
      await node?.stop();
      await rm(dir, { recursive: true, force: true });
      for (const id of deployments) await rm(path.join(hre.config.paths.ignition, "deployments", id), { recursive: true, force: true });
    });

    it("recognises the zero-gas chain, with an account that holds no ether", async () => {
      expect(chain.fees).to.deep.equal({ kind: "zero-gas" });
      expect(await chain.provider.getBalance(chain.account)).to.equal(0n);
      expect(chain.confirmations).to.equal(1); // the node automines
    });

    it("deploys the platform through Ignition from the unfunded account", async () => {
      const { contracts, transactionsSent } = await deployModule(chain.connection, PlatformModule, {
        deploymentId: deployments[0], ignitionDir: hre.config.paths.ignition, deployer: chain.account, confirmations: chain.confirmations,
      });
      expect(transactionsSent).to.equal(1);
      registry = await contracts.kycRegistry!.getAddress();
    });

    it("runs `mbs kyc onboard` with legacy transactions at gas price 0, and reads its events back in one-block chunks", async () => {
      const run = await runHardhatOnNode(node.url, ["mbs", "kyc", "onboard", "--registry", registry, "--file", DEMO, "--batch-size", "2"]);
      expect(run.code, run.stderr).to.equal(0);
      expect(run.stderr).not.to.match(/^\s+at /m);
      const hashes = [...run.stderr.matchAll(/tx (0x[0-9a-f]{64})/g)].map((m) => m[1]!);
      expect(hashes).to.have.length(3);
      for (const hash of hashes) {
        const tx = await chain.provider.getTransaction(hash);
        expect([tx?.type, tx?.gasPrice]).to.deep.equal([0, 0n]);
      }
      const events = await queryEvents<{ account: string; record: bigint }>(chain.provider, REGISTRY_EVENTS, "InvestorUpdated", { address: registry, fromBlock: 0 }, { maxBlockRange: 1 });
      expect(events).to.have.length(5);
      expect(new Set(events.map((e) => e.args.account)).size).to.equal(5);
      expect(events.every((e) => decodeInvestorWord(e.args.record).classes > 0)).to.equal(true);
    });

    it("tokenizes the example deal on the onboarded registry", async () => {
      const run = await runHardhatOnNode(node.url, [
        "mbs", "tokenize", "--tape", TAPE, "--rules", RULES, "--deal", DEAL, "--registry", registry,
        "--out", path.join(dir, "manifest.json"), "--deployment-id", deployments[1]!, "--brief",
      ]);
      expect(run.code, run.stderr).to.equal(0);
      const manifest = JSON.parse(await readFile(path.join(dir, "manifest.json"), "utf8")) as { deploymentId: string; contracts: { loanPool: string } };
      expect(manifest.deploymentId).to.equal(deployments[1]);
      expect(await chain.provider.getCode(manifest.contracts.loanPool)).not.to.equal("0x");
    });

    it("refuses to open an address without code, naming the option and the chain", async () => {
      let error: unknown;
      await openContract({ address: chain.account, abi: [], runner: chain.provider, input: "--registry", kind: "KycRegistry" }).catch((e: unknown) => (error = e));
      expect(error).to.be.instanceOf(InvalidInputError);
      expect((error as Error).message).to.equal(`--registry: no contract at ${chain.account} on chain 31337`);
    });
  });
}

describe("commands one after another on a chain with real block times (anvil, 1-second blocks, zero gas, unfunded)", function () {
  this.timeout(300_000);

  let node: LocalNode;
  let dir: string;
  const tag = `blocktime-${process.pid}-${Date.now()}`;
  const deployments = [`test-blocktime-platform-${tag}`, `test-blocktime-pool-${tag}`];

  before(async () => {
    node = await startLocalNode({ kind: "anvil", hardfork: "london", zeroGas: true, unfunded: true, blockTime: 1 });
    dir = await mkdtemp(path.join(tmpdir(), "mbs-blocktime-"));
  });

  after(async () => {
    await node?.stop();
    if ((dir as string | undefined) !== undefined) await rm(dir, { recursive: true, force: true });
    for (const id of deployments) await rm(path.join(hre.config.paths.ignition, "deployments", id), { recursive: true, force: true });
  });

  it("tokenizes right after onboarding: the deployment waits until the onboarding has the confirmations Ignition requires", async () => {
    const chain = await fromConnection(await network.create({ network: "localhost", override: { url: node.url } }), 5);
    expect(chain.confirmations, "a chain with block times needs Ignition's confirmations").to.equal(5);
    const { contracts } = await deployModule(chain.connection, PlatformModule, {
      deploymentId: deployments[0], ignitionDir: hre.config.paths.ignition, deployer: chain.account, confirmations: chain.confirmations,
    });
    const registry = await contracts.kycRegistry!.getAddress();
    const onboard = await runHardhatOnNode(node.url, ["mbs", "kyc", "onboard", "--registry", registry, "--file", DEMO]);
    expect(onboard.code, onboard.stderr).to.equal(0);
    // At once, as a script would: the onboarding transaction has one confirmation at most.
    const tokenize = await runHardhatOnNode(node.url, [
      "mbs", "tokenize", "--tape", TAPE, "--rules", RULES, "--deal", DEAL, "--registry", registry,
      "--out", path.join(dir, "manifest.json"), "--deployment-id", deployments[1]!, "--brief",
    ]);
    expect(tokenize.code, tokenize.stderr).to.equal(0);
    expect(tokenize.stderr).not.to.contain("HHE10402");
  });
});
