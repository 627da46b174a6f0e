import { expect } from "chai";
import { SimpleMerkleTree } from "@openzeppelin/merkle-tree";
import { MerkleTree, processProof, verifyProof } from "../../src/pool/merkle.js";
import { toHex, type Hex } from "../../src/pool/bytes.js";
import { seededRandom } from "./fixtures.js";

function randomHashes(n: number, seed: number): Uint8Array {
  const rnd = seededRandom(seed);
  return Uint8Array.from({ length: 32 * n }, () => Math.floor(rnd() * 256));
}

function asHexList(hashes: Uint8Array): Hex[] {
  return Array.from({ length: hashes.length / 32 }, (_, i) => toHex(hashes, 32 * i, 32));
}

describe("pool/merkle", () => {
  // SimpleMerkleTree takes ready leaf hashes and builds exactly the tree StandardMerkleTree builds
  // over its leaf hashes (same core.makeMerkleTree), so it isolates the tree shape from leaf encoding.
  for (const n of [1, 2, 3, 4, 5, 7, 8, 9, 16, 31, 100]) {
    for (const sortLeaves of [true, false]) {
      it(`builds the same root and proofs as OpenZeppelin's tree over ${n} leaf hash(es), sortLeaves ${sortLeaves}`, () => {
        const hashes = randomHashes(n, n * 31 + (sortLeaves ? 1 : 0));
        const leaves = asHexList(hashes);
        const oz = SimpleMerkleTree.of(leaves, { sortLeaves });
        const ours = MerkleTree.build(hashes, { sortLeaves });
        expect(ours.root).to.equal(oz.root);
        for (let i = 0; i < n; i++) {
          expect(ours.proof(i), `proof of leaf ${i}`).to.deep.equal(oz.getProof(i));
          expect(ours.leafHash(i)).to.equal(leaves[i]);
        }
      });
    }
  }

  it("gives a root that does not depend on the input order when leaves are sorted", () => {
    const hashes = randomHashes(13, 5);
    const reversed = new Uint8Array(hashes.length);
    for (let i = 0; i < 13; i++) reversed.set(hashes.subarray(32 * i, 32 * i + 32), 32 * (12 - i));
    expect(MerkleTree.build(reversed).root).to.equal(MerkleTree.build(hashes).root);
    expect(MerkleTree.build(reversed, { sortLeaves: false }).root).to.not.equal(MerkleTree.build(hashes, { sortLeaves: false }).root);
  });

  it("orders leaves sharing a long hash prefix by their full hash", () => {
    const hashes = randomHashes(6, 9);
    for (let i = 0; i < 6; i++) hashes.fill(0xab, 32 * i, 32 * i + 8); // identical first 8 bytes
    const leaves = asHexList(hashes);
    expect(MerkleTree.build(hashes).root).to.equal(SimpleMerkleTree.of(leaves).root);
  });

  it("verifies every proof of a tree and rejects a proof for another leaf or a tampered sibling", () => {
    const hashes = randomHashes(11, 3);
    const tree = MerkleTree.build(hashes);
    for (let i = 0; i < 11; i++) {
      const proof = tree.proof(i);
      expect(verifyProof(tree.root, tree.leafHash(i), proof)).to.equal(true);
      expect(SimpleMerkleTree.verify(tree.root, tree.leafHash(i), proof)).to.equal(true);
      expect(verifyProof(tree.root, tree.leafHash((i + 1) % 11), proof)).to.equal(false);
      const tampered = [...proof];
      tampered[0] = `0x${"00".repeat(32)}`;
      expect(verifyProof(tree.root, tree.leafHash(i), tampered)).to.equal(false);
    }
  });

  it("treats a malformed proof as not a proof", () => {
    const tree = MerkleTree.build(randomHashes(4, 1));
    expect(verifyProof(tree.root, tree.leafHash(0), ["0x1234"])).to.equal(false);
  });

  it("proves the single leaf of a one-leaf tree with an empty proof", () => {
    const hashes = randomHashes(1, 2);
    const tree = MerkleTree.build(hashes);
    expect(tree.root).to.equal(toHex(hashes));
    expect(tree.proof(0)).to.deep.equal([]);
    expect(processProof(tree.leafHash(0), [])).to.equal(tree.root);
  });

  it("refuses to build a tree over no leaves and to prove a leaf that does not exist", () => {
    expect(() => MerkleTree.build(new Uint8Array(0))).to.throw(/at least one leaf/);
    expect(() => MerkleTree.build(randomHashes(2, 1)).proof(2)).to.throw(RangeError, /out of range/);
  });
});
