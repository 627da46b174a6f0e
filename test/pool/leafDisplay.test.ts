import { expect } from "chai";
import { describeLeaf, formatLeaf } from "../../src/pool/leafDisplay.js";
import { loanLeaf } from "../../src/pool/leaf.js";
import { aLoan } from "./fixtures.js";

describe("pool/leafDisplay", () => {
  it("labels every leaf field in its unit", () => {
    const leaf = loanLeaf(aLoan({ originalUpbCents: 24_800_000, currentUpbCents: 24_612_345, noteRatePct: 4.375, ltvPct: 60.5, dtiPct: 0, interestOnly: false }));
    const byField = Object.fromEntries(describeLeaf(leaf).map((l) => [l.field, l.text]));
    expect(byField).to.deep.include({
      originalUpbCents: "$248,000.00",
      currentUpbCents: "$246,123.45",
      noteRateMilliPct: "4.375 %",
      originalTermMonths: "360 months",
      firstPaymentYyyymm: "2000-02",
      fico: "720",
      ltvCentiPct: "60.50 %",
      cltvCentiPct: "85.00 %",
      dtiCentiPct: "0.00 %",
      state: "CA",
      occupancy: "primary",
      product: "FRM",
      interestOnly: "fully amortizing",
    });
    expect(describeLeaf(leaf)).to.have.length(18);
  });

  it("spells out missing values and the above-range DTI instead of printing their codes", () => {
    const leaf = loanLeaf(aLoan({ fico: undefined, ltvPct: undefined, dtiPct: undefined, dtiAboveRangeOrUnknown: true, state: undefined, occupancy: undefined }));
    const text = formatLeaf(leaf);
    expect(text).to.match(/^FICO\s+\(missing\)$/m);
    expect(text).to.match(/^LTV\s+\(missing\)$/m);
    expect(text).to.match(/^DTI\s+above the tape's range or not available/m);
    expect(text).to.match(/^state\s+\(missing\)$/m);
    expect(text).to.not.include("65535");
  });
});
