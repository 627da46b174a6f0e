import { MbsError } from "../errors.js";

/** A root could not be bracketed or did not converge. */
export class SolverError extends MbsError {}

/**
 * Root of `f` on [lo, hi] by bisection; `f(lo)` and `f(hi)` must not have the same sign.
 * Stops when the bracket is narrower than `tolerance` (absolute, in x).
 */
export function bisect(f: (x: number) => number, lo: number, hi: number, tolerance = 1e-12, maxIterations = 200): number {
  let a = lo;
  let b = hi;
  let fa = f(a);
  const fb = f(b);
  if (fa === 0) return a;
  if (fb === 0) return b;
  if (Math.sign(fa) === Math.sign(fb)) {
    throw new SolverError(`root not bracketed on [${lo}, ${hi}]`, { lo, hi, fLo: fa, fHi: fb });
  }
  for (let i = 0; i < maxIterations && b - a > tolerance; i++) {
    const mid = 0.5 * (a + b);
    const fm = f(mid);
    if (fm === 0) return mid;
    if (Math.sign(fm) === Math.sign(fa)) {
      a = mid;
      fa = fm;
    } else {
      b = mid;
    }
  }
  return 0.5 * (a + b);
}

/**
 * Newton's method from `guess`, falling back to bisection on [lo, hi] whenever a step leaves the
 * bracket or fails to shrink |f| — so it converges whenever the bracket holds a root, and in a
 * handful of iterations on the smooth, monotone price/yield functions it is used for.
 * `fdf` returns [f(x), f'(x)] in one pass because both come from the same discounting loop.
 */
export function newtonBisect(
  fdf: (x: number) => readonly [number, number],
  lo: number,
  hi: number,
  guess: number,
  tolerance = 1e-14,
  maxIterations = 100,
): number {
  let a = lo;
  let b = hi;
  const [fa0] = fdf(a);
  const [fb0] = fdf(b);
  if (fa0 === 0) return a;
  if (fb0 === 0) return b;
  if (Math.sign(fa0) === Math.sign(fb0)) {
    throw new SolverError(`root not bracketed on [${lo}, ${hi}]`, { lo, hi, fLo: fa0, fHi: fb0 });
  }
  const signA = Math.sign(fa0);
  let x = guess > a && guess < b ? guess : 0.5 * (a + b);
  for (let i = 0; i < maxIterations; i++) {
    const [fx, dfx] = fdf(x);
    if (fx === 0) return x;
    // Keep the bracket: the root lies between the points where f has opposite signs.
    if (Math.sign(fx) === signA) a = x;
    else b = x;
    let next = dfx !== 0 && Number.isFinite(dfx) ? x - fx / dfx : Number.NaN;
    if (!(next > a && next < b)) next = 0.5 * (a + b);
    if (Math.abs(next - x) <= tolerance * Math.max(1, Math.abs(x)) || b - a <= tolerance) return next;
    x = next;
  }
  throw new SolverError("did not converge", { lo: a, hi: b, last: x });
}
