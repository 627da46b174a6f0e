import { expect } from "chai";
import { Interface } from "ethers";

import { decodeRevertData, describeBooksClosed } from "../../src/chain/revert.js";

const MARKET = new Interface(["error MarketBooksClosed(address token, uint256 distributionId, uint256 recordDate)"]);
const TOKEN = "0x00000000000000000000000000000000000000A1";

describe("revert decoding (src/chain/revert)", function () {
  it("reads the market's books-closed refusal in words: the period and its record date in UTC", function () {
    const recordDate = BigInt(Date.UTC(2027, 6, 31, 23, 59) / 1000);
    expect(describeBooksClosed(6n, recordDate)).to.equal(
      "books closed: period 6's record date passed at 2027-07-31 23:59 UTC; trading resumes when the period is distributed",
    );
    const decoded = decodeRevertData(MARKET, MARKET.encodeErrorResult("MarketBooksClosed", [TOKEN, 6n, recordDate]));
    expect(decoded!.name).to.equal("MarketBooksClosed");
    expect(decoded!.args.distributionId).to.equal(6n);
    expect(decoded!.text).to.equal(
      `MarketBooksClosed(token=${TOKEN}, distributionId=6, recordDate=${recordDate}) — books closed: period 6's record date passed at 2027-07-31 23:59 UTC; trading resumes when the period is distributed`,
    );
  });

  it("adds no sentence to an error it has none for", function () {
    const other = new Interface(["error MarketUnknownOrder(uint256 orderId)"]);
    expect(decodeRevertData(other, other.encodeErrorResult("MarketUnknownOrder", [7n]))!.text).to.equal("MarketUnknownOrder(orderId=7)");
  });
});
