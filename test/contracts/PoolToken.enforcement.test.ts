import { expect } from "chai";
import type { ContractTransactionResponse } from "ethers";

import type { PoolToken } from "../../typechain-types/index.js";
import {
  CODE,
  DEFAULT_RULES,
  INDEX_SCALE,
  distributedCountingPoolFixture,
  ethers,
  issuedCountingPoolFixture,
  issuedPoolFixture,
  networkHelpers,
  splitDistribution,
  usd,
} from "./helpers/poolTokenFixtures.js";

const { loadFixture } = networkHelpers;

/** `totalLockedOf(holder)` as an indexer rebuilds it from the escrow events alone. */
async function lockedFromLogs(pool: PoolToken, holder: string): Promise<bigint> {
  const total = (events: { args: { amount: bigint } }[]) => events.reduce((sum, e) => sum + e.args.amount, 0n);
  const locked = total(await pool.queryFilter(pool.filters.Locked(holder)));
  const unlocked = total(await pool.queryFilter(pool.filters.Unlocked(holder)));
  const settled = total(await pool.queryFilter(pool.filters.LockedSettled(holder)));
  return locked - unlocked - settled;
}

describe("PoolToken enforcement", function () {
  describe("partial freezes", function () {
    it("sets an absolute frozen amount, even above the balance", async function () {
      const { pool, compliance, alice } = await loadFixture(issuedPoolFixture);
      await expect(pool.connect(compliance).setFrozenTokens(alice.address, usd(700_000)))
        .to.emit(pool, "Frozen")
        .withArgs(alice.address, usd(700_000));
      expect(await pool.getFrozenTokens(alice.address)).to.equal(usd(700_000));
      expect(await pool.detectTransferRestriction(alice.address, alice.address, 1n)).to.equal(CODE.InsufficientUnfrozenBalance);
      await pool.connect(compliance).setFrozenTokens(alice.address, 0n);
      expect(await pool.canTransfer(alice.address, alice.address, usd(600_000))).to.equal(true);
    });
  });

  describe("forced transfers", function () {
    it("moves tokens regardless of the sender's rules and the lot size, with both events", async function () {
      const { pool, compliance, alice, erin } = await loadFixture(issuedCountingPoolFixture);
      await pool.connect(compliance).setAddressFrozen(alice.address, true);
      // $500 is below the $1,000 lot and Alice is frozen: enforcement waives both.
      const tx = pool.connect(compliance).forcedTransferWithReason(alice.address, erin.address, usd(500), "court order 42");
      await expect(tx).to.emit(pool, "Transfer").withArgs(alice.address, erin.address, usd(500));
      await expect(tx).to.emit(pool, "ForcedTransfer").withArgs(alice.address, erin.address, usd(500));
      await expect(tx).to.emit(pool, "ForcedTransferReasonRecorded").withArgs(alice.address, erin.address, usd(500), "court order 42");
      expect(await pool.balanceOf(erin.address)).to.equal(usd(500));
      expect(await pool.holderCount()).to.equal(3n);
    });

    it("takes the frozen part first, then the locked part, when the free balance is short", async function () {
      const { pool, compliance, escrow, alice, bob } = await loadFixture(issuedPoolFixture);
      await pool.connect(compliance).setFrozenTokens(alice.address, usd(200_000));
      await pool.connect(alice).approve(escrow.address, usd(300_000));
      await pool.connect(escrow).lock(alice.address, usd(300_000));
      // Free 100k; taking 350k uses all of it, all 200k frozen and 50k of the lock.
      const tx = pool.connect(compliance).forcedTransfer(alice.address, bob.address, usd(350_000));
      await expect(tx).to.emit(pool, "Frozen").withArgs(alice.address, 0n);
      await expect(tx).to.emit(pool, "Unlocked").withArgs(alice.address, escrow.address, usd(50_000));
      expect(await pool.getFrozenTokens(alice.address)).to.equal(0n);
      expect(await pool.totalLockedOf(alice.address)).to.equal(usd(250_000));
      expect(await pool.balanceOf(alice.address)).to.equal(usd(250_000));
    });

    it("keeps every lock covered by the balance, even when a freeze above the balance absorbs the shortfall", async function () {
      const { pool, compliance, escrow, alice, bob } = await loadFixture(issuedPoolFixture);
      await pool.connect(alice).approve(escrow.address, usd(300_000));
      await pool.connect(escrow).lock(alice.address, usd(300_000));
      await pool.connect(compliance).setFrozenTokens(alice.address, usd(1_000_000)); // above the 600k balance
      const tx = pool.connect(compliance).forcedTransfer(alice.address, bob.address, usd(500_000));
      // Nothing is free: the 500k come out of the freeze, and 200k of the lock go with them so that the
      // 100k left still cover what stays locked.
      await expect(tx).to.emit(pool, "Frozen").withArgs(alice.address, usd(500_000));
      await expect(tx).to.emit(pool, "Unlocked").withArgs(alice.address, escrow.address, usd(200_000));
      expect(await pool.balanceOf(alice.address)).to.equal(usd(100_000));
      expect(await pool.totalLockedOf(alice.address)).to.equal(usd(100_000));
    });

    it("cannot take more than the balance, nor deliver to the zero address", async function () {
      const { pool, compliance, alice, bob } = await loadFixture(issuedPoolFixture);
      await expect(pool.connect(compliance).forcedTransfer(alice.address, bob.address, usd(600_000) + 1n))
        .to.be.revertedWithCustomError(pool, "TokenTransferRestricted")
        .withArgs(CODE.InsufficientBalance, alice.address, bob.address, usd(600_000) + 1n);
      await expect(pool.connect(compliance).forcedTransfer(alice.address, ethers.ZeroAddress, 1n))
        .to.be.revertedWithCustomError(pool, "TokenTransferRestricted")
        .withArgs(CODE.InvalidRecipient, alice.address, ethers.ZeroAddress, 1n);
      await expect(pool.connect(compliance).forcedTransfer(ethers.ZeroAddress, bob.address, 0n))
        .to.be.revertedWithCustomError(pool, "ERC20InvalidSender")
        .withArgs(ethers.ZeroAddress);
    });

    it("refuses a forced transfer from a wallet to itself, which would release its lock and freeze", async function () {
      const { pool, compliance, escrow, alice } = await loadFixture(issuedPoolFixture);
      await pool.connect(compliance).setFrozenTokens(alice.address, usd(200_000));
      await pool.connect(alice).approve(escrow.address, usd(300_000));
      await pool.connect(escrow).lock(alice.address, usd(300_000));
      await expect(pool.connect(compliance).forcedTransfer(alice.address, alice.address, usd(600_000)))
        .to.be.revertedWithCustomError(pool, "TokenForcedTransferToSelf")
        .withArgs(alice.address);
      await expect(pool.connect(compliance).forcedTransferWithReason(alice.address, alice.address, usd(600_000), "x"))
        .to.be.revertedWithCustomError(pool, "TokenForcedTransferToSelf")
        .withArgs(alice.address);
      expect(await pool.getFrozenTokens(alice.address)).to.equal(usd(200_000));
      expect(await pool.totalLockedOf(alice.address)).to.equal(usd(300_000));
    });
  });

  describe("wallet recovery", function () {
    it("moves balance, frozen part, unclaimed cash and checkpoint to the new wallet", async function () {
      const { pool, registry, cash, compliance, distributor, alice, erin } = await loadFixture(distributedCountingPoolFixture);
      await pool.connect(compliance).setFrozenTokens(alice.address, usd(100_000));
      await registry.connect(compliance).setFrozen(alice.address, true); // key reported lost
      const accrued = await pool.accruedScaledOf(alice.address);
      const tx = pool.connect(compliance).recoverWallet(alice.address, erin.address);
      await expect(tx).to.emit(pool, "WalletRecovered").withArgs(alice.address, erin.address, usd(600_000), usd(9_000));
      await expect(tx).to.emit(pool, "Transfer").withArgs(alice.address, erin.address, usd(600_000));
      await expect(tx).to.emit(pool, "Frozen").withArgs(alice.address, 0n);
      await expect(tx).to.emit(pool, "Frozen").withArgs(erin.address, usd(100_000));
      expect(await pool.balanceOf(alice.address)).to.equal(0n);
      expect(await pool.balanceOf(erin.address)).to.equal(usd(600_000));
      expect(await pool.getFrozenTokens(erin.address)).to.equal(usd(100_000));
      expect(await pool.getFrozenTokens(alice.address)).to.equal(0n);
      expect(await pool.accruedScaledOf(erin.address)).to.equal(accrued);
      expect(await pool.accruedScaledOf(alice.address)).to.equal(0n);
      expect(await pool.holderCount()).to.equal(2n);
      // The new wallet earns from here on, on the whole position.
      await pool.connect(distributor).distribute(usd(10_000), 0n);
      await expect(pool.connect(erin).claim()).to.changeTokenBalance(ethers, cash, erin, usd(9_000) + usd(6_000));
    });

    it("releases the lost wallet's escrow lock with an Unlocked event, so no tokens stay locked and logs rebuild lockedOf", async function () {
      const { pool, registry, compliance, escrow, alice, bob, erin } = await loadFixture(issuedPoolFixture);
      await pool.connect(alice).approve(escrow.address, usd(50_000));
      await pool.connect(escrow).lock(alice.address, usd(50_000));
      await registry.connect(compliance).setFrozen(alice.address, true);
      const tx = pool.connect(compliance).recoverWallet(alice.address, erin.address);
      await expect(tx).to.emit(pool, "Unlocked").withArgs(alice.address, escrow.address, usd(50_000));
      await expect(tx).not.to.emit(pool, "Locked");
      expect(await pool.totalLockedOf(alice.address)).to.equal(0n);
      expect(await pool.totalLockedOf(erin.address)).to.equal(0n);
      expect(await lockedFromLogs(pool, alice.address)).to.equal(await pool.totalLockedOf(alice.address));
      expect(await lockedFromLogs(pool, erin.address)).to.equal(await pool.totalLockedOf(erin.address));
      // The escrow's orders on the lost wallet cannot settle any more; the whole position is free to move.
      await expect(pool.connect(escrow).settleLocked(alice.address, bob.address, 1n))
        .to.be.revertedWithCustomError(pool, "TokenExceedsLocked")
        .withArgs(alice.address, escrow.address, 1n, 0n);
      await expect(pool.connect(erin).transfer(bob.address, usd(600_000))).to.changeTokenBalances(
        ethers,
        pool,
        [erin, bob],
        [-usd(600_000), usd(600_000)],
      );
    });

    it("refuses a new wallet whose investor class or country the tranche does not allow", async function () {
      const { pool, compliance, alice, carol, dave } = await loadFixture(issuedPoolFixture);
      // Carol is retail (not an allowed class); Dave resides in a blocked country.
      await expect(pool.connect(compliance).recoverWallet(alice.address, carol.address))
        .to.be.revertedWithCustomError(pool, "TokenTransferRestricted")
        .withArgs(CODE.RecipientClassNotAllowed, alice.address, carol.address, usd(600_000));
      await expect(pool.connect(compliance).recoverWallet(alice.address, dave.address))
        .to.be.revertedWithCustomError(pool, "TokenTransferRestricted")
        .withArgs(CODE.RecipientCountryBlocked, alice.address, dave.address, usd(600_000));
    });

    it("ignores the lot size and the holder cap, since the holder count does not change", async function () {
      const { pool, compliance, alice, erin } = await loadFixture(issuedCountingPoolFixture);
      await pool.connect(compliance).setTransferRules({ ...DEFAULT_RULES, minHolding: usd(700_000), maxHolders: 2 });
      await expect(pool.connect(compliance).recoverWallet(alice.address, erin.address)).to.changeTokenBalances(
        ethers,
        pool,
        [alice, erin],
        [-usd(600_000), usd(600_000)],
      );
      expect(await pool.holderCount()).to.equal(2n);
    });

    it("needs a verified, unfrozen target other than the lost wallet (a target holding tokens is merged into)", async function () {
      const { pool, registry, compliance, alice, frank, erin } = await loadFixture(issuedPoolFixture);
      await expect(pool.connect(compliance).recoverWallet(alice.address, frank.address))
        .to.be.revertedWithCustomError(pool, "TokenTransferRestricted")
        .withArgs(CODE.RecipientNotVerified, alice.address, frank.address, usd(600_000));
      await registry.connect(compliance).setFrozen(erin.address, true);
      await expect(pool.connect(compliance).recoverWallet(alice.address, erin.address))
        .to.be.revertedWithCustomError(pool, "TokenTransferRestricted")
        .withArgs(CODE.RecipientFrozen, alice.address, erin.address, usd(600_000));
      await expect(pool.connect(compliance).recoverWallet(alice.address, alice.address))
        .to.be.revertedWithCustomError(pool, "TokenRecoveryToSelf")
        .withArgs(alice.address);
    });

    it("recovers into a wallet that sold out and kept a sub-unit cash remainder, adding both accruals exactly", async function () {
      const { pool, cash, compliance, distributor, alice, bob, erin } = await loadFixture(issuedPoolFixture);
      const supply = await pool.totalSupply();
      // 100 dollars and one unit over $1m of face: every holder's share ends in a fraction of a unit.
      const first = splitDistribution(usd(100) + 1n, supply);
      await pool.connect(distributor).distribute(usd(100) + 1n, 0n);
      const bobEarned = usd(400_000) * first.increment;
      expect(bobEarned % INDEX_SCALE).to.not.equal(0n);
      await pool.connect(bob).claim();
      await pool.connect(bob).transfer(erin.address, usd(400_000));
      expect(await pool.balanceOf(bob.address)).to.equal(0n);
      expect(await pool.accruedScaledOf(bob.address)).to.equal(bobEarned % INDEX_SCALE);
      const aliceEarned = usd(600_000) * first.increment;

      await expect(pool.connect(compliance).recoverWallet(alice.address, bob.address))
        .to.emit(pool, "WalletRecovered")
        .withArgs(alice.address, bob.address, usd(600_000), aliceEarned / INDEX_SCALE);
      expect(await pool.accruedScaledOf(bob.address)).to.equal((bobEarned % INDEX_SCALE) + aliceEarned);
      expect(await pool.accruedScaledOf(alice.address)).to.equal(0n);

      // Bob's checkpoint is the current index: the next distribution pays the recovered position from here on.
      const second = splitDistribution(usd(1_000), supply);
      await pool.connect(distributor).distribute(usd(1_000), 0n);
      const owed = (bobEarned % INDEX_SCALE) + aliceEarned + usd(600_000) * second.increment;
      await expect(pool.connect(bob).claim()).to.changeTokenBalance(ethers, cash, bob, owed / INDEX_SCALE);

      // The books still balance exactly at index precision.
      let accrued = 0n;
      for (const holder of [alice, bob, erin]) accrued += await pool.accruedScaledOf(holder.address);
      const [distributed, claimed] = await pool.cashTotals();
      expect(accrued + claimed * INDEX_SCALE + (await pool.dustScaled())).to.equal(distributed * INDEX_SCALE);
    });
  });

  describe("escrow locks", function () {
    it("locks against the holder's allowance and keeps locked tokens from moving", async function () {
      const { pool, escrow, alice, bob } = await loadFixture(issuedPoolFixture);
      await expect(pool.connect(escrow).lock(alice.address, usd(10_000)))
        .to.be.revertedWithCustomError(pool, "ERC20InsufficientAllowance")
        .withArgs(escrow.address, 0n, usd(10_000));
      await pool.connect(alice).approve(escrow.address, usd(10_000));
      await expect(pool.connect(escrow).lock(alice.address, usd(10_000)))
        .to.emit(pool, "Locked")
        .withArgs(alice.address, escrow.address, usd(10_000));
      expect(await pool.totalLockedOf(alice.address)).to.equal(usd(10_000));
      expect(await pool.allowance(alice.address, escrow.address)).to.equal(0n);
      expect(await pool.detectTransferRestriction(alice.address, bob.address, usd(590_000) + 1n)).to.equal(CODE.InsufficientUnfrozenBalance);
    });

    it("locks only free balance, and not while paused", async function () {
      const { pool, compliance, pauser, escrow, alice } = await loadFixture(issuedPoolFixture);
      await pool.connect(alice).approve(escrow.address, ethers.MaxUint256);
      await pool.connect(compliance).setFrozenTokens(alice.address, usd(500_000));
      await expect(pool.connect(escrow).lock(alice.address, usd(100_000) + 1n))
        .to.be.revertedWithCustomError(pool, "ERC7943InsufficientUnfrozenBalance")
        .withArgs(alice.address, usd(100_000) + 1n, usd(100_000));
      await pool.connect(pauser).pause();
      await expect(pool.connect(escrow).lock(alice.address, 1n))
        .to.be.revertedWithCustomError(pool, "TokenTransferRestricted")
        .withArgs(CODE.Paused, alice.address, escrow.address, 1n);
    });

    it("unlocks, and refuses to release more than is locked", async function () {
      const { pool, escrow, alice } = await loadFixture(issuedPoolFixture);
      await pool.connect(alice).approve(escrow.address, usd(10_000));
      await pool.connect(escrow).lock(alice.address, usd(10_000));
      await expect(pool.connect(escrow).unlock(alice.address, usd(10_000) + 1n))
        .to.be.revertedWithCustomError(pool, "TokenExceedsLocked")
        .withArgs(alice.address, escrow.address, usd(10_000) + 1n, usd(10_000));
      await expect(pool.connect(escrow).unlock(alice.address, usd(4_000)))
        .to.emit(pool, "Unlocked")
        .withArgs(alice.address, escrow.address, usd(4_000));
      expect(await pool.totalLockedOf(alice.address)).to.equal(usd(6_000));
    });

    it("settles a lock to a buyer under every transfer rule", async function () {
      const { pool, escrow, alice, carol, erin } = await loadFixture(issuedPoolFixture);
      await pool.connect(alice).approve(escrow.address, usd(10_000));
      await pool.connect(escrow).lock(alice.address, usd(10_000));
      await expect(pool.connect(escrow).settleLocked(alice.address, carol.address, usd(5_000)))
        .to.be.revertedWithCustomError(pool, "TokenTransferRestricted")
        .withArgs(CODE.RecipientClassNotAllowed, alice.address, carol.address, usd(5_000));
      await expect(pool.connect(escrow).settleLocked(alice.address, erin.address, usd(500)))
        .to.be.revertedWithCustomError(pool, "TokenTransferRestricted")
        .withArgs(CODE.BelowMinimumHolding, alice.address, erin.address, usd(500));
      await expect(pool.connect(escrow).settleLocked(alice.address, erin.address, usd(10_000) + 1n))
        .to.be.revertedWithCustomError(pool, "TokenExceedsLocked")
        .withArgs(alice.address, escrow.address, usd(10_000) + 1n, usd(10_000));
      const tx = pool.connect(escrow).settleLocked(alice.address, erin.address, usd(6_000));
      await expect(tx).to.emit(pool, "LockedSettled").withArgs(alice.address, erin.address, escrow.address, usd(6_000));
      await expect(tx).to.changeTokenBalances(ethers, pool, [alice, erin], [-usd(6_000), usd(6_000)]);
      expect(await pool.totalLockedOf(alice.address)).to.equal(usd(4_000));
    });

    it("keeps locks per escrow: another escrow can neither release nor deliver a lock it did not make", async function () {
      const { pool, escrow, otherEscrow, alice, erin } = await loadFixture(issuedPoolFixture);
      await pool.connect(alice).approve(escrow.address, usd(10_000));
      await pool.connect(escrow).lock(alice.address, usd(10_000));
      expect(await pool.lockedOf(alice.address, escrow.address)).to.equal(usd(10_000));
      expect(await pool.lockedOf(alice.address, otherEscrow.address)).to.equal(0n);
      await expect(pool.connect(otherEscrow).unlock(alice.address, usd(1_000)))
        .to.be.revertedWithCustomError(pool, "TokenExceedsLocked")
        .withArgs(alice.address, otherEscrow.address, usd(1_000), 0n);
      await expect(pool.connect(otherEscrow).settleLocked(alice.address, erin.address, usd(5_000)))
        .to.be.revertedWithCustomError(pool, "TokenExceedsLocked")
        .withArgs(alice.address, otherEscrow.address, usd(5_000), 0n);
      expect(await pool.totalLockedOf(alice.address)).to.equal(usd(10_000));
    });

    it("settles one escrow's lock without touching another escrow's lock on the same holder", async function () {
      const { pool, escrow, otherEscrow, alice, erin } = await loadFixture(issuedPoolFixture);
      await pool.connect(alice).approve(escrow.address, usd(10_000));
      await pool.connect(escrow).lock(alice.address, usd(10_000));
      await pool.connect(alice).approve(otherEscrow.address, usd(20_000));
      await pool.connect(otherEscrow).lock(alice.address, usd(20_000));
      expect(await pool.totalLockedOf(alice.address)).to.equal(usd(30_000));
      await pool.connect(otherEscrow).settleLocked(alice.address, erin.address, usd(20_000));
      expect(await pool.lockedOf(alice.address, otherEscrow.address)).to.equal(0n);
      expect(await pool.lockedOf(alice.address, escrow.address)).to.equal(usd(10_000));
      expect(await pool.totalLockedOf(alice.address)).to.equal(usd(10_000));
      // The free balance is what is neither locked by anyone nor frozen.
      expect(await pool.detectTransferRestriction(alice.address, erin.address, usd(570_000) + 1n)).to.equal(
        CODE.InsufficientUnfrozenBalance,
      );
      await pool.connect(escrow).unlock(alice.address, usd(10_000));
      expect(await pool.totalLockedOf(alice.address)).to.equal(0n);
      expect(await lockedFromLogs(pool, alice.address)).to.equal(0n);
    });

    it("releases every escrow's lock on recovery, each with its own Unlocked event", async function () {
      const { pool, registry, compliance, escrow, otherEscrow, alice, erin } = await loadFixture(issuedPoolFixture);
      await pool.connect(alice).approve(escrow.address, usd(10_000));
      await pool.connect(escrow).lock(alice.address, usd(10_000));
      await pool.connect(alice).approve(otherEscrow.address, usd(20_000));
      await pool.connect(otherEscrow).lock(alice.address, usd(20_000));
      await registry.connect(compliance).setFrozen(alice.address, true);
      const tx = pool.connect(compliance).recoverWallet(alice.address, erin.address);
      await expect(tx).to.emit(pool, "Unlocked").withArgs(alice.address, escrow.address, usd(10_000));
      await expect(tx).to.emit(pool, "Unlocked").withArgs(alice.address, otherEscrow.address, usd(20_000));
      expect(await pool.lockedOf(alice.address, escrow.address)).to.equal(0n);
      expect(await pool.lockedOf(alice.address, otherEscrow.address)).to.equal(0n);
      expect(await pool.totalLockedOf(alice.address)).to.equal(0n);
    });

    it("does not settle a lock out of a frozen part", async function () {
      const { pool, compliance, escrow, alice, erin } = await loadFixture(issuedPoolFixture);
      await pool.connect(alice).approve(escrow.address, usd(10_000));
      await pool.connect(escrow).lock(alice.address, usd(10_000));
      await pool.connect(compliance).setFrozenTokens(alice.address, usd(595_000));
      await expect(pool.connect(escrow).settleLocked(alice.address, erin.address, usd(6_000)))
        .to.be.revertedWithCustomError(pool, "TokenTransferRestricted")
        .withArgs(CODE.InsufficientUnfrozenBalance, alice.address, erin.address, usd(6_000));
    });
  });

  describe("access-control matrix", function () {
    it("lets every privileged function pass for its one role only", async function () {
      const f = await loadFixture(issuedPoolFixture);
      const { pool, alice, bob } = f;
      await pool.connect(alice).approve(f.escrow.address, ethers.MaxUint256);
      const roles = {
        DEFAULT_ADMIN_ROLE: { signer: f.admin, id: await pool.DEFAULT_ADMIN_ROLE() },
        ISSUER_ROLE: { signer: f.issuer, id: await pool.ISSUER_ROLE() },
        COMPLIANCE_ROLE: { signer: f.compliance, id: await pool.COMPLIANCE_ROLE() },
        PAUSER_ROLE: { signer: f.pauser, id: await pool.PAUSER_ROLE() },
        DISTRIBUTOR_ROLE: { signer: f.distributor, id: await pool.DISTRIBUTOR_ROLE() },
        ESCROW_ROLE: { signer: f.escrow, id: await pool.ESCROW_ROLE() },
      };
      type Call = (p: PoolToken) => Promise<ContractTransactionResponse>;
      // The proof of Alice's and Bob's holdings, before any call below moves them.
      const holders = [alice.address, bob.address].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
      const matrix: [string, keyof typeof roles, Call][] = [
        ["countHolders", "COMPLIANCE_ROLE", (p) => p.countHolders(holders)],
        ["mint", "ISSUER_ROLE", (p) => p.mint(alice.address, usd(1_000))],
        ["burn", "ISSUER_ROLE", (p) => p.burn(alice.address, usd(1_000))],
        ["pause", "PAUSER_ROLE", (p) => p.pause()],
        ["unpause", "PAUSER_ROLE", (p) => p.unpause()],
        ["setAddressFrozen", "COMPLIANCE_ROLE", (p) => p.setAddressFrozen(f.frank.address, true)],
        ["setFrozenTokens", "COMPLIANCE_ROLE", (p) => p.setFrozenTokens(bob.address, 1n)],
        ["forcedTransfer", "COMPLIANCE_ROLE", (p) => p.forcedTransfer(alice.address, bob.address, 1n)],
        ["forcedTransferWithReason", "COMPLIANCE_ROLE", (p) => p.forcedTransferWithReason(alice.address, bob.address, 1n, "x")],
        ["recoverWallet", "COMPLIANCE_ROLE", (p) => p.recoverWallet(bob.address, f.erin.address)],
        ["setTransferRules", "COMPLIANCE_ROLE", (p) => p.setTransferRules({ ...DEFAULT_RULES, lockupUntil: 1n })],
        ["lock", "ESCROW_ROLE", (p) => p.lock(alice.address, usd(1_000))],
        ["unlock", "ESCROW_ROLE", (p) => p.unlock(alice.address, usd(1_000))],
        ["settleLocked", "ESCROW_ROLE", (p) => p.settleLocked(alice.address, bob.address, 0n)],
        ["distribute", "DISTRIBUTOR_ROLE", (p) => p.distribute(usd(1), 0n)],
        ["allocateLoss", "DISTRIBUTOR_ROLE", (p) => p.allocateLoss(0n)],
        ["grantRole", "DEFAULT_ADMIN_ROLE", (p) => p.grantRole(roles.PAUSER_ROLE.id, f.outsider.address)],
        ["revokeRole", "DEFAULT_ADMIN_ROLE", (p) => p.revokeRole(roles.PAUSER_ROLE.id, f.outsider.address)],
      ];
      const callers = [...Object.values(roles).map((r) => r.signer), f.outsider];
      for (const [name, role, call] of matrix) {
        const owner = roles[role];
        for (const caller of callers) {
          if (caller === owner.signer) continue;
          await expect(call(pool.connect(caller)), `${name} by ${caller.address}`)
            .to.be.revertedWithCustomError(pool, "AccessControlUnauthorizedAccount")
            .withArgs(caller.address, owner.id);
        }
        await call(pool.connect(owner.signer)).catch((e: unknown) => { throw new Error(`${name} by its role: ${String(e)}`); });
      }
    });
  });
});
