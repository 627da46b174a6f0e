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
    expect(() => store.append(aLoan({ ltvPct: 60.555 }))).to.throw(/ltvPct=60.555: more than 2 decimals/);
    expect(() => store.append(aLoan({ dtiPct: 35, dtiAboveRangeOrUnknown: true }))).to.throw(/dtiPct=35/);
    expect(() => store.append(aLoan({ state: "ca" }))).to.throw(/state=ca/);
    expect(() => store.append(aLoan({ firstPaymentDate: "2000-13" }))).to.throw(/firstPaymentDate=2000-13/);
    expect(() => store.append(aLoan({ fico: 70000 }))).to.throw(/fico=70000: must be a whole score/);
    expect(() => store.append(aLoan({ fico: 720.5 }))).to.throw(/fico=720.5: must be a whole score/);
    expect(store.length).to.equal(0);
  });

  it("commits decimal ratios in hundredths and a real DTI of 0 apart from a missing one", () => {
    const store = new LoanStore();
    store.append(aLoan({ loanId: "A", ltvPct: 60.5, cltvPct: 79.99, dtiPct: 0 }));
    store.append(aLoan({ loanId: "B", ltvPct: undefined, cltvPct: undefined, dtiPct: undefined, fico: undefined }));
    store.append(aLoan({ loanId: "C", dtiPct: undefined, dtiAboveRangeOrUnknown: true }));
    expect(store.leaf(0)).to.deep.include({ ltvCentiPct: 6050, cltvCentiPct: 7999, dtiCentiPct: 0 });
    expect(store.leaf(1)).to.deep.include({ ltvCentiPct: 65535, cltvCentiPct: 65535, dtiCentiPct: 65535, fico: 65535 });
    expect(store.leaf(2)).to.deep.include({ dtiCentiPct: 65534 });
    // The store gives back exactly the values the readers produced.
    expect(store.loan(0)).to.deep.include({ ltvPct: 60.5, cltvPct: 79.99, dtiPct: 0, dtiAboveRangeOrUnknown: false });
    expect(store.loan(1)).to.deep.include({ ltvPct: undefined, cltvPct: undefined, dtiPct: undefined, fico: undefined });
    expect(store.loan(2)).to.deep.include({ dtiPct: undefined, dtiAboveRangeOrUnknown: true });
  });

});
