/**
 * Level-payment amortization of a fixed-rate mortgage, per $1 of balance. Rates are annual
 * decimals (0.08125 = 8.125 %), compounded monthly; terms and ages are whole months.
 */

/** Monthly payment that retires `balance` in `remainingMonths` level payments at `annualRate`. */
export function levelPayment(balance: number, annualRate: number, remainingMonths: number): number {
  if (remainingMonths <= 0) return balance;
  const r = annualRate / 12;
  if (r === 0) return balance / remainingMonths;
  return (balance * r) / (1 - Math.pow(1 + r, -remainingMonths));
}

/**
 * Fraction of the beginning balance that is scheduled principal this month, for a loan with
 * `remainingMonths` payments left (this one included): payment/balance − r = r / ((1+r)^n − 1).
 */
export function scheduledPrincipalFraction(annualRate: number, remainingMonths: number): number {
  if (remainingMonths <= 1) return 1;
  const r = annualRate / 12;
  if (r === 0) return 1 / remainingMonths;
  return r / (Math.pow(1 + r, remainingMonths) - 1);
}

/**
 * Scheduled balance per $1 of original balance after `age` payments of a `termMonths` loan:
 * BAL = ((1+r)^n − (1+r)^age) / ((1+r)^n − 1). This is the SIFMA "amortized balance" used to
 * turn pool factors into prepayment rates.
 */
export function balancePerDollar(annualRate: number, termMonths: number, age: number): number {
  if (age <= 0) return 1;
  if (age >= termMonths) return 0;
  const r = annualRate / 12;
  if (r === 0) return 1 - age / termMonths;
  const growthN = Math.pow(1 + r, termMonths);
  return (growthN - Math.pow(1 + r, age)) / (growthN - 1);
}
