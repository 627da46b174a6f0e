import { expect } from "chai";
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { AbiCoder, keccak256 } from "ethers";
import { LoanCommitment, hashLoanLeaf, verifyLoanProof } from "../../src/pool/commitment.js";
import { LEAF_ENCODING, leafTuple } from "../../src/pool/leaf.js";
import { LoanStore } from "../../src/pool/store.js";
import type { LoanRecord } from "../../src/tape/loan.js";
import { aLoan, documentedValues, randomLoans } from "./fixtures.js";

function storeOf(loans: readonly LoanRecord[]): LoanStore {
  const store = new LoanStore();
  for (const loan of loans) store.append(loan);
  return store;
}

describe("pool/commitment", () => {
  for (const n of [1, 2, 3, 10, 57]) {
    it(`commits ${n} loan(s) to the same root and proofs as StandardMerkleTree`, () => {
      const loans = randomLoans(n, n);
      const commitment = LoanCommitment.build(storeOf(loans));
      const oz = StandardMerkleTree.of(loans.map(documentedValues), [...LEAF_ENCODING]);
      expect(commitment.root).to.equal(oz.root);
      expect(commitment.leafCount).to.equal(n);
      loans.forEach((loan, i) => {
        const proof = commitment.proof(loan.loanId);
        expect(proof.proof, loan.loanId).to.deep.equal(oz.getProof(i));
        expect(StandardMerkleTree.verify(commitment.root, [...LEAF_ENCODING], proof.values, proof.proof)).to.equal(true);
      });
    });
  }


  it("dumps a tree StandardMerkleTree.load accepts, validates and proves from", () => {
    const loans = randomLoans(12, 30);
    const commitment = LoanCommitment.build(storeOf(loans));
    const loaded = StandardMerkleTree.load(JSON.parse(JSON.stringify(commitment.dump())));
    loaded.validate();
    expect(loaded.root).to.equal(commitment.root);
    loans.forEach((loan, i) => expect(loaded.getProof(i)).to.deep.equal(commitment.proof(loan.loanId).proof));
  });

  it("verifies a loan's proof and rejects the same proof for a loan with a changed balance", () => {
    const loans = randomLoans(9, 4);
    const commitment = LoanCommitment.build(storeOf(loans));
    const { leaf, proof } = commitment.proof(loans[4]!.loanId);
    expect(verifyLoanProof(commitment.root, leaf, proof)).to.equal(true);
    expect(verifyLoanProof(commitment.root, { ...leaf, currentUpbCents: leaf.currentUpbCents + 1n }, proof)).to.equal(false);
  });

  it("rejects leaves the encoder could never produce instead of hashing something else", () => {
    const loans = randomLoans(3, 5);
    const commitment = LoanCommitment.build(storeOf(loans));
    const { leaf, proof } = commitment.proof(loans[0]!.loanId);
    expect(verifyLoanProof(commitment.root, { ...leaf, originalUpbCents: 2n ** 53n + leaf.originalUpbCents }, proof)).to.equal(false);
    expect(verifyLoanProof(commitment.root, { ...leaf, state: "0xzz" as `0x${string}` }, proof)).to.equal(false);
    expect(() => hashLoanLeaf({ ...leaf, fico: -1 })).to.throw(RangeError, /leaf value 8/);
  });

  it("keeps the leaf values needed to prove a loan (no other copy of the tape required)", () => {
    const loans = randomLoans(5, 8);
    const proof = LoanCommitment.build(storeOf(loans)).proof(loans[2]!.loanId);
    expect(proof.values).to.deep.equal(documentedValues(loans[2]!));
    // What the pool contract's verifyLoan(loanHash, proof) receives and re-hashes into the leaf.
    expect(proof.loanHash).to.equal(keccak256(AbiCoder.defaultAbiCoder().encode([...LEAF_ENCODING], documentedValues(loans[2]!))));
    expect(keccak256(proof.loanHash)).to.equal(proof.leafHash);
    expect(leafTuple(proof.leaf)).to.deep.equal(proof.values);
  });

  it("refuses a proof for a loan that is not committed", () => {
    const commitment = LoanCommitment.build(storeOf(randomLoans(3, 1)));
    expect(commitment.has("nope")).to.equal(false);
    expect(() => commitment.proof("nope")).to.throw(/loan nope: not in the committed pool/);
  });

  it("refuses duplicate loan ids, naming both lines", () => {
    const store = storeOf([aLoan({ loanId: "A", line: 2 }), aLoan({ loanId: "B", line: 3 }), aLoan({ loanId: "A", line: 9 })]);
    expect(() => LoanCommitment.build(store)).to.throw(/loan A: duplicate loan id \(lines 2 and 9\)/);
  });

  it("finds the first repeated id among thousands of loans, and finds every loan of a valid pool", () => {
    const loans = randomLoans(5_000, 44);
    const repeat = { ...loans[1_234]!, line: 90_001 };
    const later = { ...loans[77]!, line: 90_002 };
    expect(() => LoanCommitment.build(storeOf([...loans, repeat, later]))).to.throw(
      new RegExp(`loan ${repeat.loanId}: duplicate loan id \\(lines ${loans[1_234]!.line} and 90001\\)`),
    );
    const commitment = LoanCommitment.build(storeOf(loans));
    for (const loan of loans) expect(commitment.has(loan.loanId), loan.loanId).to.equal(true);
  });

  it("refuses to commit an empty pool", () => {
    expect(() => LoanCommitment.build(new LoanStore())).to.throw(/no loans to commit/);
  });
});
