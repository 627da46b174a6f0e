import { expect } from "chai";
import { id as keccakOfUtf8 } from "ethers";
import { toHex } from "../../src/pool/bytes.js";
import { LoanStore } from "../../src/pool/store.js";
import { aLoan, randomLoans } from "./fixtures.js";

describe("pool/store", () => {
  it("grows past its initial capacity and keeps every loan intact", () => {
    const loans = randomLoans(2_500, 6);
    const store = new LoanStore();
    for (const l of loans) store.append(l);
    expect(store.length).to.equal(2_500);
    expect(store.loanId(2_499)).to.equal(loans[2_499]!.loanId);
    expect(store.loan(1_500).currentUpbCents).to.equal(loans[1_500]!.currentUpbCents);
  });

  it("compacts out dropped loans, keeping the rest in order with their leaves", () => {
    const loans = randomLoans(10, 2);
    const store = new LoanStore();
    for (const l of loans) store.append(l);
    const leaves = loans.map((_, i) => store.leaf(i));
    const drop = Uint8Array.from([1, 0, 0, 1, 0, 1, 1, 0, 0, 1]);
    store.compact(drop);
    const kept = [1, 2, 4, 7, 8];
    expect(store.length).to.equal(5);
    kept.forEach((k, i) => {
      expect(store.loanId(i)).to.equal(loans[k]!.loanId);
      expect(store.line(i)).to.equal(loans[k]!.line);
      expect(store.leaf(i)).to.deep.equal(leaves[k]);
    });
    expect(() => store.loanId(5)).to.throw(RangeError, /out of range/);
  });

  it("round-trips every pool field of a loan through the compact store", () => {
    const loans = randomLoans(40, 12);
    const store = new LoanStore();
    for (const l of loans) store.append(l);
    loans.forEach((loan, i) => {
      const { zip3: _zip, ...expected } = loan;
      const back = store.loan(i);
      for (const [k, v] of Object.entries(expected)) expect(back[k as keyof typeof back], `${loan.loanId}.${k}`).to.equal(v);
    });
  });

  it("hashes loan ids of any length and script as keccak256 of their UTF-8, also across a compaction", () => {
    // Mixed lengths (one block, two blocks, beyond the paired staging area) and non-ASCII, so ids
    // are hashed both in pairs and alone; computed independently with ethers' id().
    const ids = ["A", "B-2", "é-ü-Ω-日本", "x".repeat(135), "y".repeat(136), "z".repeat(300), "w".repeat(3_000), "L1", "L2", "L3", "L4"];
    const store = new LoanStore();
    ids.forEach((loanId, i) => store.append(aLoan({ loanId, line: i + 2 })));
    const hashOf = (i: number) => toHex(store.loanIdHashes(), 32 * i, 32);
    expect(store.leaf(2).loanIdHash).to.equal(keccakOfUtf8(ids[2]!)); // hashes only a prefix so far
    store.compact(Uint8Array.from([0, 1, 0, 0, 1, 0, 1, 0, 0, 1, 0]));
    const kept = ids.filter((_, i) => ![1, 4, 6, 9].includes(i));
    kept.forEach((loanId, i) => expect(hashOf(i), loanId.slice(0, 12)).to.equal(keccakOfUtf8(loanId)));
  });
});
