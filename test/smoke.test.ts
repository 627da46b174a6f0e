import { expect } from "chai";
import { network } from "hardhat";
describe("smoke", () => {
  it("deploys", async () => {
    const { ethers } = await network.create();
    const s = await ethers.deployContract("Smoke");
    expect(await s.totalSupply()).to.equal(1n);
  });
});
