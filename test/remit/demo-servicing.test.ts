import { expect } from "chai";
import { initialState } from "../../src/analytics/deal/waterfall.js";
import type { DealConfig } from "../../src/analytics/deal/types.js";
import { writeDemoServicing } from "../../src/remit/demo-servicing.js";
import { processRemittance } from "../../src/remittance/period.js";
import { previewPeriod } from "../../src/remittance/preview.js";
import { openBalance } from "../../src/remittance/state.js";
import { tempDir } from "../remittance/helpers.js";

describe("the demo deal's servicing", () => {
  it("has prepayments, a tripped delinquency trigger and exactly one liquidation at a loss in twelve clean months", async function () {
    this.timeout(60_000);
    const demo = await writeDemoServicing({ dir: tempDir() });
    expect(demo.files).to.have.length(12);
    const pool = BigInt(openBalance(demo.pool).upbCents) * 10_000n;
    const deal: DealConfig = {
      name: "demo", originalPoolBalance: pool, principalMode: "proRataUntilTrigger",
      classes: [
        { id: "A", kind: "standard", originalBalance: (pool * 80n) / 100n, couponPpm: 50_000 },
        { id: "M", kind: "standard", originalBalance: (pool * 12n) / 100n, couponPpm: 60_000 },
        { id: "J", kind: "standard", originalBalance: pool - (pool * 92n) / 100n, couponPpm: 70_000 },
      ],
      fees: { servicingPpm: 2_500, servicingFixed: 0n, trusteePpm: 100, trusteeFixed: 0n },
      triggers: { delinquencyPpm: 60_000, cumulativeLossPpm: 20_000 },
      reserve: { targetPpm: 5_000, floor: 0n, initialBalance: 0n },
    };
    let state = demo.pool;
    let dealState = initialState(deal);
    let payoffs = 0;
    let liquidations = 0;
    let loss = 0n;
    const modes: string[] = [];
    for (const file of demo.files) {
      const p = await processRemittance(file, state);
      expect(p.reconciliation.errors, file).to.equal(0);
      const preview = previewPeriod(deal, dealState, p.report);
      payoffs += p.report.payoffCount;
      liquidations += p.report.liquidationCount;
      loss += p.report.realizedLoss;
      modes.push(preview.result.principalModeApplied);
      state = p.reconciliation.next;
      dealState = preview.state;
    }
    expect(payoffs).to.be.greaterThan(3);
    expect(liquidations).to.equal(1);
    expect(loss).to.be.greaterThan(0n);
    expect(state.loans.get(demo.liquidatedLoan)!.closed).to.equal("liquidated");
    expect(modes).to.include("sequential");
    expect(modes[0]).to.equal("proRata");
    expect(modes.at(-1)).to.equal("proRata");
  });
});
