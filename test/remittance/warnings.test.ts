import { expect } from "chai";
import { InvalidInputError } from "../../src/errors.js";
import { FLAG_CODES, type FlagCode, type Severity } from "../../src/remittance/policy.js";
import {
  MAX_WARNING_COUNT,
  formatReconciliationWarnings,
  packReconciliationWarnings,
  packWarningCounts,
  unpackReconciliationWarnings,
} from "../../src/remittance/warnings.js";

const flags = (code: FlagCode, n: number, severity: Severity = "warning") => Array.from({ length: n }, () => ({ code, severity }));

describe("reconciliation warnings packed for the chain", () => {
  it("puts code i of FLAG_CODES in bits 16·i, counting only warnings", () => {
    const word = packReconciliationWarnings([
      ...flags("unknown-loan", 2),
      ...flags("delinquency-jump", 3),
      ...flags("cash-mismatch", 1),
      ...flags("loan-vanished", 5, "error"),
    ]);
    expect(FLAG_CODES.indexOf("delinquency-jump")).to.equal(9);
    expect(word).to.equal(2n | (3n << 144n) | (1n << 176n));
  });

  it("leaves errors off the chain: a list of errors packs to zero", () => {
    expect(packReconciliationWarnings(flags("principal-does-not-tie", 4, "error"))).to.equal(0n);
    expect(packReconciliationWarnings([])).to.equal(0n);
  });

  it("saturates a code's count at 65,535 without touching its neighbours", () => {
    const word = packReconciliationWarnings([...flags("capitalization", MAX_WARNING_COUNT + 10), ...flags("upb-rise-unmodified", 1)]);
    expect(unpackReconciliationWarnings(word)).to.deep.equal([
      { code: "upb-rise-unmodified", count: 1 },
      { code: "capitalization", count: 65_535 },
    ]);
    expect(formatReconciliationWarnings(word)).to.equal("upb-rise-unmodified ×1, capitalization ×65535+");
  });

  it("unpacks the non-zero counts in FLAG_CODES order and round-trips every code", () => {
    FLAG_CODES.forEach((code, i) => {
      const word = packWarningCounts({ [code]: i + 1 });
      expect(word).to.equal(BigInt(i + 1) << BigInt(16 * i));
      expect(unpackReconciliationWarnings(word)).to.deep.equal([{ code, count: i + 1 }]);
    });
    const all = packWarningCounts(Object.fromEntries(FLAG_CODES.map((c, i) => [c, 100 * i + 7])));
    expect(unpackReconciliationWarnings(all).map((w) => w.count)).to.deep.equal(FLAG_CODES.map((_, i) => 100 * i + 7));
    expect(unpackReconciliationWarnings(0n)).to.deep.equal([]);
    expect(formatReconciliationWarnings(0n)).to.equal("none");
  });

  it("refuses a word with bits beyond the last code's field, or negative", () => {
    expect(() => unpackReconciliationWarnings(1n << 192n)).to.throw(InvalidInputError, "not a packed warning word");
    expect(() => unpackReconciliationWarnings(-1n)).to.throw(InvalidInputError);
  });

  it("refuses a count that is not a whole non-negative number", () => {
    expect(() => packWarningCounts({ "loan-vanished": -1 })).to.throw(InvalidInputError, "warnings.loan-vanished");
    expect(() => packWarningCounts({ "loan-vanished": 1.5 })).to.throw(InvalidInputError);
  });
});
