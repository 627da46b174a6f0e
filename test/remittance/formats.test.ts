import { expect } from "chai";
import { join } from "node:path";
import { generateLoans } from "../../src/tape/generate.js";
import { parseCutoff } from "../../src/tape/fields.js";
import { PoolSimulator, writeRemittanceFile } from "../../src/remittance/generate.js";
import { processRemittance } from "../../src/remittance/period.js";
import type { ServicerReport } from "../../src/remittance/report.js";
import { stateFromTape, type PoolState } from "../../src/remittance/state.js";
import type { RemittanceFormat } from "../../src/remittance/types.js";
import { tempDir } from "./helpers.js";

const FORMATS: RemittanceFormat[] = ["generic", "freddie", "fannie-legacy", "fannie"];

function pool(): PoolState {
  return stateFromTape(generateLoans({ format: "generic", loans: 300, seed: 99, cutoff: "2026-01" }), parseCutoff("2026-01"));
}

/** What every layout can express: collections, counts, balances (not how FC/REO is told apart). */
function comparable(r: ServicerReport) {
  return {
    beginning: r.beginningPoolBalance,
    interest: r.interestCollected,
    scheduled: r.scheduledPrincipal,
    curtailments: r.curtailments,
    payoffs: r.payoffs,
    payoffCount: r.payoffCount,
    liquidations: r.liquidationProceeds,
    loss: r.realizedLoss,
    d30: r.delinquent30,
    d60: r.delinquent60,
    seriouslyDelinquent: r.delinquent90Plus.balance + r.foreclosure.balance + r.reo.balance,
    ending: r.endingPoolBalance,
    loans: r.endingLoanCount,
  };
}

describe("the same servicer months in every layout", () => {
  it("read, reconcile and aggregate to the same report, with no error flag, over 8 eventful months", async function () {
    this.timeout(60_000);
    const dir = tempDir();
    const sim = new PoolSimulator(pool(), { seed: 5, cpr: 0.2, missRate: 0.05, cureRate: 0.4, curtailmentRate: 0.05, severity: 0.4 });
    const states = new Map(FORMATS.map((f) => [f, pool()]));
    for (let month = 1; month <= 8; month++) {
      const rows = sim.nextMonth();
      const reports: ReturnType<typeof comparable>[] = [];
      for (const format of FORMATS) {
        const file = join(dir, `${format}-${month}.txt`);
        await writeRemittanceFile(file, format, rows);
        const p = await processRemittance(file, states.get(format)!, { format });
        expect(p.reconciliation.errors, `${format} month ${month}: ${JSON.stringify(p.flags.slice(0, 3))}`).to.equal(0);
        expect(p.reconciliation.warnings, `${format} month ${month}`).to.equal(0);
        states.set(format, p.reconciliation.next);
        reports.push(comparable(p.report));
      }
      for (let i = 1; i < reports.length; i++) expect(reports[i], `${FORMATS[i]} month ${month}`).to.deep.equal(reports[0]);
    }
    // The months were eventful: payoffs, delinquencies and at least one liquidation happened.
    const last = states.get("generic")!;
    const closed = [...last.loans.values()].map((l) => l.closed);
    expect(closed.filter((c) => c === "prepaid").length).to.be.greaterThan(10);
    expect(closed.filter((c) => c === "liquidated").length).to.be.greaterThan(0);
  });
});
