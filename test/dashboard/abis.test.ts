import { expect } from "chai";
import { Interface } from "ethers";

import { REPORTS, WATERFALL } from "../../src/dashboard/abis.js";
import { PAYMENT_WATERFALL_ABI, SERVICER_REPORTS_ABI } from "../../src/remit/abi.js";

/**
 * The dashboard reads slices of the waterfall's and the registry's ABIs; the remit workflow holds them whole, checked
 * against the compiled contracts (test/remit/abi.network.test.ts). Every fragment of a slice must be one of those.
 */
describe("the dashboard's ABI slices (src/dashboard/abis)", () => {
  for (const [name, slice, whole] of [
    ["PaymentWaterfall", WATERFALL, new Interface(PAYMENT_WATERFALL_ABI)],
    ["ServicerReports", REPORTS, new Interface(SERVICER_REPORTS_ABI)],
  ] as const) {
    it(`are ${name}'s fragments: a view's whole return tuple, an event's every field by name`, () => {
      // Events are read by argument name, so names count; a view's parameter names do not.
      const shape = (f: Interface["fragments"][number]) => f.format(f.type === "event" ? "full" : "minimal");
      const full = new Set(whole.fragments.map(shape));
      const stale = slice.fragments.map(shape).filter((f) => !full.has(f));
      expect(stale).to.deep.equal([]);
    });
  }
});
