import { expect } from "chai";

import { initialState, runPeriod } from "../../../src/analytics/deal/waterfall.js";
import { POOL, bond, deal, report } from "./fixtures.js";

/** Senior $800, junior $200 on $1,000 of collateral, no coupons: every unit is principal or loss. */
const seniorJunior = deal({ classes: [bond("A", 800_000_000n), bond("B", 200_000_000n)] });

describe("recoveries and write-ups (model)", () => {
  it("writes the junior class down for a loss and back up, senior first, when recoveries arrive later", () => {
    const first = runPeriod(seniorJunior, initialState(seniorJunior), report(POOL, { realizedLoss: 50_000_000n }));
    expect(first.result.classes.map((c) => c.lossAllocated)).to.deep.equal([0n, 50_000_000n]);
    expect(first.state.classes.map((c) => c.writtenDown)).to.deep.equal([0n, 50_000_000n]);

    const second = runPeriod(seniorJunior, first.state, { ...report(POOL - 50_000_000n), recoveries: 30_000_000n });
    const [a, b] = second.result.classes;
    expect([a!.writeUp, b!.writeUp]).to.deep.equal([0n, 30_000_000n]);
    // The recovered cash is paid as principal (sequential: to the senior class).
    expect(a!.principalPaid).to.equal(30_000_000n);
    expect(second.result.cashAvailable).to.equal(30_000_000n);
    expect(second.state.classes.map((c) => c.writtenDown)).to.deep.equal([0n, 20_000_000n]);
    expect(second.result.totals.writeUp).to.equal(30_000_000n);
  });

  it("nets recoveries off the cumulative loss the trigger tests, never below zero", () => {
    const first = runPeriod(seniorJunior, initialState(seniorJunior), report(POOL, { realizedLoss: 10_000_000n }));
    expect(first.result.pool.cumulativeLoss).to.equal(10_000_000n);
    const second = runPeriod(seniorJunior, first.state, { ...report(POOL - 10_000_000n), recoveries: 25_000_000n });
    expect(second.result.pool.cumulativeLoss).to.equal(0n);
    expect(second.result.pool.recoveries).to.equal(25_000_000n);
  });

  it("writes nothing up when there is nothing written down, and still pays the cash out", () => {
    const outcome = runPeriod(seniorJunior, initialState(seniorJunior), { ...report(POOL), recoveries: 5_000_000n });
    expect(outcome.result.classes.map((c) => c.writeUp)).to.deep.equal([0n, 0n]);
    expect(outcome.result.residual + outcome.result.totals.principalPaid).to.equal(5_000_000n);
  });
});
