/**
 * What a level-payment fixed-rate loan owes for `installments` monthly installments from a
 * balance, rate and remaining term: the amortisation schedule the servicer collects against.
 * Each installment's interest is floor(balance × rate / 12) in cents and the payment is the
 * level payment on the balance over the remaining term, rounded to the cent; the schedule is the
 * benchmark reconciliation checks principal against, within a tolerance (docs/remittance-file.md).
 */
export interface ScheduledInstallments {
  principalCents: number;
  interestCents: number;
}

export function scheduledInstallments(balanceCents: number, ratePct: number, remainingMonths: number, installments: number): ScheduledInstallments {
  let balance = balanceCents;
  let principal = 0;
  let interest = 0;
  let n = remainingMonths;
  const r = ratePct / 1200;
  for (let k = 0; k < installments && balance > 0; k++) {
    const due = Math.floor(balance * r + 1e-9);
    let p: number;
    if (n <= 1) p = balance; // last installment (or past maturity): the whole balance is due
    else if (r === 0) p = Math.round(balance / n);
    else p = Math.round((balance * r) / (1 - Math.pow(1 + r, -n))) - due;
    p = Math.min(balance, Math.max(0, p));
    principal += p;
    interest += due;
    balance -= p;
    n = Math.max(0, n - 1);
  }
  return { principalCents: principal, interestCents: interest };
}
