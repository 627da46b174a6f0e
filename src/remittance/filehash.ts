/**
 * Streaming keccak256 of a file's bytes (the report's `fileHash`) on the project's WebAssembly
 * Keccak sponge (src/pool/keccak-wasm.ts), with its own instance so it never disturbs the leaf
 * hasher: chunks are absorbed as they are read, whole blocks at a time, the tail carried.
 * @noble/hashes needed about a second for a 100,000-loan file; this takes a few milliseconds.
 */
import { toHex, type Hex } from "../pool/bytes.js";
import { instantiateKeccakSponge } from "../pool/keccak-wasm.js";
import { keccakModule } from "../pool/keccak.js";

const RATE = 136;
const STATE = 0;
const DATA = 256;
/** Blocks absorbed per call (the instance's memory is 128 KiB). */
const CHUNK_BLOCKS = 900;

export class StreamingKeccak256 {
  private readonly sponge = instantiateKeccakSponge(keccakModule);
  /** Bytes of the message waiting at DATA (fewer than one chunk). */
  private pending = 0;
  private done = false;

  constructor() {
    this.sponge.memory.fill(0, STATE, STATE + 200);
  }

  update(bytes: Uint8Array): void {
    if (this.done) throw new Error("hash already finished");
    const mem = this.sponge.memory;
    let at = 0;
    while (at < bytes.length) {
      const room = CHUNK_BLOCKS * RATE - this.pending;
      const take = Math.min(room, bytes.length - at);
      mem.set(bytes.subarray(at, at + take), DATA + this.pending);
      this.pending += take;
      at += take;
      if (this.pending === CHUNK_BLOCKS * RATE) {
        this.sponge.absorb(STATE, DATA, CHUNK_BLOCKS);
        this.pending = 0;
      }
    }
  }

  digest(): Hex {
    if (this.done) throw new Error("hash already finished");
    this.done = true;
    const mem = this.sponge.memory;
    const blocks = Math.floor(this.pending / RATE) + 1;
    const end = DATA + blocks * RATE;
    mem.fill(0, DATA + this.pending, end);
    mem[DATA + this.pending] = 0x01;
    mem[end - 1] = mem[end - 1]! | 0x80;
    this.sponge.absorb(STATE, DATA, blocks);
    return toHex(mem, STATE, 32);
  }
}
