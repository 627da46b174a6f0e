import { expect } from "chai";

import { describeReconciliationWarnings, reconciliationAlert } from "../../src/dashboard/warnings.js";
import { FLAG_CODES } from "../../src/remittance/policy.js";
import { MAX_WARNING_COUNT, packWarningCounts } from "../../src/remittance/warnings.js";

describe("the dashboard's reconciliation alerts (a report's packed warnings in words)", () => {
  it("names each flag in plain words with its count, in flag order", () => {
    const word = packWarningCounts({ "delinquency-jump": 1, "principal-vs-schedule": 3 });
    expect(reconciliationAlert(7, word)).to.equal(
      "period 7: 3 loans' principal inconsistent with their schedule; 1 loan more than one payment further behind than last month (servicer reconciliation warnings)",
    );
  });

  it("says nothing for a period without warnings", () => {
    expect(reconciliationAlert(3, 0n)).to.equal(undefined);
  });

  it("has words for every flag code, singular and plural, and marks a saturated count", () => {
    for (const code of FLAG_CODES) {
      const [one] = describeReconciliationWarnings(packWarningCounts({ [code]: 1 }));
      const [two] = describeReconciliationWarnings(packWarningCounts({ [code]: 2 }));
      expect(one, code).to.match(/^1 /);
      expect(two, code).to.match(/^2 /);
      expect(one, code).not.to.equal(two!.replace(/^2/, "1"));
    }
    expect(describeReconciliationWarnings(packWarningCounts({ "removal-balance-mismatch": 70_000 }))[0]).to.match(new RegExp(`^${MAX_WARNING_COUNT.toLocaleString("en-US")} or more liquidations'`));
  });

  it("reports a word that is not a valid packing instead of inventing counts", () => {
    expect(reconciliationAlert(9, 1n << 250n)).to.match(/^period 9: the report's reconciliation warnings cannot be read \(reconciliationWarnings: 0x4/);
  });
});
