/**
 * Worker thread of parallel-tree.ts: hashes the pool's loan ids and leaves on the second core
 * while the main thread parses the tape, then builds the Merkle tree over them, so that the main
 * thread only parses, filters and computes the statistics.
 *
 * Plain JavaScript on purpose: a worker starts a fresh module loader, and the TypeScript loader
 * the main thread runs under (tsx, Hardhat's) is not guaranteed to be registered in it. It cannot
 * import keccak.ts or merkle.ts, so it receives the compiled Keccak-f module of keccak-wasm.ts (a
 * WebAssembly.Module is structured-cloneable) and repeats the few lines it needs of keccak.ts
 * (padding, pairing) and merkle.ts (leaf order, node layout). test/pool/parallel-tree.test.ts
 * checks that its trees equal MerkleTree.build's, which is checked against OpenZeppelin's.
 *
 * workerData: { module: WebAssembly.Module, leafWords: number, bytes2Word: number, hashed:
 *   Int32Array } — the leaf's ABI words (LEAF_WORDS of leaf.ts), the index of its one bytes2 word
 *   (the state), and a shared counter of "leaves" messages hashed so far.
 * Messages in (ArrayBuffers are transferred):
 *   { kind: "leaves", ids: ArrayBuffer, idEnds: ArrayBuffer, words: ArrayBuffer, count }  count
 *       leaves in store order (store.ts `LeafColumns`): UTF-8 loan ids (at most 8 Keccak blocks
 *       each) and leafWords − 1 float64 numeric words each, as LoanStore holds them. keccak256(id)
 *       is kept, each leaf is ABI-encoded exactly as leaf.ts `encodeLeafAbiInto` does, and its
 *       leaf hash keccak256(keccak256(encoding)) is kept. Then `hashed` goes up by one (no reply:
 *       the main thread reads the counter when it decides where to hash).
 *   { kind: "hashes", hashes: ArrayBuffer, idHashes: ArrayBuffer }  the leaf hashes and id hashes
 *       of the next loans in store order, hashed by the main thread (while this thread was
 *       behind); kept as they are.
 *   { kind: "tree", drop: ArrayBuffer | undefined, sortLeaves }  drop flags (1 = leave out) per
 *       leaf received. Replies first { kind: "ids", idHashes: ArrayBuffer }, the id hashes of the
 *       kept loans in order (the main thread checks them for duplicates meanwhile), then, for a
 *       large tree, { kind: "help", nodes: SharedArrayBuffer, control: Int32Array, leafCount,
 *       subtrees } (see `shareSubtrees`), and finally { kind: "tree", nodes: ArrayBuffer |
 *       SharedArrayBuffer, slotOf: ArrayBuffer } as MerkleTree holds them.
 */
import { parentPort, workerData } from "node:worker_threads";

/** Sponge rate of Keccak-256, bytes. */
const RATE = 136;
// The instance's memory, as keccak.ts lays it out for pairs: two interleaved 200-byte states at
// STATE (lane i of sponge A at STATE + 16i, of B at + 8), the two messages at A and B.
const STATE = 65_536;
const A = STATE + 512;
const B = A + 16 * RATE;

const { module, leafWords, bytes2Word, hashed } = workerData;
const messageBytes = 32 * leafWords;
const { absorb2, memory } = new WebAssembly.Instance(module).exports;
const mem = new Uint8Array(memory.buffer);
// 32-byte hashes are moved as eight 32-bit words: a copy keeps byte order whatever the view.
const mem32 = new Uint32Array(memory.buffer);
if (Math.floor(messageBytes / RATE) + 1 > 16) throw new RangeError(`messages of ${messageBytes} bytes do not fit`);

/** Keccak's pad10*1 with domain byte 0x01 after the `length`-byte message at `at` (as keccak.ts). */
function pad(at, length, blocks) {
  const padded = at + blocks * RATE;
  mem.fill(0, at + length, padded);
  mem[at + length] = 0x01;
  mem[padded - 1] |= 0x80;
}

/** Copies the 32-byte hash at word `from` of `src` to word `to` of `dst` (Uint32Array views). */
function copy32(src, from, dst, to) {
  for (let w = 0; w < 8; w++) dst[to + w] = src[from + w];
}

/**
 * keccak256 of the `length` bytes at A and the `lengthB` bytes at B, which span the same number of
 * blocks (padded here unless `padded`); the digests replace the messages' first 32 bytes.
 */
function keccakPairInPlace(length, padded = false, lengthB = length) {
  const blocks = Math.floor(length / RATE) + 1;
  if (!padded) {
    pad(A, length, blocks);
    pad(B, lengthB, blocks);
  }
  mem.fill(0, STATE, STATE + 400);
  absorb2(STATE, A, B, blocks);
  // Lane i of A is the 8 bytes at STATE + 16i, of B the next 8; the digests are lanes 0–3.
  for (let lane = 0; lane < 4; lane++) {
    const w = (STATE >> 2) + 4 * lane;
    mem32[(A >> 2) + 2 * lane] = mem32[w];
    mem32[(A >> 2) + 2 * lane + 1] = mem32[w + 1];
    mem32[(B >> 2) + 2 * lane] = mem32[w + 2];
    mem32[(B >> 2) + 2 * lane + 1] = mem32[w + 3];
  }
}

// Leaf hashes and keccak256(loanId)s received or computed so far, 32 bytes each, in store order.
let leaves = new Uint8Array(32 * 65_536);
let idHashes = new Uint8Array(32 * 65_536);
let leafCount = 0;

/** A 32-bit view of a whole buffer. */
const view32 = (bytes) => new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.length >> 2);

/**
 * abi.encode of leaf k at `at` in the instance's memory: leaf.ts `encodeLeafAbiInto`, line for
 * line. Integers are big-endian at the end of their word (values < 2^53: the last 8 bytes hold
 * them), the bytes2 state is left-aligned.
 */
function encodeLeaf(idHashes32, words, k, at) {
  mem.fill(0, at, at + messageBytes);
  copy32(idHashes32, 8 * k, mem32, at >> 2);
  const numeric = leafWords - 1;
  for (let w = 1; w < leafWords; w++) {
    const v = words[numeric * k + w - 1];
    const word = at + 32 * w;
    if (w === bytes2Word) {
      mem[word] = v >>> 8;
      mem[word + 1] = v & 0xff;
      continue;
    }
    const high = Math.floor(v / 0x1_0000_0000);
    const low = v - high * 0x1_0000_0000;
    mem[word + 24] = high >>> 24;
    mem[word + 25] = (high >>> 16) & 0xff;
    mem[word + 26] = (high >>> 8) & 0xff;
    mem[word + 27] = high & 0xff;
    mem[word + 28] = low >>> 24;
    mem[word + 29] = (low >>> 16) & 0xff;
    mem[word + 30] = (low >>> 8) & 0xff;
    mem[word + 31] = low & 0xff;
  }
}

/** `buffer` with room for `count` more hashes after the first leafCount. */
function reserved(buffer, count) {
  if (32 * (leafCount + count) <= buffer.length) return buffer;
  const grown = new Uint8Array(Math.max(2 * buffer.length, 32 * (leafCount + count)));
  grown.set(buffer.subarray(0, 32 * leafCount));
  return grown;
}

/** Blocks Keccak-256 absorbs for a `length`-byte message (padding included). */
const blocksOf = (length) => Math.floor(length / RATE) + 1;

/** keccak256 of the `count` UTF-8 ids in `ids` (ends in `idEnds`) into idHashes from leafCount on. */
function hashIds(ids, idEnds, count) {
  const out32 = view32(idHashes);
  // Two ids per permutation pass when they span as many blocks (equal-length ids always do); an
  // id paired with nothing of its size is paired with itself.
  for (let k = 0; k < count; ) {
    const startA = k === 0 ? 0 : idEnds[k - 1];
    const lengthA = idEnds[k] - startA;
    let k2 = k + 1 < count ? k + 1 : k;
    let lengthB = idEnds[k2] - idEnds[k2 - 1];
    if (k2 === k || blocksOf(lengthB) !== blocksOf(lengthA)) {
      k2 = k;
      lengthB = lengthA;
    }
    const startB = k2 === 0 ? 0 : idEnds[k2 - 1];
    // Byte loops rather than mem.set(ids.subarray(…)): ids are a dozen bytes, and two views per
    // pair would be a million short-lived objects on a 1,000,000-loan tape.
    for (let b = 0; b < lengthA; b++) mem[A + b] = ids[startA + b];
    for (let b = 0; b < lengthB; b++) mem[B + b] = ids[startB + b];
    keccakPairInPlace(lengthA, false, lengthB);
    copy32(mem32, A >> 2, out32, 8 * (leafCount + k));
    copy32(mem32, B >> 2, out32, 8 * (leafCount + k2));
    k = k2 + 1;
  }
}

function hashLeaves(idBuffer, idEndBuffer, wordBuffer, count) {
  const words = new Float64Array(wordBuffer);
  leaves = reserved(leaves, count);
  idHashes = reserved(idHashes, count);
  hashIds(new Uint8Array(idBuffer), new Int32Array(idEndBuffer), count);
  // The batch's id hashes, leaf by leaf from 0, as encodeLeaf reads them.
  const idHashes32 = new Uint32Array(idHashes.buffer, 32 * leafCount, 8 * count);
  const leaves32 = view32(leaves);
  // Two leaves per permutation pass; an odd last leaf is paired with itself.
  for (let k = 0; k < count; k += 2) {
    const k2 = Math.min(k + 1, count - 1);
    encodeLeaf(idHashes32, words, k, A);
    encodeLeaf(idHashes32, words, k2, B);
    keccakPairInPlace(messageBytes); // the inner hashes, which are the outer hashes' messages
    keccakPairInPlace(32);
    copy32(mem32, A >> 2, leaves32, 8 * (leafCount + k));
    copy32(mem32, B >> 2, leaves32, 8 * (leafCount + k2));
  }
  leafCount += count;
}

function compareBytes32(a, aOffset, b, bOffset) {
  for (let i = 0; i < 32; i++) {
    const d = a[aOffset + i] - b[bOffset + i];
    if (d !== 0) return d;
  }
  return 0;
}

/** Leaf indices in ascending order of their hash: merkle.ts `sortedOrder`, line for line. */
function sortedOrder(hashes, n) {
  const indexBits = Math.max(1, Math.ceil(Math.log2(n)));
  const prefixBits = Math.min(32, 53 - indexBits);
  const indexScale = 2 ** indexBits;
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const p = 32 * i;
    const top = ((hashes[p] << 24) | (hashes[p + 1] << 16) | (hashes[p + 2] << 8) | hashes[p + 3]) >>> 0;
    keys[i] = Math.floor(top / 2 ** (32 - prefixBits)) * indexScale + i;
  }
  keys.sort();
  const order = new Uint32Array(n);
  for (let k = 0; k < n; k++) order[k] = keys[k] % indexScale;
  const prefixOf = (k) => Math.floor(keys[k] / indexScale);
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

/** Stages min(left, right) ‖ max(left, right) of node i's children at `at`. */
function stageSortedChildren(nodes, nodes32, i, at) {
  const left = 2 * i + 1;
  const right = left + 1;
  const swap = compareBytes32(nodes, 32 * left, nodes, 32 * right) > 0;
  copy32(nodes32, 8 * (swap ? right : left), mem32, at >> 2);
  copy32(nodes32, 8 * (swap ? left : right), mem32, (at >> 2) + 8);
}

/** Nodes i and j (possibly equal), each the sorted-pair hash of its children. Padding is staged. */
function hashNodes(nodes, nodes32, i, j) {
  stageSortedChildren(nodes, nodes32, i, A);
  stageSortedChildren(nodes, nodes32, j, B);
  keccakPairInPlace(64, true);
  copy32(mem32, A >> 2, nodes32, 8 * i);
  copy32(mem32, B >> 2, nodes32, 8 * j);
}

/**
 * Depth at which a large tree is cut into subtrees that both threads hash: 2^6 = 64 pieces of
 * ~15,000 nodes for a 1,000,000-leaf tree, small enough to share the work evenly.
 */
const SHARE_DEPTH = 6;
/** Below this many leaves the tree is hashed here alone (a few milliseconds). */
const SHARE_MIN_LEAVES = 1 << 14;

/**
 * The internal nodes under subtree root `r` (r included), deepest level first; within a level
 * nodes depend only on the level below, so they are hashed in pairs. merkle.ts
 * `hashSubtreeInto` is the same walk on the main thread.
 */
function hashSubtree(nodes, nodes32, r, n) {
  const lastInternal = n - 2;
  let width = 1;
  while ((r + 1) * 2 * width - 1 <= lastInternal) width *= 2;
  for (; width >= 1; width /= 2) {
    const start = (r + 1) * width - 1;
    const end = Math.min(start + width, lastInternal + 1);
    let i = start;
    for (; i + 1 < end; i += 2) hashNodes(nodes, nodes32, i, i + 1);
    if (i < end) hashNodes(nodes, nodes32, i, i);
  }
}

/**
 * Hashes the internal nodes of a large tree together with the main thread: the 2^SHARE_DEPTH
 * subtrees below depth SHARE_DEPTH are claimed one at a time from a shared counter by whichever
 * thread is free (the main thread joins once it has computed the statistics), then this thread
 * waits for the main thread's last subtree and hashes the few nodes above them. Node hashes do
 * not depend on who computes them, so the tree is the same as when one thread builds it.
 */
function shareSubtrees(sharedNodes, nodes, nodes32, n) {
  const subtrees = 2 ** SHARE_DEPTH;
  // [0]: next subtree to claim, [1]: subtrees hashed, [2]: 1 once the main thread failed.
  const control = new Int32Array(new SharedArrayBuffer(12));
  parentPort.postMessage({ kind: "help", nodes: sharedNodes, control, leafCount: n, subtrees });
  for (let s; (s = Atomics.add(control, 0, 1)) < subtrees; ) {
    hashSubtree(nodes, nodes32, subtrees - 1 + s, n);
    Atomics.add(control, 1, 1);
  }
  for (let done; (done = Atomics.load(control, 1)) < subtrees; ) Atomics.wait(control, 1, done);
  if (Atomics.load(control, 2) !== 0) throw new Error("the main thread could not hash its share of the tree");
  for (let i = Math.min(subtrees - 2, n - 2); i >= 0; i--) hashNodes(nodes, nodes32, i, i);
}

/** The flat tree of merkle.ts `MerkleTree.build` over `hashes` (n × 32 bytes). */
function buildTree(hashes, n, sortLeaves) {
  const slots = 2 * n - 1;
  const share = n >= SHARE_MIN_LEAVES;
  const sharedNodes = share ? new SharedArrayBuffer(32 * slots) : undefined;
  const nodes = share ? new Uint8Array(sharedNodes) : new Uint8Array(32 * slots);
  const nodes32 = view32(nodes);
  const hashes32 = view32(hashes);
  const slotOf = new Uint32Array(n);
  const order = sortLeaves ? sortedOrder(hashes, n) : null;
  for (let k = 0; k < n; k++) {
    const leaf = order === null ? k : order[k];
    const slot = slots - 1 - k;
    copy32(hashes32, 8 * leaf, nodes32, 8 * slot);
    slotOf[leaf] = slot;
  }
  // Every node message is 64 bytes: pad both staging areas once.
  pad(A, 64, 1);
  pad(B, 64, 1);
  if (share) {
    shareSubtrees(sharedNodes, nodes, nodes32, n);
    return { nodes: sharedNodes, slotOf: slotOf.buffer };
  }
  // Two internal nodes at a time (i and i − 1 only have children beyond i while i ≥ 2), as merkle.ts.
  let i = slots - 1 - n;
  for (; i >= 2; i -= 2) hashNodes(nodes, nodes32, i, i - 1);
  for (; i >= 0; i--) hashNodes(nodes, nodes32, i, i);
  return { nodes: nodes.buffer, slotOf: slotOf.buffer };
}

/** Leaves out the leaves and id hashes flagged in `drop` (in place); returns how many are kept. */
function compact(drop) {
  if (drop === undefined) return leafCount;
  const flags = new Uint8Array(drop);
  if (flags.length !== leafCount) throw new RangeError(`${flags.length} drop flags for ${leafCount} leaves`);
  // Kept hashes move towards the front, never past an unread one.
  const leaves32 = view32(leaves);
  const ids32 = view32(idHashes);
  let n = 0;
  for (let k = 0; k < leafCount; k++) {
    if (flags[k] === 1) continue;
    if (n !== k) {
      copy32(leaves32, 8 * k, leaves32, 8 * n);
      copy32(ids32, 8 * k, ids32, 8 * n);
    }
    n++;
  }
  return n;
}

parentPort.on("message", (message) => {
  if (message.kind === "leaves") {
    hashLeaves(message.ids, message.idEnds, message.words, message.count);
    Atomics.add(hashed, 0, 1);
    return;
  }
  if (message.kind === "hashes") {
    const hashes = new Uint8Array(message.hashes);
    const count = hashes.length / 32;
    leaves = reserved(leaves, count);
    idHashes = reserved(idHashes, count);
    leaves.set(hashes, 32 * leafCount);
    idHashes.set(new Uint8Array(message.idHashes), 32 * leafCount);
    leafCount += count;
    return;
  }
  const n = compact(message.drop);
  if (n === 0) throw new RangeError("no leaves to build a tree over");
  const kept = idHashes.slice(0, 32 * n);
  parentPort.postMessage({ kind: "ids", idHashes: kept.buffer }, [kept.buffer]);
  const { nodes, slotOf } = buildTree(leaves.subarray(0, 32 * n), n, message.sortLeaves);
  // A SharedArrayBuffer is shared, not transferred.
  parentPort.postMessage({ kind: "tree", nodes, slotOf }, nodes instanceof SharedArrayBuffer ? [slotOf] : [nodes, slotOf]);
});
