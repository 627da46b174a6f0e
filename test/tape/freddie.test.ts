import { expect } from "chai";
import { loadTape } from "../../src/tape/index.js";
import { tmpFile } from "./tmp.js";

/** The 2019Q1 standard-file row quoted in shared/docs/loan-formats.md §1. */
const EXAMPLE =
  "758|201905|N|203904|43580|000|1|P|55|14|248000|55|4.375|R|N|FRM|IA|SF|51100|F19Q10000001|N|240|02|Other sellers|Other servicers|||9||2|N|7";
/** Every "not available" code Freddie defines, a TPO channel and a refinance of unspecified kind. */
const SENTINELS =
  "9999|202001|9|204912||999|99|9|999|999|100000|999|3.5|T|N|FRM|PR|99||F19Q10000002|R|360|99|Other sellers|Other servicers|||9||9|N|9";
/** A condo investor cash-out with MI and a seller name holding a comma. */
const CONDO =
  "690|202102|N|205101|16974|025|2|I|90|43|312000|90|3.125|C|N|FRM|IL|CO|60600|F21Q10000003|C|360|01|WELLS FARGO BANK, N.A.|Other servicers|||9||2|N|N";

describe("freddie reader", () => {
  it("reads the published example row field by field", async () => {
    const { loans, summary } = await loadTape(tmpFile("example.txt", `${EXAMPLE}\n`), { cutoff: "2019-04" });
    expect(summary.format).to.equal("freddie");
    expect(loans[0]).to.deep.equal({
      loanId: "F19Q10000001",
      line: 1,
      originalUpbCents: 24_800_000,
      // Age 0 at the cut-off: the scheduled balance is still the original one.
      currentUpbCents: 24_800_000,
      currentUpbProjected: true,
      noteRatePct: 4.375,
      originalTermMonths: 240,
      // The example's first performance row (201904) reports loan age 000: one month before the first payment.
      loanAgeMonths: 0,
      remainingTermMonths: 240,
      firstPaymentDate: "2019-05",
      originationDate: undefined,
      fico: 758,
      coBorrowerFico: undefined,
      ltvPct: 55,
      cltvPct: 55,
      dtiPct: 14,
      dtiAboveRangeOrUnknown: false,
      miPct: 0,
      state: "IA",
      zip3: "511",
      propertyType: "single-family",
      occupancy: "primary",
      purpose: "rate-term-refi",
      channel: "retail",
      units: 1,
      borrowers: 2,
      firstTimeBuyer: false,
      product: "FRM",
      interestOnly: false,
      seller: "Other sellers",
      servicer: "Other servicers",
    });
  });

  it("turns every sentinel code into a missing value, never a number", async () => {
    const { loans } = await loadTape(tmpFile("sentinels.txt", `${SENTINELS}\n`));
    expect(loans[0]).to.deep.include({
      fico: undefined,
      firstTimeBuyer: undefined,
      miPct: undefined,
      units: undefined,
      occupancy: undefined,
      cltvPct: undefined,
      dtiPct: undefined,
      // 999 DTI is "above 65 % or not available": kept apart from missing so a DTI limit excludes it.
      dtiAboveRangeOrUnknown: true,
      ltvPct: undefined,
      propertyType: undefined,
      zip3: undefined,
      borrowers: undefined,
      channel: "tpo",
      purpose: "refi-unspecified",
      state: "PR",
    });
  });

  it("ages loans to the cut-off and keeps names with commas whole", async () => {
    const { loans } = await loadTape(tmpFile("three.txt", [EXAMPLE, SENTINELS, CONDO].join("\n")), { cutoff: "2021-12" });
    expect(loans).to.have.length(3);
    const condo = loans[2];
    // 2021-12 is the 11th month after a 2021-02 first payment.
    expect(condo).to.deep.include({ loanAgeMonths: 11, remainingTermMonths: 349, seller: "WELLS FARGO BANK, N.A." });
    expect(condo).to.deep.include({ occupancy: "investment", purpose: "cashout-refi", propertyType: "condo", miPct: 25, units: 2 });
    expect(loans[0]).to.deep.include({ loanAgeMonths: 32, remainingTermMonths: 208 });
  });

  it("projects each loan's scheduled balance to the cut-off, since the file carries none", async () => {
    const { loans, summary } = await loadTape(tmpFile("seasoned.txt", CONDO), { cutoff: "2021-12" });
    // $312,000 at 3.125 % over 360 months, after 11 level payments (independently: 305,806.06 by
    // iterating B ← B(1 + r) − P with P = 1,336.54 unrounded).
    const r = 0.03125 / 12;
    const payment = (312_000 * r) / (1 - Math.pow(1 + r, -360));
    let balance = 312_000;
    for (let k = 0; k < 11; k++) balance = balance * (1 + r) - payment;
    expect(loans[0]?.currentUpbCents).to.equal(Math.round(balance * 100));
    expect(loans[0]?.currentUpbProjected).to.equal(true);
    expect(summary.projectedBalances).to.equal(1);
  });

  it("takes the balance, age and remaining term from a monthly performance file over the projection", async () => {
    const perf = tmpFile(
      "svcg.txt",
      [
        "F21Q10000003|202111|305000.00|0|010|350|||||3.125|0.00||||||||||||||90||||||305000.00",
        "F21Q10000003|202112|304100.50|0|011|349|||||3.125|0.00||||||||||||||90||||||304100.50",
        "F21Q10000003|202201|303500.00|0|012|348|||||3.125|0.00||||||||||||||90||||||303500.00",
      ].join("\n"),
    );
    const { loans, summary } = await loadTape(tmpFile("condo.txt", CONDO), { cutoff: "2021-12", performance: perf });
    expect(loans[0]).to.deep.include({ currentUpbCents: 30_410_050, currentUpbProjected: false, loanAgeMonths: 11, remainingTermMonths: 349 });
    expect(summary.projectedBalances).to.equal(0);
  });
});
