import { expect } from "chai";
import { keccak256, AbiCoder, concat, toUtf8Bytes } from "ethers";
import { toHex } from "../../src/pool/bytes.js";
import { LEAF_ENCODING } from "../../src/pool/leaf.js";
import { MerkleTree } from "../../src/pool/merkle.js";
import { ParallelTree } from "../../src/pool/parallel-tree.js";
import { buildPool } from "../../src/pool/pipeline.js";
import { validateRules } from "../../src/pool/rules.js";
import { LoanStore } from "../../src/pool/store.js";
import { documentedValues, randomLoans } from "./fixtures.js";

/** A store of `n` random loans, with a ParallelTree that sends every `batch` loans to its worker. */
function storeWithWorker(n: number, batch: number, seed: number, maxQueued = Infinity): { store: LoanStore; parallel: ParallelTree } {
  const store = new LoanStore();
  // The worker counts the batches it has hashed in shared memory: with maxQueued 0 every batch is
  // hashed on this thread, with 1 those sent while the worker still had one waiting.
  const parallel = new ParallelTree(store, { minLoans: 0, batch, maxQueued });
  for (const loan of randomLoans(n, seed)) {
    store.append(loan);
    parallel.update();
  }
  parallel.flush();
  expect(parallel.workerStarted).to.equal(true);
  return { store, parallel };
}

function sameTree(a: MerkleTree, b: MerkleTree): void {
  expect(a.root).to.equal(b.root);
  expect(a.leafCount).to.equal(b.leafCount);
  for (let i = 0; i < a.leafCount; i += 97) {
    expect(a.treeIndex(i), `slot of leaf ${i}`).to.equal(b.treeIndex(i));
    expect(a.proof(i), `proof of leaf ${i}`).to.deep.equal(b.proof(i));
  }
}

describe("pool/parallel-tree", () => {
  // 3,001 loans in batches of 1,000: three full batches, a one-leaf remainder, an odd leaf count.
  for (const sortLeaves of [true, false]) {
    it(`builds on the worker the tree MerkleTree.build gives in one thread (sortLeaves ${sortLeaves})`, async () => {
      const { store, parallel } = storeWithWorker(3_001, 1_000, 41);
      try {
        sameTree(await parallel.tree({ sortLeaves }), MerkleTree.build(store.leafHashes(), { sortLeaves }));
      } finally {
        await parallel.close();
      }
    });
  }

  it("shares a large tree's subtrees between the worker and this thread and still builds MerkleTree.build's tree", async () => {
    // Above 16,384 leaves the worker offers this thread subtrees to hash while it awaits the tree.
    const { store, parallel } = storeWithWorker(20_001, 4_096, 53);
    try {
      sameTree(await parallel.tree(), MerkleTree.build(store.leafHashes()));
    } finally {
      await parallel.close();
    }
  });

  for (const maxQueued of [0, 1]) {
    it(`gives the same tree when the main thread hashes the batches the worker is behind on (maxQueued ${maxQueued})`, async () => {
      const { store, parallel } = storeWithWorker(2_999, 700, 23, maxQueued);
      try {
        sameTree(await parallel.tree(), MerkleTree.build(store.leafHashes()));
      } finally {
        await parallel.close();
      }
    });
  }

  it("hashes each leaf on the worker as keccak256(keccak256(abi.encode(values))), computed independently with ethers", async () => {
    const loans = randomLoans(5, 3);
    const { store, parallel } = storeWithWorker(5, 2, 3);
    try {
      const tree = await parallel.tree({ sortLeaves: false });
      loans.forEach((loan, i) => {
        const encoded = AbiCoder.defaultAbiCoder().encode([...LEAF_ENCODING], documentedValues(loan));
        expect(tree.leafHash(i), loan.loanId).to.equal(keccak256(concat([keccak256(encoded)])));
      });
      expect(store.length).to.equal(5);
    } finally {
      await parallel.close();
    }
  });

  it("applies a compaction made after the leaves were sent", async () => {
    const { store, parallel } = storeWithWorker(2_000, 512, 8);
    try {
      const drop = Uint8Array.from({ length: 2_000 }, (_, i) => (i % 7 === 3 ? 1 : 0));
      store.compact(drop);
      sameTree(await parallel.tree({}, drop), MerkleTree.build(store.leafHashes()));
      await parallel.tree({}, new Uint8Array(5)).then(
        () => expect.fail("accepted 5 drop flags for 2,000 loans"),
        (e: unknown) => expect(String(e)).to.match(/5 drop flags for 2000 loans/),
      );
    } finally {
      await parallel.close();
    }
  });

  it("hashes non-ASCII, long and over-long loan ids on the worker as this thread does", async () => {
    // 130 and 140 bytes span one and two Keccak blocks; 1,500 bytes are more than a worker batch
    // may carry, so that id's batch is hashed on this thread. Every other batch goes to the worker,
    // the last one with a single loan.
    const idFor = (id: string, i: number) =>
      i % 3 === 0 ? `prêt-${id}` : i === 10 ? "A".repeat(130) : i === 11 ? "B".repeat(140) : i === 250 ? "C".repeat(1_500) : id;
    const loans = randomLoans(601, 37).map((loan, i) => ({ ...loan, loanId: idFor(loan.loanId, i) }));
    const store = new LoanStore();
    const expected = new LoanStore();
    const parallel = new ParallelTree(store, { minLoans: 0, batch: 100, maxQueued: Infinity });
    for (const loan of loans) {
      store.append(loan);
      expected.append(loan);
      parallel.update();
    }
    parallel.flush();
    try {
      const tree = parallel.tree({ sortLeaves: false });
      await parallel.idHashesAdopted();
      for (let i = 0; i < loans.length; i++) {
        expect(toHex(store.loanIdHashes(), 32 * i, 32), loans[i]!.loanId).to.equal(keccak256(toUtf8Bytes(loans[i]!.loanId)));
      }
      sameTree(await tree, MerkleTree.build(expected.leafHashes(), { sortLeaves: false }));
    } finally {
      await parallel.close();
    }
  });

  it("gives buildPool the same commitment with the worker as without", async () => {
    const loans = randomLoans(2_500, 17);
    const rules = validateRules({ ficoMin: 640, maxStateConcentrationPct: 12 }, "rules.json");
    const alone = await buildPool(loans, rules, { parallel: { minLoans: Infinity } });
    const withWorker = await buildPool(loans, rules, { parallel: { minLoans: 100, batch: 300 } });
    expect(alone.excluded.some((e) => e.rule === "maxStateConcentrationPct"), "the cap drops loans after hashing").to.equal(true);
    expect(withWorker.commitment.root).to.equal(alone.commitment.root);
    expect(withWorker.includedCount).to.equal(alone.includedCount);
    const someLoan = [...alone.commitment.loanIds()][1_000]!;
    expect(withWorker.commitment.proof(someLoan)).to.deep.equal(alone.commitment.proof(someLoan));
  });

  it("builds the same tree in this thread, with a warning, when the worker is gone", async () => {
    const { store, parallel } = storeWithWorker(1_500, 400, 29);
    await parallel.close(); // as if the worker had died after taking the leaves
    const warnings: Error[] = [];
    const onWarning = (w: Error) => warnings.push(w);
    process.on("warning", onWarning);
    try {
      sameTree(await parallel.tree(), MerkleTree.build(store.leafHashes()));
      await new Promise((resolve) => setImmediate(resolve)); // warnings are emitted on the next tick
    } finally {
      process.off("warning", onWarning);
    }
    expect(warnings.map((w) => w.message)).to.deep.equal(["building the Merkle tree on the main thread: Merkle tree worker closed"]);
  });

  it("starts no worker for a pool below the threshold", async () => {
    const store = new LoanStore();
    const parallel = new ParallelTree(store, { minLoans: 100, batch: 10 });
    for (const loan of randomLoans(99, 5)) {
      store.append(loan);
      parallel.update();
    }
    parallel.flush();
    expect(parallel.workerStarted).to.equal(false);
    sameTree(await parallel.tree(), MerkleTree.build(store.leafHashes()));
    await parallel.close();
  });
});
