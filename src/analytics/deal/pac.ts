import { InvalidInputError } from "../../errors.js";
import { minBig } from "./intmath.js";
import type { CollateralPeriod } from "./types.js";

export interface PacSchedule {
  /** The PAC's original balance: the requested size, or the whole minimum principal. */
  originalBalance: bigint;
  /** Scheduled balance after each period (index t − 1 for period t), ending at 0. */
  balances: bigint[];
  /** Scheduled principal of each period: the least principal any collar speed pays then. */
  principal: bigint[];
}

function principalOf(r: CollateralPeriod | undefined): bigint {
  return r === undefined ? 0n : r.scheduledPrincipal + r.prepayments + r.liquidationProceeds;
}

/**
 * The PAC schedule from a collar (e.g. 90–300 PSA): each period's scheduled principal is the
 * smaller of the collateral's principal at the two collar speeds. Between the two speeds the
 * collateral pays at least that much every period (Fabozzi & Jones, Table 30.7), so a PAC of
 * at most the sum is met at any constant speed inside the collar. A smaller `size` truncates
 * the schedule: the last scheduled payment is what is left of the size, later ones are 0.
 */
export function pacScheduleFromCollar(
  slow: readonly CollateralPeriod[],
  fast: readonly CollateralPeriod[],
  size?: bigint,
): PacSchedule {
  const months = Math.max(slow.length, fast.length);
  const minimum: bigint[] = [];
  for (let i = 0; i < months; i++) minimum.push(minBig(principalOf(slow[i]), principalOf(fast[i])));
  const available = minimum.reduce((a, b) => a + b, 0n);
  if (size !== undefined && (size < 0n || size > available)) {
    throw new InvalidInputError("PAC size", `must be between 0 and the collar's minimum principal ${available}, got ${size}`);
  }
  const originalBalance = size ?? available;
  let balance = originalBalance;
  const principal = minimum.map((p) => {
    const paid = minBig(p, balance);
    balance -= paid;
    return paid;
  });
  let scheduled = originalBalance;
  const balances = principal.map((p) => (scheduled -= p));
  return { originalBalance, balances, principal };
}
