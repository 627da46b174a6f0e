import { expect } from "chai";

import { ConfirmationTimeoutError, PendingTransactionsError, TransactionFailedError, decodeCustomError, describeRestriction, sendTransaction, waitUntilSettled } from "../../src/chain/index.js";
import { KYC_REGISTRY_ABI } from "../../src/kyc/registry.js";
import { ethers, networkHelpers, nonceOf, registryFixture, rejection } from "../kyc/fixtures.js";

const { loadFixture } = networkHelpers;
const ONE = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const iface = new ethers.Interface(KYC_REGISTRY_ABI);

describe("sending a transaction the chain refuses after validation", function () {
  it("names the operation, the account and the decoded custom error of a call refused at gas estimation, with nothing sent", async function () {
    const { address, registry, outsider } = await loadFixture(registryFixture);
    const role = await registry.COMPLIANCE_ROLE();
    const nonce = await nonceOf(outsider.address);
    const error = await rejection(
      sendTransaction({ operation: "freeze", accounts: [ONE], contract: `the KYC registry at ${address}` }, iface, () => registry.connect(outsider).setFrozen(ONE, true)),
      TransactionFailedError,
      new RegExp(`^freeze for ${ONE} on the KYC registry at ${address} failed \\(refused before sending\\): ` +
        `AccessControlUnauthorizedAccount\\(account=${outsider.address}, neededRole=${role}\\)$`),
    );
    expect(error.details).to.include({ operation: "freeze", contract: `the KYC registry at ${address}`, txHash: undefined });
    expect(error.details.revert, "the decoded error by name and values, for callers to act on").to.deep.include({
      name: "AccessControlUnauthorizedAccount", args: { account: outsider.address, neededRole: role },
    });
    expect(await nonceOf(outsider.address)).to.equal(nonce);
  });

  // A JSON-RPC node reports a mined revert without its data (the error is recovered by a replay);
  // the in-process network reports it with the data.
  it("recovers the custom error of a transaction that was mined and reverted, and names its hash", async function () {
    const { address, registry, outsider } = await loadFixture(registryFixture);
    const role = await registry.COMPLIANCE_ROLE();
    // An explicit gas limit skips the estimate, so the refused call is mined as a failed transaction.
    const error = await rejection(
      sendTransaction({ operation: "unfreeze", accounts: [ONE], contract: `the KYC registry at ${address}`, recovery: "re-run it" }, iface,
        () => registry.connect(outsider).setFrozen(ONE, false, { gasLimit: 200_000 })),
      TransactionFailedError,
      new RegExp(`^unfreeze for ${ONE} .* failed \\(tx 0x[0-9a-f]{64}\\): (mined in block \\d+ but reverted, likely with )?` +
        `AccessControlUnauthorizedAccount\\(account=${outsider.address}, neededRole=${role}\\)\\. re-run it$`),
    );
    const receipt = await ethers.provider.getTransactionReceipt(String(error.details.txHash));
    expect(receipt?.status).to.equal(0);
    expect(error.details.revert).to.deep.include({ name: "AccessControlUnauthorizedAccount", args: { account: outsider.address, neededRole: role } });
  });

  it("decodes the registry's own errors with their parameter names, and nothing else", function () {
    const data = iface.encodeErrorResult("KycExpiryInPast", [ONE, 5n, 7n]);
    expect(decodeCustomError(iface, data)).to.equal(`KycExpiryInPast(account=${ONE}, verifiedUntil=5, nowTimestamp=7)`);
    expect(decodeCustomError(iface, "0xdeadbeef")).to.equal(undefined);
  });

  it("spells out a transfer restriction's reason code in English", function () {
    const restricted = new ethers.Interface(["error TokenTransferRestricted(uint8 code, address from, address to, uint256 amount)"]);
    const data = restricted.encodeErrorResult("TokenTransferRestricted", [3, ONE, ONE, 10n]);
    expect(decodeCustomError(restricted, data)).to.equal(
      `TokenTransferRestricted(code=3 (SenderKycExpired: The sender's KYC verification has expired.), from=${ONE}, to=${ONE}, amount=10)`,
    );
    expect(describeRestriction(99)).to.equal("unknown restriction code 99");
  });

  describe("on a slow node (automine off: nothing is mined until the test mines)", () => {
    afterEach(async () => {
      await ethers.provider.send("evm_setAutomine", [true]);
    });

    it("reports a transaction not confirmed in time with its hash and the resume instruction, instead of hanging", async function () {
      const { address, registry, compliance } = await loadFixture(registryFixture);
      await ethers.provider.send("evm_setAutomine", [false]);
      const error = await rejection(
        sendTransaction({ operation: "freeze", accounts: [ONE], contract: `the KYC registry at ${address}`, recovery: "frozen wallets are skipped on a re-run" }, iface,
          () => registry.connect(compliance).setFrozen(ONE, true), { timeoutMs: 200 }),
        ConfirmationTimeoutError,
        new RegExp(`^freeze for ${ONE} on the KYC registry at ${address}: transaction (0x[0-9a-f]{64}) was sent but not confirmed within 200 ms .*re-run the same command\\. frozen wallets are skipped on a re-run$`),
      );
      await ethers.provider.send("evm_mine", []);
      const receipt = await ethers.provider.getTransactionReceipt(String(error.details.txHash));
      expect(receipt?.status, "the transaction was only late, not lost").to.equal(1);
    });

    it("waits until an account's transactions have the confirmations asked, as blocks come", async function () {
      const { registry, compliance } = await loadFixture(registryFixture);
      await ethers.provider.send("evm_setAutomine", [false]);
      await registry.connect(compliance).setFrozen(ONE, true);
      let settled = false;
      const waiting = waitUntilSettled(ethers.provider, compliance.address, { confirmations: 3, pollMs: 5 }).then(() => (settled = true));
      for (let block = 1; block <= 3; block += 1) {
        await ethers.provider.send("evm_mine", []);
        // After block 1 the transaction is mined but not 3 deep; the wait must not end before block 3.
        if (block < 3) expect(settled, `settled after ${block} block(s)`).to.equal(false);
      }
      await waiting;
      expect(settled).to.equal(true);
    });

    it("gives up waiting with the number of unconfirmed transactions and what to do", async function () {
      const { registry, compliance } = await loadFixture(registryFixture);
      await ethers.provider.send("evm_setAutomine", [false]);
      await registry.connect(compliance).setFrozen(ONE, true);
      await rejection(
        waitUntilSettled(ethers.provider, compliance.address, { confirmations: 1, timeoutMs: 50, pollMs: 5 }),
        PendingTransactionsError,
        new RegExp(`^account ${compliance.address} has 1 transaction\\(s\\) not yet mined; wait until they are confirmed, then re-run the same command$`),
      );
      await ethers.provider.send("evm_mine", []);
    });
  });
});
