import { expect } from "chai";
import { InvalidInputError } from "../../src/errors.js";
import { averageLifeYears, columnSum, projectPassThrough, tableRows } from "../../src/analytics/passthrough.js";
import type { CashFlowRow } from "../../src/analytics/passthrough.js";
import type { PrepaySpec } from "../../src/analytics/speeds.js";
import { fabozziPassThrough, newThirtyYearPool } from "./fixtures/pools.js";
import "../helpers/chai-float.js";

/** A row as the textbook prints it: whole dollars, SMM to five decimals. */
function printed(row: CashFlowRow): string[] {
  const dollars = (x: number) => Math.round(x).toLocaleString("en-US");
  return [
    dollars(row.beginningBalance), row.smm.toFixed(5), dollars(row.scheduledPayment), dollars(row.netInterest),
    dollars(row.scheduledPrincipal), dollars(row.prepayment), dollars(row.totalPrincipal), dollars(row.cashFlow),
  ];
}

describe("pass-through projection", () => {
  describe("Fabozzi's $400 million 7.5 % pass-through (8.125 % WAC, 357 WAM)", () => {
    // Columns: outstanding balance, SMM, mortgage payment, net interest, scheduled principal,
    // prepayment, total principal, cash flow — as printed in the exhibits cited in fixtures/pools.ts.
    it("reproduces the 100 PSA table to every printed digit", () => {
      const rows = tableRows(projectPassThrough(fabozziPassThrough, { prepay: { kind: "psa", psa: 100 } }));
      expect(printed(rows[0] as CashFlowRow)).to.deep.equal(
        ["400,000,000", "0.00067", "2,975,868", "2,500,000", "267,535", "267,470", "535,005", "3,035,005"]);
      expect(printed(rows[1] as CashFlowRow)).to.deep.equal(
        ["399,464,995", "0.00084", "2,973,877", "2,496,656", "269,166", "334,198", "603,364", "3,100,020"]);
      expect(printed(rows[2] as CashFlowRow)).to.deep.equal(
        ["398,861,631", "0.00101", "2,971,387", "2,492,885", "270,762", "400,800", "671,562", "3,164,447"]);
    });

    it("reproduces the 165 PSA table to every printed digit", () => {
      const rows = tableRows(projectPassThrough(fabozziPassThrough, { prepay: { kind: "psa", psa: 165 } }));
      expect(printed(rows[0] as CashFlowRow)).to.deep.equal(
        ["400,000,000", "0.00111", "2,975,868", "2,500,000", "267,535", "442,389", "709,923", "3,209,923"]);
      expect(printed(rows[1] as CashFlowRow)).to.deep.equal(
        ["399,290,077", "0.00139", "2,972,575", "2,495,563", "269,048", "552,847", "821,896", "3,317,459"]);
    });

    it("runs to the 357-month WAM and pays the whole balance", () => {
      const table = projectPassThrough(fabozziPassThrough, { prepay: { kind: "psa", psa: 165 } });
      expect(table.months).to.equal(357);
      expect(table.endingBalance[356]).to.be.closeToNumber(0, 1e-6);
    });
  });

  describe("the Standard Formulas' one-month example (SF-4)", () => {
    // 9.0 % net, 9.5 % gross, 360 months, per $1 of balance, first-month prepayment 0.00025022.
    // Printed: scheduled amortization 0.00049188, gross interest 0.00791667, servicing 0.00041667,
    // pass-through principal 0.00074210, interest 0.00750000, cash flow 0.00824210.
    it("reproduces every printed component", () => {
      const pool = { balance: 1, grossWac: 0.095, passThroughRate: 0.09, originalTerm: 360, age: 0 };
      const scheduled = projectPassThrough(pool, { prepay: { kind: "smm", smm: 0 } }).scheduledPrincipal[0] as number;
      const smm = 0.00025022 / (1 - scheduled);
      const t = projectPassThrough(pool, { prepay: { kind: "vector", unit: "smm", values: [smm] } });
      expect([
        t.scheduledPrincipal[0], t.prepayment[0], t.grossInterest[0], t.servicingFee[0],
        t.totalPrincipal[0], t.netInterest[0], t.cashFlow[0],
      ].map((x) => (x as number).toFixed(8))).to.deep.equal([
        "0.00049188", "0.00025022", "0.00791667", "0.00041667", "0.00074210", "0.00750000", "0.00824210",
      ]);
    });
  });

  describe("month arithmetic", () => {
    const table = projectPassThrough(fabozziPassThrough, { prepay: { kind: "psa", psa: 165 } });
    it("splits gross interest into net interest and the servicing and guarantee fee", () => {
      for (let i = 0; i < table.months; i++) {
        const begin = table.beginningBalance[i] as number;
        expect(table.grossInterest[i]).to.be.closeToNumber(begin * 0.08125 / 12, 1e-6);
        expect(table.netInterest[i]).to.be.closeToNumber(begin * 0.075 / 12, 1e-6);
        expect((table.netInterest[i] as number) + (table.servicingFee[i] as number)).to.be.closeToNumber(table.grossInterest[i] as number, 1e-6);
      }
    });

    it("recomputes the payment each month on the beginning balance over the remaining term", () => {
      const r = 0.08125 / 12;
      for (const i of [0, 50, 200, 356]) {
        const n = 357 - i;
        const begin = table.beginningBalance[i] as number;
        expect(table.scheduledPayment[i]).to.be.closeToNumber(begin * r / (1 - Math.pow(1 + r, -n)), 1e-6);
        expect(table.scheduledPrincipal[i]).to.be.closeToNumber((table.scheduledPayment[i] as number) - begin * r, 1e-6);
      }
    });

    it("prepays SMM × (beginning balance − scheduled principal) and passes interest plus principal through", () => {
      for (let i = 0; i < table.months; i++) {
        const base = (table.beginningBalance[i] as number) - (table.scheduledPrincipal[i] as number);
        expect(table.prepayment[i]).to.be.closeToNumber((table.smm[i] as number) * base, 1e-6);
        expect(table.cashFlow[i]).to.be.closeToNumber((table.netInterest[i] as number) + (table.totalPrincipal[i] as number), 1e-6);
      }
    });
  });

  describe("properties", () => {
    const speeds: PrepaySpec[] = [
      { kind: "psa", psa: 0 }, { kind: "psa", psa: 100 }, { kind: "psa", psa: 165 }, { kind: "psa", psa: 800 },
      { kind: "cpr", cpr: 0.12 }, { kind: "smm", smm: 0.02 }, { kind: "abs", abs: 0.01 },
      { kind: "vector", unit: "cpr", values: [0.02, 0.05, 0.3, 0.08] },
    ];

    for (const prepay of speeds) {
      it(`pays principal summing to the balance (${JSON.stringify(prepay)})`, () => {
        const table = projectPassThrough(fabozziPassThrough, { prepay });
        expect(columnSum(table, "totalPrincipal")).to.be.closeToNumber(400_000_000, 1e-4);
      });
    }

    it("follows the amortization schedule exactly at zero speed", () => {
      const table = projectPassThrough(newThirtyYearPool, { prepay: { kind: "psa", psa: 0 } });
      // Walk the schedule with the original level payment: no prepayment means it never changes.
      const r = 0.06 / 12;
      const payment = 100_000_000 * r / (1 - Math.pow(1 + r, -360));
      let balance = 100_000_000;
      for (let i = 0; i < 360; i++) {
        expect(table.scheduledPayment[i]).to.be.closeToNumber(payment, 1e-6);
        balance = balance * (1 + r) - payment;
        expect(table.endingBalance[i]).to.be.closeToNumber(balance, 1e-4);
      }
    });

    it("never lengthens the average life when the speed rises", () => {
      let previous = Infinity;
      for (let psa = 0; psa <= 2000; psa += 25) {
        const wal = averageLifeYears(projectPassThrough(fabozziPassThrough, { prepay: { kind: "psa", psa } }));
        expect(wal).to.be.at.most(previous + 1e-12);
        previous = wal;
      }
      let previousCpr = Infinity;
      for (let cpr = 0; cpr < 1; cpr += 0.05) {
        const wal = averageLifeYears(projectPassThrough(newThirtyYearPool, { prepay: { kind: "cpr", cpr } }));
        expect(wal).to.be.at.most(previousCpr + 1e-12);
        previousCpr = wal;
      }
    });

    it("takes WAM from the age when only the age is given", () => {
      const byAge = projectPassThrough({ ...fabozziPassThrough, wam: undefined, age: 3 }, { prepay: { kind: "psa", psa: 100 } });
      const byWam = projectPassThrough(fabozziPassThrough, { prepay: { kind: "psa", psa: 100 } });
      expect(Array.from(byAge.cashFlow)).to.deep.equal(Array.from(byWam.cashFlow));
    });
  });

  describe("impossible inputs", () => {
    const psa100: PrepaySpec = { kind: "psa", psa: 100 };
    const cases: [string, () => unknown, RegExp][] = [
      ["a negative balance", () => projectPassThrough({ ...fabozziPassThrough, balance: -1 }, { prepay: psa100 }), /^balance: must not be negative/],
      ["a WAM longer than the term", () => projectPassThrough({ ...fabozziPassThrough, wam: 361 }, { prepay: psa100 }), /^wam: 361 months exceeds the original term of 360/],
      ["a rate of 100 % or more", () => projectPassThrough({ ...fabozziPassThrough, grossWac: 1 }, { prepay: psa100 }), /^grossWac: annual rate must be in \[0, 100%\)/],
      ["an empty vector", () => projectPassThrough(fabozziPassThrough, { prepay: { kind: "vector", unit: "cpr", values: [] } }), /^prepayment vector: is empty/],
      ["a vector entry above 100 %", () => projectPassThrough(fabozziPassThrough, { prepay: { kind: "vector", unit: "smm", values: [0.1, 1.5] } }), /^prepayment vector\[2\]/],
      ["a net coupon above the WAC", () => projectPassThrough({ ...fabozziPassThrough, passThroughRate: 0.09 }, { prepay: psa100 }), /^passThroughRate/],
      ["neither WAM nor age", () => projectPassThrough({ ...fabozziPassThrough, wam: undefined }, { prepay: psa100 }), /^wam: give the remaining term/],
      ["a negative PSA", () => projectPassThrough(fabozziPassThrough, { prepay: { kind: "psa", psa: -5 } }), /^psa: must not be negative/],
    ];
    for (const [what, run, message] of cases) {
      it(`rejects ${what}, naming the input and why`, () => {
        expect(run).to.throw(InvalidInputError, message);
      });
    }
  });
});
