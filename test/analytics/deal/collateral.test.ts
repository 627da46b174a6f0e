import { expect } from "chai";
import { InvalidInputError } from "../../../src/errors.js";
import { projectPassThrough } from "../../../src/analytics/passthrough.js";
import { reportsFromProjection, toUnits } from "../../../src/analytics/deal/collateral.js";
import { TEXTBOOK_POOL } from "../../../src/analytics/deal/examples.js";
import { pacScheduleFromCollar } from "../../../src/analytics/deal/pac.js";
import "../../helpers/chai-float.js";

describe("collateral reports from a projection", () => {
  const table = projectPassThrough(TEXTBOOK_POOL, {
    prepay: { kind: "psa", psa: 200 },
    defaults: { rate: { kind: "cdr", cdr: 0.05 }, severity: 0.4, lagMonths: 12, advance: true },
  });
  const { originalBalance, reports } = reportsFromProjection(table);

  it("ties every month to the unit: beginning − principal − liquidated == ending", () => {
    let balance = originalBalance;
    for (const r of reports) {
      expect(balance - r.scheduledPrincipal - r.prepayments - r.liquidationProceeds - r.realizedLoss).to.equal(r.endingPoolBalance);
      for (const v of Object.values(r)) expect(v >= 0n).to.equal(true);
      balance = r.endingPoolBalance;
    }
    expect(balance).to.equal(0n);
  });

  it("keeps each column within a unit a month of the float projection", () => {
    let loss = 0;
    let lossUnits = 0n;
    table.loss.forEach((l, i) => {
      loss += l;
      lossUnits += reports[i]?.realizedLoss ?? 0n;
      expect(reports[i]?.interestCollected).to.equal(toUnits(table.netInterest[i] ?? 0));
    });
    expect(Number(lossUnits) / 1e6).to.be.closeToNumber(loss, reports.length * 1e-6);
    expect(loss).to.be.greaterThan(0);
  });

  it("refuses to convert an amount that is not a finite number", () => {
    expect(() => toUnits(Number.NaN)).to.throw(InvalidInputError);
  });
});

describe("PAC schedule from a collar", () => {
  const at = (psa: number) => reportsFromProjection(projectPassThrough(TEXTBOOK_POOL, { prepay: { kind: "psa", psa } })).reports;

  it("is met by every constant speed inside the collar", () => {
    const pac = pacScheduleFromCollar(at(90), at(300));
    for (const psa of [90, 120, 165, 250, 300]) {
      at(psa).forEach((r, i) => {
        expect(r.scheduledPrincipal + r.prepayments >= (pac.principal[i] ?? 0n), `${psa} PSA month ${i + 1}`).to.equal(true);
      });
    }
  });

  it("rejects a PAC larger than the collar's minimum principal", () => {
    const pac = pacScheduleFromCollar(at(90), at(300));
    expect(() => pacScheduleFromCollar(at(90), at(300), pac.originalBalance + 1n)).to.throw(InvalidInputError, /PAC size/);
  });
});
