/**
 * The Merkle tree of a pool, built on a second core while the tape is still being read.
 *
 * Hashing is most of the commitment's cost (six Keccak-f permutations per leaf, one more per
 * internal node) and needs only each leaf's 544-byte ABI encoding. So the main thread encodes
 * every batch of stored loans and posts it (transferred, not copied) to a worker thread
 * (tree-worker.mjs), which hashes the leaves while the main thread carries on parsing; at the end
 * the worker sorts the leaves and hashes the tree while the main thread computes the statistics.
 * The tree is node for node what `MerkleTree.build(store.leafHashes())` gives. Small pools never
 * start the worker: starting it costs more than hashing a few thousand leaves.
 */
import { Worker } from "node:worker_threads";
import { MbsError } from "../errors.js";
import { keccakModule } from "./keccak.js";
import { LEAF_ABI_BYTES } from "./leaf.js";
import { MerkleTree, type MerkleTreeOptions } from "./merkle.js";
import type { LoanStore } from "./store.js";

export interface ParallelTreeOptions {
  /** Start the worker once the store holds this many loans (default 16,384; Infinity: never). */
  minLoans?: number;
  /** Leaves per message to the worker (default 8,192, ~4.5 MB of encodings). */
  batch?: number;
}

interface TreeReply {
  nodes: ArrayBuffer;
  slotOf: ArrayBuffer;
}

/** The worker thread and the one reply it owes (the tree). */
class TreeWorker {
  private readonly worker: Worker;
  private reply: { resolve: (tree: TreeReply) => void; reject: (e: Error) => void } | undefined;
  private failure: Error | undefined;

  constructor() {
    this.worker = new Worker(new URL("./tree-worker.mjs", import.meta.url), {
      workerData: { module: keccakModule, messageBytes: LEAF_ABI_BYTES },
    });
    this.worker.on("message", (tree: TreeReply) => {
      this.reply?.resolve(tree);
      this.reply = undefined;
    });
    this.worker.on("error", (e: Error) => this.fail(new MbsError(`Merkle tree worker failed: ${e.message}`, { cause: String(e) })));
    this.worker.on("exit", (code: number) => this.fail(new MbsError(`Merkle tree worker exited (code ${code})`)));
  }

  /** Hands over `count` leaf encodings (the buffer is transferred). */
  leaves(encoded: Uint8Array<ArrayBuffer>, count: number): void {
    if (this.failure !== undefined) throw this.failure;
    this.worker.postMessage({ kind: "leaves", encoded: encoded.buffer, count }, [encoded.buffer]);
  }

  tree(drop: Uint8Array | undefined, sortLeaves: boolean): Promise<TreeReply> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    const reply = new Promise<TreeReply>((resolve, reject) => (this.reply = { resolve, reject }));
    // A copy of the flags: the caller keeps its own.
    const flags = drop === undefined ? undefined : Uint8Array.from(drop).buffer;
    this.worker.postMessage({ kind: "tree", drop: flags, sortLeaves }, flags === undefined ? [] : [flags]);
    return reply;
  }

  async close(): Promise<void> {
    this.failure ??= new MbsError("Merkle tree worker closed");
    await this.worker.terminate();
  }

  private fail(e: Error): void {
    this.failure ??= e;
    this.reply?.reject(this.failure);
    this.reply = undefined;
  }
}

/**
 * Follows a LoanStore as loans are appended: `update()` after appends sends every full batch to
 * the worker, `flush()` the rest once the tape is read. Store indices must not change (no
 * `compact`) between the first `update()` and `flush()`; `tree()` applies a later compaction.
 */
export class ParallelTree {
  private readonly minLoans: number;
  private readonly batch: number;
  private worker: TreeWorker | undefined;
  private sent = 0;

  constructor(
    private readonly store: LoanStore,
    options: ParallelTreeOptions = {},
  ) {
    this.minLoans = options.minLoans ?? 16_384;
    this.batch = options.batch ?? 8192;
    if (!(this.batch >= 1)) throw new RangeError(`batch must be at least 1, got ${this.batch}`);
  }

  get workerStarted(): boolean {
    return this.worker !== undefined;
  }

  update(): void {
    const length = this.store.length;
    if (length - this.sent < this.batch || length < this.minLoans) return;
    while (length - this.sent >= this.batch) this.send(this.sent + this.batch);
  }

  flush(): void {
    if (this.worker !== undefined && this.sent < this.store.length) this.send(this.store.length);
  }

  /**
   * The tree over the store's leaves, in store order. `drop` is the 0/1 flag array the store was
   * compacted with after `flush()`, if it was.
   */
  async tree(options: MerkleTreeOptions = {}, drop?: Uint8Array): Promise<MerkleTree> {
    if (this.worker === undefined) return MerkleTree.build(this.store.leafHashes(), options);
    if (drop !== undefined && drop.length !== this.sent) throw new RangeError(`${drop.length} drop flags for ${this.sent} loans`);
    const { nodes, slotOf } = await this.worker.tree(drop, options.sortLeaves !== false);
    return MerkleTree.fromNodes(new Uint8Array(nodes), new Uint32Array(slotOf));
  }

  async close(): Promise<void> {
    await this.worker?.close();
  }

  private send(to: number): void {
    this.worker ??= new TreeWorker();
    this.worker.leaves(this.store.encodeLeaves(this.sent, to), to - this.sent);
    this.sent = to;
  }
}
