/**
 * The Merkle tree of a pool, built on a second core while the tape is still being read.
 *
 * Hashing is most of the commitment's cost (one Keccak-f permutation per loan id, six per leaf,
 * one more per internal node) and needs only the loan ids and the leaf fields the store keeps in
 * typed arrays. So the main thread posts a copy of each batch's columns (transferred, not copied
 * again) to a worker thread (tree-worker.mjs), which hashes the ids, encodes and hashes the
 * leaves while the main thread carries on parsing, and hands the id hashes back for the store.
 * When the worker falls behind, the main thread hashes a batch itself and posts the hashes
 * instead, so neither thread waits for the other at the end of the tape. How far behind
 * the worker is comes from a counter in shared memory that it bumps after each batch: a reply
 * message would be read only when the main thread next yields to the event loop, so the main
 * thread would see a stale backlog, hash batches itself while the worker sat idle (~15 % of the
 * worker's time on a 1,000,000-loan tape), and finish the tape later. At the end
 * the worker sorts the leaves and hashes the tree while the main thread computes the statistics;
 * the main thread then hashes subtrees of a large tree too (in shared memory, claimed from a
 * shared counter), instead of idling for the ~0.4 s the worker would still need alone.
 * The tree is node for node what `MerkleTree.build(store.leafHashes())` gives. Small pools never
 * start the worker: starting it costs more than hashing a few thousand leaves.
 */
import { Worker } from "node:worker_threads";
import { MbsError } from "../errors.js";
import { keccakModule } from "./keccak.js";
import { LEAF_ENCODING, LEAF_WORDS } from "./leaf.js";
import { MerkleTree, hashSubtreeInto, type MerkleTreeOptions } from "./merkle.js";
import type { LeafColumns, LoanStore } from "./store.js";

export interface ParallelTreeOptions {
  /** Start the worker once the store holds this many loans (default 16,384; Infinity: never). */
  minLoans?: number;
  /** Leaves per message to the worker (default 4,096, ~0.6 MB of leaf columns). */
  batch?: number;
  /**
   * Batches the worker may have waiting before the main thread hashes the next one itself
   * (default 3): both threads then stay busy and finish the tape's leaves together. Small
   * batches and a queue of three keep the worker fed while the main thread hashes a batch of
   * its own; with 8,192 and two it sat idle ~0.4 s over a 1,000,000-loan tape, ~0.1 s now.
   */
  maxQueued?: number;
}

interface TreeReply {
  kind: "tree";
  nodes: ArrayBuffer | SharedArrayBuffer;
  slotOf: ArrayBuffer;
}

/** The worker's offer to share a large tree's subtrees (tree-worker.mjs `shareSubtrees`). */
interface HelpRequest {
  kind: "help";
  nodes: SharedArrayBuffer;
  /** [0]: next subtree to claim, [1]: subtrees hashed, [2]: 1 once this thread failed. */
  control: Int32Array;
  leafCount: number;
  subtrees: number;
}

interface IdsReply {
  kind: "ids";
  idHashes: ArrayBuffer;
}

/** The worker thread, its backlog of unhashed batches and the one reply it owes (the tree). */
class TreeWorker {
  private readonly worker: Worker;
  private reply: { resolve: (tree: TreeReply) => void; reject: (e: Error) => void } | undefined;
  /** Takes the id hashes the worker sends ahead of the tree. */
  private onIds: ((idHashes: Uint8Array) => void) | undefined;
  private failure: Error | undefined;
  private posted = 0;
  /** [0]: batches of columns the worker has hashed, written by the worker as it goes. */
  private readonly hashed = new Int32Array(new SharedArrayBuffer(4));

  constructor() {
    this.worker = new Worker(new URL("./tree-worker.mjs", import.meta.url), {
      // Plain JavaScript: without the parent's flags the worker does not load the TypeScript
      // loader (tsx, ~0.3 CPU-s), and is hashing sooner after it starts.
      execArgv: [],
      workerData: { module: keccakModule, leafWords: LEAF_WORDS, bytes2Word: LEAF_ENCODING.indexOf("bytes2"), hashed: this.hashed },
    });
    this.worker.on("message", (message: TreeReply | IdsReply | HelpRequest) => {
      if (message.kind === "help") {
        helpHashSubtrees(message);
        return;
      }
      if (message.kind === "ids") {
        this.onIds?.(new Uint8Array(message.idHashes));
        this.onIds = undefined;
        return;
      }
      this.reply?.resolve(message);
      this.reply = undefined;
    });
    this.worker.on("error", (e: Error) => this.fail(new MbsError(`Merkle tree worker failed: ${e.message}`, { cause: String(e) })));
    this.worker.on("exit", (code: number) => this.fail(new MbsError(`Merkle tree worker exited (code ${code})`)));
  }

  /** Batches of columns posted and not hashed yet, as of now. */
  get queued(): number {
    return this.posted - Atomics.load(this.hashed, 0);
  }

  /** Why the worker can no longer be used, once it cannot. */
  get failed(): Error | undefined {
    return this.failure;
  }

  /** Hands over the leaf columns of `count` loans (the buffers are transferred). */
  leaves(columns: LeafColumns, count: number): void {
    if (this.failure !== undefined) throw this.failure;
    const { ids, idEnds, words } = columns;
    this.worker.postMessage({ kind: "leaves", ids: ids.buffer, idEnds: idEnds.buffer, words: words.buffer, count }, [
      ids.buffer,
      idEnds.buffer,
      words.buffer,
    ]);
    this.posted++;
  }

  /** Hands over the leaf hashes and id hashes of the next `hashes.length / 32` loans, hashed by the caller. */
  hashes(hashes: Uint8Array<ArrayBuffer>, idHashes: Uint8Array<ArrayBuffer>): void {
    if (this.failure !== undefined) throw this.failure;
    this.worker.postMessage({ kind: "hashes", hashes: hashes.buffer, idHashes: idHashes.buffer }, [hashes.buffer, idHashes.buffer]);
  }

  /** The tree; `onIds` receives the kept loans' id hashes first, unless the worker fails. */
  tree(drop: Uint8Array | undefined, sortLeaves: boolean, onIds: (idHashes: Uint8Array) => void): Promise<TreeReply> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    this.onIds = onIds;
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
    this.onIds = undefined;
    this.reply?.reject(this.failure);
    this.reply = undefined;
  }
}

/**
 * Hashes subtrees of the worker's tree until none is left unclaimed. It runs when this thread
 * next yields — after the statistics, while it would otherwise wait for the tree — so the tail
 * of a large tape is hashed on both cores.
 */
function helpHashSubtrees({ nodes, control, leafCount, subtrees }: HelpRequest): void {
  const bytes = new Uint8Array(nodes);
  try {
    for (let s; (s = Atomics.add(control, 0, 1)) < subtrees; ) {
      hashSubtreeInto(bytes, subtrees - 1 + s, leafCount);
      Atomics.add(control, 1, 1);
      Atomics.notify(control, 1);
    }
  } catch {
    // The worker waits for the subtrees claimed here: flag that they will not come, then release
    // its wait by counting every subtree done. It then fails, and tree() builds the whole tree on
    // this thread instead.
    Atomics.store(control, 2, 1);
    Atomics.add(control, 1, subtrees);
    Atomics.notify(control, 1);
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
  private idsSettled: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: LoanStore,
    options: ParallelTreeOptions = {},
  ) {
    this.minLoans = options.minLoans ?? 16_384;
    this.batch = options.batch ?? 4096;
    this.maxQueued = options.maxQueued ?? 3;
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
   * Settles once the store holds the id hashes the worker computed (after `tree()` was asked for),
   * or once it is clear that it will not; the store then hashes any it lacks itself. Awaited
   * before reading `store.loanIdHashes()`, it saves hashing every loan id twice.
   */
  idHashesAdopted(): Promise<void> {
    return this.idsSettled;
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
    let idsArrived: () => void = () => undefined;
    this.idsSettled = new Promise((resolve) => (idsArrived = resolve));
    const reply = this.worker.tree(drop, options.sortLeaves !== false, (idHashes) => {
      this.store.adoptIdHashes(idHashes);
      idsArrived();
    });
    try {
      const { nodes, slotOf } = await reply.finally(idsArrived);
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
    } else {
      const columns = this.worker.queued < this.maxQueued ? this.store.leafColumns(this.sent, to) : undefined;
      if (columns !== undefined) this.worker.leaves(columns, to - this.sent);
      else {
        const { hashes, idHashes } = this.store.leafHashesAndIdHashes(this.sent, to);
        this.worker.hashes(hashes, idHashes);
      }
    }
    this.sent = to;
  }
}
