import { expect } from "chai";
import { InvalidInputError } from "../../../src/errors.js";
import { averageLifeYears as collateralAverageLife, projectPassThrough } from "../../../src/analytics/passthrough.js";
import { reportsFromProjection } from "../../../src/analytics/deal/collateral.js";
import { TEXTBOOK_POOL, ioPoStrip, sequentialCmo1 } from "../../../src/analytics/deal/examples.js";
import { averageLifeYears, classCashFlows, runDeal } from "../../../src/analytics/deal/run.js";
import { parseNumberList, scenarioGridFromOptions } from "../../../src/analytics/deal/scenario-options.js";
import type { ScenarioOptions } from "../../../src/analytics/deal/scenario-options.js";
import { formatScenarioTable, runScenarios } from "../../../src/analytics/deal/scenarios.js";
import type { ScenarioGrid } from "../../../src/analytics/deal/scenarios.js";
import "../../helpers/chai-float.js";

/** Par grid: settlement on the 1st (no accrued), no delay, no defaults. */
const parGrid: ScenarioGrid = {
  pool: TEXTBOOK_POOL,
  speeds: [{ kind: "psa", psa: 165 }],
  defaultRates: [{ kind: "cdr", cdr: 0 }],
  severity: 0.35,
  lagMonths: 12,
  advance: false,
  rateShiftsBp: [0],
  price: 100,
  settlement: { year: 2026, month: 12, day: 1 },
  delayDays: 0,
};

/** A bond paying its coupon on its balance, bought at par with no delay, yields its coupon. */
const bey = (annualCoupon: number) => 2 * (Math.pow(1 + annualCoupon / 12, 6) - 1);

const cliDefaults: ScenarioOptions = {
  psa: "", cpr: "", cdr: "", sda: "", severity: 35, lag: 12, advance: false, shifts: "0", deal: "", class: "",
  balance: 400_000_000, wac: 8.125, rate: 7.5, term: 360, wam: 357, price: 100, settlement: "2026-12-01", delay: 0,
};

describe("scenario grid", () => {
  it("runs every speed × default rate × shift, in that nesting order", () => {
    const report = runScenarios({
      ...parGrid,
      speeds: [{ kind: "psa", psa: 100 }, { kind: "cpr", cpr: 0.1 }],
      defaultRates: [{ kind: "cdr", cdr: 0 }, { kind: "sda", sda: 100 }],
      rateShiftsBp: [-50, 0, 50],
    });
    expect(report.rows).to.have.length(12);
    expect(report.rows.slice(0, 4).map((r) => [r.speed, r.defaultRate, r.shiftBp])).to.deep.equal([
      ["100 PSA", "0 CDR", -50], ["100 PSA", "0 CDR", 0], ["100 PSA", "0 CDR", 50], ["100 PSA", "100 SDA", -50],
    ]);
    expect(report.axes).to.deep.equal({ speeds: ["100 PSA", "10 CPR"], defaultRates: ["0 CDR", "100 SDA"], rateShiftsBp: [-50, 0, 50] });
  });

  it("gives the pool its pass-through average life and, at par, its coupon as yield", () => {
    const [row] = runScenarios(parGrid).rows;
    const table = projectPassThrough(TEXTBOOK_POOL, { prepay: { kind: "psa", psa: 165 } });
    expect(row?.wal).to.be.closeToNumber(collateralAverageLife(table), 1e-9);
    expect(row?.yield).to.be.closeToNumber(bey(0.075), 1e-10);
    expect(row?.loss).to.equal(0);
  });

  it("prices a yield shift below par when yields rise and above when they fall", () => {
    const rows = runScenarios({ ...parGrid, rateShiftsBp: [-50, 0, 50] }).rows;
    const [down, flat, up] = rows.map((r) => r.price ?? Number.NaN);
    expect(flat).to.be.closeToNumber(100, 1e-9);
    expect(down).to.be.greaterThan(100);
    expect(up).to.be.lessThan(100);
    expect((rows[2]?.yield ?? 0) - (rows[1]?.yield ?? 0)).to.be.closeToNumber(0.005, 1e-12);
  });

  it("reports a deal class's own average life and its coupon yield at par", () => {
    const config = sequentialCmo1();
    const [row] = runScenarios({ ...parGrid, deal: { config, classId: "B" } }).rows;
    const run = runDeal(config, reportsFromProjection(projectPassThrough(TEXTBOOK_POOL, { prepay: { kind: "psa", psa: 165 } })).reports);
    expect(row?.wal).to.be.closeToNumber(averageLifeYears(classCashFlows(run, "B").principal), 1e-9);
    expect(row?.yield).to.be.closeToNumber(bey(0.075), 1e-9);
  });

  it("puts default losses on the last sequential class before the first", () => {
    const config = sequentialCmo1();
    const withLosses = (classId: string) =>
      runScenarios({ ...parGrid, defaultRates: [{ kind: "cdr", cdr: 0.03 }], deal: { config, classId } }).rows[0]?.loss ?? Number.NaN;
    expect(withLosses("A")).to.equal(0);
    expect(withLosses("D")).to.be.greaterThan(0);
  });

  it("leaves yield empty, with the reason, when the price exceeds every cash flow", () => {
    const [row] = runScenarios({ ...parGrid, speeds: [{ kind: "psa", psa: 2_000 }], price: 60, deal: { config: ioPoStrip(), classId: "IO" } }).rows;
    expect(row?.wal).to.equal(null);
    expect(row?.yield).to.equal(null);
    expect(row?.note).to.match(/price/);
  });

  it("formats a table with one line per scenario", () => {
    const text = formatScenarioTable(runScenarios({ ...parGrid, rateShiftsBp: [0, 25] }));
    expect(text.split("\n")).to.have.length(4);
    expect(text).to.contain("7.618");
  });

  describe("inputs", () => {
    it("rejects an empty list of speeds", () => {
      expect(() => runScenarios({ ...parGrid, speeds: [] })).to.throw(InvalidInputError, /speeds/);
    });

    it("rejects a class the deal does not have", () => {
      expect(() => runScenarios({ ...parGrid, deal: { config: sequentialCmo1(), classId: "E" } })).to.throw(InvalidInputError, /"E"/);
    });

    it("rejects a pool that is not the deal's collateral", () => {
      expect(() => runScenarios({ ...parGrid, pool: { ...TEXTBOOK_POOL, balance: 1e6 }, deal: { config: sequentialCmo1(), classId: "A" } }))
        .to.throw(InvalidInputError, /balance/);
    });

    it("parses comma-separated numbers and names the bad item", () => {
      expect(parseNumberList("--psa", " 100,165 ,300")).to.deep.equal([100, 165, 300]);
      expect(() => parseNumberList("--psa", "100,,300")).to.throw(InvalidInputError, /--psa: item 2/);
    });

    it("reads percent options as decimals and lists as grids", () => {
      const grid = scenarioGridFromOptions({ ...cliDefaults, cpr: "6,12", sda: "100", severity: 40, shifts: " -25,0", deal: "cmo1", class: "C" });
      expect(grid.speeds).to.deep.equal([{ kind: "cpr", cpr: 0.06 }, { kind: "cpr", cpr: 0.12 }]);
      expect(grid.defaultRates).to.deep.equal([{ kind: "sda", sda: 100 }]);
      expect(grid.severity).to.be.closeToNumber(0.4, 1e-15);
      expect(grid.rateShiftsBp).to.deep.equal([-25, 0]);
      expect(grid.deal?.classId).to.equal("C");
    });

    it("takes the pool balance from a deal file when --balance is 0, else $400 million", () => {
      const file = {
        name: "two-class",
        structure: "senior-subordinate" as const,
        overcollateralization: { kind: "fixed" as const, cents: 5_000_000_00n },
        tranches: [
          { symbol: "A", originalFaceCents: 90_000_000_00n, couponPpm: 60_000, seniority: 1 },
          { symbol: "B", originalFaceCents: 5_000_000_00n, couponPpm: 80_000, seniority: 2 },
        ],
      };
      const grid = scenarioGridFromOptions({ ...cliDefaults, balance: 0, deal: "deals/two-class.json", class: "B" }, file);
      expect(grid.pool.balance).to.equal(100_000_000);
      expect(grid.deal?.config.classes.map((c) => c.id)).to.deep.equal(["A", "B"]);
      expect(scenarioGridFromOptions({ ...cliDefaults, balance: 0 }).pool.balance).to.equal(400_000_000);
      expect(() => scenarioGridFromOptions({ ...cliDefaults, deal: "deals/two-class.json" })).to.throw(InvalidInputError, /not read/);
    });

    it("refuses both --psa and --cpr, an unknown deal, and --class without --deal", () => {
      expect(() => scenarioGridFromOptions({ ...cliDefaults, psa: "100", cpr: "6" })).to.throw(InvalidInputError, /--cpr/);
      expect(() => scenarioGridFromOptions({ ...cliDefaults, deal: "cmo9" })).to.throw(InvalidInputError, /unknown deal/);
      expect(() => scenarioGridFromOptions({ ...cliDefaults, class: "A" })).to.throw(InvalidInputError, /--class/);
    });
  });
});
