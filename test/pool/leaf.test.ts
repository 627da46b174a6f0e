import { expect } from "chai";
import { AbiCoder, keccak256, concat } from "ethers";
import { hashLoanLeaf, loanHashOf } from "../../src/pool/commitment.js";
import { LEAF_ENCODING, loanLeaf } from "../../src/pool/leaf.js";
import { LoanStore } from "../../src/pool/store.js";
import { aLoan, documentedValues } from "./fixtures.js";

describe("pool/leaf", () => {
  it("hashes a leaf as keccak256(keccak256(abi.encode(values))) over the documented types", () => {
    const loan = aLoan({ loanId: "100007365142", noteRatePct: 8, state: "PA", cltvPct: undefined });
    const encoded = AbiCoder.defaultAbiCoder().encode([...LEAF_ENCODING], documentedValues(loan));
    const golden = keccak256(concat([keccak256(encoded)]));
    expect(hashLoanLeaf(loanLeaf(loan))).to.equal(golden);
    expect(loanHashOf(loanLeaf(loan))).to.equal(keccak256(encoded));
    const store = new LoanStore();
    store.append(loan);
    expect(store.leaf(0)).to.deep.equal(loanLeaf(loan));
  });

  it("rejects fields the leaf cannot carry exactly, naming loan, line and field", () => {
    const store = new LoanStore();
    expect(() => store.append(aLoan({ noteRatePct: 7.1234, line: 12 }))).to.throw(/line 12.*noteRatePct=7.1234: more than 3 decimals/);
    expect(() => store.append(aLoan({ currentUpbCents: 10.5 }))).to.throw(/currentUpbCents=10.5/);
    expect(() => store.append(aLoan({ ltvPct: 0 }))).to.throw(/ltvPct=0: 0 is reserved for missing/);
    expect(() => store.append(aLoan({ state: "ca" }))).to.throw(/state=ca/);
    expect(() => store.append(aLoan({ firstPaymentDate: "2000-13" }))).to.throw(/firstPaymentDate=2000-13/);
    expect(() => store.append(aLoan({ fico: 70000 }))).to.throw(/fico=70000: must be an integer in uint16/);
    expect(store.length).to.equal(0);
  });

});
