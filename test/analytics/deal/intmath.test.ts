import { expect } from "chai";
import {
  allocateProRata,
  allocateSequential,
  exceedsPpm,
  monthlyAccrual,
  ppmOf,
  ratioPpm,
} from "../../../src/analytics/deal/intmath.js";

describe("waterfall integer arithmetic", () => {
  it("accrues a month of interest at rate/12 and drops the fraction of a unit", () => {
    // 999,999 × 7.5 % / 12 = 6,249.99375 units.
    expect(monthlyAccrual(999_999n, 75_000n)).to.equal(6_249n);
    expect(monthlyAccrual(400_000_000_000_000n, 75_000n)).to.equal(2_500_000_000_000n);
  });

  it("takes a ppm share rounded down", () => {
    expect(ppmOf(999n, 500_000n)).to.equal(499n);
  });

  it("decides a threshold exactly even when the displayed ratio rounds onto it", () => {
    // 90,000,001 / 900,000,000 = 10.0000001 %: shown as 100,000 ppm, yet above 10 %.
    expect(ratioPpm(90_000_001n, 900_000_000n)).to.equal(100_000n);
    expect(exceedsPpm(90_000_001n, 900_000_000n, 100_000n)).to.equal(true);
    expect(exceedsPpm(90_000_000n, 900_000_000n, 100_000n)).to.equal(false);
  });

  it("fills claims in order up to their caps and keeps what is left over", () => {
    expect(allocateSequential(25n, [10n, 10n, 10n])).to.deep.equal([10n, 10n, 5n]);
    expect(allocateSequential(40n, [10n, 10n])).to.deep.equal([10n, 10n]);
  });

  it("splits pro rata with floors and gives the dust to the first claims in order", () => {
    // 100 × 1/3 = 33.3 each: floors 33, 33, 33 and one unit of dust to the first claim.
    expect(allocateProRata(100n, [1n, 1n, 1n], [100n, 100n, 100n])).to.deep.equal([34n, 33n, 33n]);
  });

  it("passes the dust over a claim that is already at its cap", () => {
    expect(allocateProRata(5n, [1n, 1n, 1n], [1n, 5n, 5n])).to.deep.equal([1n, 3n, 1n]);
  });

  it("never hands out more than the caps allow or less than is available", () => {
    expect(allocateProRata(1_000n, [3n, 7n], [3n, 7n])).to.deep.equal([3n, 7n]);
    expect(allocateProRata(0n, [3n, 7n], [3n, 7n])).to.deep.equal([0n, 0n]);
  });
});
