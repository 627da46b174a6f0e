import { expect } from "chai";
import { periodStatement } from "../../../src/analytics/deal/statement.js";
import { initialState, runPeriod } from "../../../src/analytics/deal/waterfall.js";
import { POOL, bond, deal, report } from "./fixtures.js";

describe("analytics/deal/statement", () => {
  it("accounts for every unit and names the principal released above an OC target rounded down to whole ppm", () => {
    // Faces leave 99,999,999 units of OC: 99,999.999 ppm of the pool, rounded down to 99,999 ppm, so
    // the target is 999 units below the OC and that much principal goes to the residual holder.
    const config = deal({ classes: [bond("A", 900_000_001n, 50_000)], overcollateralizationTargetPpm: 99_999 });
    const { result } = runPeriod(config, initialState(config), report(POOL, { interestCollected: 3_750_000n, scheduledPrincipal: 10_000_000n }));
    const lines = periodStatement(config, result);
    expect(lines.map((l) => [l.side, l.label, l.amount])).to.deep.equal([
      ["source", "interest collected (net of servicing)", 3_750_000n],
      ["source", "principal collected (scheduled and prepaid)", 10_000_000n],
      ["use", "A interest", 3_750_000n],
      ["use", "A principal", 9_999_001n],
      ["use", "to the residual (certificate) holder", 999n],
    ]);
    expect(lines.at(-1)?.note).to.include("principal released above the overcollateralization target").and.include("99999 ppm");
  });

  it("has no residual line when the bonds take everything", () => {
    const config = deal({ classes: [bond("A", POOL, 50_000)] });
    const { result } = runPeriod(config, initialState(config), report(POOL, { interestCollected: 4_166_666n, scheduledPrincipal: 1_000_000n }));
    const lines = periodStatement(config, result);
    expect(lines.some((l) => l.label.includes("residual"))).to.equal(false);
    expect(lines.filter((l) => l.side === "use").reduce((s, l) => s + l.amount, 0n)).to.equal(result.cashAvailable);
  });
});
