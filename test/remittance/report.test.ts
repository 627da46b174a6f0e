import { expect } from "chai";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { AbiCoder, keccak256 } from "ethers";
import { LOAN_LINE_ENCODING, hashLoanLine, loanLineTuple } from "../../src/remittance/leaf.js";
import { processRemittance, verifyLoanLineProof } from "../../src/remittance/period.js";
import { loadRemittance } from "../../src/remittance/reader.js";
import { delinquent60PlusOf, remittanceOf, reportFromJson, reportToJson } from "../../src/remittance/report.js";
import { stateFromRows } from "../../src/remittance/state.js";
import { fixtures } from "./helpers.js";

async function december() {
  const { rows } = await loadRemittance(join(fixtures, "fannie-legacy-2000-11.txt"));
  return processRemittance(join(fixtures, "fannie-legacy-2000-12.txt"), stateFromRows(rows, 0, rows[0]!.period), {
    fees: { servicingPpm: 2_500, servicingFixed: 0n, trusteePpm: 100, trusteeFixed: 1_000_000n },
  });
}

describe("servicer report", () => {
  it("aggregates the month: counts, collections, liquidation, buckets and the ending pool", async () => {
    const p = await december();
    const r = p.report;
    expect(r.period).to.equal(1);
    expect(r.reportingMonth).to.equal("2000-12");
    expect(r.beginningLoanCount).to.equal(42);
    expect(r.endingLoanCount).to.equal(41);
    expect(r.liquidationCount).to.equal(1);
    // The REO sale covered the loan's $119,591.99 balance: no loss.
    expect(r.liquidationProceeds).to.equal(119_591_990_000n);
    expect(r.realizedLoss).to.equal(0n);
    // One loan 30 days late (1 missed installment), one 60 (2).
    expect(r.delinquent30.count).to.equal(1);
    expect(r.delinquent60.count).to.equal(1);
    expect(delinquent60PlusOf(r)).to.equal(r.delinquent60.balance);
    // The ending pool is the sum of the loans' ending balances, in 6-decimal units.
    const cents = p.lines.filter((l) => l.status !== "liquidated").reduce((s, l) => s + l.endingUpbCents, 0);
    expect(r.endingPoolBalance).to.equal(BigInt(cents) * 10_000n);
    expect(remittanceOf(r)).to.equal(BigInt(p.reconciliation.cashCents) * 10_000n);
  });

  it("states the deal's fees on the beginning balance (30/360, rounded down) plus the fixed amounts", async () => {
    const r = (await december()).report;
    expect(r.servicingFee).to.equal((r.beginningPoolBalance * 2_500n) / 12_000_000n);
    expect(r.trusteeFee).to.equal((r.beginningPoolBalance * 100n) / 12_000_000n + 1_000_000n);
  });

  it("commits the loan lines under a root OpenZeppelin's StandardMerkleTree rebuilds from the same values", async () => {
    const p = await december();
    const values = p.lines.map(loanLineTuple);
    const oz = StandardMerkleTree.of(values, [...LOAN_LINE_ENCODING]);
    expect(p.report.loanRoot).to.equal(oz.root);
    expect(p.tree.root).to.equal(oz.root);
  });

  it("hashes a line as keccak256(keccak256(abi.encode(values)))", async () => {
    const line = (await december()).lines[5]!;
    const inner = keccak256(AbiCoder.defaultAbiCoder().encode([...LOAN_LINE_ENCODING], loanLineTuple(line)));
    expect(hashLoanLine(line)).to.equal(keccak256(inner));
  });

  it("proves each loan's line against the root, and no proof survives a changed amount", async () => {
    const p = await december();
    for (const l of p.lines) {
      const proof = p.proof(l.loanId);
      expect(verifyLoanLineProof(proof), l.loanId).to.equal(true);
      expect(StandardMerkleTree.verify(p.report.loanRoot, [...LOAN_LINE_ENCODING], proof.values, proof.proof)).to.equal(true);
    }
    const proof = p.proof("100687390672");
    const forged = hashLoanLine({ ...proof.line, realizedLossCents: 1 });
    expect(verifyLoanLineProof({ ...proof, leafHash: forged })).to.equal(false);
    expect(() => p.proof("nope")).to.throw("has no line");
  });

  it("carries the file's keccak256 as its fileHash", async () => {
    const p = await december();
    expect(p.report.fileHash).to.equal(keccak256(readFileSync(join(fixtures, "fannie-legacy-2000-12.txt"))));
  });

  it("round-trips through JSON with every amount exact", async () => {
    const r = (await december()).report;
    expect(reportFromJson(JSON.parse(JSON.stringify(reportToJson(r))) as Record<string, unknown>)).to.deep.equal(r);
  });
});
