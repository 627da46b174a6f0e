import { expect } from "chai";
import { Interface } from "ethers";

import { KYC_REGISTRY_ABI } from "../../src/kyc/registry.js";
import { KYC_REGISTRY_EVENTS } from "../../src/kyc/registryEvents.js";
import { ethers } from "./fixtures.js";

describe("kyc registry ABI", () => {
  it("names only functions and errors the compiled KycRegistry has, with the same signatures", async () => {
    const compiled = (await ethers.getContractFactory("KycRegistry")).interface;
    const ours = new Interface(KYC_REGISTRY_ABI);
    ours.forEachFunction((f) => {
      expect(compiled.getFunction(f.selector)?.format("full"), f.format()).to.equal(f.format("full"));
    });
    ours.forEachError((e) => {
      expect(compiled.getError(e.selector)?.format("full"), e.format()).to.equal(e.format("full"));
    });
  });

  it("decodes exactly the events the compiled KycRegistry emits, with the same signatures", async () => {
    const compiled = (await ethers.getContractFactory("KycRegistry")).interface;
    const ours = new Interface(KYC_REGISTRY_EVENTS);
    const names: string[] = [];
    ours.forEachEvent((e) => {
      names.push(e.name);
      expect(compiled.getEvent(e.topicHash)?.format("full"), e.format()).to.equal(e.format("full"));
    });
    const emitted: string[] = [];
    compiled.forEachEvent((e) => {
      if (e.name.startsWith("Investor")) emitted.push(e.name);
    });
    expect(names.sort()).to.deep.equal(emitted.sort());
  });
});
