import { expect } from "chai";
import { InvalidInputError } from "../../src/errors.js";
import { dealFromOption, runDealCashFlows } from "../../src/analytics/deal-cashflows.js";
import { TEXTBOOK_POOL } from "../../src/analytics/deal/examples.js";
import { columnSum, projectPassThrough } from "../../src/analytics/passthrough.js";
import "../helpers/chai-float.js";

describe("mbs deal-cashflows: class cash flows month by month", () => {
  const config = dealFromOption("cmo1", undefined, undefined);
  const report = runDealCashFlows(TEXTBOOK_POOL, { kind: "psa", psa: 165 }, undefined, config);

  it("pays each class its coupon on its balance (class A: 194.5 million × 7.5 % / 12 in month 1)", () => {
    const a = report.months[0]?.classes.find((c) => c.id === "A");
    expect(a?.interest).to.equal(1_215_625);
    expect(a?.beginningBalance).to.equal(194_500_000);
  });

  it("pays principal sequentially: nothing to B before A is retired", () => {
    for (const m of report.months) {
      const [a, b] = m.classes;
      if ((b?.principal ?? 0) > 0) expect(a?.beginningBalance).to.be.at.most(a?.principal as number);
    }
  });

  it("passes every dollar of collateral principal to the classes, and retires every class", () => {
    const table = projectPassThrough(TEXTBOOK_POOL, { prepay: { kind: "psa", psa: 165 } });
    const classPrincipal = report.totals.reduce((s, t) => s + t.principal, 0);
    expect(classPrincipal).to.be.closeToNumber(columnSum(table, "totalPrincipal"), 1e-6);
    for (const m of report.months) {
      const paid = m.classes.reduce((s, c) => s + c.principal, 0);
      expect(paid).to.be.closeToNumber(m.collateral.principal + m.collateral.liquidationProceeds, 1e-6);
    }
    expect(report.months.at(-1)?.classes.every((c) => c.endingBalance === 0)).to.equal(true);
  });

  it("allocates default losses to the most junior class first", () => {
    const withDefaults = runDealCashFlows(TEXTBOOK_POOL, { kind: "psa", psa: 165 },
      { rate: { kind: "cdr", cdr: 0.05 }, severity: 0.4, lagMonths: 12, advance: false }, config);
    const losses = Object.fromEntries(withDefaults.totals.map((t) => [t.id, t.loss]));
    expect(losses.D).to.be.above(0);
    expect(losses.A).to.equal(0);
  });

  it("reports one class when asked, and names an unknown class or deal", () => {
    const only = runDealCashFlows(TEXTBOOK_POOL, { kind: "psa", psa: 165 }, undefined, config, "C");
    expect(only.classIds).to.deep.equal(["C"]);
    expect(only.months[0]?.classes.map((c) => c.id)).to.deep.equal(["C"]);
    expect(() => runDealCashFlows(TEXTBOOK_POOL, { kind: "psa", psa: 165 }, undefined, config, "Z")).to.throw(InvalidInputError, /^--class: "Z" is not a class/);
    expect(() => dealFromOption("cmo9", undefined, undefined)).to.throw(InvalidInputError, /^--deal: unknown deal "cmo9"/);
    expect(() => runDealCashFlows({ ...TEXTBOOK_POOL, balance: 1e6 }, { kind: "psa", psa: 165 }, undefined, config)).to.throw(InvalidInputError, /^--balance/);
  });
});
