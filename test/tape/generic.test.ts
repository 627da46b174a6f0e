import { expect } from "chai";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { loadTape } from "../../src/tape/index.js";
import { tmpFile } from "./tmp.js";

const SAMPLE = join(import.meta.dirname, "../../examples/tapes/generic-sample.csv");
const sampleLines = readFileSync(SAMPLE, "utf8").trimEnd().split("\n");

/** The sample with its columns in another order (and the delimiter swapped) via a naive CSV split. */
function permuted(order: (n: number) => number[], delimiter: string): string {
  const rows = sampleLines.map(naiveCsvSplit);
  const idx = order((rows[0] ?? []).length);
  return `${rows.map((r) => idx.map((i) => r[i] ?? "").join(delimiter)).join("\n")}\n`;
}

/** Comma split that keeps quoted fields (with their quotes) whole; enough for the sample. */
function naiveCsvSplit(line: string): string[] {
  const out: string[] = [];
  let cur = "";
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    if (ch === "," && !quoted) {
      out.push(cur);
      cur = "";
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

describe("generic reader", () => {
  it("reads the documented sample tape", async () => {
    const { loans, summary } = await loadTape(SAMPLE);
    expect(summary).to.deep.include({ format: "generic", delimiter: ",", loans: 20, lines: 21 });
    const first = (sampleLines[1] ?? "").split(",");
    expect(loans[0]).to.deep.include({
      loanId: first[0],
      line: 2,
      originalUpbCents: Math.round(Number(first[1]) * 100),
      currentUpbCents: Math.round(Number(first[2]) * 100),
      noteRatePct: Number(first[3]),
      seller: "JPMORGAN CHASE BANK, NA",
    });
  });

  it("finds columns by header name, in any order, comma- or tab-separated", async () => {
    const { loans: expected } = await loadTape(SAMPLE);
    const reversed = tmpFile("reversed.csv", permuted((n) => [...Array(n).keys()].reverse(), ","));
    const tabbed = tmpFile("tabbed.tsv", permuted((n) => [...Array(n).keys()], "\t").replaceAll('"', ""));
    expect((await loadTape(reversed)).loans).to.deep.equal(expected);
    const tsv = await loadTape(tabbed);
    expect(tsv.summary.delimiter).to.equal("\t");
    expect(tsv.loans).to.deep.equal(expected);
  });

  it("fills optional columns: current balance = original, age from the cut-off, FRM", async () => {
    const path = tmpFile(
      "minimal.csv",
      "Loan_ID,note_rate,original_upb,original_term,first_payment_date\r\nA-1,6.5,100000,360,2025-03\r\n",
    );
    const { loans } = await loadTape(path, { cutoff: "2025-12" });
    expect(loans[0]).to.deep.include({
      loanId: "A-1",
      originalUpbCents: 10_000_000,
      currentUpbCents: 10_000_000,
      loanAgeMonths: 10,
      remainingTermMonths: 350,
      product: "FRM",
      fico: undefined,
      state: undefined,
    });
    expect((await loadTape(path)).loans[0]).to.deep.include({ loanAgeMonths: 0, remainingTermMonths: 360 });
  });

  it("unquotes quoted fields, including doubled quotes", async () => {
    const path = tmpFile(
      "quoted.csv",
      'loan_id,original_upb,note_rate,original_term,first_payment_date,seller\n"A,1",1000,6,360,2025-01,"Bank ""One"", N.A."\n',
    );
    const { loans } = await loadTape(path);
    expect(loans[0]).to.deep.include({ loanId: "A,1", seller: 'Bank "One", N.A.' });
  });
});
