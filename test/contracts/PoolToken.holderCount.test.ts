/**
 * The holder count is kept only where a cap needs it (docs/adr/0021-holder-counting.md): a token deployed with a
 * holder cap counts from its first holder; one deployed without does not, refuses a cap, and starts counting only
 * from `countHolders`, a proof that the listed addresses are all of its holders. Every count here is also checked
 * against the non-zero balances rebuilt from the `Transfer` logs, as an indexer would count them.
 */
import { expect } from "chai";
import type { Signer } from "ethers";

import type { PoolToken } from "../../typechain-types/index.js";
import {
  CLASS,
  CODE,
  COUNTRY,
  DEFAULT_RULES,
  type Rules,
  deployPool,
  emptyPoolFixture,
  ethers,
  issuedPoolFixture,
  networkHelpers,
  platformFixture,
  usd,
} from "./helpers/poolTokenFixtures.js";
import { expectRestricted } from "./helpers/restrictions.js";

const { loadFixture } = networkHelpers;

/** No rule at all (every class allowed, no lot, no cap, no lockup, no blocked country): the all-zero rules word. */
const NO_RULES: Rules = { allowedClasses: 0xff, minHolding: 0n, maxHolders: 0, lockupUntil: 0n, blockedCountries: [] };

/** A realistic, reproducible investor address: the last 20 bytes of a hash. */
function investorAddress(label: string): string {
  return ethers.getAddress(ethers.dataSlice(ethers.id(`mbs-chain/holder-count/${label}`), 12));
}

/** Addresses in strictly ascending numeric order, as `countHolders` wants them. */
function ascending(addresses: readonly string[]): string[] {
  return [...addresses].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : BigInt(a) > BigInt(b) ? 1 : 0));
}

/** The holders (non-zero balances) rebuilt from the token's `Transfer` logs alone, in ascending order. */
async function holdersFromLogs(pool: PoolToken): Promise<string[]> {
  const balances = new Map<string, bigint>();
  for (const { args } of await pool.queryFilter(pool.filters.Transfer())) {
    if (args.from !== ethers.ZeroAddress) balances.set(args.from, (balances.get(args.from) ?? 0n) - args.value);
    if (args.to !== ethers.ZeroAddress) balances.set(args.to, (balances.get(args.to) ?? 0n) + args.value);
  }
  return ascending([...balances].filter(([, balance]) => balance !== 0n).map(([holder]) => holder));
}

/** The token counts `holders`, and so do its logs. */
async function expectHolders(pool: PoolToken, holders: number) {
  expect(await pool.isHolderCountTracked()).to.equal(true);
  expect(await pool.holderCount()).to.equal(BigInt(holders));
  expect(await holdersFromLogs(pool)).to.have.length(holders);
}

/** The token does not count: the view says so, `holderCount()` refuses, and a cap is refused. */
async function expectNotCounting(pool: PoolToken, compliance: Signer) {
  expect(await pool.isHolderCountTracked()).to.equal(false);
  await expect(pool.holderCount()).to.be.revertedWithCustomError(pool, "TokenHolderCountNotTracked");
  await expect(pool.connect(compliance).setTransferRules({ ...DEFAULT_RULES, maxHolders: 50 })).to.be.revertedWithCustomError(
    pool,
    "TokenHolderCountNotTracked",
  );
}

/** Investors onboarded in the registry (accredited, US) who hold nothing yet. */
async function onboard(f: Awaited<ReturnType<typeof platformFixture>>, labels: readonly string[]): Promise<string[]> {
  const accounts = labels.map(investorAddress);
  await f.registry.connect(f.compliance).setInvestors(
    accounts.map((account) => ({
      account,
      verifiedUntil: f.verifiedUntil,
      country: COUNTRY.US,
      classes: CLASS.ACCREDITED,
      recordHash: ethers.id(`kyc/${account}`),
    })),
  );
  return accounts;
}

/** A tranche deployed with a cap of three holders (and the $1,000 lot a cap needs): it counts from the start. */
async function cappedPoolFixture() {
  const platform = await platformFixture();
  const [newcomer] = await onboard(platform, ["newcomer"]);
  return { ...platform, newcomer: newcomer!, pool: await deployPool(platform, { ...DEFAULT_RULES, maxHolders: 3 }) };
}

/**
 * An uncapped tranche with eight holders: Alice ($600k), Bob ($400k) and six investors at hashed addresses
 * ($25k to $50k), plus two onboarded investors who hold nothing yet. `proof` is the eight holders in ascending order.
 */
async function eightHoldersFixture() {
  const f = await issuedPoolFixture();
  const investors = await onboard(f, ["i1", "i2", "i3", "i4", "i5", "i6"]);
  for (const [i, investor] of investors.entries()) await f.pool.connect(f.issuer).mint(investor, usd(25_000 + i * 5_000));
  const [stranger, latecomer] = await onboard(f, ["stranger", "latecomer"]);
  const proof = ascending([f.alice.address, f.bob.address, ...investors]);
  return { ...f, investors, stranger: stranger!, latecomer: latecomer!, proof };
}

/** As `eightHoldersFixture`, after compliance proved the eight holders: the token counts 8. */
async function provenEightHoldersFixture() {
  const f = await eightHoldersFixture();
  await f.pool.connect(f.compliance).countHolders(f.proof);
  return f;
}

describe("PoolToken holder count (ADR 0021)", function () {
  describe("a token deployed without a cap", function () {
    it("does not count: holderCount() refuses with TokenHolderCountNotTracked and isHolderCountTracked is false", async function () {
      const { pool, compliance } = await loadFixture(issuedPoolFixture);
      expect(await holdersFromLogs(pool)).to.have.length(2);
      await expectNotCounting(pool, compliance);
    });

    it("refuses a cap, and leaves its rules as they were", async function () {
      const { pool, compliance } = await loadFixture(issuedPoolFixture);
      await expect(pool.connect(compliance).setTransferRules({ ...DEFAULT_RULES, maxHolders: 3 }))
        .to.be.revertedWithCustomError(pool, "TokenHolderCountNotTracked")
        .withArgs();
      expect((await pool.transferRules()).maxHolders).to.equal(0n);
    });

    it("still takes any rules without a cap, and does not start counting", async function () {
      const { pool, compliance } = await loadFixture(issuedPoolFixture);
      await expect(pool.connect(compliance).setTransferRules({ ...DEFAULT_RULES, minHolding: usd(5_000), lockupUntil: 1n })).to.emit(
        pool,
        "TransferRulesUpdated",
      );
      await pool.connect(compliance).setTransferRules(NO_RULES);
      await expectNotCounting(pool, compliance);
    });

    it("takes a cap once countHolders proves its holders, and counts from there", async function () {
      const { pool, compliance, alice, bob, erin } = await loadFixture(issuedPoolFixture);
      await expect(pool.connect(compliance).countHolders(ascending([alice.address, bob.address])))
        .to.emit(pool, "HolderCountingStarted")
        .withArgs(2);
      await expectHolders(pool, 2);
      await expect(pool.connect(compliance).setTransferRules({ ...DEFAULT_RULES, maxHolders: 3 }))
        .to.emit(pool, "TransferRulesUpdated")
        .withArgs(DEFAULT_RULES.allowedClasses, DEFAULT_RULES.minHolding, 3, 0, DEFAULT_RULES.blockedCountries);
      await pool.connect(alice).transfer(erin.address, usd(1_000));
      await expectHolders(pool, 3);
    });

    it("counts from the start after a proof with an empty list while nobody holds anything", async function () {
      const { pool, compliance, issuer, alice } = await loadFixture(emptyPoolFixture);
      await expect(pool.connect(compliance).countHolders([])).to.emit(pool, "HolderCountingStarted").withArgs(0);
      await expectHolders(pool, 0);
      await pool.connect(issuer).mint(alice.address, usd(1_000));
      await expectHolders(pool, 1);
    });

    it("keeps not counting through transfers, mints, burns, forced transfers and recoveries; a later proof counts them exactly", async function () {
      const f = await loadFixture(eightHoldersFixture);
      const { pool, compliance, issuer, registry, alice, bob, erin, investors, stranger, latecomer } = f;
      await pool.connect(alice).transfer(erin.address, usd(10_000)); // a new holder
      await pool.connect(bob).transfer(alice.address, usd(400_000)); // a holder leaves
      await pool.connect(issuer).mint(stranger, usd(2_000)); // minted to a new holder
      await pool.connect(issuer).burn(investors[0]!, usd(25_000)); // burned out
      await pool.connect(compliance).forcedTransfer(investors[1]!, latecomer, usd(30_000)); // forced, both at once
      await registry.connect(compliance).setFrozen(investors[2]!, true); // key reported lost
      await pool.connect(compliance).recoverWallet(investors[2]!, latecomer); // merged into a holder
      await expectNotCounting(pool, compliance);

      const holders = await holdersFromLogs(pool);
      expect(holders).to.deep.equal(ascending([alice.address, erin.address, stranger, latecomer, investors[3]!, investors[4]!, investors[5]!]));
      for (const holder of holders) expect(await pool.balanceOf(holder)).to.be.greaterThan(0n);
      await expect(pool.connect(compliance).countHolders(holders)).to.emit(pool, "HolderCountingStarted").withArgs(7);
      await expectHolders(pool, 7);
    });
  });

  describe("a token deployed with a cap", function () {
    it("counts from its first holder, and needs no proof (a second one is refused)", async function () {
      const { pool, compliance, issuer, alice, bob } = await loadFixture(cappedPoolFixture);
      await expectHolders(pool, 0);
      await pool.connect(issuer).mint(alice.address, usd(10_000));
      await pool.connect(issuer).mint(bob.address, usd(10_000));
      await expectHolders(pool, 2);
      await expect(pool.connect(compliance).countHolders(ascending([alice.address, bob.address]))).to.be.revertedWithCustomError(
        pool,
        "TokenHolderCountAlreadyTracked",
      );
    });

    it("holds its cap from the first mint: a fourth holder is refused, by the view and by the transfer alike", async function () {
      const { pool, issuer, alice, bob, erin, newcomer } = await loadFixture(cappedPoolFixture);
      for (const holder of [alice, bob, erin]) await pool.connect(issuer).mint(holder.address, usd(10_000));
      await expect(pool.connect(issuer).mint(newcomer, usd(10_000)))
        .to.be.revertedWithCustomError(pool, "TokenTransferRestricted")
        .withArgs(CODE.HolderLimitReached, ethers.ZeroAddress, newcomer, usd(10_000));
      await expectRestricted(pool, alice, newcomer, usd(1_000), CODE.HolderLimitReached);
      // Erin leaving as the newcomer arrives keeps three.
      await pool.connect(erin).transfer(newcomer, usd(10_000));
      await expectHolders(pool, 3);
    });

    it("keeps counting once the cap is removed, so the cap can come back at once", async function () {
      const { pool, compliance, issuer, alice, bob, erin } = await loadFixture(cappedPoolFixture);
      await pool.connect(issuer).mint(alice.address, usd(10_000));
      await pool.connect(compliance).setTransferRules(DEFAULT_RULES);
      expect((await pool.transferRules()).maxHolders).to.equal(0n);
      await pool.connect(issuer).mint(bob.address, usd(10_000));
      await pool.connect(alice).transfer(erin.address, usd(1_000));
      await expectHolders(pool, 3);
      await expect(pool.connect(compliance).setTransferRules({ ...DEFAULT_RULES, maxHolders: 3 })).to.emit(pool, "TransferRulesUpdated");
    });
  });

  describe("countHolders refuses a malformed proof and changes nothing", function () {
    /** After a refused proof the token still does not count, and a correct proof still succeeds. */
    async function expectUnchanged(f: Awaited<ReturnType<typeof eightHoldersFixture>>) {
      await expectNotCounting(f.pool, f.compliance);
      await expect(f.pool.connect(f.compliance).countHolders(f.proof)).to.emit(f.pool, "HolderCountingStarted").withArgs(8);
    }

    it("refuses a holder listed twice", async function () {
      const f = await loadFixture(eightHoldersFixture);
      const twice = [...f.proof.slice(0, 4), f.proof[3]!, ...f.proof.slice(4)];
      await expect(f.pool.connect(f.compliance).countHolders(twice))
        .to.be.revertedWithCustomError(f.pool, "TokenHolderProofNotAscending")
        .withArgs(4, f.proof[3]!);
      await expectUnchanged(f);
    });

    it("refuses holders out of order", async function () {
      const f = await loadFixture(eightHoldersFixture);
      const swapped = [...f.proof];
      [swapped[4], swapped[5]] = [f.proof[5]!, f.proof[4]!];
      await expect(f.pool.connect(f.compliance).countHolders(swapped))
        .to.be.revertedWithCustomError(f.pool, "TokenHolderProofNotAscending")
        .withArgs(5, f.proof[4]!);
      const descending = [...f.proof].reverse();
      await expect(f.pool.connect(f.compliance).countHolders(descending))
        .to.be.revertedWithCustomError(f.pool, "TokenHolderProofNotAscending")
        .withArgs(1, descending[1]!);
      await expectUnchanged(f);
    });

    it("refuses an onboarded investor who holds nothing, at its place in the list", async function () {
      const f = await loadFixture(eightHoldersFixture);
      const padded = ascending([...f.proof, f.stranger]);
      const index = padded.indexOf(f.stranger);
      await expect(f.pool.connect(f.compliance).countHolders(padded))
        .to.be.revertedWithCustomError(f.pool, "TokenHolderProofZeroBalance")
        .withArgs(index, f.stranger);
      await expectUnchanged(f);
    });

    it("refuses a stale list naming a holder who has since sold out", async function () {
      const f = await loadFixture(eightHoldersFixture);
      await f.pool.connect(f.bob).transfer(f.alice.address, usd(400_000));
      await expect(f.pool.connect(f.compliance).countHolders(f.proof))
        .to.be.revertedWithCustomError(f.pool, "TokenHolderProofZeroBalance")
        .withArgs(f.proof.indexOf(f.bob.address), f.bob.address);
      await expectNotCounting(f.pool, f.compliance);
      const holders = f.proof.filter((holder) => holder !== f.bob.address);
      await expect(f.pool.connect(f.compliance).countHolders(holders)).to.emit(f.pool, "HolderCountingStarted").withArgs(7);
    });

    it("refuses the zero address", async function () {
      const f = await loadFixture(eightHoldersFixture);
      await expect(f.pool.connect(f.compliance).countHolders([ethers.ZeroAddress, ...f.proof]))
        .to.be.revertedWithCustomError(f.pool, "TokenHolderProofNotAscending")
        .withArgs(0, ethers.ZeroAddress);
      await expectUnchanged(f);
    });

    it("refuses a list missing a holder, naming the listed balance and the total supply", async function () {
      const f = await loadFixture(eightHoldersFixture);
      const supply = await f.pool.totalSupply();
      expect(supply).to.equal(usd(1_000_000 + 25_000 + 30_000 + 35_000 + 40_000 + 45_000 + 50_000));
      const missing = f.investors[2]!;
      await expect(f.pool.connect(f.compliance).countHolders(f.proof.filter((holder) => holder !== missing)))
        .to.be.revertedWithCustomError(f.pool, "TokenHolderProofIncomplete")
        .withArgs(supply - usd(35_000), supply);
      await expect(f.pool.connect(f.compliance).countHolders([]))
        .to.be.revertedWithCustomError(f.pool, "TokenHolderProofIncomplete")
        .withArgs(0, supply);
      await expectUnchanged(f);
    });

    it("refuses a second proof once the token counts, and keeps the count", async function () {
      const f = await loadFixture(provenEightHoldersFixture);
      await expect(f.pool.connect(f.compliance).countHolders(f.proof)).to.be.revertedWithCustomError(f.pool, "TokenHolderCountAlreadyTracked");
      await expect(f.pool.connect(f.compliance).countHolders([])).to.be.revertedWithCustomError(f.pool, "TokenHolderCountAlreadyTracked");
      await expectHolders(f.pool, 8);
    });

    it("is the compliance role's only: the admin, the issuer and a stranger are refused", async function () {
      const f = await loadFixture(eightHoldersFixture);
      const role = await f.pool.COMPLIANCE_ROLE();
      for (const caller of [f.admin, f.issuer, f.alice, f.outsider]) {
        await expect(f.pool.connect(caller).countHolders(f.proof))
          .to.be.revertedWithCustomError(f.pool, "AccessControlUnauthorizedAccount")
          .withArgs(caller.address, role);
      }
      await expectUnchanged(f);
    });
  });

  describe("after a valid proof the count follows every balance", function () {
    it("counts holders whose balance is wholly frozen or locked in escrow: they still hold", async function () {
      const f = await loadFixture(eightHoldersFixture);
      await f.pool.connect(f.compliance).setFrozenTokens(f.alice.address, usd(600_000));
      await f.pool.connect(f.bob).approve(f.escrow.address, usd(400_000));
      await f.pool.connect(f.escrow).lock(f.bob.address, usd(400_000));
      await expect(f.pool.connect(f.compliance).countHolders(f.proof)).to.emit(f.pool, "HolderCountingStarted").withArgs(8);
      await expectHolders(f.pool, 8);
    });

    it("follows transfers: a new holder +1, a holder leaving -1, both at once 0, between holders 0", async function () {
      const { pool, alice, bob, erin } = await loadFixture(provenEightHoldersFixture);
      await expectHolders(pool, 8);
      await pool.connect(alice).transfer(erin.address, usd(1_000));
      await expectHolders(pool, 9);
      await pool.connect(erin).transfer(alice.address, usd(1_000));
      await expectHolders(pool, 8);
      await pool.connect(bob).transfer(erin.address, usd(400_000));
      await expectHolders(pool, 8);
      await pool.connect(alice).approve(bob.address, usd(50_000));
      await pool.connect(bob).transferFrom(alice.address, erin.address, usd(50_000));
      await expectHolders(pool, 8);
    });

    it("follows mints and burns", async function () {
      const { pool, issuer, alice, stranger, investors } = await loadFixture(provenEightHoldersFixture);
      await pool.connect(issuer).mint(stranger, usd(5_000));
      await expectHolders(pool, 9);
      await pool.connect(issuer).mint(alice.address, usd(5_000));
      await expectHolders(pool, 9);
      await pool.connect(issuer).burn(investors[5]!, usd(10_000));
      await expectHolders(pool, 9);
      await pool.connect(issuer).burn(investors[5]!, usd(40_000));
      await expectHolders(pool, 8);
    });

    it("follows forced transfers and escrow settlements", async function () {
      const { pool, compliance, escrow, alice, bob, stranger, latecomer, investors } = await loadFixture(provenEightHoldersFixture);
      await pool.connect(compliance).forcedTransfer(alice.address, stranger, usd(500)); // below the lot: enforcement waives it
      await expectHolders(pool, 9);
      await pool.connect(compliance).forcedTransfer(investors[0]!, bob.address, usd(25_000));
      await expectHolders(pool, 8);
      await pool.connect(compliance).forcedTransferWithReason(investors[1]!, latecomer, usd(30_000), "court order 7");
      await expectHolders(pool, 8);
      await pool.connect(bob).approve(escrow.address, usd(425_000));
      await pool.connect(escrow).lock(bob.address, usd(425_000));
      await pool.connect(escrow).settleLocked(bob.address, investors[0]!, usd(25_000));
      await expectHolders(pool, 9);
      await pool.connect(escrow).settleLocked(bob.address, alice.address, usd(400_000));
      await expectHolders(pool, 8);
    });

    it("follows wallet recovery: onto a fresh wallet 0, merged into a holder -1", async function () {
      const { pool, registry, compliance, alice, bob, stranger, investors } = await loadFixture(provenEightHoldersFixture);
      await registry.connect(compliance).setFrozen(alice.address, true);
      await pool.connect(compliance).recoverWallet(alice.address, stranger);
      await expectHolders(pool, 8);
      await registry.connect(compliance).setFrozen(investors[3]!, true);
      await pool.connect(compliance).recoverWallet(investors[3]!, bob.address);
      await expectHolders(pool, 7);
      expect(await pool.balanceOf(bob.address)).to.equal(usd(440_000));
    });

    it("keeps counting under no rules at all, where the fast path skips the lot and the cap", async function () {
      const { pool, compliance, alice, carol, frank } = await loadFixture(provenEightHoldersFixture);
      await pool.connect(compliance).setTransferRules(NO_RULES);
      await pool.connect(alice).transfer(carol.address, 1n); // retail and a single unit: no rule refuses them now
      await expectHolders(pool, 9);
      await pool.connect(carol).transfer(alice.address, 1n);
      await expectHolders(pool, 8);
      await expect(pool.connect(alice).transfer(frank.address, 1n)).to.be.revertedWithCustomError(pool, "TokenTransferRestricted"); // KYC still binds
    });
  });

  describe("a cap after the proof", function () {
    it("is accepted and holds: HolderLimitReached from the view, the transfer and the mint alike", async function () {
      const { pool, compliance, issuer, alice, bob, erin, stranger } = await loadFixture(provenEightHoldersFixture);
      await expect(pool.connect(compliance).setTransferRules({ ...DEFAULT_RULES, maxHolders: 8 }))
        .to.emit(pool, "TransferRulesUpdated")
        .withArgs(DEFAULT_RULES.allowedClasses, DEFAULT_RULES.minHolding, 8, 0, DEFAULT_RULES.blockedCountries);
      await expectRestricted(pool, alice, erin.address, usd(1_000), CODE.HolderLimitReached);
      await expect(pool.connect(issuer).mint(stranger, usd(1_000)))
        .to.be.revertedWithCustomError(pool, "TokenTransferRestricted")
        .withArgs(CODE.HolderLimitReached, ethers.ZeroAddress, stranger, usd(1_000));
      // Between holders, and a holder leaving as another arrives, the cap does not bite.
      await expect(pool.connect(alice).transfer(bob.address, usd(1_000))).not.to.revert(ethers);
      await expect(pool.connect(bob).transfer(erin.address, usd(401_000))).not.to.revert(ethers);
      await expectHolders(pool, 8);
    });

    it("keeps counting when the cap is removed again: isHolderCountTracked stays true", async function () {
      const { pool, compliance, alice, erin } = await loadFixture(provenEightHoldersFixture);
      await pool.connect(compliance).setTransferRules({ ...DEFAULT_RULES, maxHolders: 8 });
      await pool.connect(compliance).setTransferRules(DEFAULT_RULES);
      expect(await pool.isHolderCountTracked()).to.equal(true);
      await pool.connect(alice).transfer(erin.address, usd(1_000));
      await expectHolders(pool, 9);
      await expect(pool.connect(compliance).countHolders([])).to.be.revertedWithCustomError(pool, "TokenHolderCountAlreadyTracked");
    });
  });
});
