import { expect } from "chai";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { keccak256 } from "ethers";
import { loadRemittance, detectRemittanceFormat } from "../../src/remittance/reader.js";
import { monthIndex } from "../../src/tape/fields.js";
import { GENERIC_HEADER, fixtures, issuesOf, tempFile } from "./helpers.js";

describe("remittance readers", () => {
  describe("Fannie Mae legacy performance rows (real 2000Q1 sample)", () => {
    it("reads every row of a month with its period, balance, rate, term and status", async () => {
      const { rows, summary } = await loadRemittance(join(fixtures, "fannie-legacy-2000-12.txt"));
      expect(summary.format).to.equal("fannie-legacy");
      expect(summary.period).to.equal("2000-12");
      expect(summary.rows).to.equal(42);
      const first = rows[0]!;
      expect(first.loanId).to.equal("100007365142");
      expect(first.period).to.equal(monthIndex("2000-12", "YYYY-MM"));
      expect(first.noteRatePct).to.equal(8);
      expect(first.delinquentMonths).to.equal(0);
      expect(first.zeroBalance).to.equal(undefined);
    });

    it("takes LAST_UPB of a zero-balance row as the balance removed and nets liquidation expenses from proceeds", async () => {
      const { rows } = await loadRemittance(join(fixtures, "fannie-legacy-2000-12.txt"));
      const reo = rows.find((r) => r.loanId === "100687390672")!;
      expect(reo.zeroBalance).to.equal("liquidated");
      expect(reo.zeroBalanceCode).to.equal("09");
      expect(reo.endingUpbCents).to.equal(0);
      expect(reo.removalUpbCents).to.equal(11_959_199);
      // NS_PROCS 153,215.42 − (FCC 2,289.54 + PP 2,670.18 + IE 775.00 + TAX 543.48)
      expect(reo.netLiquidationProceedsCents).to.equal(15_321_542 - (228_954 + 267_018 + 77_500 + 54_348));
    });

    it("reads payoffs as code 01 with the balance at payoff", async () => {
      const { rows } = await loadRemittance(join(fixtures, "fannie-legacy-2001-02.txt"));
      const paid = rows.filter((r) => r.zeroBalance === "prepaid");
      expect(paid.map((r) => r.loanId)).to.include("100079064875");
      expect(paid.find((r) => r.loanId === "100079064875")!.removalUpbCents).to.equal(17_395_942);
    });
  });

  it("reads Freddie Mac monthly performance rows, REO as RA and the removal UPB of field 27", async () => {
    const { rows, summary } = await loadRemittance(join(fixtures, "freddie-2026-02.txt"));
    expect(summary.format).to.equal("freddie");
    expect(summary.period).to.equal("2026-02");
    const paid = rows.find((r) => r.zeroBalance === "prepaid")!;
    expect(paid.loanId).to.equal("F26Q10000002");
    expect(paid.endingUpbCents).to.equal(0);
    expect(paid.removalUpbCents).to.be.greaterThan(0);
    expect(rows.find((r) => r.loanId === "F26Q10000003")!.delinquentMonths).to.equal(1);
    const reo = tempFile("reo.txt", "F19Q10000001|201905|248000.00|RA|001|239|||||4.375|0.00||||||||||||||56||||||248000.00\n");
    const { rows: r2 } = await loadRemittance(reo);
    expect(r2[0]!.reo).to.equal(true);
  });

  it("reads the real Freddie example row of the published layout", async () => {
    const f = tempFile("f.txt", "F19Q10000001|201904|248000.00|0|000|240|||||4.375|0.00||||||||||||||56||||||248000.00\n");
    const { rows } = await loadRemittance(f);
    expect(rows[0]).to.include({ loanId: "F19Q10000001", endingUpbCents: 24_800_000, delinquentMonths: 0, remainingTermMonths: 240, noteRatePct: 4.375 });
  });

  it("reads the current Fannie Mae single-file layout with its scheduled and unscheduled principal", async () => {
    const { rows, summary } = await loadRemittance(join(fixtures, "fannie-2026-02.txt"));
    expect(summary.format).to.equal("fannie");
    const r = rows[0]!;
    expect(r.scheduledPrincipalCents).to.be.greaterThan(0);
    expect(r.unscheduledPrincipalCents).to.equal(0);
  });

  it("reads the generic layout with columns in any order", async () => {
    const f = tempFile("g.csv", "status,ending_upb,period,loan_id,interest\n60,1000.00,2026-02,A1,5.25\nforeclosure,2000,2026-02,A2,\n");
    const { rows } = await loadRemittance(f);
    expect(rows[0]).to.include({ loanId: "A1", endingUpbCents: 100_000, delinquentMonths: 2, interestCents: 525 });
    expect(rows[1]!.foreclosure).to.equal(true);
  });

  it("hashes the file's bytes with keccak256 for the report's fileHash", async () => {
    const file = join(fixtures, "generic-2026-02.csv");
    const { summary } = await loadRemittance(file);
    expect(summary.fileHash).to.equal(keccak256(readFileSync(file)));
  });

  describe("located errors", () => {
    const cases: [string, string, string, number, string | undefined, string][] = [
      ["a second reporting month", "g.csv", `${GENERIC_HEADER}\nA,2026-02,10.00,current\nB,2026-03,10.00,current\n`, 3, "period", "another reporting month"],
      ["a loan reported twice", "g.csv", `${GENERIC_HEADER}\nA,2026-02,10.00,current\nA,2026-02,11.00,current\n`, 3, "loan_id", "reported twice"],
      ["an unknown status", "g.csv", `${GENERIC_HEADER}\nA,2026-02,10.00,45\n`, 2, "status", "unknown delinquency status"],
      ["a sub-cent balance", "g.csv", `${GENERIC_HEADER}\nA,2026-02,10.001,current\n`, 2, "ending_upb", "fractions of a cent"],
      ["a negative balance", "g.csv", `${GENERIC_HEADER}\nA,2026-02,-10.00,current\n`, 2, "ending_upb", "negative"],
      ["a missing required column", "g.csv", "loan_id,period,status\nA,2026-02,current\n", 1, "ending_upb", "required column"],
      ["an unknown column", "g.csv", `${GENERIC_HEADER},upb_typo\nA,2026-02,1.00,current,1\n`, 1, "upb_typo", "unknown column"],
      ["a zero-balance row with a balance", "g.csv", "loan_id,period,ending_upb,status,zero_balance\nA,2026-02,5.00,current,prepaid\n", 2, "ending_upb", "must report a current UPB of 0"],
      ["liquidation proceeds without a liquidation", "g.csv", "loan_id,period,ending_upb,status,liquidation_proceeds\nA,2026-02,5.00,current,4\n", 2, "liquidation_proceeds", "zero_balance=liquidated"],
      ["a truncated Freddie row", "f.txt", "F19Q10000001|201904|248000.00|0|000|240|||||4.375|0.00||||||||||||||56||||||248000.00\nF19Q10000002|201904|248000.00|0|000|240", 2, "DEFECT_SETTLEMENT_DATE", "truncated"],
      ["an unavailable Freddie status", "f.txt", "F19Q10000001|201904|248000.00||000|240|||||4.375|0.00||||||||||||||56||||||248000.00\n", 1, "CURRENT_LOAN_DELINQUENCY_STATUS", "unavailable"],
      ["an unknown zero-balance code", "f.txt", "F19Q10000001|201904|0.00|0|000|240|||44|201904|4.375|0.00||||||||||||||56|1000.00|||||248000.00\n", 1, "ZERO_BALANCE_CODE", "unknown zero-balance code"],
      ["a masked Fannie UPB", "p.txt", "100007365142|01/01/2000|NULL|8.0||0.0|360.0|359.0|01/2030|0.0|0|N|NULL||||||||||||||||NULL||NULL\n", 1, "LAST_UPB", "masks"],
      ["an unknown Fannie status", "p.txt", "100007365142|01/01/2001|NULL|8.0|74319.0|12.0|348.0|347.0|01/2030|0.0|X|N|NULL||||||||||||||||NULL||NULL\n", 1, "DELQ_STATUS", "unknown (X)"],
    ];
    for (const [what, name, text, line, field, reason] of cases) {
      it(`names the line, field and reason for ${what}`, async () => {
        const file = tempFile(name, text);
        const issues = await issuesOf(() => loadRemittance(file));
        const hit = issues.find((i) => i.line === line && (field === undefined || i.field === field) && i.reason.includes(reason));
        expect(hit, JSON.stringify(issues)).to.not.equal(undefined);
        expect(hit!.file).to.equal(file);
      });
    }

    it("refuses a file for another month than the pool's next", async () => {
      const file = tempFile("g.csv", `${GENERIC_HEADER}\nA,2026-03,10.00,current\n`);
      const issues = await issuesOf(() => loadRemittance(file, { expectedPeriod: "2026-02" }));
      expect(issues[0]!.reason).to.include("expected 2026-02");
    });

    it("yields nothing once a row is bad, and lists every problem at the end", async () => {
      const file = tempFile("g.csv", `${GENERIC_HEADER}\nA,2026-02,1.00,current\nB,2026-02,x,current\nC,2026-02,1.00,7\n`);
      const issues = await issuesOf(() => loadRemittance(file));
      expect(issues.map((i) => i.line)).to.deep.equal([3, 4]);
    });

    it("tells a loan tape from a remittance file", () => {
      expect(detectRemittanceFormat("loan_id,original_upb,note_rate")).to.deep.equal({ reason: "this is a loan tape (it has original_upb), not a remittance file" });
      const acq = readFileSync(join(fixtures, "freddie-tape.txt"), "utf8").split("\n")[0]!;
      expect("reason" in detectRemittanceFormat(acq)).to.equal(true);
    });

    it("rejects an empty file", async () => {
      const issues = await issuesOf(() => loadRemittance(tempFile("e.csv", "")));
      expect(issues[0]!.reason).to.include("empty");
    });
  });
});
