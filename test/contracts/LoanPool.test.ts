import { expect } from "chai";
import { network } from "hardhat";
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { AbiCoder, keccak256, type AddressLike, type BigNumberish } from "ethers";

const { ethers, networkHelpers } = await network.create();

/** Loans as an OpenZeppelin standard tree sees them: any leaf encoding works for the contract. */
const LEAF_TYPES = ["string", "uint256", "uint256"];
const LOANS: [string, bigint, bigint][] = [
  ["L-0001", 25_000_000n, 6_500n],
  ["L-0002", 31_250_000n, 6_750n],
  ["L-0003", 18_000_000n, 7_125n],
  ["L-0004", 44_000_000n, 6_250n],
  ["L-0005", 12_500_000n, 6_875n],
];
const UPB_CENTS = LOANS.reduce((sum, [, upb]) => sum + upb, 0n);

/** OpenZeppelin's processProof: sorted-pair keccak up the tree. */
function processProof(leaf: string, proof: readonly string[]): string {
  return proof.reduce((node, sibling) => {
    const [x, y] = node < sibling ? [node, sibling] : [sibling, node];
    return keccak256(x + y.slice(2));
  }, leaf);
}

/** The inner hash verifyLoan takes: keccak256(abi.encode(values)). */
function loanHash(values: readonly unknown[]): string {
  return keccak256(AbiCoder.defaultAbiCoder().encode(LEAF_TYPES, values));
}

interface TrancheArg {
  token: AddressLike;
  couponPpm: BigNumberish;
  seniority: BigNumberish;
  originalFaceCents: BigNumberish;
}

/** A class token as the record reads it: 6 decimals (one cent = 10^4 units) and a face cap. */
async function faceToken(faceCents: bigint, capUnits: bigint = faceCents * 10_000n): Promise<string> {
  const token = await ethers.deployContract("MockFaceCappedToken", [6, capUnits]);
  return token.getAddress();
}

async function deployPool(overrides: {
  loanCount?: bigint;
  root?: string;
  upbCents?: bigint;
  passThrough?: boolean;
  ocCents?: bigint;
  tranches?: TrancheArg[];
} = {}) {
  const tree = StandardMerkleTree.of(LOANS, LEAF_TYPES);
  const commitment = {
    merkleRoot: overrides.root ?? tree.root,
    loanCount: overrides.loanCount ?? BigInt(LOANS.length),
    upbCents: overrides.upbCents ?? UPB_CENTS,
    tapeHash: keccak256("0x01"),
    statsHash: keccak256("0x02"),
    rulesHash: keccak256("0x03"),
    cutoffDate: 1_793_491_200n, // 2026-11-01
  };
  const tranches = overrides.tranches ?? [
    { token: await faceToken(110_000_000n), couponPpm: 55_000, seniority: 1, originalFaceCents: 110_000_000n },
    { token: await faceToken(15_750_000n), couponPpm: 65_000, seniority: 2, originalFaceCents: 15_750_000n },
  ];
  const oc = overrides.ocCents ?? 5_000_000n;
  const factory = await ethers.getContractFactory("LoanPool");
  const args = [commitment, "MBSC 2026-1", "mbs-chain Trust 2026-1", overrides.passThrough ?? false, oc, tranches] as const;
  return { factory, args, tree, commitment, tranches, oc };
}

async function deployedPoolFixture() {
  const setup = await deployPool();
  const pool = await setup.factory.deploy(...setup.args);
  return { ...setup, pool };
}

describe("LoanPool", () => {
  it("records the commitment and the deal's terms exactly as given", async () => {
    const { pool, commitment, tranches, oc } = await networkHelpers.loadFixture(deployedPoolFixture);
    const c = await pool.commitment();
    expect(c.merkleRoot).to.equal(commitment.merkleRoot);
    expect(c.loanCount).to.equal(commitment.loanCount);
    expect(c.upbCents).to.equal(UPB_CENTS);
    expect(c.tapeHash).to.equal(commitment.tapeHash);
    expect(c.statsHash).to.equal(commitment.statsHash);
    expect(c.rulesHash).to.equal(commitment.rulesHash);
    expect(c.cutoffDate).to.equal(commitment.cutoffDate);
    const terms = await pool.dealTerms();
    expect(terms.dealId).to.equal("MBSC 2026-1");
    expect(terms.name).to.equal("mbs-chain Trust 2026-1");
    expect(terms.passThrough).to.equal(false);
    expect(terms.overcollateralizationCents).to.equal(oc);
    expect(await pool.trancheCount()).to.equal(2n);
    const all = await pool.tranches();
    expect(all.map((t) => [t.token, t.couponPpm, t.seniority, t.originalFaceCents])).to.deep.equal(
      tranches.map((t) => [t.token, BigInt(t.couponPpm), BigInt(t.seniority), BigInt(t.originalFaceCents)]),
    );
    expect((await pool.tranche(1)).token).to.equal(tranches[1]!.token);
  });

  it("announces the commitment, the deal and every class in events", async () => {
    const { factory, args, commitment, tranches } = await deployPool();
    const pool = await factory.deploy(...args);
    const tx = pool.deploymentTransaction()!;
    await expect(tx).to.emit(pool, "PoolCommitted").withArgs(
      commitment.merkleRoot, commitment.loanCount, commitment.upbCents, commitment.tapeHash,
      commitment.statsHash, commitment.rulesHash, commitment.cutoffDate,
    );
    await expect(tx).to.emit(pool, "DealRecorded");
    await expect(tx).to.emit(pool, "TrancheRecorded").withArgs(0n, tranches[0]!.token, 55_000n, 1n, 110_000_000n);
    await expect(tx).to.emit(pool, "TrancheRecorded").withArgs(1n, tranches[1]!.token, 65_000n, 2n, 15_750_000n);
  });

  it("accepts every committed loan with its proof", async () => {
    const { pool, tree } = await networkHelpers.loadFixture(deployedPoolFixture);
    for (const [i, values] of tree.entries()) {
      expect(await pool.verifyLoan(loanHash(values), tree.getProof(i))).to.equal(true);
    }
  });

  it("rejects a loan whose values were altered, even with the original proof", async () => {
    const { pool, tree } = await networkHelpers.loadFixture(deployedPoolFixture);
    const [id, upb, rate] = LOANS[2]!;
    const proof = tree.getProof([id, upb, rate]);
    expect(await pool.verifyLoan(loanHash([id, upb + 1n, rate]), proof)).to.equal(false);
  });

  it("rejects a real loan with a tampered proof", async () => {
    const { pool, tree } = await networkHelpers.loadFixture(deployedPoolFixture);
    const proof = tree.getProof(0);
    const flipped = proof.map((p, i) => (i === 0 ? keccak256(p) : p));
    expect(await pool.verifyLoan(loanHash(LOANS[0]!), flipped)).to.equal(false);
  });

  it("never accepts an inner node of the tree as a loan", async () => {
    const { pool, tree } = await networkHelpers.loadFixture(deployedPoolFixture);
    // The parent of leaves 0 and 1 verifies with leaf 0's proof minus its first step — as a leaf hash.
    // Passed as a loan hash it is hashed again by the contract and must fail.
    const proof = tree.getProof(0);
    const parentProof = proof.slice(1);
    const parent = processProof(tree.leafHash(LOANS[0]!), proof.slice(0, 1));
    expect(processProof(parent, parentProof)).to.equal(tree.root); // a raw-leaf check would accept it
    expect(await pool.verifyLoan(parent, parentProof)).to.equal(false);
  });

  it("refuses an empty commitment", async () => {
    const { factory, args } = await deployPool({ loanCount: 0n });
    await expect(factory.deploy(...args)).to.be.revertedWithCustomError(factory, "PoolEmptyCommitment");
    const noRoot = await deployPool({ root: ethers.ZeroHash });
    await expect(noRoot.factory.deploy(...noRoot.args)).to.be.revertedWithCustomError(factory, "PoolEmptyCommitment");
  });

  it("refuses faces that do not add up to the committed UPB with the overcollateralization", async () => {
    const { factory, args } = await deployPool({ ocCents: 5_000_001n });
    await expect(factory.deploy(...args))
      .to.be.revertedWithCustomError(factory, "PoolFacesDoNotAddUp")
      .withArgs(125_750_000n, 5_000_001n, UPB_CENTS);
  });

  it("refuses a pass-through with more than one class, and a deal with none", async () => {
    const two = await deployPool({ passThrough: true });
    await expect(two.factory.deploy(...two.args))
      .to.be.revertedWithCustomError(two.factory, "PoolInvalidTrancheCount")
      .withArgs(2n, 32n, true);
    const none = await deployPool({ tranches: [], ocCents: UPB_CENTS });
    await expect(none.factory.deploy(...none.args)).to.be.revertedWithCustomError(none.factory, "PoolInvalidTrancheCount");
  });

  it("refuses a class without a token, face or seniority, or with a coupon above 100 %", async () => {
    const good = { token: await faceToken(UPB_CENTS), couponPpm: 55_000, seniority: 1, originalFaceCents: UPB_CENTS };
    const bad: TrancheArg[] = [
      { ...good, token: ethers.ZeroAddress },
      { ...good, seniority: 0 },
      { ...good, couponPpm: 1_000_001 },
    ];
    for (const t of bad) {
      const { factory, args } = await deployPool({ tranches: [t], ocCents: 0n });
      await expect(factory.deploy(...args)).to.be.revertedWithCustomError(factory, "PoolInvalidTranche");
    }
    const zeroFace = await deployPool({ tranches: [{ ...good, originalFaceCents: 0n }], ocCents: UPB_CENTS });
    await expect(zeroFace.factory.deploy(...zeroFace.args)).to.be.revertedWithCustomError(zeroFace.factory, "PoolInvalidTranche");
  });

  it("refuses the same token for two classes", async () => {
    const a = await faceToken(UPB_CENTS / 2n);
    const t = { token: a, couponPpm: 55_000, seniority: 1, originalFaceCents: UPB_CENTS / 2n };
    const { factory, args } = await deployPool({ tranches: [t, { ...t, seniority: 2 }], ocCents: UPB_CENTS - 2n * (UPB_CENTS / 2n) });
    await expect(factory.deploy(...args))
      .to.be.revertedWithCustomError(factory, "PoolDuplicateTrancheToken")
      .withArgs(1n, a);
  });

  it("refuses a class whose token could issue more (or less) face than the record commits", async () => {
    const over = await faceToken(UPB_CENTS, UPB_CENTS * 10_000n + 1n);
    const t = { token: over, couponPpm: 55_000, seniority: 1, originalFaceCents: UPB_CENTS };
    const { factory, args } = await deployPool({ tranches: [t], ocCents: 0n });
    await expect(factory.deploy(...args))
      .to.be.revertedWithCustomError(factory, "PoolTrancheFaceMismatch")
      .withArgs(0n, over, UPB_CENTS * 10_000n + 1n, UPB_CENTS * 10_000n);
  });

  it("answers an unknown class index with the number of classes", async () => {
    const { pool } = await networkHelpers.loadFixture(deployedPoolFixture);
    await expect(pool.tranche(2)).to.be.revertedWithCustomError(pool, "PoolUnknownTranche").withArgs(2n, 2n);
  });

  it("costs the same to create for a thousand loans as for a million", async () => {
    const gasFor = async (loanCount: bigint) => {
      const root = keccak256(AbiCoder.defaultAbiCoder().encode(["uint256"], [loanCount]));
      const { factory, args } = await deployPool({ loanCount, root });
      const pool = await factory.deploy(...args);
      const receipt = await pool.deploymentTransaction()!.wait();
      return receipt!.gasUsed;
    };
    const small = await gasFor(1_000n);
    const large = await gasFor(1_000_000n);
    const diff = small > large ? small - large : large - small;
    expect(diff * 100n).to.be.lessThanOrEqual(small, `1k loans: ${small} gas, 1M loans: ${large} gas`);
  });
});
