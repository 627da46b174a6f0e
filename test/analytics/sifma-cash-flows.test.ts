import "../helpers/chai-float.js";
import { expect } from "chai";
import { readFileSync } from "node:fs";
import { balancePerDollar } from "../../src/analytics/amortization.js";
import { columnSum, projectPassThrough } from "../../src/analytics/passthrough.js";
import type { CashFlowColumn, CashFlowTable } from "../../src/analytics/passthrough.js";
import type { ProjectionAssumptions } from "../../src/analytics/passthrough.js";
import { sdaCdr } from "../../src/analytics/speeds.js";
import "../helpers/chai-float.js";

/**
 * The Standard Formulas' two worked cash flows with defaults (SIFMA Uniform Practices, chapter SF,
 * "Numerical Examples of SDA"): a new $100,000,000 pool of 8 % 30-year loans, 8 % net, 12 months
 * from default to liquidation, 20 % loss severity, P&I advanced. Every published column of every
 * month is compared with the projection rounded to the dollar, as the tables print it.
 * Figures: test/analytics/fixtures/sifma/cash-flow-{a,b}.csv (provenance in their header).
 */

type PublishedRow = Record<string, number | undefined>;

function readPublished(name: string): { months: PublishedRow[]; total: PublishedRow } {
  const lines = readFileSync(new URL(`./fixtures/sifma/${name}`, import.meta.url), "utf8")
    .split(/\r?\n/).filter((l) => l.trim() !== "" && !l.startsWith("#"));
  const header = (lines[0] as string).split(",");
  const rows = lines.slice(1).map((line) => {
    const cells = line.split(",");
    const row: PublishedRow = {};
    header.forEach((h, i) => {
      const cell = cells[i] ?? "";
      row[h] = cell === "" || cell === "total" ? undefined : Number(cell);
    });
    return { isTotal: cells[0] === "total", row };
  });
  return {
    months: rows.filter((r) => !r.isTotal && (r.row.month as number) >= 1).map((r) => r.row),
    total: (rows.find((r) => r.isTotal) as { row: PublishedRow }).row,
  };
}

/** Published column → the projection's column for month index i. */
const MONEY_COLUMNS: [string, (t: CashFlowTable, i: number) => number][] = [
  ["performingBalance", (t, i) => (t.endingBalance[i] as number) - (t.foreclosureBalance[i] as number)],
  ["newDefaults", (t, i) => t.newDefaults[i] as number],
  ["inForeclosure", (t, i) => t.foreclosureBalance[i] as number],
  ["expectedAmortization", (t, i) => t.expectedAmortization[i] as number],
  ["voluntaryPrepayments", (t, i) => t.prepayment[i] as number],
  ["amortFromDefaults", (t, i) => t.defaultedAmortization[i] as number],
  ["actualAmortization", (t, i) => t.scheduledPrincipal[i] as number],
  ["expectedInterest", (t, i) => t.expectedInterest[i] as number],
  ["interestLost", (t, i) => t.lostInterest[i] as number],
  ["actualInterest", (t, i) => t.actualInterest[i] as number],
  ["principalRecovery", (t, i) => t.recovery[i] as number],
  ["principalLoss", (t, i) => t.loss[i] as number],
  ["amortizedDefaultBalance", (t, i) => t.liquidation[i] as number],
];

const TOTALS: [string, CashFlowColumn][] = [
  ["newDefaults", "newDefaults"], ["expectedAmortization", "expectedAmortization"],
  ["voluntaryPrepayments", "prepayment"], ["amortFromDefaults", "defaultedAmortization"],
  ["actualAmortization", "scheduledPrincipal"], ["principalRecovery", "recovery"],
  ["principalLoss", "loss"], ["amortizedDefaultBalance", "liquidation"],
];

/** A whole-dollar figure agrees when the projection rounds to it (half a dollar either way). */
const HALF_DOLLAR = 0.5 + 1e-7;

function differences(table: CashFlowTable, published: PublishedRow[]): string[] {
  const out: string[] = [];
  for (const row of published) {
    const i = (row.month as number) - 1;
    for (const [column, value] of MONEY_COLUMNS) {
      const printed = row[column] ?? 0;
      const computed = value(table, i);
      if (Math.abs(computed - printed) > HALF_DOLLAR) out.push(`month ${i + 1} ${column}: published ${printed}, computed ${computed.toFixed(2)}`);
    }
  }
  return out;
}

const pool = { balance: 100_000_000, grossWac: 0.08, passThroughRate: 0.08, originalTerm: 360, wam: 360 };

function describeTable(title: string, file: string, assumptions: ProjectionAssumptions, rateColumns: (table: CashFlowTable, row: PublishedRow) => void) {
  describe(title, () => {
    const { months, total } = readPublished(file);
    const table = projectPassThrough(pool, assumptions);

    it("has all 360 months", () => {
      expect(months.map((r) => r.month)).to.deep.equal(Array.from({ length: 360 }, (_, i) => i + 1));
    });

    it("agrees to the dollar in every money column of every month, actual and lost interest included", () => {
      expect(differences(table, months)).to.deep.equal([]);
    });

    it("prints the scheduled balance factor (Amort Factor) to four decimals", () => {
      for (const row of months) {
        expect(Number(balancePerDollar(0.08, 360, row.month as number).toFixed(4)), `month ${row.month}`).to.equal(row.amortFactor);
      }
    });

    it("uses the published monthly rates", () => {
      for (const row of months) rateColumns(table, row);
    });

    it("agrees with the published column totals to the dollar", () => {
      for (const [column, ours] of TOTALS) {
        expect(Math.abs(columnSum(table, ours) - (total[column] as number)), column).to.be.at.most(HALF_DOLLAR);
      }
    });

    it("advances the lost interest: investors receive the expected interest, borrowers paid the actual", () => {
      for (let i = 0; i < 360; i++) {
        expect(table.netInterest[i]).to.equal(table.expectedInterest[i]);
        expect(table.advancedInterest[i]).to.equal(table.lostInterest[i]);
        expect(Math.abs((table.expectedInterest[i] as number) - (table.lostInterest[i] as number) - (table.actualInterest[i] as number))).to.be.below(1e-6);
      }
    });
  });
}

describe("the Standard Formulas' cash flows with defaults and P&I advancing (SF-23 … SF-38)", () => {
  describeTable(
    "Cash Flow A: 1 % SMM, 1 % MDR (SF-23 … SF-30)",
    "cash-flow-a.csv",
    { prepay: { kind: "smm", smm: 0.01 }, defaults: { rate: { kind: "mdr", mdr: 0.01 }, severity: 0.2, lagMonths: 12, advance: true } },
    (table, row) => {
      const m = row.month as number;
      expect(table.mdr[m - 1], `MDR month ${m}`).to.equal(row.mdr);
      // The table prints SMM 0 in the final month, where nothing is left to prepay.
      if (m < 360) expect(table.smm[m - 1], `SMM month ${m}`).to.be.closeToNumber(row.smm as number, 1e-15);
    },
  );

  describeTable(
    "Cash Flow B: 150 % PSA, 100 % SDA (SF-31 … SF-38)",
    "cash-flow-b.csv",
    { prepay: { kind: "psa", psa: 150 }, defaults: { rate: { kind: "sda", sda: 100 }, severity: 0.2, lagMonths: 12, advance: true } },
    (table, row) => {
      const m = row.month as number;
      // The table prints CDR to 4 or 6 decimals and MDR / SMM to 6, and zeros in the last 12
      // months (no new defaults) and in the final month (nothing left to prepay).
      const cdr = m <= 348 ? sdaCdr(100, m) : 0;
      expect([Number(cdr.toFixed(4)), Number(cdr.toFixed(6))], `CDR month ${m}`).to.include(row.cdr);
      expect(Number((table.mdr[m - 1] as number).toFixed(6)), `MDR month ${m}`).to.equal(row.mdr);
      if (m < 360) expect(Number((table.smm[m - 1] as number).toFixed(6)), `SMM month ${m}`).to.equal(row.smm);
    },
  );
});

/**
 * SF-18 written out as the standard states it, month by month with the scheduled balance SCH AM
 * walked payment by payment (no library code): the independent check for P&I not advanced, which
 * the standard does not tabulate.
 */
function standardFormulas(mdrAt: (m: number) => number, smmAt: (m: number) => number, advance: boolean) {
  const r = 0.08 / 12;
  const payment = r / (1 - Math.pow(1 + r, -360));
  const sch = [1];
  for (let k = 1; k <= 360; k++) sch.push(Math.max(0, (sch[k - 1] as number) * (1 + r) - payment));
  const lag = 12;
  const newDef: number[] = [0];
  let perf = 100_000_000;
  let fcl = 0;
  const rows: Record<string, number>[] = [];
  for (let i = 1; i <= 360; i++) {
    const ratio = (sch[i - 1] as number) > 0 ? (sch[i] as number) / (sch[i - 1] as number) : 0;
    const nd = i > 360 - lag ? 0 : perf * mdrAt(i);
    newDef.push(nd);
    const adb = i > lag ? (newDef[i - lag] as number) * (advance ? (sch[i - 1] as number) / (sch[i - 1 - lag] as number) : 1) : 0;
    const amDef = advance ? (nd + fcl - adb) * (1 - ratio) : 0;
    const actAm = (perf - nd) * (1 - ratio);
    const vol = Math.min(perf * ratio * smmAt(i), perf - nd - actAm);
    const expInt = (perf + fcl) * 0.08 / 12;
    const lostInt = (nd + fcl) * 0.08 / 12;
    const loss = Math.min((i > lag ? newDef[i - lag] as number : 0) * 0.2, adb);
    const expAm = (perf + fcl - adb) * (1 - ratio);
    perf = perf - nd - vol - actAm;
    fcl = nd + fcl - adb - amDef;
    rows.push({ perf, nd, fcl, expAm, vol, amDef, actAm, expInt, lostInt, actInt: expInt - lostInt, recov: Math.max(adb - loss, 0), loss, adb });
  }
  return rows;
}

describe("the Standard Formulas' definitions with and without advancing (independent computation, no published table for the latter)", () => {
  const cases = [
    { name: "Cash Flow A assumptions", prepay: { kind: "smm", smm: 0.01 } as const, rate: { kind: "mdr", mdr: 0.01 } as const },
    { name: "Cash Flow B assumptions", prepay: { kind: "psa", psa: 150 } as const, rate: { kind: "sda", sda: 100 } as const },
  ];
  for (const c of cases) {
    for (const advance of [true, false]) {
      it(`${c.name}, P&I ${advance ? "advanced" : "not advanced"}: every column equals SF-18 computed from its text`, () => {
        const table = projectPassThrough(pool, { prepay: c.prepay, defaults: { rate: c.rate, severity: 0.2, lagMonths: 12, advance } });
        const expected = standardFormulas((m) => table.mdr[m - 1] as number, (m) => table.smm[m - 1] as number, advance);
        const pairs: [string, (i: number) => number][] = [
          ["perf", (i) => (table.endingBalance[i] as number) - (table.foreclosureBalance[i] as number)],
          ["nd", (i) => table.newDefaults[i] as number], ["fcl", (i) => table.foreclosureBalance[i] as number],
          ["expAm", (i) => table.expectedAmortization[i] as number], ["vol", (i) => table.prepayment[i] as number],
          ["amDef", (i) => table.defaultedAmortization[i] as number], ["actAm", (i) => table.scheduledPrincipal[i] as number],
          ["expInt", (i) => table.expectedInterest[i] as number], ["lostInt", (i) => table.lostInterest[i] as number],
          ["actInt", (i) => table.actualInterest[i] as number], ["recov", (i) => table.recovery[i] as number],
          ["loss", (i) => table.loss[i] as number], ["adb", (i) => table.liquidation[i] as number],
        ];
        for (let i = 0; i < 360; i++) {
          for (const [k, ours] of pairs) expect(ours(i), `${k} month ${i + 1}`).to.be.closeToNumber(expected[i]?.[k] as number, 1e-5);
          // Investors receive the expected interest when P&I is advanced, the actual interest when not.
          expect(table.netInterest[i]).to.equal(advance ? table.expectedInterest[i] : table.actualInterest[i]);
          if (!advance) expect(table.defaultedAmortization[i]).to.equal(0);
        }
      });
    }
  }
});
