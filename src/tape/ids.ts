/**
 * Set of loan ids seen so far, with the line each was first seen on. A 1,000,000-entry
 * `Map<string, number>` costs about a second of hashing, rehashing and GC on the tape's hot
 * path. This open-addressing table keeps each slot's hash next to its entry index in one typed
 * array, so a probe for a new id touches one cache line and compares strings only when the
 * hashes match.
 */
export class LoanIdSet {
  private readonly ids: string[] = [];
  private lines = new Int32Array(1024);
  /** Slot k is `[hash, 1 + index into ids]` at `2k, 2k + 1` (index 0 = empty). At most half full. */
  private table = new Int32Array(2 * 2048);

  get size(): number {
    return this.ids.length;
  }

  /** Adds `id` first seen on `line`; returns the earlier line if it was already there, else -1. */
  add(id: string, line: number): number {
    const h = hash(id);
    const table = this.table;
    const mask = (table.length >> 1) - 1;
    let s = h & mask;
    for (;;) {
      const entry = table[2 * s + 1] as number;
      if (entry === 0) break;
      if (table[2 * s] === h && this.ids[entry - 1] === id) return this.lines[entry - 1] as number;
      s = (s + 1) & mask;
    }
    const i = this.ids.length;
    this.ids.push(id);
    if (i === this.lines.length) {
      const lines = new Int32Array(this.lines.length * 2);
      lines.set(this.lines);
      this.lines = lines;
    }
    this.lines[i] = line;
    table[2 * s] = h;
    table[2 * s + 1] = i + 1;
    if ((i + 1) * 2 > mask + 1) this.grow();
    return -1;
  }

  private grow(): void {
    const old = this.table;
    const table = new Int32Array(old.length * 2);
    const mask = (table.length >> 1) - 1;
    for (let k = 0; k < old.length; k += 2) {
      const entry = old[k + 1] as number;
      if (entry === 0) continue;
      const h = old[k] as number;
      let s = h & mask;
      while (table[2 * s + 1] !== 0) s = (s + 1) & mask;
      table[2 * s] = h;
      table[2 * s + 1] = entry;
    }
    this.table = table;
  }
}

/** FNV-1a over UTF-16 code units, finished with a murmur3 mix so low bits spread well. */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h;
}
