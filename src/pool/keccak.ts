/**
 * Keccak-256 (the Ethereum variant: pad10*1 with domain byte 0x01, not SHA3's 0x06) tuned for
 * the one hot loop of the loan commitment: about seven permutations per loan, seven million for a
 * 1,000,000-loan tape. `@noble/hashes`' keccak_256 costs ~4 µs per permutation on the benchmark
 * machines and allocates per call; here the absorbing loop is WebAssembly (keccak-wasm.ts) and
 * messages are staged in its memory, so the hot loop allocates nothing. Equal-length messages
 * (leaves, tree nodes, short loan ids) are hashed two at a time (keccak256OfStagedPair).
 * Equivalence with @noble/hashes is proven in test/pool/keccak.test.ts.
 */
import { compileKeccakModule, instantiateKeccakSponge } from "./keccak-wasm.js";

/** Sponge rate of Keccak-256, bytes (1600 - 2 × 256 bits). */
const RATE = 136;

/** The compiled WebAssembly module, for worker threads that hash with their own instance. */
export const keccakModule: object = compileKeccakModule();

// Memory layout of the WebAssembly instance. First page: the 200-byte state at 0, the message
// from DATA. Second page: the two interleaved states of a pair (400 bytes) at PAIR_STATE, the
// pair's messages at PAIR_A and PAIR_B. Everything below runs to completion without yielding,
// so no caller can observe it half-done.
const STATE = 0;
const DATA = 256;
const PAGE = 65_536;
const PAIR_STATE = PAGE;
/** Longest message (in blocks, padding included) hashed as a pair. */
const PAIR_MAX_BLOCKS = 16;
const PAIR_A = PAIR_STATE + 512;
const PAIR_B = PAIR_A + PAIR_MAX_BLOCKS * RATE;
const sponge = instantiateKeccakSponge(keccakModule);
const mem = sponge.memory;
/** Full blocks that fit in the message area, leaving room for the padding block. */
const MAX_BLOCKS = Math.floor((PAGE - DATA) / RATE) - 1;

/**
 * The message area of the hasher's memory, for callers that build a message in place (the leaf
 * encoder) and hash it with keccak256OfStaged; valid until the next call into this module.
 */
export const stagingArea: Uint8Array = mem.subarray(DATA, DATA + MAX_BLOCKS * RATE);

/** keccak256 of the first `length` bytes of stagingArea into out[outOffset .. +32). Pads in place. */
export function keccak256OfStaged(length: number, out: Uint8Array, outOffset: number): void {
  if (length > stagingArea.length) throw new RangeError(`staged message of ${length} bytes exceeds ${stagingArea.length}`);
  mem.fill(0, STATE, STATE + 200);
  finish(length);
  squeeze(out, outOffset);
}

/**
 * Where callers build two messages in place for keccak256OfStagedPair; valid until the next call
 * into this module. Each holds messages of up to PAIR_MAX_BLOCKS × 136 − 1 bytes.
 */
export const pairStaging: readonly [Uint8Array, Uint8Array] = [
  mem.subarray(PAIR_A, PAIR_A + PAIR_MAX_BLOCKS * RATE - 1),
  mem.subarray(PAIR_B, PAIR_B + PAIR_MAX_BLOCKS * RATE - 1),
];

/**
 * keccak256 of the first `length` bytes of pairStaging[0] and the first `lengthB` (default
 * `length`) of pairStaging[1], into outA[outAOffset ..] and outB[outBOffset ..]. Both sponges run in one pass of the SIMD
 * permutation (keccak-wasm.ts `absorb2`), which costs less than two single hashes; for the many
 * equal-length messages of the commitment (leaves, tree nodes). Pads in place.
 */
export function keccak256OfStagedPair(
  length: number,
  outA: Uint8Array,
  outAOffset: number,
  outB: Uint8Array,
  outBOffset: number,
  lengthB = length,
): void {
  const blocks = Math.floor(length / RATE) + 1;
  if (blocks > PAIR_MAX_BLOCKS) throw new RangeError(`staged pair messages of ${length} bytes exceed ${PAIR_MAX_BLOCKS * RATE - 1}`);
  // Both sponges absorb the same number of blocks; the lengths may differ within that.
  if (Math.floor(lengthB / RATE) + 1 !== blocks) throw new RangeError(`staged pair messages of ${length} and ${lengthB} bytes differ in blocks`);
  pad(PAIR_A, length, blocks);
  pad(PAIR_B, lengthB, blocks);
  mem.fill(0, PAIR_STATE, PAIR_STATE + 400);
  sponge.absorb2(PAIR_STATE, PAIR_A, PAIR_B, blocks);
  // Lane i of A is at PAIR_STATE + 16i, of B at + 8: the digests are lanes 0–3 of each.
  for (let lane = 0; lane < 4; lane++) {
    const from = PAIR_STATE + 16 * lane;
    for (let b = 0; b < 8; b++) {
      outA[outAOffset + 8 * lane + b] = mem[from + b]!;
      outB[outBOffset + 8 * lane + b] = mem[from + 8 + b]!;
    }
  }
}

/** keccak256(input[offset .. offset + length)) written to out[outOffset .. outOffset + 32). */
export function keccak256Into(input: Uint8Array, offset: number, length: number, out: Uint8Array, outOffset: number): void {
  mem.fill(0, STATE, STATE + 200);
  let pos = offset;
  const end = offset + length;
  // Messages larger than the staging area go through in whole-block chunks.
  while (end - pos > MAX_BLOCKS * RATE) {
    mem.set(input.subarray(pos, pos + MAX_BLOCKS * RATE), DATA);
    sponge.absorb(STATE, DATA, MAX_BLOCKS);
    pos += MAX_BLOCKS * RATE;
  }
  mem.set(input.subarray(pos, end), DATA);
  finish(end - pos);
  squeeze(out, outOffset);
}

/** keccak256 of a byte array, as a new 32-byte array. */
export function keccak256(input: Uint8Array): Uint8Array {
  const out = new Uint8Array(32);
  keccak256Into(input, 0, input.length, out, 0);
  return out;
}

/**
 * OpenZeppelin's commutative node hash: keccak256(min(a, b) ‖ max(a, b)) with a = nodes[aOffset ..
 * +32), b = nodes[bOffset .. +32), compared as big-endian byte strings (`Hashes.commutativeKeccak256`,
 * `standardNodeHash` in @openzeppelin/merkle-tree).
 */
export function hashSortedPairInto(nodes: Uint8Array, aOffset: number, bOffset: number, out: Uint8Array, outOffset: number): void {
  const swap = compareBytes32(nodes, aOffset, nodes, bOffset) > 0;
  const first = swap ? bOffset : aOffset;
  const second = swap ? aOffset : bOffset;
  for (let i = 0; i < 32; i++) {
    mem[DATA + i] = nodes[first + i]!;
    mem[DATA + 32 + i] = nodes[second + i]!;
  }
  mem.fill(0, STATE, STATE + 200);
  finish(64);
  squeeze(out, outOffset);
}

/** Big-endian comparison of two 32-byte words: negative, 0 or positive. */
export function compareBytes32(a: Uint8Array, aOffset: number, b: Uint8Array, bOffset: number): number {
  for (let i = 0; i < 32; i++) {
    const d = a[aOffset + i]! - b[bOffset + i]!;
    if (d !== 0) return d;
  }
  return 0;
}

/** Pads the `length`-byte message at DATA and absorbs every block. */
function finish(length: number): void {
  const blocks = Math.floor(length / RATE) + 1;
  pad(DATA, length, blocks);
  sponge.absorb(STATE, DATA, blocks);
}

/** Keccak's pad10*1 with domain byte 0x01 after the `length`-byte message at `at`, to `blocks` blocks. */
function pad(at: number, length: number, blocks: number): void {
  const padded = at + blocks * RATE;
  mem.fill(0, at + length, padded);
  mem[at + length] = 0x01;
  mem[padded - 1] = mem[padded - 1]! | 0x80;
}

function squeeze(out: Uint8Array, outOffset: number): void {
  for (let i = 0; i < 32; i++) out[outOffset + i] = mem[STATE + i]!;
}
