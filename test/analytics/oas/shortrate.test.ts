import { expect } from "chai";
import { simulateShortRates, yieldSensitivity } from "../../../src/analytics/oas/shortrate.js";
import "../../helpers/chai-float.js";

const curve = [{ years: 0.25, rate: 0.042 }, { years: 2, rate: 0.04 }, { years: 10, rate: 0.043 }, { years: 30, rate: 0.047 }];
function zero(years: number): number {
  // The same linear interpolation the model uses, written out for the test.
  const pts = curve;
  if (years <= 0.25) return 0.042;
  for (let i = 1; i < pts.length; i++) {
    const r = pts[i] as { years: number; rate: number };
    const l = pts[i - 1] as { years: number; rate: number };
    if (years <= r.years) return l.rate + (r.rate - l.rate) * (years - l.years) / (r.years - l.years);
  }
  return 0.047;
}

describe("Monte-Carlo short rates (Hull–White, antithetic)", () => {
  const paths = simulateShortRates({ meanReversion: 0.05, volatility: 0.012 }, curve, 360, 200, 7);

  it("prices every zero-coupon bond on the curve exactly, on average over the paths", () => {
    for (const m of [1, 12, 60, 120, 359, 360]) {
      let mean = 0;
      for (let p = 0; p < paths.paths; p++) mean += paths.discount[p * 361 + m] as number;
      mean /= paths.paths;
      expect(mean).to.be.closeToNumber(Math.exp(-zero(m / 12) * m / 12), 1e-13);
    }
  });

  it("pairs each path with its mirror image, so the factor averages to zero", () => {
    for (const m of [0, 10, 200]) {
      let sum = 0;
      for (let p = 0; p < paths.paths; p++) sum += paths.factor[p * 360 + m] as number;
      expect(sum).to.be.closeToNumber(0, 1e-12);
    }
  });

  it("spreads the factor with the Ornstein–Uhlenbeck variance σ²(1 − e^(−2at))/(2a)", () => {
    const many = simulateShortRates({ meanReversion: 0.05, volatility: 0.012 }, curve, 121, 4000, 3);
    let sumSquares = 0;
    for (let p = 0; p < many.paths; p++) sumSquares += (many.factor[p * 121 + 120] as number) ** 2;
    const expected = 0.012 ** 2 * (1 - Math.exp(-2 * 0.05 * 10)) / (2 * 0.05);
    expect(sumSquares / many.paths).to.be.closeToNumber(expected, 0.05 * expected);
  });

  it("reproduces the forward rates on every path when volatility is zero", () => {
    const flat = simulateShortRates({ meanReversion: 0.1, volatility: 0 }, [{ years: 1, rate: 0.05 }], 24, 3);
    for (let p = 0; p < flat.paths; p++) {
      for (let m = 0; m < 24; m++) expect(flat.shortRate[p * 24 + m]).to.be.closeToNumber(0.05, 1e-12);
    }
  });

  it("moves a 10-year yield by (1 − e^(−10a))/(10a) of the factor", () => {
    expect(yieldSensitivity(0.05, 10)).to.be.closeToNumber((1 - Math.exp(-0.5)) / 0.5, 1e-15);
    expect(yieldSensitivity(0, 10)).to.equal(1);
  });
});
