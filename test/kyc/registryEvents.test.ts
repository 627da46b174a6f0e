import { expect } from "chai";
import { Interface, ZeroHash, id } from "ethers";

import { INVESTOR_CLASS_BITS, type InvestorRecord } from "../../src/kyc/investors.js";
import {
  InvestorWordError,
  KYC_REGISTRY_EVENTS,
  decodeInvestorWord,
  decodeRegistryLog,
  encodeInvestorWord,
  replayRegistryEvents,
  type RegistryEvent,
} from "../../src/kyc/registryEvents.js";

const ONE = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const TWO = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";
const MAX_EXPIRY = 2n ** 64n - 1n;
const ALL_CLASSES = Object.values(INVESTOR_CLASS_BITS).reduce((a, b) => a | b, 0);
const record = (over: Partial<InvestorRecord> = {}): InvestorRecord => ({ verifiedUntil: 2_000_000_000n, country: 840, classes: 2, frozen: false, ...over });

describe("KYC registry record word", () => {
  it("packs verifiedUntil in bits 0–63, country in 64–79, classes in 80–87 and the freeze flag in bit 88", () => {
    expect(encodeInvestorWord(record({ verifiedUntil: 1n, country: 0, classes: 0 }))).to.equal(1n);
    expect(encodeInvestorWord(record({ verifiedUntil: 0n, country: 1, classes: 0 }))).to.equal(1n << 64n);
    expect(encodeInvestorWord(record({ verifiedUntil: 0n, country: 0, classes: 1 }))).to.equal(1n << 80n);
    expect(encodeInvestorWord(record({ verifiedUntil: 0n, country: 0, classes: 0, frozen: true }))).to.equal(1n << 88n);
  });

  it("round-trips boundary records: country 999, the largest expiry, every class bit, frozen or not", () => {
    for (const verifiedUntil of [0n, 1n, 2_000_000_000n, MAX_EXPIRY]) {
      for (const country of [0, 1, 840, 999]) {
        for (const classes of [0, 1, 16, ALL_CLASSES, 255]) {
          for (const frozen of [false, true]) {
            const r = { verifiedUntil, country, classes, frozen };
            expect(decodeInvestorWord(encodeInvestorWord(r))).to.deep.equal(r);
          }
        }
      }
    }
  });

  it("keeps neighbouring fields apart when each is at its maximum", () => {
    const word = encodeInvestorWord({ verifiedUntil: MAX_EXPIRY, country: 65_535, classes: 255, frozen: true });
    expect(word).to.equal((1n << 89n) - 1n);
    expect(decodeInvestorWord(word)).to.deep.equal({ verifiedUntil: MAX_EXPIRY, country: 65_535, classes: 255, frozen: true });
    expect(decodeInvestorWord(word & ~(1n << 88n)).frozen).to.equal(false);
    expect(decodeInvestorWord(word & ~(1n << 88n)).classes).to.equal(255);
  });

  it("refuses a word with a bit above the freeze flag, or a negative one", () => {
    for (const word of [1n << 89n, 1n << 255n, -1n]) {
      expect(() => decodeInvestorWord(word)).to.throw(InvestorWordError, /only bits 0–88/);
    }
  });

  it("refuses a record whose field does not fit its bits, naming the field", () => {
    expect(() => encodeInvestorWord(record({ verifiedUntil: MAX_EXPIRY + 1n }))).to.throw(InvestorWordError, /verifiedUntil .* 64 bits/);
    expect(() => encodeInvestorWord(record({ country: 65_536 }))).to.throw(InvestorWordError, /country 65536/);
    expect(() => encodeInvestorWord(record({ classes: 256 }))).to.throw(InvestorWordError, /classes 256/);
    expect(() => encodeInvestorWord(record({ classes: -1 }))).to.throw(InvestorWordError, /classes -1/);
  });
});

describe("KYC registry logs", () => {
  const iface = new Interface(KYC_REGISTRY_EVENTS);

  it("decodes an InvestorUpdated log into the stored record and the record hash", () => {
    const stored = record({ frozen: true, classes: ALL_CLASSES, country: 999 });
    const log = iface.encodeEventLog("InvestorUpdated", [ONE.toLowerCase(), encodeInvestorWord(stored), id("kyc")]);
    expect(decodeRegistryLog(log)).to.deep.equal({ name: "InvestorUpdated", account: ONE, record: stored, recordHash: id("kyc") });
  });

  it("ignores a log of another event", () => {
    const other = new Interface(["event Transfer(address indexed from, address indexed to, uint256 value)"]);
    expect(decodeRegistryLog(other.encodeEventLog("Transfer", [ONE, TWO, 1n]))).to.equal(null);
  });

  it("rebuilds each record from updates, revocations and freezes in log order", () => {
    const first = record();
    const events: RegistryEvent[] = [
      { name: "InvestorFrozen", account: TWO, frozen: true }, // frozen before it ever applied
      { name: "InvestorUpdated", account: ONE, record: first, recordHash: ZeroHash },
      { name: "InvestorUpdated", account: TWO, record: record({ country: 826, frozen: true }), recordHash: ZeroHash },
      { name: "InvestorRevoked", account: ONE, reason: ZeroHash },
      { name: "InvestorFrozen", account: ONE, frozen: true },
      { name: "InvestorFrozen", account: TWO, frozen: false },
    ];
    const records = replayRegistryEvents(events);
    expect(records.get(ONE)).to.deep.equal({ ...first, verifiedUntil: 0n, frozen: true });
    expect(records.get(TWO)).to.deep.equal(record({ country: 826, frozen: false }));
    expect(records.size).to.equal(2);
  });
});
