import { expect } from "chai";
import { Interface } from "ethers";
import hre from "hardhat";

import { PAYMENT_WATERFALL_ABI, SERVICER_REPORTS_ABI, WATERFALL_LENS_ABI } from "../../src/remit/abi.js";

describe("the remit workflow's contract ABIs", () => {
  for (const [name, abi] of [["PaymentWaterfall", PAYMENT_WATERFALL_ABI], ["ServicerReports", SERVICER_REPORTS_ABI], ["WaterfallLens", WATERFALL_LENS_ABI]] as const) {
    it(`are ${name}'s compiled fragments, exactly`, async () => {
      const artifact = await hre.artifacts.readArtifact(name);
      const compiled = new Interface(artifact.abi).format();
      expect([...abi].sort()).to.deep.equal([...compiled].sort());
    });
  }
});
