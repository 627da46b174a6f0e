/**
 * Record dates on the real tranche token: a period's cash belongs to the holders of record at its record date,
 * whatever moves between the record date and the distribution; write-ups and accretion are the only ways up for
 * current face, each evented.
 */
import { expect } from "chai";

import { distributedPoolFixture, ethers, issuedPoolFixture, latestTime, networkHelpers, usd } from "../helpers/poolTokenFixtures.js";

describe("PoolToken record dates", () => {
  it("pays a distribution to the balances at its record date, not to a buyer in between", async () => {
    const f = await networkHelpers.loadFixture(distributedPoolFixture);
    const [alice0, bob0] = [await f.pool.claimable(f.alice.address), await f.pool.claimable(f.bob.address)];
    // The event carries the timestamp of the block that mined it (not "latest + 1": a restored fixture's next
    // block may come many seconds after the previous one).
    const marked = await f.pool.connect(f.distributor).markRecordDate();
    const minedAt = (await ethers.provider.getBlock((await marked.wait())!.blockNumber))!.timestamp;
    await expect(marked).to.emit(f.pool, "RecordDateMarked").withArgs(2, minedAt);
    expect(await f.pool.lastRecordDate()).to.equal(await latestTime());
    // Alice sells half her position to Bob after the record date.
    await f.pool.connect(f.alice).transfer(f.bob.address, usd(300_000));
    await f.pool.connect(f.distributor).distribute(usd(10_000), 0n);
    // Still 60 / 40: the distribution is the record date's.
    expect((await f.pool.claimable(f.alice.address)) - alice0).to.equal(usd(6_000));
    expect((await f.pool.claimable(f.bob.address)) - bob0).to.equal(usd(4_000));
    // The next distribution, with no record date, is paid on today's balances: 30 / 70.
    await f.pool.connect(f.distributor).distribute(usd(10_000), 0n);
    expect((await f.pool.claimable(f.alice.address)) - alice0).to.equal(usd(6_000) + usd(3_000));
    expect((await f.pool.claimable(f.bob.address)) - bob0).to.equal(usd(4_000) + usd(7_000));
  });

  it("dates a distribution without a pending record date at its own block, so accrual restarts there", async () => {
    const f = await networkHelpers.loadFixture(distributedPoolFixture);
    await f.pool.connect(f.distributor).markRecordDate();
    await f.pool.connect(f.distributor).distribute(usd(10_000), 0n);
    const marked = await f.pool.lastRecordDate();
    await networkHelpers.time.increase(30 * 24 * 3600);
    const paid = await f.pool.connect(f.distributor).distribute(usd(10_000), 0n);
    const paidAt = (await ethers.provider.getBlock((await paid.wait())!.blockNumber))!.timestamp;
    expect(BigInt(paidAt)).to.be.greaterThan(marked);
    expect(await f.pool.lastRecordDate()).to.equal(BigInt(paidAt));
    const [pending] = await f.pool.recordDatePending();
    expect(pending).to.equal(false);
  });

  it("keeps the record-date balance through several moves, and gives a new holder nothing of that period", async () => {
    const f = await networkHelpers.loadFixture(distributedPoolFixture);
    const alice0 = await f.pool.claimable(f.alice.address);
    await f.pool.connect(f.distributor).markRecordDate();
    await f.pool.connect(f.alice).transfer(f.erin.address, usd(100_000));
    await f.pool.connect(f.alice).transfer(f.erin.address, usd(100_000));
    await f.pool.connect(f.erin).transfer(f.alice.address, usd(50_000));
    await f.pool.connect(f.distributor).distribute(usd(10_000), 0n);
    expect((await f.pool.claimable(f.alice.address)) - alice0).to.equal(usd(6_000));
    expect(await f.pool.claimable(f.erin.address)).to.equal(0n);
    // From the next period on, Erin earns on her 150k.
    await f.pool.connect(f.distributor).distribute(usd(10_000), 0n);
    expect(await f.pool.claimable(f.erin.address)).to.equal(usd(1_500));
  });

  it("books a tagged holder's record-date share however many periods later it settles or claims", async () => {
    const f = await networkHelpers.loadFixture(distributedPoolFixture);
    const bob0 = await f.pool.claimable(f.bob.address);
    await f.pool.connect(f.distributor).markRecordDate();
    await f.pool.connect(f.bob).transfer(f.alice.address, usd(400_000)); // Bob sells everything after the record date
    await f.pool.connect(f.distributor).distribute(usd(10_000), 0n);
    for (let k = 0; k < 3; k++) {
      await f.pool.connect(f.distributor).markRecordDate();
      await f.pool.connect(f.distributor).distribute(usd(10_000), 0n);
    }
    expect((await f.pool.claimable(f.bob.address)) - bob0).to.equal(usd(4_000));
    const before = await f.cash.balanceOf(f.bob.address);
    await f.pool.connect(f.bob).claim();
    expect((await f.cash.balanceOf(f.bob.address)) - before).to.equal(bob0 + usd(4_000));
    expect(await f.pool.claimable(f.alice.address)).to.be.greaterThan(0n);
  });

  it("pays the holders at the time of the distribution when no record date is pending", async () => {
    const f = await networkHelpers.loadFixture(distributedPoolFixture);
    const bob0 = await f.pool.claimable(f.bob.address);
    await f.pool.connect(f.bob).transfer(f.alice.address, usd(400_000));
    await f.pool.connect(f.distributor).distribute(usd(10_000), 0n);
    expect(await f.pool.claimable(f.bob.address)).to.equal(bob0);
  });

  it("moves a recovered wallet's record-date share to its new wallet", async () => {
    const f = await networkHelpers.loadFixture(distributedPoolFixture);
    const alice0 = await f.pool.claimable(f.alice.address);
    await f.pool.connect(f.distributor).markRecordDate();
    await f.pool.connect(f.alice).transfer(f.bob.address, usd(200_000)); // tagged at 600k
    await f.pool.connect(f.compliance).recoverWallet(f.alice.address, f.erin.address);
    await f.pool.connect(f.distributor).distribute(usd(10_000), 0n);
    expect(await f.pool.claimable(f.erin.address)).to.equal(alice0 + usd(6_000));
    expect(await f.pool.claimable(f.alice.address)).to.equal(0n);
  });

  it("refuses to mint or burn between a record date and its distribution (holders of record must add up to the supply)", async () => {
    const f = await networkHelpers.loadFixture(issuedPoolFixture);
    await f.pool.connect(f.distributor).markRecordDate();
    await expect(f.pool.connect(f.issuer).mint(f.erin.address, usd(1_000))).to.be.revertedWithCustomError(f.pool, "TokenRecordDatePending").withArgs(1);
    await expect(f.pool.connect(f.issuer).burn(f.bob.address, usd(1_000))).to.be.revertedWithCustomError(f.pool, "TokenRecordDatePending").withArgs(1);
  });

  it("takes one pending record date at a time, from the distributor only", async () => {
    const f = await networkHelpers.loadFixture(distributedPoolFixture);
    await expect(f.pool.connect(f.alice).markRecordDate()).to.be.revertedWithCustomError(f.pool, "AccessControlUnauthorizedAccount");
    await f.pool.connect(f.distributor).markRecordDate();
    await expect(f.pool.connect(f.distributor).markRecordDate()).to.be.revertedWithCustomError(f.pool, "TokenRecordDatePending").withArgs(2);
  });

  it("writes face back up only for losses allocated before, and accretes with an event", async () => {
    const f = await networkHelpers.loadFixture(distributedPoolFixture);
    const face = await f.pool.currentFace();
    await f.pool.connect(f.distributor).allocateLoss(usd(20_000));
    await expect(f.pool.connect(f.distributor).writeUp(usd(20_001)))
      .to.be.revertedWithCustomError(f.pool, "TokenExceedsLossesWrittenDown")
      .withArgs(usd(20_001), usd(20_000));
    await expect(f.pool.connect(f.distributor).writeUp(usd(15_000))).to.emit(f.pool, "LossWrittenUp");
    expect(await f.pool.currentFace()).to.equal(face - usd(5_000));
    await expect(f.pool.connect(f.distributor).accrete(usd(7_000))).to.emit(f.pool, "Accreted").withArgs(1, usd(7_000), ((face + usd(2_000)) * 10n ** 18n) / (await f.pool.totalSupply()));
    expect(await f.pool.currentFace()).to.equal(face + usd(2_000));
    await expect(f.pool.connect(f.alice).accrete(1n)).to.be.revertedWithCustomError(f.pool, "AccessControlUnauthorizedAccount");
    await expect(f.pool.connect(f.alice).writeUp(1n)).to.be.revertedWithCustomError(f.pool, "AccessControlUnauthorizedAccount");
  });
});
