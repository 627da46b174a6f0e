import { expect } from "chai";
import { readFileSync } from "node:fs";
import { loadTape } from "../../src/tape/index.js";
import { scheduledBalanceCents } from "../../src/tape/consistency.js";
import { tmpFile } from "./tmp.js";
import { FANNIE_2000Q1 } from "../helpers/realData.js";
import "../helpers/chai-float.js";

const SAMPLE = FANNIE_2000Q1.acquisition;

/** The sample split the naive way: whole file, `split("|")`, no validation. */
const naive = readFileSync(SAMPLE, "utf8")
  .split("\n")
  .filter((l) => l.length > 0)
  .map((l) => l.split("|"));

const num = (row: string[], i: number): number => Number(row[i]);
/** MM/YYYY → YYYY-MM */
const ym = (s: string | undefined): string => `${s?.slice(3)}-${s?.slice(0, 2)}`;

describe("fannie-legacy reader on the real 2000Q1 acquisition sample", () => {
  it("reads all 5,000 loans with the published total original UPB of $601,351,000", async () => {
    const { loans, summary } = await loadTape(SAMPLE);
    expect(summary.format).to.equal("fannie-legacy");
    expect(loans).to.have.length(naive.length).and.to.have.length(5000);
    const total = loans.reduce((s, l) => s + l.originalUpbCents, 0);
    expect(total).to.equal(naive.reduce((s, r) => s + num(r, 4) * 100, 0));
    expect(total).to.equal(601_351_000 * 100);
  });

  it("computes the same WAC and WA FICO as a naive pass over the raw file", async () => {
    const { loans } = await loadTape(SAMPLE);
    const upb = naive.reduce((s, r) => s + num(r, 4), 0);
    const wac = naive.reduce((s, r) => s + num(r, 3) * num(r, 4), 0) / upb;
    const withFico = naive.filter((r) => r[12] !== "");
    const waFico = withFico.reduce((s, r) => s + num(r, 12) * num(r, 4), 0) / withFico.reduce((s, r) => s + num(r, 4), 0);

    const upbCents = loans.reduce((s, l) => s + l.originalUpbCents, 0);
    const parsedWac = loans.reduce((s, l) => s + l.noteRatePct * l.originalUpbCents, 0) / upbCents;
    const scored = loans.filter((l) => l.fico !== undefined);
    const parsedFico =
      scored.reduce((s, l) => s + (l.fico ?? 0) * l.originalUpbCents, 0) / scored.reduce((s, l) => s + l.originalUpbCents, 0);
    expect(parsedWac).to.be.closeToNumber(wac, 1e-9);
    expect(parsedFico).to.be.closeToNumber(waFico, 1e-9);
    expect(scored).to.have.length(withFico.length);
  });

  for (const line of [1, 2, 2500, 5000]) {
    it(`maps every field of line ${line} as the layout documents`, async () => {
      const { loans } = await loadTape(SAMPLE, { cutoff: "2000-06" });
      const raw = naive[line - 1] as string[];
      const loan = loans[line - 1];
      const firstPay = ym(raw[7]);
      const age = Math.max(0, (2000 * 12 + 5) - (Number(firstPay.slice(0, 4)) * 12 + Number(firstPay.slice(5)) - 1) + 1);
      expect(loan).to.deep.include({
        loanId: raw[0],
        line,
        noteRatePct: num(raw, 3),
        originalUpbCents: num(raw, 4) * 100,
        currentUpbCents: scheduledBalanceCents(num(raw, 4) * 100, num(raw, 3), num(raw, 5), age),
        currentUpbProjected: true,
        originalTermMonths: num(raw, 5),
        originationDate: ym(raw[6]),
        firstPaymentDate: firstPay,
        loanAgeMonths: age,
        remainingTermMonths: num(raw, 5) - age,
        ltvPct: num(raw, 8),
        cltvPct: raw[9] === "" ? undefined : num(raw, 9),
        state: raw[18],
        zip3: raw[19],
        fico: raw[12] === "" ? undefined : num(raw, 12),
        seller: raw[2],
        product: "FRM",
      });
    });
  }

  it("maps the categorical codes to the record vocabulary", async () => {
    const { loans } = await loadTape(SAMPLE);
    const count = (pred: (r: string[]) => boolean): number => naive.filter(pred).length;
    expect(loans.filter((l) => l.occupancy === "investment")).to.have.length(count((r) => r[17] === "I"));
    expect(loans.filter((l) => l.purpose === "cashout-refi")).to.have.length(count((r) => r[14] === "C"));
    expect(loans.filter((l) => l.propertyType === "condo")).to.have.length(count((r) => r[15] === "CO"));
    expect(loans.filter((l) => l.channel === "broker")).to.have.length(count((r) => r[1] === "B"));
    expect(loans.filter((l) => l.firstTimeBuyer === undefined)).to.have.length(count((r) => r[13] === "U" || r[13] === ""));
  });

  it("reads the normalised sample's quirks: floats for integers and NULL for empty", async () => {
    const path = tmpFile(
      "quirks.txt",
      "100000000001|R|SELLER|8.0|75000.0|360.0|12/1999|02/2000|79.0|NULL|1.0|62.0|763.0|N|R|SF|1.0|P|PA|173|NULL|FRM|NULL|NULL|N|200001\n",
    );
    const { loans } = await loadTape(path);
    expect(loans[0]).to.deep.include({
      noteRatePct: 8,
      originalUpbCents: 7_500_000,
      originalTermMonths: 360,
      ltvPct: 79,
      cltvPct: undefined,
      fico: 763,
      units: 1,
      miPct: undefined,
      coBorrowerFico: undefined,
    });
  });

  it("flags a loan whose age at the cut-off exceeds its term", async () => {
    const path = tmpFile("matured.txt", "100000000001|R|S|8|75000|180|12/1999|02/2000|79||1|62|763|N|R|SF|1|P|PA|173||FRM|||N\n");
    const err = await loadTape(path, { cutoff: "2016-01" }).catch((e: unknown) => e);
    expect(err).to.have.nested.property("issues[0].field", "FRST_DTE");
    expect(err).to.have.nested.property("issues[0].reason").that.includes("loan age 192 at cut-off 2016-01 exceeds the original term 180");
  });
});
