import { expect } from "chai";
import { keccak_256 } from "@noble/hashes/sha3.js";
import { keccak256, keccak256Into, keccak256OfStagedPair, hashSortedPairInto, pairStaging } from "../../src/pool/keccak.js";
import { seededRandom } from "./fixtures.js";

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

describe("pool/keccak", () => {
  it("hashes the empty string to Ethereum's well-known keccak256('')", () => {
    // The empty-input digest every Ethereum library prints (e.g. the code hash of an account with no code).
    expect(hex(keccak256(new Uint8Array(0)))).to.equal("c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");
  });

  it("agrees with @noble/hashes around the 136-byte block boundaries and beyond the 64 KiB staging area", () => {
    const rnd = seededRandom(7);
    for (const length of [1, 31, 32, 33, 63, 64, 65, 135, 136, 137, 271, 272, 273, 544, 545, 1000, 65_279, 65_280, 200_003]) {
      const input = Uint8Array.from({ length }, () => Math.floor(rnd() * 256));
      expect(hex(keccak256(input)), `length ${length}`).to.equal(hex(keccak_256(input)));
    }
  });

  it("hashes a slice of a larger buffer into an offset of another", () => {
    const input = Uint8Array.from({ length: 300 }, (_, i) => (i * 13) & 255);
    const out = new Uint8Array(40);
    keccak256Into(input, 17, 200, out, 5);
    expect(hex(out.subarray(5, 37))).to.equal(hex(keccak_256(input.subarray(17, 217))));
  });

  it("hashes a pair in sorted order whichever way round it is given", () => {
    const a = Uint8Array.from({ length: 32 }, (_, i) => i);
    const b = Uint8Array.from({ length: 32 }, (_, i) => 255 - i);
    const nodes = new Uint8Array(64);
    nodes.set(b, 0);
    nodes.set(a, 32);
    const out = new Uint8Array(32);
    hashSortedPairInto(nodes, 0, 32, out, 0);
    const expected = keccak_256(Uint8Array.from([...a, ...b]));
    expect(hex(out)).to.equal(hex(expected));
    hashSortedPairInto(nodes, 32, 0, out, 0);
    expect(hex(out)).to.equal(hex(expected));
  });

  it("hashes two staged messages at once exactly as two single hashes, at every length up to the pair limit", () => {
    const rnd = seededRandom(11);
    const [a, b] = pairStaging;
    // Longest first, so shorter messages are staged over the padding of longer ones.
    for (const length of [a.length, 1500, 545, 544, 543, 273, 272, 137, 136, 135, 64, 32, 1, 0]) {
      const x = Uint8Array.from({ length }, () => Math.floor(rnd() * 256));
      const y = Uint8Array.from({ length }, () => Math.floor(rnd() * 256));
      a.set(x);
      b.set(y);
      const out = new Uint8Array(80);
      keccak256OfStagedPair(length, out, 3, out, 40);
      expect(hex(out.subarray(3, 35)), `first of length ${length}`).to.equal(hex(keccak_256(x)));
      expect(hex(out.subarray(40, 72)), `second of length ${length}`).to.equal(hex(keccak_256(y)));
    }
    expect(() => keccak256OfStagedPair(a.length + 1, new Uint8Array(32), 0, new Uint8Array(32), 0)).to.throw(RangeError);
  });
});
