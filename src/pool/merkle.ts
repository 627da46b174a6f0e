/**
 * A Merkle tree over 32-byte leaf hashes, node for node the tree of @openzeppelin/merkle-tree
 * (`makeMerkleTree` in its core.js), so roots and proofs verify with OpenZeppelin's
 * `MerkleProof.verify` on chain and with `StandardMerkleTree.verify` off chain:
 *
 * - nodes are the flat array of a complete binary tree: node i has children 2i+1 and 2i+2, the
 *   n leaves occupy the last n slots in reverse order (leaf k at 2n-2-k), and an internal node is
 *   keccak256 of its two children sorted as byte strings;
 * - with `sortLeaves` (the library's default) leaves are placed in ascending order of their hash,
 *   which makes the root depend only on the *set* of leaves, not on their input order.
 *
 * The library keeps every node as a hex string and would need minutes and gigabytes for a
 * million leaves; here the nodes are one Uint8Array (64 bytes per leaf) hashed in place.
 */
import { InvalidInputError } from "../errors.js";
import { fromHex, toHex, type Hex } from "./bytes.js";
import { compareBytes32, hashSortedPairInto, keccak256OfStagedPair, pairStaging } from "./keccak.js";

export interface MerkleTreeOptions {
  /** Place leaves in ascending hash order, as StandardMerkleTree does by default. Default true. */
  sortLeaves?: boolean;
}

export class MerkleTree {
  private constructor(
    /** (2n − 1) × 32 bytes; node i at [32i, 32i + 32). */
    private readonly nodes: Uint8Array,
    /** Tree slot of input leaf i. */
    private readonly slotOf: Uint32Array,
  ) {}

  /**
   * Builds the tree over `leafHashes` (n × 32 bytes, leaf i at [32i, 32i + 32)).
   * Throws on an empty set: a root over nothing commits to nothing.
   */
  static build(leafHashes: Uint8Array, options: MerkleTreeOptions = {}): MerkleTree {
    if (leafHashes.length % 32 !== 0) throw new RangeError("leaf hashes must be a multiple of 32 bytes");
    const n = leafHashes.length / 32;
    if (n === 0) throw new InvalidInputError("merkle tree", "needs at least one leaf");
    const order = options.sortLeaves === false ? identity(n) : sortedOrder(leafHashes, n);
    const slots = 2 * n - 1;
    const nodes = new Uint8Array(slots * 32);
    const slotOf = new Uint32Array(n);
    for (let k = 0; k < n; k++) {
      const leaf = order[k]!;
      const slot = slots - 1 - k;
      nodes.set(leafHashes.subarray(32 * leaf, 32 * leaf + 32), 32 * slot);
      slotOf[leaf] = slot;
    }
    // Internal nodes from the last to the root, two at a time: nodes i and i − 1 have children
    // 2i − 1 … 2i + 2, all beyond i (hence already hashed) as long as i ≥ 2.
    let i = slots - 1 - n;
    for (; i >= 2; i -= 2) hashSortedPairsInto(nodes, i, i - 1);
    for (; i >= 0; i--) hashSortedPairInto(nodes, 32 * (2 * i + 1), 32 * (2 * i + 2), nodes, 32 * i);
    return new MerkleTree(nodes, slotOf);
  }

  /**
   * A tree built elsewhere in this class's layout (parallel-tree.ts's worker): `nodes` (2n − 1)
   * × 32 bytes, `slotOf[i]` the slot of input leaf i. Checks the shape only, not the hashes.
   */
  static fromNodes(nodes: Uint8Array, slotOf: Uint32Array): MerkleTree {
    const n = slotOf.length;
    if (n === 0 || nodes.length !== 32 * (2 * n - 1)) throw new RangeError(`${nodes.length} bytes of nodes for ${n} leaves`);
    return new MerkleTree(nodes, slotOf);
  }

  get leafCount(): number {
    return this.slotOf.length;
  }

  get root(): Hex {
    return toHex(this.nodes, 0, 32);
  }

  /** Hash of input leaf `index` as stored in the tree. */
  leafHash(index: number): Hex {
    return toHex(this.nodes, 32 * this.slot(index), 32);
  }

  /** Position of input leaf `index` in the flat node array (StandardMerkleTree's `treeIndex`). */
  treeIndex(index: number): number {
    return this.slot(index);
  }

  /** Every node as hex, root first: the `tree` array of an OpenZeppelin tree dump. */
  nodeHexes(): Hex[] {
    return Array.from({ length: this.nodes.length / 32 }, (_, i) => toHex(this.nodes, 32 * i, 32));
  }

  /** Sibling hashes from input leaf `index` up to the root, the `proof` of `MerkleProof.verify`. */
  proof(index: number): Hex[] {
    const proof: Hex[] = [];
    for (let i = this.slot(index); i > 0; i = (i - 1) >> 1) {
      const sibling = i % 2 === 1 ? i + 1 : i - 1;
      proof.push(toHex(this.nodes, 32 * sibling, 32));
    }
    return proof;
  }

  private slot(index: number): number {
    const slot = this.slotOf[index];
    if (!Number.isInteger(index) || slot === undefined) {
      throw new RangeError(`leaf index ${index} out of range 0..${this.leafCount - 1}`);
    }
    return slot;
  }
}

/**
 * Hashes the internal nodes of the subtree rooted at node `root` of a flat tree over `leafCount`
 * leaves whose leaves are in place, deepest level first (a level depends only on the one below).
 * tree-worker.mjs `hashSubtree` is the same walk: the two threads share a large tree's subtrees.
 */
export function hashSubtreeInto(nodes: Uint8Array, root: number, leafCount: number): void {
  const lastInternal = leafCount - 2;
  let width = 1;
  while ((root + 1) * 2 * width - 1 <= lastInternal) width *= 2;
  for (; width >= 1; width /= 2) {
    const start = (root + 1) * width - 1;
    const end = Math.min(start + width, lastInternal + 1);
    let i = start;
    for (; i + 1 < end; i += 2) hashSortedPairsInto(nodes, i, i + 1);
    if (i < end) hashSortedPairInto(nodes, 32 * (2 * i + 1), 32 * (2 * i + 2), nodes, 32 * i);
  }
}

/** Nodes i and j of a flat tree, each the sorted-pair hash of its children, in one paired hash. */
function hashSortedPairsInto(nodes: Uint8Array, i: number, j: number): void {
  stageSortedPair(nodes, i, pairStaging[0]);
  stageSortedPair(nodes, j, pairStaging[1]);
  keccak256OfStagedPair(64, nodes, 32 * i, nodes, 32 * j);
}

/** min(left, right) ‖ max(left, right) of node i's children, as 64 bytes at the start of `into`. */
function stageSortedPair(nodes: Uint8Array, i: number, into: Uint8Array): void {
  const left = 32 * (2 * i + 1);
  const right = left + 32;
  const swap = compareBytes32(nodes, left, nodes, right) > 0;
  into.set(nodes.subarray(swap ? right : left, (swap ? right : left) + 32), 0);
  into.set(nodes.subarray(swap ? left : right, (swap ? left : right) + 32), 32);
}

/** The root `proof` leads to from `leafHash`, folding with the sorted-pair node hash. */
export function processProof(leafHash: Hex, proof: readonly Hex[]): Hex {
  const pair = new Uint8Array(64);
  pair.set(fromHex(leafHash, 32), 0);
  for (const sibling of proof) {
    pair.set(fromHex(sibling, 32), 32);
    hashSortedPairInto(pair, 0, 32, pair, 0);
  }
  return toHex(pair, 0, 32);
}

/** `MerkleProof.verify(proof, root, leaf)` in TypeScript. Malformed hex is simply not a proof. */
export function verifyProof(root: Hex, leafHash: Hex, proof: readonly Hex[]): boolean {
  try {
    return processProof(leafHash, proof) === root.toLowerCase();
  } catch {
    return false;
  }
}

function identity(n: number): Uint32Array {
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  return order;
}

/**
 * Leaf indices in ascending order of their hash. Sorting a million indices with a comparator is
 * slow in V8, so each leaf becomes one float64 key — the top bits of its hash above its index,
 * which makes keys distinct — sorted natively; runs sharing the truncated prefix are then
 * re-sorted by full comparison.
 */
export function sortedOrder(hashes: Uint8Array, n: number): Uint32Array {
  const indexBits = Math.max(1, Math.ceil(Math.log2(n)));
  const prefixBits = Math.min(32, 53 - indexBits);
  const indexScale = 2 ** indexBits;
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const p = 32 * i;
    const top = ((hashes[p]! << 24) | (hashes[p + 1]! << 16) | (hashes[p + 2]! << 8) | hashes[p + 3]!) >>> 0;
    keys[i] = Math.floor(top / 2 ** (32 - prefixBits)) * indexScale + i;
  }
  keys.sort();
  const order = new Uint32Array(n);
  for (let k = 0; k < n; k++) order[k] = keys[k]! % indexScale;
  const prefixOf = (k: number) => Math.floor(keys[k]! / indexScale);
  for (let start = 0; start < n; ) {
    let end = start + 1;
    while (end < n && prefixOf(end) === prefixOf(start)) end++;
    if (end - start > 1) {
      const run = Array.from(order.subarray(start, end));
      run.sort((a, b) => compareBytes32(hashes, 32 * a, hashes, 32 * b));
      order.set(run, start);
    }
    start = end;
  }
  return order;
}
