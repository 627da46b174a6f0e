import { rm } from "node:fs/promises";
import path from "node:path";
import { expect } from "chai";
import hre, { network } from "hardhat";

import PlatformModule from "../../deploy/modules/Platform.js";
import TestCashModule from "../../deploy/modules/TestCash.js";
import { startLocalNode, type LocalNode } from "../helpers/localNode.js";

const USD = 1_000_000n;
const CLASS_ACCREDITED = 2;
const CLASS_RETAIL = 1;
const US = 840;

describe("integration: a London, zero-gas-price chain over JSON-RPC (anvil)", function () {
  this.timeout(180_000);

  let node: LocalNode;
  const deploymentId = `test-london-${process.pid}-${Date.now()}`;

  before(async () => {
    node = await startLocalNode({ kind: "anvil", hardfork: "london", zeroGas: true });
  });

  after(async () => {
    await node?.stop();
    await rm(path.join(hre.config.paths.ignition, "deployments", deploymentId), { recursive: true, force: true });
  });

  it("compiles every build profile for the EVM version the simulated network runs, with the same settings", () => {
    // `ignition deploy` builds with the `production` profile: if it differed from `default` (what the
    // tests run), the deployed bytecode would not be the tested bytecode — e.g. PUSH0 on a London chain.
    const profiles = hre.config.solidity.profiles;
    expect(Object.keys(profiles)).to.include.members(["default", "production"]);
    const reference = profiles.default?.compilers[0];
    expect(reference?.settings.evmVersion).to.equal("london");
    for (const [name, profile] of Object.entries(profiles)) {
      expect(profile.compilers.length, name).to.be.greaterThan(0);
      for (const compiler of profile.compilers) {
        expect(compiler.version, name).to.equal(reference?.version);
        expect(compiler.settings.evmVersion, name).to.equal("london");
        expect(compiler.settings.optimizer, name).to.deep.equal(reference?.settings.optimizer);
      }
    }
    const networkConfig = hre.config.networks.default;
    expect(networkConfig?.type).to.equal("edr-simulated");
    expect(networkConfig?.type === "edr-simulated" ? networkConfig.hardfork : undefined).to.equal("london");
  });

  it("deploys through the Ignition modules and runs a distribution cycle for free", async () => {
    const { ethers, ignition } = await network.create({
      network: "localhost",
      override: { url: node.url, gasPrice: 0 },
    });
    const [deployer, alice, bob, carol] = await ethers.getSigners();
    const deployerBalanceBefore = await ethers.provider.getBalance(deployer!.address);

    const { kycRegistry } = await ignition.deploy(PlatformModule, { deploymentId, displayUi: false });
    const { cash } = await ignition.deploy(TestCashModule, { deploymentId, displayUi: false });
    const registry = await ethers.getContractAt("KycRegistry", await kycRegistry.getAddress());
    const stablecoin = await ethers.getContractAt("TestStablecoin", await cash.getAddress());

    // The chain really is London: PUSH0 bytecode would not have deployed at all.
    const block = await ethers.provider.getBlock("latest");
    expect(block?.baseFeePerGas).to.equal(0n);

    const until = BigInt(block!.timestamp) + 365n * 86_400n;
    await (
      await registry.setInvestors([
        { account: alice!.address, verifiedUntil: until, country: US, classes: CLASS_ACCREDITED, recordHash: ethers.ZeroHash },
        { account: bob!.address, verifiedUntil: until, country: US, classes: CLASS_ACCREDITED, recordHash: ethers.ZeroHash },
        { account: carol!.address, verifiedUntil: until, country: US, classes: CLASS_RETAIL, recordHash: ethers.ZeroHash },
      ])
    ).wait();

    const rules = { allowedClasses: CLASS_ACCREDITED, minHolding: 0n, maxHolders: 0, lockupUntil: 0, blockedCountries: [] };
    const token = await ethers.deployContract("PoolToken", [
      "Pool 2026-1 Class A", "P261A", await registry.getAddress(), await stablecoin.getAddress(), deployer!.address, rules,
      10n ** 15n, // the class's committed face: $1 billion in 6-decimal units
    ]);
    // deployContract returns once the transaction is sent: wait for its receipt before reading the code it creates.
    await token.waitForDeployment();
    await (await token.grantRole(await token.ISSUER_ROLE(), deployer!.address)).wait();
    await (await token.grantRole(await token.DISTRIBUTOR_ROLE(), deployer!.address)).wait();
    await (await stablecoin.grantRole(await stablecoin.MINTER_ROLE(), deployer!.address)).wait();

    await (await token.mint(alice!.address, 600_000n * USD)).wait();
    await (await token.mint(bob!.address, 400_000n * USD)).wait();

    await (await stablecoin.mint(deployer!.address, 10_000n * USD)).wait();
    await (await stablecoin.approve(await token.getAddress(), 10_000n * USD)).wait();
    await (await token.distribute(5_000n * USD, 5_000n * USD)).wait();
    // $5,000 of principal retires 0.5% of $1,000,000 original face.
    expect(await token.factor()).to.equal(ethers.parseUnits("0.995", 18));

    await (await token.connect(alice!).claim()).wait();
    expect(await stablecoin.balanceOf(alice!.address)).to.equal(6_000n * USD);

    await (await token.connect(alice!).transfer(bob!.address, 100_000n * USD)).wait();
    expect(await token.balanceOf(bob!.address)).to.equal(500_000n * USD);

    // Retail investors may not hold this class: the view says why and the chain refuses.
    const code = await token.detectTransferRestriction(alice!.address, carol!.address, 1n * USD);
    expect(code).to.equal(8n); // RecipientClassNotAllowed
    await expect(token.connect(alice!).transfer(carol!.address, 1n * USD))
      .to.be.revertedWithCustomError(token, "TokenTransferRestricted")
      .withArgs(8, alice!.address, carol!.address, 1n * USD);

    // Free gas: nothing the deployer did cost it any ether.
    expect(await ethers.provider.getBalance(deployer!.address)).to.equal(deployerBalanceBefore);
  });
});
