import { expect } from "chai";

import { ChainError } from "../../../src/chain/index.js";
import { parseFault, stepForNonce } from "../../../src/chain/ignition/faults.js";

const journal = [
  { type: "DEPLOYMENT_INITIALIZE", chainId: 31337 },
  { type: "TRANSACTION_PREPARE_SEND", futureId: "Pool_X#Tranche0", networkInteractionId: 1, nonce: 4 },
  { type: "TRANSACTION_PREPARE_SEND", futureId: "Pool_X#Tranche0_mint1", networkInteractionId: 1, nonce: 9 },
].map((m) => `\n${JSON.stringify(m)}`).join("");

describe("fault injection at a named Ignition step", () => {
  it("reads MBS_FAULT as when and which step, and nothing when unset", () => {
    expect(parseFault("after-send:Tranche1")).to.deep.equal({ when: "after-send", step: "Tranche1" });
    expect(parseFault("before-send:Pool_X#Tranche0_mint1")).to.deep.equal({ when: "before-send", step: "Pool_X#Tranche0_mint1" });
    expect(parseFault(undefined)).to.equal(undefined);
    expect(parseFault("")).to.equal(undefined);
  });

  it("refuses a plan it cannot follow rather than silently not crashing", () => {
    expect(() => parseFault("during:Tranche1")).to.throw(ChainError, 'MBS_FAULT="during:Tranche1" is not before-send:<step> or after-send:<step>');
  });

  it("finds the step a transaction belongs to from the nonce its journal line reserved", () => {
    expect(stepForNonce(journal, 9)).to.equal("Pool_X#Tranche0_mint1");
    expect(stepForNonce(journal, 4)).to.equal("Pool_X#Tranche0");
    expect(stepForNonce(journal, 5)).to.equal(undefined);
  });
});
