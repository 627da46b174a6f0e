import { expect } from "chai";
import { join } from "node:path";
import { initialState, runPeriod } from "../../src/analytics/deal/waterfall.js";
import type { DealConfig } from "../../src/analytics/deal/types.js";
import { parseCutoff } from "../../src/tape/fields.js";
import { generateLoans } from "../../src/tape/generate.js";
import { PoolSimulator, writeRemittanceFile } from "../../src/remittance/generate.js";
import { processRemittance } from "../../src/remittance/period.js";
import { collateralOf } from "../../src/remittance/preview.js";
import { openBalance, stateFromTape } from "../../src/remittance/state.js";
import { buildStatement } from "../../src/remittance/statement.js";
import { originalClassBalances, periodResultFromEvents } from "../../src/remit/from-logs.js";
import { eventsOfPeriodResult } from "./events.js";
import { tempDir } from "../remittance/helpers.js";

describe("statement rebuilt from the waterfall's events", () => {
  it("equals the preview's statement line for line over 10 periods", async function () {
    this.timeout(60_000);
    const tape = stateFromTape(generateLoans({ format: "generic", loans: 150, seed: 11, cutoff: "2026-01" }), parseCutoff("2026-01"));
    const pool = BigInt(openBalance(tape).upbCents) * 10_000n;
    const deal: DealConfig = {
      name: "events", originalPoolBalance: pool, principalMode: "proRataUntilTrigger",
      classes: [
        { id: "A", kind: "standard", originalBalance: (pool * 85n) / 100n, couponPpm: 45_000 },
        { id: "B", kind: "standard", originalBalance: (pool * 10n) / 100n, couponPpm: 55_000 },
        { id: "IO", kind: "interestOnly", couponPpm: 5_000, notionalOf: ["A"] },
      ],
      fees: { servicingPpm: 2_500, servicingFixed: 0n, trusteePpm: 150, trusteeFixed: 0n },
      triggers: { delinquencyPpm: 30_000, cumulativeLossPpm: 5_000 },
      reserve: { targetPpm: 5_000, floor: 0n, initialBalance: 0n },
      overcollateralizationTargetPpm: 50_000,
    };
    const sim = new PoolSimulator(tape, { seed: 4, cpr: 0.12, missRate: 0.05, cureRate: 0.3, curtailmentRate: 0.03 });
    const dir = tempDir();
    let state = tape;
    let dealState = initialState(deal);
    let beginning = originalClassBalances(deal);
    let poolBeginning = deal.originalPoolBalance;
    let speeds = { smm: [] as number[], mdr: [] as number[] };
    for (let month = 1; month <= 10; month++) {
      const file = join(dir, `${month}.csv`);
      await writeRemittanceFile(file, "generic", sim.nextMonth());
      const p = await processRemittance(file, state, { fees: deal.fees! });
      const { result, state: next } = runPeriod(deal, dealState, collateralOf(p.report));
      const rebuilt = periodResultFromEvents(deal, p.report, beginning, poolBeginning, eventsOfPeriodResult(result, 0n));
      const fromModel = buildStatement(deal, p.report, result, speeds);
      const fromLogs = buildStatement(deal, p.report, rebuilt, speeds);
      expect(fromLogs.statement, `period ${month}`).to.deep.equal(fromModel.statement);
      beginning = result.classes.map((c) => c.endingBalance);
      poolBeginning = result.pool.endingBalance;
      state = p.reconciliation.next;
      dealState = next;
      speeds = fromModel.speeds;
    }
  });
});
