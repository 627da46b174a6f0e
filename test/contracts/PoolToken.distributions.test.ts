import { expect } from "chai";

import type { PoolToken } from "../../typechain-types/index.js";
import {
  INDEX_SCALE,
  distributedPoolFixture,
  emptyPoolFixture,
  ethers,
  issuedPoolFixture,
  networkHelpers,
  splitDistribution,
  usd,
} from "./helpers/poolTokenFixtures.js";

const { loadFixture } = networkHelpers;
const ONE = 10n ** 18n;

/** Σ accrued (scaled) + claimed × scale + dust (scaled) == distributed × scale, exactly. */
async function expectCashConserved(pool: PoolToken, holders: string[]) {
  const [distributed, claimed] = await pool.cashTotals();
  let accrued = 0n;
  for (const holder of holders) accrued += await pool.accruedScaledOf(holder);
  expect(accrued + claimed * INDEX_SCALE + (await pool.dustScaled())).to.equal(distributed * INDEX_SCALE);
}

describe("PoolToken distributions", function () {
  it("pays every holder of record pro rata, in O(1) index steps", async function () {
    const { pool, distributor, alice, bob } = await loadFixture(issuedPoolFixture);
    const supply = usd(1_000_000);
    const { increment, dust } = splitDistribution(usd(15_000), supply);
    await expect(pool.connect(distributor).distribute(usd(5_000), usd(10_000)))
      .to.emit(pool, "Distributed")
      .withArgs(1, usd(5_000), usd(10_000), increment, ONE - (usd(10_000) * ONE) / supply, dust);
    expect(await pool.cashPerUnitIndex()).to.equal(increment);
    // 60% and 40% of $15,000.
    expect(await pool.claimable(alice.address)).to.equal(usd(9_000));
    expect(await pool.claimable(bob.address)).to.equal(usd(6_000));
    expect(await pool.distributionCount()).to.equal(1n);
  });

  it("pays a claim in the settlement coin and books it", async function () {
    const { pool, cash, alice } = await loadFixture(distributedPoolFixture);
    const tx = pool.connect(alice).claim();
    await expect(tx).to.emit(pool, "Claimed").withArgs(alice.address, usd(9_000));
    await expect(tx).to.changeTokenBalances(ethers, cash, [alice, pool], [usd(9_000), -usd(9_000)]);
    expect(await pool.claimable(alice.address)).to.equal(0n);
    const [distributed, claimed] = await pool.cashTotals();
    expect([distributed, claimed]).to.deep.equal([usd(15_000), usd(9_000)]);
    await expect(pool.connect(alice).claim()).to.be.revertedWithCustomError(pool, "TokenNothingToClaim").withArgs(alice.address);
  });

  it("lets the claim agent trigger a claim, but pays only the holder", async function () {
    const { pool, cash, admin, alice, outsider } = await loadFixture(distributedPoolFixture);
    await pool.connect(admin).grantRole(await pool.CLAIM_AGENT_ROLE(), outsider.address);
    await expect(pool.connect(outsider).claimFor(alice.address)).to.changeTokenBalances(
      ethers,
      cash,
      [alice, outsider],
      [usd(9_000), 0n],
    );
  });

  it("lowers the factor by principal only, and current face per holder with it", async function () {
    const { pool, alice } = await loadFixture(distributedPoolFixture);
    expect(await pool.currentFace()).to.equal(usd(990_000));
    expect(await pool.factor()).to.equal((usd(990_000) * ONE) / usd(1_000_000));
    expect(await pool.currentFaceOf(alice.address)).to.equal((usd(600_000) * usd(990_000)) / usd(1_000_000));
    expect(await pool.balanceOf(alice.address)).to.equal(usd(600_000)); // no rebasing
  });

  it("keeps earned cash with the holder of record through a later transfer", async function () {
    const { pool, distributor, alice, bob, erin } = await loadFixture(distributedPoolFixture);
    await pool.connect(alice).transfer(erin.address, usd(600_000));
    expect(await pool.claimable(alice.address)).to.equal(usd(9_000));
    expect(await pool.claimable(erin.address)).to.equal(0n);
    await pool.connect(distributor).distribute(usd(10_000), 0n);
    expect(await pool.claimable(alice.address)).to.equal(usd(9_000));
    expect(await pool.claimable(erin.address)).to.equal(usd(6_000));
    expect(await pool.claimable(bob.address)).to.equal(usd(6_000) + usd(4_000));
  });

  it("keeps paying a holder whose tokens are locked or frozen, and withholds the claim while frozen", async function () {
    const { pool, registry, distributor, compliance, escrow, alice } = await loadFixture(issuedPoolFixture);
    await pool.connect(alice).approve(escrow.address, usd(600_000));
    await pool.connect(escrow).lock(alice.address, usd(600_000));
    await pool.connect(compliance).setAddressFrozen(alice.address, true);
    await pool.connect(distributor).distribute(usd(10_000), 0n);
    expect(await pool.claimable(alice.address)).to.equal(usd(6_000));
    await expect(pool.connect(alice).claim()).to.be.revertedWithCustomError(pool, "TokenClaimWhileFrozen").withArgs(alice.address);
    await pool.connect(compliance).setAddressFrozen(alice.address, false);
    await registry.connect(compliance).setFrozen(alice.address, true);
    await expect(pool.connect(alice).claimFor(alice.address)).to.be.revertedWithCustomError(pool, "TokenClaimWhileFrozen");
    await registry.connect(compliance).setFrozen(alice.address, false);
    await expect(pool.connect(alice).claim()).to.emit(pool, "Claimed").withArgs(alice.address, usd(6_000));
  });

  it("pays everything accrued over many periods in one claim", async function () {
    const { pool, cash, distributor, alice, bob } = await loadFixture(issuedPoolFixture);
    const supply = usd(1_000_000);
    let index = 0n;
    let indexAt10 = 0n;
    for (let period = 1; period <= 30; period++) {
      const interest = usd(4_000) + BigInt(period) * 1_234_567n;
      const principal = usd(1_000) + BigInt(period) * 7_654_321n;
      await pool.connect(distributor).distribute(interest, principal);
      index += splitDistribution(interest + principal, supply).increment;
      if (period === 10) {
        // Bob sells to Alice mid-way: both checkpoints settle, earned cash stays where it was earned.
        indexAt10 = index;
        await pool.connect(bob).transfer(alice.address, usd(100_000));
      }
    }
    const finalIndex = await pool.cashPerUnitIndex();
    expect(finalIndex).to.equal(index);
    // Alice held 600k through period 10 and 700k after it; Bob 400k then 300k.
    const aliceScaled = usd(600_000) * indexAt10 + usd(700_000) * (finalIndex - indexAt10);
    await expect(pool.connect(alice).claim()).to.changeTokenBalance(ethers, cash, alice, aliceScaled / INDEX_SCALE);
    expect(await pool.accruedScaledOf(alice.address)).to.equal(aliceScaled % INDEX_SCALE);
    const bobScaled = usd(400_000) * indexAt10 + usd(300_000) * (finalIndex - indexAt10);
    expect(await pool.accruedScaledOf(bob.address)).to.equal(bobScaled);
    await expectCashConserved(pool, [alice.address, bob.address]);
  });

  it("conserves cash exactly at index precision, with dust bounded by one scaled unit per face unit", async function () {
    const { pool, distributor, issuer, alice, bob, erin } = await loadFixture(emptyPoolFixture);
    // Awkward balances make every distribution leave dust.
    await pool.connect(issuer).mint(alice.address, usd(333_333) + 333_333n);
    await pool.connect(issuer).mint(bob.address, usd(1_000) + 7n);
    await pool.connect(issuer).mint(erin.address, usd(2_718) + 281_828n);
    const supply = await pool.totalSupply();
    let dust = 0n;
    const holders = [alice.address, bob.address, erin.address];
    for (const [i, cash] of [1n, 999_999n, usd(12_345) + 67n, 3n].entries()) {
      await pool.connect(distributor).distribute(cash, 0n);
      dust += splitDistribution(cash, supply).dust;
      if (i === 1) await pool.connect(alice).transfer(erin.address, usd(100_000));
      if (i === 2) await pool.connect(bob).claim();
      await expectCashConserved(pool, holders);
    }
    expect(await pool.dustScaled()).to.equal(dust);
    expect(dust < 4n * supply).to.equal(true); // < supply scaled units per distribution
    const [distributed, claimed, dustUnits] = await pool.cashTotals();
    expect(dustUnits).to.equal(dust / INDEX_SCALE);
    // Never more claimable than the contract holds.
    let claimable = 0n;
    for (const h of holders) claimable += await pool.claimable(h);
    expect(claimable <= distributed - claimed).to.equal(true);
  });

  it("never raises the factor, through principal and losses down to zero", async function () {
    const { pool, distributor } = await loadFixture(issuedPoolFixture);
    let last = await pool.factor();
    const steps: [string, bigint][] = [
      ["principal", usd(123_456)],
      ["loss", usd(50_000)],
      ["interest", usd(9_000)],
      ["principal", usd(300_000) + 1n],
      ["loss", usd(526_544) - 1n],
    ];
    for (const [kind, amount] of steps) {
      if (kind === "loss") await pool.connect(distributor).allocateLoss(amount);
      else if (kind === "principal") await pool.connect(distributor).distribute(0n, amount);
      else await pool.connect(distributor).distribute(amount, 0n);
      const now = await pool.factor();
      expect(now <= last).to.equal(true);
      last = now;
    }
    expect(await pool.currentFace()).to.equal(0n);
    expect(last).to.equal(0n);
  });

  it("writes losses down without cash and refuses more than the current face", async function () {
    const { pool, distributor } = await loadFixture(distributedPoolFixture);
    await expect(pool.connect(distributor).allocateLoss(usd(90_000)))
      .to.emit(pool, "LossAllocated")
      .withArgs(1, usd(90_000), (usd(900_000) * ONE) / usd(1_000_000));
    await expect(pool.connect(distributor).allocateLoss(usd(900_000) + 1n))
      .to.be.revertedWithCustomError(pool, "TokenExceedsCurrentFace")
      .withArgs(usd(900_000) + 1n, usd(900_000));
    await expect(pool.connect(distributor).distribute(0n, usd(900_000) + 1n))
      .to.be.revertedWithCustomError(pool, "TokenExceedsCurrentFace")
      .withArgs(usd(900_000) + 1n, usd(900_000));
  });

  it("refuses to distribute or write down with nothing outstanding", async function () {
    const { pool, distributor } = await loadFixture(emptyPoolFixture);
    await expect(pool.connect(distributor).distribute(usd(1), 0n)).to.be.revertedWithCustomError(pool, "TokenNothingOutstanding");
    await expect(pool.connect(distributor).allocateLoss(usd(1))).to.be.revertedWithCustomError(pool, "TokenNothingOutstanding");
  });

  it("pulls exactly the distributed cash from the distributor", async function () {
    const { pool, cash, distributor } = await loadFixture(issuedPoolFixture);
    await expect(pool.connect(distributor).distribute(usd(700), usd(300))).to.changeTokenBalances(
      ethers,
      cash,
      [distributor, pool],
      [-usd(1_000), usd(1_000)],
    );
  });
});
