import { InvalidInputError } from "../errors.js";
import { requireAnnualRate, requireNonNegative, requireWholeMonths } from "./inputs.js";

/**
 * Terms of a level-pay fixed-rate pass-through pool, as a rep line (one average loan).
 * Money in dollars (any currency unit works; outputs use the same one), rates as annual decimals.
 */
export interface PoolTerms {
  /** Current principal balance. */
  balance: number;
  /** Gross weighted-average coupon of the loans (0.08125 = 8.125 %). */
  grossWac: number;
  /** Net coupon paid to investors; gross WAC − pass-through rate is servicing and guarantee fee. */
  passThroughRate: number;
  /** Original term of the loans, months. */
  originalTerm: number;
  /** Weighted-average remaining maturity, months. Give `wam` or `age`. */
  wam?: number;
  /** Weighted-average loan age, months; WAM = original term − age when `wam` is not given. */
  age?: number;
}

/** Validated terms with both WAM and age resolved. */
export interface ResolvedPool {
  balance: number;
  grossWac: number;
  passThroughRate: number;
  originalTerm: number;
  wam: number;
  /** Loan age before the first projected month: original term − WAM. */
  startAge: number;
}

export function resolvePool(pool: PoolTerms): ResolvedPool {
  requireNonNegative("balance", pool.balance);
  requireAnnualRate("grossWac", pool.grossWac);
  requireAnnualRate("passThroughRate", pool.passThroughRate);
  if (pool.passThroughRate > pool.grossWac) {
    throw new InvalidInputError("passThroughRate", `${pool.passThroughRate} exceeds the gross WAC ${pool.grossWac}: the fee cannot be negative`);
  }
  requireWholeMonths("originalTerm", pool.originalTerm, 1);
  let wam: number;
  if (pool.wam !== undefined) {
    wam = requireWholeMonths("wam", pool.wam, 1);
    if (wam > pool.originalTerm) {
      throw new InvalidInputError("wam", `${wam} months exceeds the original term of ${pool.originalTerm}`);
    }
    if (pool.age !== undefined && pool.age + wam !== pool.originalTerm) {
      throw new InvalidInputError("age", `${pool.age} + wam ${wam} must equal the original term ${pool.originalTerm}`);
    }
  } else if (pool.age !== undefined) {
    requireWholeMonths("age", pool.age);
    if (pool.age >= pool.originalTerm) {
      throw new InvalidInputError("age", `${pool.age} months leaves nothing of the ${pool.originalTerm}-month term`);
    }
    wam = pool.originalTerm - pool.age;
  } else {
    throw new InvalidInputError("wam", "give the remaining term (wam) or the loan age");
  }
  return {
    balance: pool.balance,
    grossWac: pool.grossWac,
    passThroughRate: pool.passThroughRate,
    originalTerm: pool.originalTerm,
    wam,
    startAge: pool.originalTerm - wam,
  };
}
