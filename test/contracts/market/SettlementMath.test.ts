import { expect } from "chai";

import { days30360 } from "../../../src/analytics/dates.js";
import { mulberry32 } from "../../../src/random.js";
import type { SettlementMathHarness } from "../../../typechain-types/index.js";
import { ethers, networkHelpers, price, usd, utc } from "./helpers/marketFixtures.js";

async function harnessFixture() {
  return { math: (await ethers.deployContract("SettlementMathHarness")) as SettlementMathHarness };
}

function calendar(time: bigint) {
  const d = new Date(Number(time) * 1000);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

describe("SettlementMath", function () {
  it("counts 30/360 days exactly as the analytics module's SF-44 rule, on 400 random date pairs", async function () {
    const { math } = await networkHelpers.loadFixture(harnessFixture);
    const random = mulberry32(20_270_301);
    const base = utc(2024, 1, 1);
    for (let i = 0; i < 400; i++) {
      const from = base + BigInt(Math.floor(random() * 3 * 365 * 86_400));
      const to = from + BigInt(Math.floor(random() * 90 * 86_400));
      expect(await math.days30360(from, to), `${calendar(from)} → ${calendar(to)}`).to.equal(
        BigInt(days30360(calendar(from), calendar(to))),
      );
    }
  });

  it("handles the month ends the rule names", async function () {
    const { math } = await networkHelpers.loadFixture(harnessFixture);
    expect(await math.days30360(utc(2027, 1, 31), utc(2027, 3, 31))).to.equal(60n); // 31st → 30th both ends
    expect(await math.days30360(utc(2027, 2, 28), utc(2027, 3, 31))).to.equal(30n); // end of February counts as 30th
    expect(await math.days30360(utc(2028, 2, 28), utc(2028, 3, 1))).to.equal(3n); // not the end in a leap year
    expect(await math.days30360(utc(2028, 2, 29), utc(2028, 3, 1))).to.equal(1n);
    expect(await math.days30360(utc(2027, 3, 1, 23), utc(2027, 3, 1, 1))).to.equal(0n); // never negative
    expect(await math.civilDate(utc(2000, 2, 29, 12))).to.deep.equal([2000n, 2n, 29n]);
  });

  it("computes a textbook settlement: $1m original face at factor 0.85, 98-16, 5.5 % coupon, 20 days", async function () {
    const { math } = await networkHelpers.loadFixture(harnessFixture);
    // current face 850,000; principal 850,000 × 98.5 / 100 = 837,250; accrued 850,000 × 5.5 % × 20/360 = 2,597.2222…
    const a = await math.amounts(usd(1_000_000), price(98.5), usd(85_000_000), usd(100_000_000), 55_000n, utc(2027, 5, 1), utc(2027, 5, 21), false);
    expect([a.currentFace, a.principal, a.accrued, a.accrualDays]).to.deep.equal([usd(850_000), usd(837_250), 2_597_222_222n, 20n]);
    const up = await math.amounts(usd(1_000_000), price(98.5), usd(85_000_000), usd(100_000_000), 55_000n, utc(2027, 5, 1), utc(2027, 5, 21), true);
    expect(up.accrued).to.equal(2_597_222_223n);
    // A 32nd-quoted price, 101-05+ = 101 + 5.5/32, is exact at 8 decimals.
    expect(price(101 + 5.5 / 32)).to.equal(10_117_187_500n);
  });
});
