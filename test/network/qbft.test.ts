import { expect } from "chai";

import { MbsError } from "../../src/errors.js";
import { enodeUrl, generateNodeKey, nodeKeyFromPrivateKey } from "../../src/network/nodeKeys.js";
import { decodeQbftExtraData, encodeQbftExtraData, faultTolerance, sortValidators } from "../../src/network/qbft.js";

// The worked example of Besu's QBFT documentation ("Generate extra data": `besu rlp encode
// --type=QBFT_EXTRA_DATA` of these four validators), copied verbatim.
const DOC_VALIDATORS = [
  "0x4592c8e45706cc08b8f44b11e43cba0cfc5892cb",
  "0x06e23768a0f59cf365e18c2e0c89e151bcdedc70",
  "0xc5327f96ee02d7bcbc1bf1236b8c15148971e1de",
  "0xab5e7f4061c605820d3744227eed91ff8e2c8908",
];
const DOC_EXTRA_DATA =
  "0xf87aa00000000000000000000000000000000000000000000000000000000000000000f854944592c8e45706cc08b8f44b11e43cba0cfc5892cb9406e23768a0f59cf365e18c2e0c89e151bcdedc7094c5327f96ee02d7bcbc1bf1236b8c15148971e1de94ab5e7f4061c605820d3744227eed91ff8e2c8908c080c0";
// The IBFT 2.0 genesis example of Besu's docs: a different layout that must not pass for QBFT.
const IBFT2_EXTRA_DATA =
  "0xf83ea00000000000000000000000000000000000000000000000000000000000000000d5949811ebc35d7b06b3fa8dc5809a1f9c52751e1deb808400000000c0";

describe("QBFT extraData", () => {
  it("encodes Besu's documented example byte for byte", () => {
    expect(encodeQbftExtraData(DOC_VALIDATORS)).to.equal(DOC_EXTRA_DATA);
  });

  it("decodes back to the validators, an empty vote, round 0 and no seals", () => {
    const decoded = decodeQbftExtraData(DOC_EXTRA_DATA);
    expect(decoded.validators.map((v) => v.toLowerCase())).to.deep.equal(DOC_VALIDATORS);
    expect(decoded.vanity).to.equal(`0x${"00".repeat(32)}`);
    expect(decoded.vote).to.deep.equal([]);
    expect(decoded.round).to.equal(0n);
    expect(decoded.seals).to.deep.equal([]);
  });

  it("refuses an IBFT 2.0 extraData", () => {
    expect(() => decodeQbftExtraData(IBFT2_EXTRA_DATA)).to.throw(MbsError, /IBFT 2\.0/);
  });

  it("sorts validators ascending, checksummed, and rejects a duplicate or a non-address", () => {
    expect(sortValidators(DOC_VALIDATORS).map((v) => v.toLowerCase())).to.deep.equal([...DOC_VALIDATORS].sort());
    expect(() => sortValidators([DOC_VALIDATORS[0]!, DOC_VALIDATORS[0]!.toUpperCase().replace("0X", "0x")])).to.throw(/listed twice/);
    expect(() => sortValidators(["0x1234"])).to.throw(/not an address/);
  });

  it("tolerates f faulty validators out of n = 3f + 1", () => {
    expect([4, 5, 6, 7, 10].map(faultTolerance)).to.deep.equal([1, 1, 1, 2, 3]);
  });
});

describe("node keys", () => {
  it("derive the validator address and the enode id from the private key", () => {
    // Hardhat/anvil's well-known first development key.
    const key = nodeKeyFromPrivateKey("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");
    expect(key.address).to.equal("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");
    expect(key.publicKey).to.equal(
      "0x8318535b54105d4a7aae60c08fc45f9687181b4fdfc625bd1a753fa7397fed753547f11ca8696646f2f3acb08e31016afac23e630c5d11f59f61fef57b0d2aa5",
    );
    expect(enodeUrl(key.publicKey, "10.0.0.5", 30303)).to.equal(`enode://${key.publicKey.slice(2)}@10.0.0.5:30303`);
  });

  it("generates distinct keys in Besu's file format", () => {
    const a = generateNodeKey();
    const b = generateNodeKey();
    expect(a.privateKey).to.match(/^0x[0-9a-f]{64}$/);
    expect(a.publicKey).to.match(/^0x[0-9a-f]{128}$/);
    expect(a.address).to.not.equal(b.address);
    expect(nodeKeyFromPrivateKey(a.privateKey)).to.deep.equal(a);
  });

  it("refuses an enode with a bad id, port or host", () => {
    const { publicKey } = generateNodeKey();
    expect(() => enodeUrl("0x1234", "h", 1)).to.throw(/64-byte/);
    expect(() => enodeUrl(publicKey, "h", 70_000)).to.throw(/not a TCP port/);
    expect(() => enodeUrl(publicKey, "a b", 30303)).to.throw(/host/);
  });
});
