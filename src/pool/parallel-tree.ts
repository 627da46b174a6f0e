/**
 * The Merkle tree of a pool, built on a second core while the tape is still being read.
 *
 * Hashing is most of the commitment's cost (six Keccak-f permutations per leaf, one more per
 * internal node) and needs only the leaf fields the store keeps in typed arrays. So the main
 * thread posts a copy of each batch's columns (transferred, not copied again) to a worker thread
 * (tree-worker.mjs), which encodes and hashes the leaves while the main thread carries on
 * parsing. When the worker falls behind, the main thread hashes a batch itself and posts the
 * hashes instead, so neither thread waits for the other at the end of the tape. At the end
 * the worker sorts the leaves and hashes the tree while the main thread computes the statistics.
 * The tree is node for node what `MerkleTree.build(store.leafHashes())` gives. Small pools never
 * start the worker: starting it costs more than hashing a few thousand leaves.
 */
import { Worker } from "node:worker_threads";
import { MbsError } from "../errors.js";
import { keccakModule } from "./keccak.js";
import { LEAF_ENCODING, LEAF_WORDS } from "./leaf.js";
import { MerkleTree, type MerkleTreeOptions } from "./merkle.js";
import type { LeafColumns, LoanStore } from "./store.js";

export interface ParallelTreeOptions {
  /** Start the worker once the store holds this many loans (default 16,384; Infinity: never). */
  minLoans?: number;
  /** Leaves per message to the worker (default 8,192, ~1.3 MB of leaf columns). */
  batch?: number;
  /**
   * Batches the worker may have waiting before the main thread hashes the next one itself
   * (default 2): both threads then stay busy and finish the tape's leaves together.
   */
  maxQueued?: number;
}

interface TreeReply {
  kind: "tree";
  nodes: ArrayBuffer;
  slotOf: ArrayBuffer;
}

/** The worker thread, its count of unhashed batches and the one reply it owes (the tree). */
class TreeWorker {
  private readonly worker: Worker;
  private reply: { resolve: (tree: TreeReply) => void; reject: (e: Error) => void } | undefined;
  private failure: Error | undefined;
  /** Batches of columns posted and not yet reported hashed (reports arrive between tape chunks). */
  queued = 0;

  constructor() {
    this.worker = new Worker(new URL("./tree-worker.mjs", import.meta.url), {
      workerData: { module: keccakModule, leafWords: LEAF_WORDS, bytes2Word: LEAF_ENCODING.indexOf("bytes2") },
    });
    this.worker.on("message", (message: TreeReply | { kind: "hashed" }) => {
      if (message.kind === "hashed") {
        this.queued--;
        return;
      }
      this.reply?.resolve(message);
      this.reply = undefined;
    });
    this.worker.on("error", (e: Error) => this.fail(new MbsError(`Merkle tree worker failed: ${e.message}`, { cause: String(e) })));
    this.worker.on("exit", (code: number) => this.fail(new MbsError(`Merkle tree worker exited (code ${code})`)));
  }

  /** Why the worker can no longer be used, once it cannot. */
  get failed(): Error | undefined {
    return this.failure;
  }

  /** Hands over the leaf columns of `count` loans (the buffers are transferred). */
  leaves(columns: LeafColumns, count: number): void {
    if (this.failure !== undefined) throw this.failure;
    const { idHashes, words } = columns;
    this.worker.postMessage({ kind: "leaves", idHashes: idHashes.buffer, words: words.buffer, count }, [idHashes.buffer, words.buffer]);
    this.queued++;
  }

  /** Hands over the leaf hashes of the next `hashes.length / 32` loans, hashed by the caller. */
  hashes(hashes: Uint8Array<ArrayBuffer>): void {
    if (this.failure !== undefined) throw this.failure;
    this.worker.postMessage({ kind: "hashes", hashes: hashes.buffer }, [hashes.buffer]);
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
  private readonly maxQueued: number;
  private worker: TreeWorker | undefined;
  private sent = 0;
  private treeAsked = false;

  constructor(
    private readonly store: LoanStore,
    options: ParallelTreeOptions = {},
  ) {
    this.minLoans = options.minLoans ?? 16_384;
    this.batch = options.batch ?? 8192;
    this.maxQueued = options.maxQueued ?? 2;
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
    // The worker compacts its leaves in place for the tree, so it can build only one.
    if (this.treeAsked) throw new MbsError("the tree of a ParallelTree can be asked for once");
    this.treeAsked = true;
    try {
      const { nodes, slotOf } = await this.worker.tree(drop, options.sortLeaves !== false);
      return MerkleTree.fromNodes(new Uint8Array(nodes), new Uint32Array(slotOf));
    } catch (e) {
      // The store still holds every leaf (compacted like the worker's copy would have been), so
      // the same tree can be built here; slower, but a tape never fails for want of a thread.
      process.emitWarning(`building the Merkle tree on the main thread: ${(e as Error).message}`, { code: "MBS_TREE_WORKER" });
      return MerkleTree.build(this.store.leafHashes(), options);
    }
  }

  async close(): Promise<void> {
    await this.worker?.close();
  }

  private send(to: number): void {
    this.worker ??= new TreeWorker();
    if (this.worker.failed !== undefined) {
      // Nothing more to the worker: tree() builds in this thread instead.
    } else if (this.worker.queued < this.maxQueued) this.worker.leaves(this.store.leafColumns(this.sent, to), to - this.sent);
    else this.worker.hashes(this.store.leafHashes(this.sent, to));
    this.sent = to;
  }
}
