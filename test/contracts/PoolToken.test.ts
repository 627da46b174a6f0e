import { expect } from "chai";

import type { PoolToken } from "../../typechain-types/index.js";
import { IERC7943Fungible__factory } from "../../typechain-types/index.js";
import {
  CLASS,
  CODE,
  COUNTRY,
  DEFAULT_RULES,
  countingPoolFixture,
  deployPool,
  emptyPoolFixture,
  ethers,
  issuedCountingPoolFixture,
  issuedPoolFixture,
  latestTime,
  networkHelpers,
  platformFixture,
  usd,
  FACE_CAP,
} from "./helpers/poolTokenFixtures.js";
import { expectRestricted } from "./helpers/restrictions.js";

const { loadFixture, time } = networkHelpers;

describe("PoolToken", function () {
  describe("deployment", function () {
    it("takes its decimals from the settlement coin so face and cash share units", async function () {
      const { pool, cash, registry } = await loadFixture(emptyPoolFixture);
      expect(await pool.decimals()).to.equal(await cash.decimals());
      expect(await pool.name()).to.equal("MBS 2026-1 Class A");
      expect(await pool.symbol()).to.equal("MBS26A");
      expect(await pool.cashToken()).to.equal(await cash.getAddress());
      expect(await pool.kycRegistry()).to.equal(await registry.getAddress());
      expect(await pool.totalSupply()).to.equal(0n);
      expect(await pool.factor()).to.equal(10n ** 18n);
    });

    it("gives the admin the role-admin role and nothing else", async function () {
      const platform = await loadFixture(platformFixture);
      const pool = await ethers.deployContract("PoolToken", [
        "X",
        "X",
        await platform.registry.getAddress(),
        await platform.cash.getAddress(),
        platform.admin.address,
        DEFAULT_RULES,
        FACE_CAP,
      ]);
      expect(await pool.hasRole(await pool.DEFAULT_ADMIN_ROLE(), platform.admin.address)).to.equal(true);
      for (const role of ["ISSUER_ROLE", "COMPLIANCE_ROLE", "PAUSER_ROLE", "DISTRIBUTOR_ROLE", "ESCROW_ROLE"] as const) {
        expect(await pool[role]()).to.equal(ethers.id(role));
        expect(await pool.hasRole(await pool[role](), platform.admin.address)).to.equal(false);
      }
    });

    it("stores and returns its rules", async function () {
      const { pool } = await loadFixture(emptyPoolFixture);
      const rules = await pool.transferRules();
      expect(rules.allowedClasses).to.equal(BigInt(DEFAULT_RULES.allowedClasses));
      expect(rules.minHolding).to.equal(DEFAULT_RULES.minHolding);
      expect(rules.maxHolders).to.equal(0n);
      expect(rules.lockupUntil).to.equal(0n);
      expect(rules.blockedCountries).to.deep.equal([BigInt(COUNTRY.BLOCKED)]);
    });

    it("supports ERC-165 for ERC-7943, ERC-165 and AccessControl only", async function () {
      const { pool } = await loadFixture(emptyPoolFixture);
      const iface = IERC7943Fungible__factory.createInterface();
      let id = 0n;
      iface.forEachFunction((fn) => {
        if (fn.name !== "supportsInterface") id ^= BigInt(fn.selector);
      });
      // The interface id published with the final ERC-7943 (IERC7943Fungible).
      expect(ethers.toBeHex(id, 4)).to.equal("0x3edbb4c4");
      expect(await pool.supportsInterface(ethers.toBeHex(id, 4))).to.equal(true);
      expect(await pool.supportsInterface("0x01ffc9a7")).to.equal(true); // IERC165
      expect(await pool.supportsInterface("0x7965db0b")).to.equal(true); // IAccessControl
      expect(await pool.supportsInterface("0xffffffff")).to.equal(false);
    });
  });

  describe("rules", function () {
    it("replaces the rules and emits them", async function () {
      // A cap needs a counted token (ADR 0021): this one proved itself holderless before the rules change.
      const { pool, compliance } = await loadFixture(countingPoolFixture);
      const rules = { ...DEFAULT_RULES, minHolding: usd(5_000), maxHolders: 99, lockupUntil: 2_000_000_000n, blockedCountries: [0, 408, 999] };
      await expect(pool.connect(compliance).setTransferRules(rules))
        .to.emit(pool, "TransferRulesUpdated")
        .withArgs(rules.allowedClasses, rules.minHolding, 99, rules.lockupUntil, [0, 408, 999]);
      const stored = await pool.transferRules();
      expect(stored.blockedCountries).to.deep.equal([0n, 408n, 999n]);
      expect(stored.minHolding).to.equal(usd(5_000));
      expect(stored.maxHolders).to.equal(99n);
      expect(stored.lockupUntil).to.equal(2_000_000_000n);
    });

    it("holds up to 15 blocked countries and refuses a 16th", async function () {
      const { pool, compliance } = await loadFixture(emptyPoolFixture);
      const fifteen = Array.from({ length: 15 }, (_, i) => 100 + i * 50);
      await pool.connect(compliance).setTransferRules({ ...DEFAULT_RULES, blockedCountries: fifteen });
      expect((await pool.transferRules()).blockedCountries).to.deep.equal(fifteen.map(BigInt));
      await expect(pool.connect(compliance).setTransferRules({ ...DEFAULT_RULES, blockedCountries: [...fifteen, 5] }))
        .to.be.revertedWithCustomError(pool, "TokenTooManyBlockedCountries")
        .withArgs(16, 15);
    });

    it("refuses a country code that is not ISO 3166-1 numeric", async function () {
      const { pool, compliance } = await loadFixture(emptyPoolFixture);
      await expect(pool.connect(compliance).setTransferRules({ ...DEFAULT_RULES, blockedCountries: [840, 1000] }))
        .to.be.revertedWithCustomError(pool, "TokenInvalidCountryCode")
        .withArgs(1000);
    });

    it("blocks every one of 15 blocked countries, the last one too", async function () {
      const { pool, compliance, alice, dave } = await loadFixture(issuedPoolFixture);
      const fifteen = Array.from({ length: 14 }, (_, i) => 100 + i).concat([COUNTRY.BLOCKED]);
      await pool.connect(compliance).setTransferRules({ ...DEFAULT_RULES, blockedCountries: fifteen });
      await expectRestricted(pool, alice, dave.address, usd(1_000), CODE.RecipientCountryBlocked);
    });
  });

  describe("reason codes: the view and the revert agree", function () {
    it("0 None: a compliant transfer passes and moves the balance", async function () {
      const { pool, alice, bob } = await loadFixture(issuedPoolFixture);
      expect(await pool.detectTransferRestriction(alice.address, bob.address, usd(1_000))).to.equal(CODE.None);
      expect(await pool.canTransfer(alice.address, bob.address, usd(1_000))).to.equal(true);
      await expect(pool.connect(alice).transfer(bob.address, usd(1_000))).to.changeTokenBalances(
        ethers,
        pool,
        [alice, bob],
        [-usd(1_000), usd(1_000)],
      );
    });

    it("1 Paused", async function () {
      const { pool, pauser, alice, bob } = await loadFixture(issuedPoolFixture);
      await pool.connect(pauser).pause();
      await expectRestricted(pool, alice, bob.address, usd(1_000), CODE.Paused);
    });

    it("2 SenderNotVerified: revoked", async function () {
      const { pool, registry, compliance, alice, bob } = await loadFixture(issuedPoolFixture);
      await registry.connect(compliance).revoke(alice.address, ethers.ZeroHash);
      await expectRestricted(pool, alice, bob.address, usd(1_000), CODE.SenderNotVerified);
    });

    it("3 SenderKycExpired", async function () {
      const { pool, registry, compliance, alice, bob } = await loadFixture(issuedPoolFixture);
      const soon = (await latestTime()) + 100n;
      await registry.connect(compliance).setInvestor({ account: alice.address, verifiedUntil: soon, country: COUNTRY.US, classes: CLASS.ACCREDITED, recordHash: ethers.ZeroHash });
      await time.increaseTo(soon);
      await expectRestricted(pool, alice, bob.address, usd(1_000), CODE.SenderKycExpired);
    });

    it("4 SenderFrozen: in the registry, or on this token", async function () {
      const { pool, registry, compliance, alice, bob } = await loadFixture(issuedPoolFixture);
      await registry.connect(compliance).setFrozen(alice.address, true);
      await expectRestricted(pool, alice, bob.address, usd(1_000), CODE.SenderFrozen);
      await registry.connect(compliance).setFrozen(alice.address, false);
      await expect(pool.connect(compliance).setAddressFrozen(alice.address, true))
        .to.emit(pool, "AddressFrozen")
        .withArgs(alice.address, true);
      expect(await pool.isAddressFrozen(alice.address)).to.equal(true);
      await expectRestricted(pool, alice, bob.address, usd(1_000), CODE.SenderFrozen);
    });

    it("5 RecipientNotVerified: never onboarded", async function () {
      const { pool, alice, frank } = await loadFixture(issuedPoolFixture);
      await expectRestricted(pool, alice, frank.address, usd(1_000), CODE.RecipientNotVerified);
    });

    it("6 RecipientKycExpired", async function () {
      const { pool, registry, compliance, alice, erin } = await loadFixture(issuedPoolFixture);
      const soon = (await latestTime()) + 100n;
      await registry.connect(compliance).setInvestor({ account: erin.address, verifiedUntil: soon, country: COUNTRY.GB, classes: CLASS.ACCREDITED, recordHash: ethers.ZeroHash });
      await time.increaseTo(soon);
      await expectRestricted(pool, alice, erin.address, usd(1_000), CODE.RecipientKycExpired);
    });

    it("7 RecipientFrozen: in the registry, or on this token", async function () {
      const { pool, registry, compliance, alice, bob } = await loadFixture(issuedPoolFixture);
      await registry.connect(compliance).setFrozen(bob.address, true);
      await expectRestricted(pool, alice, bob.address, usd(1_000), CODE.RecipientFrozen);
      await registry.connect(compliance).setFrozen(bob.address, false);
      await pool.connect(compliance).setAddressFrozen(bob.address, true);
      await expectRestricted(pool, alice, bob.address, usd(1_000), CODE.RecipientFrozen);
    });

    it("8 RecipientClassNotAllowed: a retail investor", async function () {
      const { pool, alice, carol } = await loadFixture(issuedPoolFixture);
      await expectRestricted(pool, alice, carol.address, usd(1_000), CODE.RecipientClassNotAllowed);
    });

    it("9 SenderCountryBlocked", async function () {
      const { pool, compliance, issuer, bob, dave } = await loadFixture(issuedPoolFixture);
      // Dave bought before his country was blocked.
      await pool.connect(compliance).setTransferRules({ ...DEFAULT_RULES, blockedCountries: [] });
      await pool.connect(issuer).mint(dave.address, usd(10_000));
      await pool.connect(compliance).setTransferRules(DEFAULT_RULES);
      await expectRestricted(pool, dave, bob.address, usd(1_000), CODE.SenderCountryBlocked);
    });

    it("10 RecipientCountryBlocked", async function () {
      const { pool, alice, dave } = await loadFixture(issuedPoolFixture);
      await expectRestricted(pool, alice, dave.address, usd(1_000), CODE.RecipientCountryBlocked);
    });

    it("11 InsufficientBalance (the one code canTransfer ignores: ERC-7943 must not fail for a balance shortfall)", async function () {
      const { pool, alice, bob } = await loadFixture(issuedPoolFixture);
      const amount = usd(600_000) + 1n;
      expect(await pool.detectTransferRestriction(alice.address, bob.address, amount)).to.equal(CODE.InsufficientBalance);
      expect(await pool.canTransfer(alice.address, bob.address, amount)).to.equal(true);
      await expect(pool.connect(alice).transfer(bob.address, amount))
        .to.be.revertedWithCustomError(pool, "TokenTransferRestricted")
        .withArgs(CODE.InsufficientBalance, alice.address, bob.address, amount);
    });

    it("12 InsufficientUnfrozenBalance: a frozen part, then a locked part", async function () {
      const { pool, compliance, escrow, alice, bob } = await loadFixture(issuedPoolFixture);
      await pool.connect(compliance).setFrozenTokens(alice.address, usd(100_000));
      await expectRestricted(pool, alice, bob.address, usd(500_000) + 1n, CODE.InsufficientUnfrozenBalance);
      await pool.connect(alice).approve(escrow.address, usd(50_000));
      await pool.connect(escrow).lock(alice.address, usd(50_000));
      await expectRestricted(pool, alice, bob.address, usd(450_000) + 1n, CODE.InsufficientUnfrozenBalance);
      await expect(pool.connect(alice).transfer(bob.address, usd(450_000))).not.to.revert(ethers);
    });

    it("13 BelowMinimumHolding: on the recipient's side and on the sender's", async function () {
      const { pool, alice, bob, erin } = await loadFixture(issuedPoolFixture);
      await expectRestricted(pool, alice, erin.address, usd(1_000) - 1n, CODE.BelowMinimumHolding);
      await expectRestricted(pool, alice, bob.address, usd(600_000) - usd(1_000) + 1n, CODE.BelowMinimumHolding);
      // Zero is always a valid holding: the sender may sell out.
      await expect(pool.connect(alice).transfer(bob.address, usd(600_000))).not.to.revert(ethers);
    });

    it("14 HolderLimitReached, unless the sender leaves as the recipient arrives", async function () {
      const { pool, compliance, alice, bob, erin } = await loadFixture(issuedCountingPoolFixture);
      await pool.connect(compliance).setTransferRules({ ...DEFAULT_RULES, maxHolders: 2 });
      await expectRestricted(pool, alice, erin.address, usd(1_000), CODE.HolderLimitReached);
      // Between existing holders the cap does not bite.
      await expect(pool.connect(alice).transfer(bob.address, usd(1_000))).not.to.revert(ethers);
      await expect(pool.connect(alice).transfer(erin.address, usd(599_000))).not.to.revert(ethers);
      expect(await pool.holderCount()).to.equal(2n);
    });

    it("15 LockupActive, until the lockup ends", async function () {
      const { pool, compliance, alice, bob } = await loadFixture(issuedPoolFixture);
      const until = (await latestTime()) + 1_000n;
      await pool.connect(compliance).setTransferRules({ ...DEFAULT_RULES, lockupUntil: until });
      await expectRestricted(pool, alice, bob.address, usd(1_000), CODE.LockupActive);
      await time.setNextBlockTimestamp(until);
      await expect(pool.connect(alice).transfer(bob.address, usd(1_000))).not.to.revert(ethers);
    });

    it("16 InvalidRecipient: the zero address or the token itself", async function () {
      const { pool, alice } = await loadFixture(issuedPoolFixture);
      await expectRestricted(pool, alice, ethers.ZeroAddress, usd(1_000), CODE.InvalidRecipient);
      await expectRestricted(pool, alice, await pool.getAddress(), usd(1_000), CODE.InvalidRecipient);
    });

    it("checks transferFrom under the same rules as transfer", async function () {
      const { pool, alice, bob, carol } = await loadFixture(issuedPoolFixture);
      await pool.connect(alice).approve(bob.address, usd(10_000));
      await expect(pool.connect(bob).transferFrom(alice.address, carol.address, usd(1_000)))
        .to.be.revertedWithCustomError(pool, "TokenTransferRestricted")
        .withArgs(CODE.RecipientClassNotAllowed, alice.address, carol.address, usd(1_000));
    });

    it("has an English sentence for every code, and says so for an unknown one", async function () {
      const { pool } = await loadFixture(emptyPoolFixture);
      const messages = new Set<string>();
      for (const code of Object.values(CODE)) {
        const message = await pool.messageForTransferRestriction(code);
        expect(message).to.match(/^[A-Z].+\.$/);
        messages.add(message);
      }
      expect(messages.size).to.equal(Object.keys(CODE).length);
      expect(await pool.messageForTransferRestriction(18)).to.equal("Unknown restriction code.");
      expect(await pool.messageForTransferRestriction(CODE.RecipientClassNotAllowed)).to.contain("investor class");
    });
  });

  describe("ERC-7943 party views", function () {
    it("answers canSend and canReceive from the same party rules", async function () {
      const { pool, compliance, pauser, alice, carol, dave, frank } = await loadFixture(issuedPoolFixture);
      expect(await pool.canSend(alice.address)).to.equal(true);
      expect(await pool.canReceive(alice.address)).to.equal(true);
      expect(await pool.canReceive(carol.address)).to.equal(false); // class
      expect(await pool.canSend(carol.address)).to.equal(true); // the sender's class is not a rule
      expect(await pool.canSend(dave.address)).to.equal(false); // country
      expect(await pool.canReceive(frank.address)).to.equal(false); // KYC
      expect(await pool.canReceive(ethers.ZeroAddress)).to.equal(false);
      await pool.connect(compliance).setAddressFrozen(alice.address, true);
      expect(await pool.canSend(alice.address)).to.equal(false);
      expect(await pool.canReceive(alice.address)).to.equal(false);
      await pool.connect(compliance).setAddressFrozen(alice.address, false);
      await pool.connect(pauser).pause();
      expect(await pool.canSend(alice.address)).to.equal(false);
      expect(await pool.canReceive(alice.address)).to.equal(false);
    });

    it("refuses sending during a lockup", async function () {
      const { pool, compliance, alice } = await loadFixture(issuedPoolFixture);
      await pool.connect(compliance).setTransferRules({ ...DEFAULT_RULES, lockupUntil: (await latestTime()) + 1_000n });
      expect(await pool.canSend(alice.address)).to.equal(false);
      expect(await pool.canReceive(alice.address)).to.equal(true);
    });
  });

  describe("ERC-20", function () {
    it("spends allowances, keeps an infinite one, and reports a short one", async function () {
      const { pool, alice, bob } = await loadFixture(issuedPoolFixture);
      await expect(pool.connect(alice).approve(bob.address, usd(2_000)))
        .to.emit(pool, "Approval")
        .withArgs(alice.address, bob.address, usd(2_000));
      await pool.connect(bob).transferFrom(alice.address, bob.address, usd(1_500));
      expect(await pool.allowance(alice.address, bob.address)).to.equal(usd(500));
      await expect(pool.connect(bob).transferFrom(alice.address, bob.address, usd(1_000)))
        .to.be.revertedWithCustomError(pool, "ERC20InsufficientAllowance")
        .withArgs(bob.address, usd(500), usd(1_000));
      await pool.connect(alice).approve(bob.address, ethers.MaxUint256);
      await pool.connect(bob).transferFrom(alice.address, bob.address, usd(1_000));
      expect(await pool.allowance(alice.address, bob.address)).to.equal(ethers.MaxUint256);
      await expect(pool.connect(alice).approve(ethers.ZeroAddress, 1n))
        .to.be.revertedWithCustomError(pool, "ERC20InvalidSpender")
        .withArgs(ethers.ZeroAddress);
    });

    it("lets a holder send to itself without changing anything but the event", async function () {
      const { pool, alice } = await loadFixture(issuedCountingPoolFixture);
      await expect(pool.connect(alice).transfer(alice.address, usd(600_000)))
        .to.emit(pool, "Transfer")
        .withArgs(alice.address, alice.address, usd(600_000));
      expect(await pool.balanceOf(alice.address)).to.equal(usd(600_000));
      expect(await pool.holderCount()).to.equal(2n);
    });

    it("counts holders as balances appear and vanish", async function () {
      const { pool, alice, bob, erin } = await loadFixture(issuedCountingPoolFixture);
      expect(await pool.holderCount()).to.equal(2n);
      await pool.connect(alice).transfer(erin.address, usd(1_000));
      expect(await pool.holderCount()).to.equal(3n);
      await pool.connect(bob).transfer(erin.address, usd(400_000));
      expect(await pool.holderCount()).to.equal(2n);
      await pool.connect(alice).transfer(alice.address, 0n);
      expect(await pool.holderCount()).to.equal(2n);
    });
  });

  describe("issuance", function () {
    it("mints under the recipient's rules, with no exception for the issuer", async function () {
      const { pool, issuer, carol, frank, dave, erin } = await loadFixture(emptyPoolFixture);
      const cases: [string, bigint, number][] = [
        [carol.address, usd(1_000), CODE.RecipientClassNotAllowed],
        [frank.address, usd(1_000), CODE.RecipientNotVerified],
        [dave.address, usd(1_000), CODE.RecipientCountryBlocked],
        [erin.address, usd(999), CODE.BelowMinimumHolding],
        [ethers.ZeroAddress, usd(1_000), CODE.InvalidRecipient],
      ];
      for (const [to, amount, code] of cases) {
        await expect(pool.connect(issuer).mint(to, amount))
          .to.be.revertedWithCustomError(pool, "TokenTransferRestricted")
          .withArgs(code, ethers.ZeroAddress, to, amount);
      }
      await expect(pool.connect(issuer).mint(erin.address, usd(1_000)))
        .to.emit(pool, "Transfer")
        .withArgs(ethers.ZeroAddress, erin.address, usd(1_000));
      expect(await pool.totalSupply()).to.equal(usd(1_000));
      expect(await pool.currentFace()).to.equal(usd(1_000));
    });

    it("refuses to mint while paused or past the holder cap, but mints during a lockup", async function () {
      const { pool, issuer, pauser, compliance, alice, erin } = await loadFixture(issuedCountingPoolFixture);
      await pool.connect(compliance).setTransferRules({ ...DEFAULT_RULES, maxHolders: 2, lockupUntil: (await latestTime()) + 10_000n });
      await expect(pool.connect(issuer).mint(erin.address, usd(1_000)))
        .to.be.revertedWithCustomError(pool, "TokenTransferRestricted")
        .withArgs(CODE.HolderLimitReached, ethers.ZeroAddress, erin.address, usd(1_000));
      await expect(pool.connect(issuer).mint(alice.address, usd(1_000))).not.to.revert(ethers);
      await pool.connect(pauser).pause();
      await expect(pool.connect(issuer).mint(alice.address, usd(1_000)))
        .to.be.revertedWithCustomError(pool, "TokenTransferRestricted")
        .withArgs(CODE.Paused, ethers.ZeroAddress, alice.address, usd(1_000));
    });

    it("burns free balance only, lowering supply and current face together", async function () {
      const { pool, issuer, compliance, alice } = await loadFixture(issuedPoolFixture);
      await pool.connect(compliance).setFrozenTokens(alice.address, usd(500_000));
      await expect(pool.connect(issuer).burn(alice.address, usd(100_000) + 1n))
        .to.be.revertedWithCustomError(pool, "TokenTransferRestricted")
        .withArgs(CODE.InsufficientUnfrozenBalance, alice.address, ethers.ZeroAddress, usd(100_000) + 1n);
      await expect(pool.connect(issuer).burn(alice.address, usd(100_000)))
        .to.emit(pool, "Transfer")
        .withArgs(alice.address, ethers.ZeroAddress, usd(100_000));
      expect(await pool.totalSupply()).to.equal(usd(900_000));
      expect(await pool.currentFace()).to.equal(usd(900_000));
      expect(await pool.factor()).to.equal(10n ** 18n);
    });

    it("closes the window at the first distribution, once", async function () {
      const { pool, issuer, distributor, alice } = await loadFixture(issuedPoolFixture);
      await expect(pool.connect(distributor).distribute(usd(100), 0n))
        .to.emit(pool, "IssuanceClosed")
        .withArgs(usd(1_000_000));
      await expect(pool.connect(issuer).mint(alice.address, usd(1_000))).to.be.revertedWithCustomError(pool, "TokenIssuanceClosed");
      await expect(pool.connect(issuer).burn(alice.address, usd(1_000))).to.be.revertedWithCustomError(pool, "TokenIssuanceClosed");
      await expect(pool.connect(distributor).distribute(usd(100), 0n)).not.to.emit(pool, "IssuanceClosed");
    });

    it("closes the window at a loss allocation too, so a write-down is never diluted", async function () {
      const { pool, issuer, distributor, alice } = await loadFixture(issuedPoolFixture);
      await expect(pool.connect(distributor).allocateLoss(usd(1_000))).to.emit(pool, "IssuanceClosed");
      await expect(pool.connect(issuer).mint(alice.address, usd(1_000))).to.be.revertedWithCustomError(pool, "TokenIssuanceClosed");
    });
  });

  describe("pause", function () {
    it("pauses and unpauses with events", async function () {
      const { pool, pauser, alice, bob } = await loadFixture(issuedPoolFixture);
      await expect(pool.connect(pauser).pause()).to.emit(pool, "Paused").withArgs(pauser.address);
      expect(await pool.paused()).to.equal(true);
      await expect(pool.connect(pauser).unpause()).to.emit(pool, "Unpaused").withArgs(pauser.address);
      expect(await pool.paused()).to.equal(false);
      await expect(pool.connect(alice).transfer(bob.address, usd(1_000))).not.to.revert(ethers);
    });

    it("still lets enforcement act while paused", async function () {
      const { pool, pauser, compliance, alice, bob } = await loadFixture(issuedPoolFixture);
      await pool.connect(pauser).pause();
      await expect(pool.connect(compliance).forcedTransfer(alice.address, bob.address, usd(1_000))).not.to.revert(ethers);
    });
  });

  it("deploys a pool per tranche against one registry", async function () {
    const platform = await loadFixture(platformFixture);
    const a = await deployPool(platform);
    const b = await deployPool(platform, { ...DEFAULT_RULES, allowedClasses: CLASS.RETAIL });
    await a.connect(platform.issuer).mint(platform.alice.address, usd(1_000));
    await b.connect(platform.issuer).mint(platform.carol.address, usd(1_000));
    await platform.registry.connect(platform.compliance).setFrozen(platform.alice.address, true);
    expect(await a.canSend(platform.alice.address)).to.equal(false);
    expect(await b.canSend(platform.carol.address)).to.equal(true);
  });
});
