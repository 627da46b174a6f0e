/**
 * The commands and the dashboard decode a refused trade's reason with one list of the errors a market
 * transaction can revert with (src/market/contracts.ts); the compiled venues and tranche token must not
 * have one it lacks.
 */
import { expect } from "chai";
import hre from "hardhat";

import { MARKET_REFUSALS } from "../../src/market/contracts.js";

describe("the list of market refusals (commands and dashboard)", () => {
  for (const contract of ["TrancheMarket", "BilateralMarket", "PoolToken"]) {
    it(`knows every custom error ${contract} can revert with`, async () => {
      const artifact = await hre.artifacts.readArtifact(contract);
      const errors = (artifact.abi as { type: string; name: string; inputs: { type: string }[] }[])
        .filter((f) => f.type === "error")
        .map((f) => `${f.name}(${f.inputs.map((i) => i.type).join(",")})`);
      expect(errors.length).to.be.greaterThan(0);
      for (const signature of errors) expect(MARKET_REFUSALS.getError(signature), signature).not.to.equal(null);
    });
  }
});
