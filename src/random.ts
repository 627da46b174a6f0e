/**
 * Mulberry32: a small, fast, seedable uniform generator on [0, 1). Deterministic streams for Monte
 * Carlo paths, benchmarks and property tests (a failing case replays from its seed). Not for
 * anything that needs unpredictability.
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
