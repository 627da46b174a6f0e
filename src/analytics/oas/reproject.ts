import { requireFinite } from "../inputs.js";
import type { DefaultAssumption } from "../defaults.js";
import { projectPassThrough } from "../passthrough.js";
import type { CashFlowTable } from "../passthrough.js";
import { resolvePool } from "../pool.js";
import type { PoolTerms } from "../pool.js";
import { pathSmm, validatePrepayModel } from "./prepaymodel.js";
import type { PrepayModelParams } from "./prepaymodel.js";

/**
 * Cash flows of a pool after a parallel rate shift, for effective duration and convexity with
 * rate-dependent prepayments. The base case stays the caller's speed assumption (`base.smm`); each
 * month's SMM is scaled by how much the prepayment model's SMM changes when the market mortgage
 * rate moves by the shift (a flat path at m0 + shift against one at m0, burnout accumulating along
 * each). Scaling rather than replacing keeps the unshifted projection — and so the price and yield
 * — exactly the caller's, while the model supplies the rate sensitivity (the refinancing S-curve).
 *
 * Returns `reproject(shift)`, shift a decimal yield change (+0.0025 = rates up 25 bp), as
 * `effectiveMeasures` in risk.ts expects.
 */
export function modelReprojection(
  pool: PoolTerms,
  base: CashFlowTable,
  defaults: DefaultAssumption | undefined,
  model: PrepayModelParams,
  mortgageRatePct: number,
  startBurnout = 0,
): (shift: number) => CashFlowTable {
  const p = resolvePool(pool);
  validatePrepayModel(model);
  requireFinite("mortgage rate", mortgageRatePct);
  const noteRatePct = p.grossWac * 100;
  const modelAt = (ratePct: number) =>
    pathSmm(model, noteRatePct, new Float64Array(p.wam).fill(ratePct), p.wam, p.startAge, startBurnout);
  const unshifted = modelAt(mortgageRatePct);
  return (shift: number) => {
    const shifted = modelAt(mortgageRatePct + 100 * shift);
    const values = Array.from(base.smm, (smm, i) => {
      const reference = unshifted[i] as number;
      return reference > 0 ? Math.min(1, (smm * (shifted[i] as number)) / reference) : smm;
    });
    const prepay = { kind: "vector", unit: "smm", values } as const;
    return projectPassThrough(pool, defaults ? { prepay, defaults } : { prepay });
  };
}
