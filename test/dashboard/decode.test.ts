import { expect } from "chai";
import { Wallet, type Interface, type Result } from "ethers";

import { EventDecoder } from "../../src/dashboard/decode.js";
import { MARKET, POOL_TOKEN, REPORTS, WATERFALL } from "../../src/dashboard/abis.js";

const someone = Wallet.createRandom().address;
const other = Wallet.createRandom().address;
const hash = `0x${"ab".repeat(32)}`;
const bucket = (n: number) => ({ count: n, balance: BigInt(n) * 1_000_000n });
const report = {
  period: 7, interestCollected: 43_750_000_000n, servicingFee: 1n, trusteeFee: 2n, scheduledPrincipal: 16_000_000_000n, curtailments: 3n, payoffs: 4n, payoffCount: 5,
  liquidationProceeds: 6n, realizedLoss: 7n, recoveries: 8n, delinquent30: bucket(3), delinquent60: bucket(2), delinquent90Plus: bucket(1), foreclosure: bucket(4), reo: bucket(0),
  endingLoanCount: 390, endingPoolBalance: 9_900_000_000_000n, loanRoot: hash, fileHash: `0x${"cd".repeat(32)}`, reconciliationWarnings: (3n << 128n) | 1n,
};

/** ethers' own reading of the same log, nested results as plain objects. */
function plain(value: unknown): unknown {
  if (value !== null && typeof value === "object" && "toObject" in value) {
    const result = value as Result;
    return Object.fromEntries(Object.entries(result.toObject()).map(([k, v]) => [k, plain(v)]));
  }
  return value;
}

function roundTrip(iface: Interface, name: string, values: unknown[]) {
  const fragment = iface.getEvent(name)!;
  const log = iface.encodeEventLog(fragment, values);
  const ours = new EventDecoder(iface).decode(log);
  const theirs = iface.parseLog(log)!;
  return { ours, theirs: plain(theirs.args) };
}

describe("the dashboard's event decoder (static layouts read word by word)", () => {
  const cases: [Interface, string, unknown[]][] = [
    [REPORTS, "ReportSubmitted", [7, hash, someone, report]],
    [WATERFALL, "PeriodExecuted", [7, hash, 10n, 20n, 30n, 40n, true, false, true]],
    [WATERFALL, "InterestPaid", [7, 1, 100n, 0n, 100n, 5n, 0n, 0n]],
    [POOL_TOKEN, "Transfer", [someone, other, 25_000_000_000n]],
    [POOL_TOKEN, "Distributed", [3, 1n, 2n, 3n, 10n ** 18n, 0n]],
    [MARKET, "Traded", [someone, other, someone, 9n, 500n, 480n, 99_750_000_00n, 1n, 2n, 17n, 0n]],
  ];
  for (const [iface, name, values] of cases) {
    it(`reads ${name} exactly as ethers does`, () => {
      const { ours, theirs } = roundTrip(iface, name, values);
      expect(ours?.name).to.equal(name);
      expect(ours?.args).to.deep.equal(theirs);
    });
  }

  it("leaves alone a log whose selector it does not know, or whose data is cut short", () => {
    const decoder = new EventDecoder(WATERFALL);
    const log = WATERFALL.encodeEventLog(WATERFALL.getEvent("PrincipalPaid")!, [1, 0, 5n, 6n]);
    expect(new EventDecoder(MARKET).decode(log)).to.equal(undefined);
    expect(decoder.decode({ topics: log.topics, data: log.data.slice(0, -64) })).to.equal(undefined);
    expect(decoder.decode(log)?.args).to.deep.equal({ period: 1n, classIndex: 0n, amount: 5n, endingBalance: 6n });
  });
});
