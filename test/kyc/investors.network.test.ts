import { expect } from "chai";
import { network } from "hardhat";

import { INVESTOR_CLASS_BITS, classNames } from "../../src/kyc/investors.js";

const { ethers } = await network.create();

describe("deal-file investor classes", () => {
  it("use the KYC registry's class bits", async () => {
    const [admin] = await ethers.getSigners();
    const registry = await ethers.deployContract("KycRegistry", [admin!.address, admin!.address]);
    expect(INVESTOR_CLASS_BITS).to.deep.equal({
      retail: Number(await registry.CLASS_RETAIL()),
      accredited: Number(await registry.CLASS_ACCREDITED()),
      qib: Number(await registry.CLASS_QIB()),
      institutional: Number(await registry.CLASS_INSTITUTIONAL()),
      "non-us": Number(await registry.CLASS_NON_US()),
    });
    const all = Object.values(INVESTOR_CLASS_BITS).reduce((a, b) => a | b, 0);
    expect(all).to.equal(Number(await registry.ALL_CLASSES()));
  });

  it("name the classes of a bit set", () => {
    expect(classNames(2 | 8)).to.deep.equal(["accredited", "institutional"]);
    expect(classNames(0)).to.deep.equal([]);
  });
});
