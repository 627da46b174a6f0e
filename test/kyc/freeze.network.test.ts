import { expect } from "chai";

import { setInvestorFrozen } from "../../src/kyc/freeze.js";
import { MissingRoleError } from "../../src/kyc/registry.js";
import { networkHelpers, nonceOf, registryFixture, rejection } from "./fixtures.js";

const { loadFixture } = networkHelpers;

describe("kyc freeze", function () {
  it("freezes a wallet that was never onboarded, then lifts the freeze", async function () {
    const { address, compliance, registry, investors } = await loadFixture(registryFixture);
    const who = investors[3]!.address;
    const frozen = await setInvestorFrozen({ registry: address, account: who, frozen: true }, compliance);
    expect(frozen.txHash).to.be.a("string");
    expect((await registry.investor(who)).frozen).to.equal(true);
    const lifted = await setInvestorFrozen({ registry: address, account: who, frozen: false }, compliance);
    expect(lifted.txHash).to.be.a("string");
    expect((await registry.investor(who)).frozen).to.equal(false);
  });

  it("sends nothing when the wallet already is in the requested state", async function () {
    const { address, compliance, investors } = await loadFixture(registryFixture);
    const nonce = await nonceOf(compliance.address);
    const result = await setInvestorFrozen({ registry: address, account: investors[0]!.address, frozen: false }, compliance);
    expect(result.txHash).to.equal(undefined);
    expect(await nonceOf(compliance.address)).to.equal(nonce);
  });

  it("refuses a signer without COMPLIANCE_ROLE before sending", async function () {
    const { address, outsider, investors } = await loadFixture(registryFixture);
    const nonce = await nonceOf(outsider.address);
    await rejection(setInvestorFrozen({ registry: address, account: investors[0]!.address, frozen: true }, outsider), MissingRoleError, new RegExp(`account ${outsider.address} does not hold COMPLIANCE_ROLE`));
    expect(await nonceOf(outsider.address)).to.equal(nonce);
  });
});
