import { expect } from "chai";
import { Interface } from "ethers";

import { decodeRevertData } from "../../src/chain/index.js";
import { BILATERAL_ERRORS, MARKET_ERRORS } from "../../src/market/contracts.js";

/** The venue's refusal exactly as IMarketCore declares it. */
const VENUE = new Interface(["error MarketBooksClosed(address token, uint256 distributionId, uint256 recordDate)"]);

describe("market error interfaces (src/market/contracts)", function () {
  it("decode the books-closed refusal of either venue into words", function () {
    const data = VENUE.encodeErrorResult("MarketBooksClosed", ["0x00000000000000000000000000000000000000A1", 3n, 1_814_313_600n]);
    for (const errors of [MARKET_ERRORS, BILATERAL_ERRORS]) {
      expect(decodeRevertData(errors, data)!.text).to.match(
        /^MarketBooksClosed\(token=0x0+A1, distributionId=3, recordDate=1814313600\) — books closed: period 3's record date passed at 2027-06-30 00:00 UTC; trading resumes when the period is distributed$/i,
      );
    }
  });
});
