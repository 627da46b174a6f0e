/**
 * `expect(x).to.be.closeToNumber(expected, tolerance)`: chai's float `closeTo`, under a name no
 * plugin overrides. Hardhat's ethers chai-matchers replace `closeTo`/`approximately` with a bigint
 * version that converts *any* number argument to bigint (so 0.5 ± 1e-9 throws "not an integer")
 * once a test has opened a network connection; the analytics tests compare floats, so they use this.
 * Each test file that uses it imports this module (`import "../helpers/chai-float.js";`), so it works
 * under any runner: `npm test`, `npm run test:unit`, or `npx hardhat test mocha <one file>`.
 */
import * as chai from "chai";

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- chai's own augmentation point
  namespace Chai {
    interface Assertion {
      closeToNumber(expected: number, tolerance: number, message?: string): Assertion;
    }
  }
}

chai.use((api, utils) => {
  utils.addMethod(api.Assertion.prototype, "closeToNumber", function (
    this: Chai.AssertionStatic,
    expected: number,
    tolerance: number,
    message?: string,
  ) {
    if (message !== undefined) utils.flag(this, "message", message);
    const actual: unknown = utils.flag(this, "object");
    if (typeof actual !== "number" || typeof expected !== "number" || typeof tolerance !== "number") {
      throw new TypeError(`closeToNumber compares numbers, got ${typeof actual}, ${typeof expected}, ${typeof tolerance}`);
    }
    this.assert(
      Math.abs(actual - expected) <= tolerance,
      `expected #{this} to be within ${tolerance} of ${expected} (off by ${Math.abs(actual - expected)})`,
      `expected #{this} not to be within ${tolerance} of ${expected}`,
      expected,
      actual,
    );
  });
});
