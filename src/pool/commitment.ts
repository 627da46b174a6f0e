/**
 * The loan-level commitment of a pool: a StandardMerkleTree-compatible tree over the canonical
 * loan leaves (leaf.ts, docs/loan-commitment.md), with a proof for any loan by its id.
 */
import { InvalidInputError } from "../errors.js";
import { fromHex, toHex, type Hex } from "./bytes.js";
import { encodeLeafAbiInto, leafTuple, LEAF_ABI_BYTES, LEAF_ENCODING, loanIdHashInto, type LoanLeaf } from "./leaf.js";
import { MerkleTree, sortedOrder, verifyProof, type MerkleTreeOptions } from "./merkle.js";
import { compareBytes32, keccak256, keccak256OfStaged, stagingArea } from "./keccak.js";
import type { LoanStore } from "./store.js";

export interface LoanProof {
  loanId: string;
  leaf: LoanLeaf;
  /** The leaf values in LEAF_ENCODING order, ready for an ABI encoder or `StandardMerkleTree.verify`. */
  values: ReturnType<typeof leafTuple>;
  /** keccak256(abi.encode(values)): the inner hash, what `LoanPool.verifyLoan(loanHash, proof)` takes. */
  loanHash: Hex;
  /** keccak256(bytes.concat(loanHash)): the tree leaf. */
  leafHash: Hex;
  proof: Hex[];
}

/**
 * The JSON `StandardMerkleTree.dump()` writes and `StandardMerkleTree.load()` reads
 * (@openzeppelin/merkle-tree 1.x), with uint256 values as decimal strings so it survives JSON.
 */
export interface StandardTreeDump {
  format: "standard-v1";
  leafEncoding: string[];
  tree: Hex[];
  values: { value: (string | number)[]; treeIndex: number }[];
}

export class LoanCommitment {
  readonly leafEncoding: readonly string[] = LEAF_ENCODING;

  /** Store indices in ascending order of keccak256(loanId), for lookup by id; built on first use. */
  private byIdHashIndex: Uint32Array | undefined;

  private constructor(
    private readonly store: LoanStore,
    private readonly tree: MerkleTree,
  ) {}

  /**
   * Commits every loan of `store`. Throws on an empty store and on a loan id that appears twice
   * (its proof would be ambiguous), naming both lines.
   */
  static build(store: LoanStore, options: MerkleTreeOptions = {}): LoanCommitment {
    checkUniqueIds(store);
    return new LoanCommitment(store, MerkleTree.build(store.leafHashes(), options));
  }

  /**
   * `build` with the tree over the store's leaves built elsewhere (ParallelTree's worker): the
   * loan ids are checked while the tree is still on its way.
   */
  static async withTree(store: LoanStore, tree: Promise<MerkleTree>): Promise<LoanCommitment> {
    checkUniqueIds(store);
    const built = await tree;
    if (built.leafCount !== store.length) throw new RangeError(`a tree of ${built.leafCount} leaves for ${store.length} loans`);
    return new LoanCommitment(store, built);
  }

  get root(): Hex {
    return this.tree.root;
  }

  get leafCount(): number {
    return this.tree.leafCount;
  }

  has(loanId: string): boolean {
    return this.find(loanId) !== undefined;
  }

  /** The proof that `loanId`'s leaf is in the tree; throws if the loan is not committed. */
  proof(loanId: string): LoanProof {
    const i = this.find(loanId);
    if (i === undefined) throw new InvalidInputError(`loan ${loanId}`, "not in the committed pool");
    const leaf = this.store.leaf(i);
    return { loanId, leaf, values: leafTuple(leaf), loanHash: loanHashOf(leaf), leafHash: this.tree.leafHash(i), proof: this.tree.proof(i) };
  }

  /**
   * The whole tree in OpenZeppelin's dump format, so any holder can `StandardMerkleTree.load` it
   * and produce proofs with the library. ~3 KB a loan as JSON: publish it for pools of moderate
   * size; for very large ones serve proofs from `proof()` instead.
   */
  dump(): StandardTreeDump {
    const values: StandardTreeDump["values"] = [];
    for (let i = 0; i < this.store.length; i++) {
      const value = leafTuple(this.store.leaf(i)).map((v) => (typeof v === "bigint" ? v.toString() : v));
      values.push({ value, treeIndex: this.tree.treeIndex(i) });
    }
    return { format: "standard-v1", leafEncoding: [...LEAF_ENCODING], tree: this.tree.nodeHexes(), values };
  }

  /** Committed loan ids in tape order. */
  *loanIds(): IterableIterator<string> {
    for (let i = 0; i < this.store.length; i++) yield this.store.loanId(i);
  }

  private find(loanId: string): number | undefined {
    const target = new Uint8Array(32);
    loanIdHashInto(loanId, target, 0);
    const idHashes = this.store.loanIdHashes();
    // Sorting a million hashes takes a few hundred milliseconds that tokenizing never needs.
    const byIdHash = (this.byIdHashIndex ??= sortedOrder(idHashes, this.store.length));
    let lo = 0;
    let hi = byIdHash.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const i = byIdHash[mid]!;
      const c = compareBytes32(idHashes, 32 * i, target, 0);
      if (c === 0) return i;
      if (c < 0) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
  }
}

/**
 * Throws on an empty store and on a loan id that appears twice (its proof would be ambiguous),
 * naming the first repeat in store order and the line it repeats. One pass over a hash table
 * keyed by the first 4 bytes of keccak256(loanId), which are uniformly distributed.
 */
function checkUniqueIds(store: LoanStore): void {
  const n = store.length;
  if (n === 0) throw new InvalidInputError("loan commitment", "no loans to commit");
  const idHashes = store.loanIdHashes();
  // Open addressing, at most half full; a slot holds 1 + a store index, 0 when empty.
  const slots = new Int32Array(2 ** Math.ceil(Math.log2(2 * n)));
  const mask = slots.length - 1;
  for (let b = 0; b < n; b++) {
    const p = 32 * b;
    let s = ((idHashes[p]! << 24) | (idHashes[p + 1]! << 16) | (idHashes[p + 2]! << 8) | idHashes[p + 3]!) & mask;
    for (; slots[s] !== 0; s = (s + 1) & mask) {
      const a = slots[s]! - 1;
      if (compareBytes32(idHashes, 32 * a, idHashes, p) === 0) {
        throw new InvalidInputError(`loan ${store.loanId(b)}`, `duplicate loan id (lines ${store.line(a)} and ${store.line(b)})`, {
          loanId: store.loanId(b),
          lines: [store.line(a), store.line(b)],
        });
      }
    }
    slots[s] = b + 1;
  }
}

/**
 * keccak256(abi.encode(values)) of typed leaf values — the inner hash the pool contract's
 * `verifyLoan` takes. Values outside what the leaf encoder can produce (cents above 2^53,
 * malformed hex) throw rather than hash something else.
 */
export function loanHashOf(leaf: LoanLeaf): Hex {
  const words = leafTuple(leaf)
    .slice(1)
    .map((v, i) => {
      const n = typeof v === "bigint" ? Number(v) : typeof v === "string" ? Number.parseInt(fromHexString(v, 2), 16) : v;
      if (!Number.isSafeInteger(n) || n < 0 || (typeof v === "bigint" && BigInt(n) !== v)) {
        throw new RangeError(`leaf value ${i + 1} (${String(v)}) is not a committable integer`);
      }
      return n;
    });
  encodeLeafAbiInto(fromHex(leaf.loanIdHash, 32), 0, words, stagingArea, 0);
  const out = new Uint8Array(32);
  keccak256OfStaged(LEAF_ABI_BYTES, out, 0);
  return toHex(out);
}

/** The StandardMerkleTree leaf of typed leaf values: keccak256(bytes.concat(loanHashOf(leaf))). */
export function hashLoanLeaf(leaf: LoanLeaf): Hex {
  return toHex(keccak256(fromHex(loanHashOf(leaf), 32)));
}

function fromHexString(hex: string, bytes: number): string {
  return Buffer.from(fromHex(hex, bytes)).toString("hex");
}

/** True when `proof` shows that `leaf` is committed under `root` (what the pool's view checks). */
export function verifyLoanProof(root: Hex, leaf: LoanLeaf, proof: readonly Hex[]): boolean {
  let leafHash: Hex;
  try {
    leafHash = hashLoanLeaf(leaf);
  } catch {
    return false; // a leaf the encoder could never have produced is in no pool
  }
  return verifyProof(root, leafHash, proof);
}
