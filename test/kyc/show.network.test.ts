import { expect } from "chai";

import { onboardInvestors } from "../../src/kyc/onboard.js";
import { formatInvestor, showInvestor } from "../../src/kyc/show.js";
import { COUNTRY, DEMO_FILE, csvFile, ethers, latestTime, networkHelpers, registryFixture, removeCsvFiles } from "./fixtures.js";

const { loadFixture, time } = networkHelpers;

describe("kyc show", function () {
  after(removeCsvFiles);

  it("shows an onboarded investor: verified, until, country and classes by name, not frozen", async function () {
    const { address, compliance, investors } = await loadFixture(registryFixture);
    await onboardInvestors({ registry: address, file: DEMO_FILE }, compliance);
    const view = await showInvestor({ registry: address, account: investors[1]!.address.toLowerCase() }, compliance);
    expect(view).to.deep.include({
      account: investors[1]!.address,
      verified: true,
      status: "verified",
      verifiedUntil: Date.parse("2036-12-31T00:00:00Z") / 1000,
      verifiedUntilIso: "2036-12-31T00:00:00.000Z",
      country: COUNTRY.US,
      classes: ["qib", "institutional"],
      frozen: false,
    });
    expect(formatInvestor(view)).to.match(/^classes\s+qib, institutional$/m);
  });

  it("tells never onboarded, revoked, frozen and expired apart, and needs no role", async function () {
    const { address, compliance, registry, outsider, investors } = await loadFixture(registryFixture);
    const [never, revoked, frozen, expiring] = investors.map((s) => s.address) as [string, string, string, string];
    // Time is set, not waited for: the onboarding block comes one second after the latest block
    // (a fixture snapshot's latest block may be long past the wall clock on a loaded machine).
    const latest = await latestTime();
    const soon = latest + 100n;
    await time.setNextBlockTimestamp(latest + 1n);
    const file = await csvFile("show.csv", `address,verified_until,country,classes\n${revoked},2036-01-01,840,qib\n${frozen},2036-01-01,840,qib\n${expiring},${soon},840,qib\n`);
    await onboardInvestors({ registry: address, file }, compliance);
    await (await registry.revoke(revoked, ethers.id("test"))).wait();
    await (await registry.setFrozen(frozen, true)).wait();
    const now = await latestTime();
    await time.increaseTo(now > soon ? now + 1n : soon + 1n);
    const status = async (account: string) => {
      const v = await showInvestor({ registry: address, account }, outsider);
      return [v.status, v.verified];
    };
    expect(await status(never)).to.deep.equal(["never onboarded", false]);
    expect(await status(revoked)).to.deep.equal(["revoked", false]);
    expect(await status(frozen)).to.deep.equal(["frozen", false]);
    expect(await status(expiring)).to.deep.equal(["expired", false]);
  });
});
