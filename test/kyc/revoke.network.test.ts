import { expect } from "chai";

import { InvalidInputError } from "../../src/errors.js";
import { onboardInvestors } from "../../src/kyc/onboard.js";
import { MissingRoleError } from "../../src/kyc/registry.js";
import { revokeInvestor } from "../../src/kyc/revoke.js";
import { DEMO_FILE, ethers, networkHelpers, nonceOf, registryFixture, rejection } from "./fixtures.js";

const { loadFixture } = networkHelpers;

async function onboardedFixture() {
  const fixture = await registryFixture();
  await onboardInvestors({ registry: fixture.address, file: DEMO_FILE }, fixture.compliance);
  return fixture;
}

describe("kyc revoke", function () {
  it("ends the verification now and records keccak256 of the reason's UTF-8 in the event", async function () {
    const { address, compliance, registry, investors } = await loadFixture(onboardedFixture);
    const who = investors[0]!.address;
    const reason = "sanctions screening hit 2026-11-21";
    const result = await revokeInvestor({ registry: address, account: who, reason }, compliance);
    const expected = ethers.keccak256(ethers.toUtf8Bytes(reason));
    expect(result.reasonHash).to.equal(expected);
    const receipt = await ethers.provider.getTransactionReceipt(result.txHash!);
    const event = registry.interface.parseLog(receipt!.logs[0]!);
    expect([event?.name, event?.args.account, event?.args.reason]).to.deep.equal(["InvestorRevoked", who, expected]);
    expect(await registry.isVerified(who)).to.equal(false);
    expect((await registry.investor(who)).classes).to.not.equal(0n); // kept for the record
  });

  it("sends nothing when the verification is already revoked", async function () {
    const { address, compliance, investors } = await loadFixture(onboardedFixture);
    const who = investors[1]!.address;
    await revokeInvestor({ registry: address, account: who, reason: "first" }, compliance);
    const nonce = await nonceOf(compliance.address);
    const again = await revokeInvestor({ registry: address, account: who, reason: "second" }, compliance);
    expect(again.txHash).to.equal(undefined);
    expect(await nonceOf(compliance.address)).to.equal(nonce);
  });

  it("refuses a wallet that was never onboarded, an empty reason and a signer without the role", async function () {
    const { address, compliance, outsider, investors } = await loadFixture(onboardedFixture);
    const nonce = await nonceOf(compliance.address);
    await rejection(revokeInvestor({ registry: address, account: outsider.address, reason: "x" }, compliance), InvalidInputError, /--account: .* was never onboarded/);
    await rejection(revokeInvestor({ registry: address, account: investors[0]!.address, reason: "  " }, compliance), InvalidInputError, /--reason: required/);
    await rejection(revokeInvestor({ registry: address, account: "0x1234", reason: "x" }, compliance), InvalidInputError, /--account: "0x1234" is not an address/);
    expect(await nonceOf(compliance.address)).to.equal(nonce);
    await rejection(revokeInvestor({ registry: address, account: investors[0]!.address, reason: "x" }, outsider), MissingRoleError, /does not hold COMPLIANCE_ROLE/);
  });
});
