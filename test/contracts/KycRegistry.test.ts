import { expect } from "chai";

import { decodeRegistryLog, encodeInvestorWord, replayRegistryEvents, type RegistryEvent } from "../../src/kyc/registryEvents.js";

import {
  CLASS,
  COUNTRY,
  ONE_YEAR,
  ethers,
  latestTime,
  networkHelpers,
  platformFixture,
} from "./helpers/poolTokenFixtures.js";

const { loadFixture, time } = networkHelpers;

describe("KycRegistry", function () {
  async function newRow(classes: number = CLASS.ACCREDITED, country: number = COUNTRY.US) {
    return {
      account: ethers.Wallet.createRandom().address,
      verifiedUntil: (await latestTime()) + ONE_YEAR,
      country,
      classes,
      recordHash: ethers.id("kyc/record"),
    };
  }

  /** The word the registry stores (and logs) for a row, with the freeze flag it keeps. */
  const storedWord = (row: { verifiedUntil: bigint; country: number; classes: number }, frozen = false) =>
    encodeInvestorWord({ verifiedUntil: row.verifiedUntil, country: row.country, classes: row.classes, frozen });

  describe("onboarding", function () {
    it("stores one record and logs the stored word with the record hash, which is never stored", async function () {
      const { registry, compliance } = await loadFixture(platformFixture);
      const row = await newRow(CLASS.QIB | CLASS.NON_US, COUNTRY.GB);
      await expect(registry.connect(compliance).setInvestor(row))
        .to.emit(registry, "InvestorUpdated")
        .withArgs(row.account, storedWord(row), row.recordHash);
      const [word] = await registry.investorPairPacked(row.account, row.account);
      expect(word).to.equal(storedWord(row));
      const stored = await registry.investor(row.account);
      expect([stored.verifiedUntil, stored.country, stored.classes, stored.frozen]).to.deep.equal([
        row.verifiedUntil,
        BigInt(row.country),
        BigInt(row.classes),
        false,
      ]);
      expect(await registry.isVerified(row.account)).to.equal(true);
    });

    it("onboards a batch, one event per investor", async function () {
      const { registry, compliance } = await loadFixture(platformFixture);
      const rows = await Promise.all([1, 2, 3].map(() => newRow()));
      const tx = registry.connect(compliance).setInvestors(rows);
      for (const row of rows) {
        await expect(tx).to.emit(registry, "InvestorUpdated").withArgs(row.account, storedWord(row), row.recordHash);
      }
      for (const row of rows) expect(await registry.isVerified(row.account)).to.equal(true);
    });

    for (const [field, word] of [["account", 0], ["verifiedUntil", 1], ["country", 2], ["classes", 3]] as const) {
      it(`rejects a row whose ${field} is wider than its type (malformed calldata), as the ABI decoder would`, async function () {
        const { registry, compliance } = await loadFixture(platformFixture);
        const data = registry.interface.encodeFunctionData("setInvestor", [await newRow()]);
        // Set the top byte of the field's 32-byte word: the value no longer fits its ABI type.
        const at = 2 + 8 + word * 64;
        const dirty = data.slice(0, at) + "ff" + data.slice(at + 2);
        await expect(compliance.sendTransaction({ to: await registry.getAddress(), data: dirty }))
          .to.be.revertedWithCustomError(registry, "KycMalformedUpdate");
        await expect(compliance.sendTransaction({ to: await registry.getAddress(), data })).to.emit(registry, "InvestorUpdated");
      });
    }

    it("rejects the zero address", async function () {
      const { registry, compliance } = await loadFixture(platformFixture);
      const row = { ...(await newRow()), account: ethers.ZeroAddress };
      await expect(registry.connect(compliance).setInvestor(row)).to.be.revertedWithCustomError(registry, "KycZeroAddress");
    });

    it("rejects an expiry that is not in the future", async function () {
      const { registry, compliance } = await loadFixture(platformFixture);
      const row = await newRow();
      const now = (await latestTime()) + 1n; // the next block's timestamp
      await time.setNextBlockTimestamp(now);
      await expect(registry.connect(compliance).setInvestor({ ...row, verifiedUntil: now }))
        .to.be.revertedWithCustomError(registry, "KycExpiryInPast")
        .withArgs(row.account, now, now);
    });

    it("rejects an empty class set and undefined class bits", async function () {
      const { registry, compliance } = await loadFixture(platformFixture);
      for (const classes of [0, 32, 31 | 64]) {
        const row = await newRow(classes);
        await expect(registry.connect(compliance).setInvestor(row))
          .to.be.revertedWithCustomError(registry, "KycInvalidClasses")
          .withArgs(row.account, classes);
      }
    });

    it("rejects a country code above 999, which no token's 10-bit blocked-country list could ever match", async function () {
      const { registry, compliance } = await loadFixture(platformFixture);
      for (const country of [1000, 1023, 1024, 65_535]) {
        const row = await newRow(CLASS.ACCREDITED, country);
        await expect(registry.connect(compliance).setInvestor(row))
          .to.be.revertedWithCustomError(registry, "KycInvalidCountry")
          .withArgs(row.account, country);
        await expect(registry.connect(compliance).setInvestors([await newRow(), row]))
          .to.be.revertedWithCustomError(registry, "KycInvalidCountry")
          .withArgs(row.account, country);
      }
      for (const country of [0, 999]) {
        await expect(registry.connect(compliance).setInvestor(await newRow(CLASS.ACCREDITED, country))).to.emit(
          registry,
          "InvestorUpdated",
        );
      }
    });

    it("rejects a whole batch when one row is invalid", async function () {
      const { registry, compliance } = await loadFixture(platformFixture);
      const good = await newRow();
      const bad = { ...(await newRow()), classes: 0 };
      await expect(registry.connect(compliance).setInvestors([good, bad])).to.be.revertedWithCustomError(
        registry,
        "KycInvalidClasses",
      );
      expect(await registry.isVerified(good.account)).to.equal(false);
    });

    it("keeps a platform freeze when the investor is re-verified, and logs the word with the freeze it kept", async function () {
      const { registry, compliance, alice } = await loadFixture(platformFixture);
      await registry.connect(compliance).setFrozen(alice.address, true);
      const row = { ...(await newRow()), account: alice.address };
      await expect(registry.connect(compliance).setInvestor(row))
        .to.emit(registry, "InvestorUpdated")
        .withArgs(alice.address, storedWord(row, true), row.recordHash);
      await expect(registry.connect(compliance).setInvestors([row]))
        .to.emit(registry, "InvestorUpdated")
        .withArgs(alice.address, storedWord(row, true), row.recordHash);
      expect((await registry.investor(alice.address)).frozen).to.equal(true);
      expect(await registry.isVerified(alice.address)).to.equal(false);
    });

    it("defines the investor-class bits", async function () {
      const { registry } = await loadFixture(platformFixture);
      expect(await registry.CLASS_RETAIL()).to.equal(CLASS.RETAIL);
      expect(await registry.CLASS_ACCREDITED()).to.equal(CLASS.ACCREDITED);
      expect(await registry.CLASS_QIB()).to.equal(CLASS.QIB);
      expect(await registry.CLASS_INSTITUTIONAL()).to.equal(CLASS.INSTITUTIONAL);
      expect(await registry.CLASS_NON_US()).to.equal(CLASS.NON_US);
    });
  });

  describe("revocation, expiry and freezes", function () {
    it("revokes at once and keeps country and classes for the record", async function () {
      const { registry, compliance, alice } = await loadFixture(platformFixture);
      const reason = ethers.encodeBytes32String("sanctions hit");
      await expect(registry.connect(compliance).revoke(alice.address, reason))
        .to.emit(registry, "InvestorRevoked")
        .withArgs(alice.address, reason);
      const stored = await registry.investor(alice.address);
      expect(stored.verifiedUntil).to.equal(0n);
      expect(stored.country).to.equal(BigInt(COUNTRY.US));
      expect(stored.classes).to.equal(BigInt(CLASS.ACCREDITED));
      expect(await registry.isVerified(alice.address)).to.equal(false);
    });

    it("refuses to revoke a wallet that was never onboarded", async function () {
      const { registry, compliance, frank } = await loadFixture(platformFixture);
      await expect(registry.connect(compliance).revoke(frank.address, ethers.ZeroHash))
        .to.be.revertedWithCustomError(registry, "KycUnknownInvestor")
        .withArgs(frank.address);
    });

    it("stops verifying at the expiry second", async function () {
      const { registry, alice, verifiedUntil } = await loadFixture(platformFixture);
      await time.increaseTo(verifiedUntil - 1n);
      expect(await registry.isVerified(alice.address)).to.equal(true);
      await time.increaseTo(verifiedUntil);
      expect(await registry.isVerified(alice.address)).to.equal(false);
    });

    it("freezes and unfreezes, also a wallet that was never onboarded", async function () {
      const { registry, compliance, alice, frank } = await loadFixture(platformFixture);
      await expect(registry.connect(compliance).setFrozen(alice.address, true))
        .to.emit(registry, "InvestorFrozen")
        .withArgs(alice.address, true);
      expect(await registry.isVerified(alice.address)).to.equal(false);
      await registry.connect(compliance).setFrozen(alice.address, false);
      expect(await registry.isVerified(alice.address)).to.equal(true);
      await registry.connect(compliance).setFrozen(frank.address, true);
      expect((await registry.investor(frank.address)).frozen).to.equal(true);
      await expect(
        registry.connect(compliance).setFrozen(ethers.ZeroAddress, true),
      ).to.be.revertedWithCustomError(registry, "KycZeroAddress");
    });

    it("returns both parties of a transfer in one call", async function () {
      const { registry, alice, dave } = await loadFixture(platformFixture);
      const [a, d] = await registry.investorPair(alice.address, dave.address);
      expect(a.country).to.equal(BigInt(COUNTRY.US));
      expect(d.country).to.equal(BigInt(COUNTRY.BLOCKED));
      expect(d.classes).to.equal(BigInt(CLASS.INSTITUTIONAL));
    });

    it("packs each record as the struct would sit in storage", async function () {
      const { registry, compliance, alice, dave } = await loadFixture(platformFixture);
      await registry.connect(compliance).setFrozen(dave.address, true);
      const words = await registry.investorPairPacked(alice.address, dave.address);
      const records = await registry.investorPair(alice.address, dave.address);
      for (const [i, word] of words.entries()) {
        const record = records[i]!;
        const expected = encodeInvestorWord({
          verifiedUntil: record.verifiedUntil,
          country: Number(record.country),
          classes: Number(record.classes),
          frozen: record.frozen,
        });
        expect(word).to.equal(expected);
      }
      expect(records[1]!.frozen).to.equal(true);
    });
  });

  describe("logs", function () {
    it("rebuild every record from the registry's logs alone: onboardings, re-verifications, freezes and revocations", async function () {
      const { registry, compliance, alice, bob, frank } = await loadFixture(platformFixture);
      const c = registry.connect(compliance);
      const batch = await Promise.all([CLASS.RETAIL, CLASS.QIB | CLASS.NON_US, 31].map((classes, i) => newRow(classes, [0, 999, 826][i])));
      await c.setInvestors(batch);
      await c.setFrozen(frank.address, true); // never onboarded: frozen before it applies
      await c.setInvestor({ ...(await newRow(CLASS.INSTITUTIONAL)), account: frank.address });
      await c.setFrozen(alice.address, true);
      await c.setInvestor({ ...(await newRow(CLASS.QIB, COUNTRY.GB)), account: alice.address }); // keeps the freeze
      await c.revoke(bob.address, ethers.encodeBytes32String("expired docs"));
      await c.revoke(batch[0]!.account, ethers.ZeroHash);
      await c.setInvestor(batch[1]!); // re-verified unchanged
      await c.setFrozen(batch[2]!.account, true);
      await c.setFrozen(batch[2]!.account, false);
      await c.revoke(batch[2]!.account, ethers.ZeroHash);
      await c.setInvestors([{ ...batch[2]!, verifiedUntil: batch[2]!.verifiedUntil + 1n }]);

      const logs = await ethers.provider.getLogs({ address: await registry.getAddress(), fromBlock: 0 });
      const events = logs.map(decodeRegistryLog).filter((e): e is RegistryEvent => e !== null);
      expect(events.map((e) => e.name)).to.include.members(["InvestorUpdated", "InvestorFrozen", "InvestorRevoked"]);
      const rebuilt = replayRegistryEvents(events);
      expect(rebuilt.size).to.be.greaterThanOrEqual(batch.length + 3);
      for (const [account, record] of rebuilt) {
        const onChain = await registry.investor(account);
        expect(record, account).to.deep.equal({
          verifiedUntil: onChain.verifiedUntil,
          country: Number(onChain.country),
          classes: Number(onChain.classes),
          frozen: onChain.frozen,
        });
      }
      expect(rebuilt.get(alice.address)).to.include({ frozen: true, country: COUNTRY.GB });
      expect(rebuilt.get(bob.address)).to.include({ verifiedUntil: 0n });
      expect(rebuilt.get(frank.address)).to.include({ frozen: true, classes: CLASS.INSTITUTIONAL });
    });
  });

  describe("access control", function () {
    it("lets only the compliance role write, and not even the admin", async function () {
      const { registry, admin, compliance, outsider, alice } = await loadFixture(platformFixture);
      const role = await registry.COMPLIANCE_ROLE();
      const row = await newRow();
      const writes = [
        (s: typeof admin) => registry.connect(s).setInvestor(row),
        (s: typeof admin) => registry.connect(s).setInvestors([row]),
        (s: typeof admin) => registry.connect(s).revoke(alice.address, ethers.ZeroHash),
        (s: typeof admin) => registry.connect(s).setFrozen(alice.address, true),
      ];
      for (const write of writes) {
        for (const signer of [admin, outsider]) {
          await expect(write(signer))
            .to.be.revertedWithCustomError(registry, "AccessControlUnauthorizedAccount")
            .withArgs(signer.address, role);
        }
        await expect(write(compliance)).not.to.revert(ethers);
      }
    });

    it("lets the admin appoint a new compliance officer", async function () {
      const { registry, admin, outsider } = await loadFixture(platformFixture);
      await registry.connect(admin).grantRole(await registry.COMPLIANCE_ROLE(), outsider.address);
      await expect(registry.connect(outsider).setInvestor(await newRow())).not.to.revert(ethers);
    });
  });
});
