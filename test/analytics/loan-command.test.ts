import path from "node:path";
import { expect } from "chai";
import { InvalidInputError } from "../../src/errors.js";
import { defaultsFromOptions, prepayFromOptions } from "../../src/analytics/commands.js";
import { formatLoanCashflows, loanCashflowsForOutput, runLoanCashflows } from "../../src/analytics/loan-command.js";
import { loanArraysFromRecords } from "../../src/analytics/loanlevel.js";
import { columnSum, projectPassThrough } from "../../src/analytics/passthrough.js";
import { loadTape } from "../../src/tape/index.js";
import "../helpers/chai-float.js";

/** The project's example tape (examples/tapes/), found from the project root whatever the working directory. */
const SAMPLE_TAPE = path.join(path.resolve(import.meta.dirname, "..", ".."), "examples", "tapes", "generic-sample.csv");

const speed = { psa: undefined, cpr: undefined, smm: undefined, vectorUnit: undefined };

describe("mbs loan-cashflows: a tape projected loan by loan with the cashflows options", () => {
  it("projects the sample tape with SDA defaults, every dollar accounted for", async () => {
    const { loans } = await loadTape(SAMPLE_TAPE);
    const arrays = loanArraysFromRecords(loans);
    const defaults = defaultsFromOptions({ sda: "100", cdr: undefined, severity: "30", lag: "12", advance: false });
    const r = runLoanCashflows(arrays, prepayFromOptions({ ...speed, psa: "150" }), 0.005, defaults);
    const tapeBalance = arrays.balance.reduce((a, b) => a + b, 0);
    expect(r.loans).to.equal(20);
    expect(r.summary.startBalance).to.be.closeToNumber(tapeBalance, 1e-9);
    expect(r.summary.totalPrincipal + r.summary.totalLoss).to.be.closeToNumber(tapeBalance, 1e-6);
    expect(r.summary.totalDefaults).to.be.above(0);
    expect(formatLoanCashflows(r)).to.contain("20 loans");
    const out = loanCashflowsForOutput(r) as { fee: number; defaults: unknown; rows: unknown[] };
    expect(out.fee).to.be.closeToNumber(0.5, 1e-12);
    expect(out.defaults).to.deep.equal({ sda: 100, severity: 30, lag: 12, advance: false });
    expect(out.rows).to.have.length(r.flows.months);
  });

  it("equals the rep-line Cash Flow A for a one-loan tape", () => {
    const arrays = { balance: Float64Array.of(1e8), rate: Float64Array.of(0.08), remainingTerm: Int32Array.of(360), age: Int32Array.of(0) };
    const defaults = defaultsFromOptions({ sda: undefined, cdr: undefined, mdr: "1", severity: "20", lag: "12", advance: true });
    const r = runLoanCashflows(arrays, prepayFromOptions({ ...speed, smm: "1" }), 0, defaults);
    const rep = projectPassThrough({ balance: 1e8, grossWac: 0.08, passThroughRate: 0.08, originalTerm: 360, wam: 360 },
      { prepay: { kind: "smm", smm: 0.01 }, defaults: defaults as NonNullable<typeof defaults> });
    expect(r.summary.totalLoss).to.be.closeToNumber(columnSum(rep, "loss"), 1e-6);
    expect(Math.round(r.summary.totalDefaults)).to.equal(47_576_640); // the standard's total new defaults
  });

  it("refuses a lag that leaves the tape no month for defaults", () => {
    const arrays = { balance: Float64Array.of(1e5), rate: Float64Array.of(0.06), remainingTerm: Int32Array.of(120), age: Int32Array.of(0) };
    const defaults = defaultsFromOptions({ sda: "100", cdr: undefined, severity: "20", lag: "120", advance: false });
    expect(() => runLoanCashflows(arrays, { kind: "psa", psa: 100 }, 0, defaults)).to.throw(InvalidInputError, /^--lag: 120 months leaves no month/);
  });
});
