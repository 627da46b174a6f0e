import { expect } from "chai";
import { InvalidInputError } from "../../src/errors.js";
import { runScenarios } from "../../src/analytics/deal/scenarios.js";
import { scenarioGridFromCommand, scenarioReportForOutput } from "../../src/analytics/scenario-command.js";
import type { ScenarioCommandOptions } from "../../src/analytics/scenario-command.js";
import "../helpers/chai-float.js";

/** Fabozzi's textbook collateral, stated in the analytics vocabulary. */
const textbook: ScenarioCommandOptions = {
  balance: undefined, wac: "8.125", net: "7.5", term: undefined, wam: "357", age: undefined,
  psa: undefined, cpr: undefined, sda: undefined, cdr: undefined, mdr: undefined, severity: undefined, lag: undefined,
  advance: false, shifts: undefined, deal: undefined, class: undefined, price: "100", settle: "2026-12-01", delay: undefined,
};

describe("mbs scenarios in the analytics vocabulary", () => {
  it("uses the same pool options, --settle and --delay (24 days) as price and yield", () => {
    const { grid } = scenarioGridFromCommand({ ...textbook, balance: "400000000" });
    expect(grid.pool).to.deep.equal({ balance: 400_000_000, grossWac: 0.08125, passThroughRate: 0.075, originalTerm: 360, wam: 357 });
    expect(grid.delayDays).to.equal(24);
    expect(grid.settlement).to.deep.equal({ year: 2026, month: 12, day: 1 });
    expect(grid.speeds).to.deep.equal([{ kind: "psa", psa: 100 }]);
    expect(grid.defaultRates).to.deep.equal([{ kind: "cdr", cdr: 0 }]);
  });

  it("defaults --net to the WAC, as every analytics command does", () => {
    const { grid } = scenarioGridFromCommand({ ...textbook, balance: "1000", net: undefined });
    expect(grid.pool.passThroughRate).to.equal(0.08125);
  });

  it("takes the balance from the deal's collateral when --balance is left out", () => {
    const { grid } = scenarioGridFromCommand({ ...textbook, deal: "cmo1", class: "C" });
    expect(grid.pool.balance).to.equal(400_000_000);
    expect(grid.deal?.classId).to.equal("C");
  });

  it("reads --mdr lists and names a bad item with its option and unit", () => {
    const { grid } = scenarioGridFromCommand({ ...textbook, balance: "1000", mdr: "0.5,1", severity: "20", lag: "12" });
    expect(grid.defaultRates).to.deep.equal([{ kind: "mdr", mdr: 0.005 }, { kind: "mdr", mdr: 0.01 }]);
    expect(() => scenarioGridFromCommand({ ...textbook, balance: "1000", cdr: "2,140" })).to.throw(InvalidInputError, /^--cdr: must be from 0 % up to 100 %, got 140 %/);
  });

  it("takes lists of every speed unit of the other commands", () => {
    const grid = (o: Partial<ScenarioCommandOptions>) => scenarioGridFromCommand({ ...textbook, balance: "1000", ...o }).grid.speeds;
    expect(grid({ hep: "10,20" })).to.deep.equal([{ kind: "hep", hep: 10 }, { kind: "hep", hep: 20 }]);
    expect(grid({ abs: "1.5" })).to.deep.equal([{ kind: "abs", abs: 0.015 }]);
    expect(grid({ ppc: "100", ppcCurve: "2,30,15" })).to.deep.equal([{ kind: "ppc", ppc: 100, curve: { startCpr: 0.02, peakCpr: 0.3, peakMonth: 15 } }]);
    expect(() => grid({ psa: "100", mhp: "100" })).to.throw(InvalidInputError, /^--mhp: give one speed list/);
  });

  it("refuses what it would silently ignore or drop", () => {
    expect(() => scenarioGridFromCommand({ ...textbook, balance: "1000", severity: "40" })).to.throw(InvalidInputError, /^--severity: has no effect/);
    expect(() => scenarioGridFromCommand({ ...textbook, balance: "1000", sda: "100", lag: "400" })).to.throw(InvalidInputError, /^--lag: 400 months leaves no month for defaults/);
    expect(() => scenarioGridFromCommand({ ...textbook, balance: "1000", settle: undefined })).to.throw(InvalidInputError, /^--settle: is required/);
    expect(() => scenarioGridFromCommand({ ...textbook, balance: "1000", class: "A" })).to.throw(InvalidInputError, /^--class: needs --deal/);
  });

  it("prints yields and losses in percent in JSON, like the other commands", () => {
    const { grid } = scenarioGridFromCommand({ ...textbook, balance: "400000000", cdr: "2", severity: "40", lag: "12" });
    const report = runScenarios(grid);
    const out = scenarioReportForOutput(report) as { rows: { yield: number; loss: number }[] };
    expect(out.rows[0]?.yield).to.be.closeToNumber((report.rows[0]?.yield as number) * 100, 1e-12);
    expect(out.rows[0]?.loss).to.be.closeToNumber((report.rows[0]?.loss as number) * 100, 1e-12);
    expect(out.rows[0]?.yield).to.be.within(1, 20);
  });
});
