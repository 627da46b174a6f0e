/**
 * Pool statistics a buyer expects, accumulated loan by loan (so they stream). Every weighted
 * average is weighted by current UPB, the agency convention for WAC / WAM / WALA; a loan missing
 * a field is left out of that field's average, min and max, and counted in `missing`. Values are
 * full-precision floats; round only for display.
 */
import type { PoolLoan } from "./leaf.js";

export interface FieldStats {
  /** Current-UPB-weighted average over loans that have the field; null if none (or all UPB 0). */
  weightedAverage: number | null;
  min: number | null;
  max: number | null;
  /** Loans without the field. */
  missing: number;
}

export interface PoolStats {
  loanCount: number;
  originalUpbCents: number;
  currentUpbCents: number;
  averageOriginalBalanceCents: number | null;
  averageCurrentBalanceCents: number | null;
  /** Pool factor, current / original UPB. */
  factor: number | null;
  wacPct: number | null;
  wamMonths: number | null;
  walaMonths: number | null;
  waOriginalTermMonths: number | null;
  noteRatePct: FieldStats;
  fico: FieldStats;
  ltvPct: FieldStats;
  cltvPct: FieldStats;
  dtiPct: FieldStats;
  /** DTI given only as "above the tape's range or n/a" (Freddie 999); also counted in dtiPct.missing. */
  dtiAboveRangeOrUnknown: number;
  /**
   * Loans whose current UPB is the scheduled balance projected to the cut-off (the tape carries no
   * balance and no performance file gave one): the pool's current UPB is that far an estimate.
   */
  projectedCurrentUpbLoans: number;
  /** Current UPB of those loans, cents. */
  projectedCurrentUpbCents: number;
}

/** Σw·x / Σw with min, max and a missing count, for one field. */
export class WeightedField {
  private sumW = 0;
  private sumWX = 0;
  private lo = Infinity;
  private hi = -Infinity;
  private nMissing = 0;

  add(x: number | undefined, weight: number): void {
    if (x === undefined) {
      this.nMissing++;
      return;
    }
    this.sumW += weight;
    this.sumWX += weight * x;
    if (x < this.lo) this.lo = x;
    if (x > this.hi) this.hi = x;
  }

  get average(): number | null {
    return this.sumW > 0 ? this.sumWX / this.sumW : null;
  }

  result(): FieldStats {
    const seen = this.lo !== Infinity;
    return { weightedAverage: this.average, min: seen ? this.lo : null, max: seen ? this.hi : null, missing: this.nMissing };
  }
}

export class PoolStatsAccumulator {
  private count = 0;
  private original = 0;
  private current = 0;
  private readonly rate = new WeightedField();
  private readonly remaining = new WeightedField();
  private readonly age = new WeightedField();
  private readonly term = new WeightedField();
  private readonly fico = new WeightedField();
  private readonly ltv = new WeightedField();
  private readonly cltv = new WeightedField();
  private readonly dti = new WeightedField();
  private dtiAbove = 0;
  private projected = 0;
  private projectedCents = 0;

  add(loan: PoolLoan): void {
    const w = loan.currentUpbCents;
    this.count++;
    this.original += loan.originalUpbCents;
    this.current += w;
    this.rate.add(loan.noteRatePct, w);
    this.remaining.add(loan.remainingTermMonths, w);
    this.age.add(loan.loanAgeMonths, w);
    this.term.add(loan.originalTermMonths, w);
    this.fico.add(loan.fico, w);
    this.ltv.add(loan.ltvPct, w);
    this.cltv.add(loan.cltvPct, w);
    this.dti.add(loan.dtiPct, w);
    if (loan.dtiAboveRangeOrUnknown === true) this.dtiAbove++;
    if (loan.currentUpbProjected === true) {
      this.projected++;
      this.projectedCents += w;
    }
  }

  result(): PoolStats {
    const n = this.count;
    return {
      loanCount: n,
      originalUpbCents: this.original,
      currentUpbCents: this.current,
      averageOriginalBalanceCents: n > 0 ? this.original / n : null,
      averageCurrentBalanceCents: n > 0 ? this.current / n : null,
      factor: this.original > 0 ? this.current / this.original : null,
      wacPct: this.rate.average,
      wamMonths: this.remaining.average,
      walaMonths: this.age.average,
      waOriginalTermMonths: this.term.average,
      noteRatePct: this.rate.result(),
      fico: this.fico.result(),
      ltvPct: this.ltv.result(),
      cltvPct: this.cltv.result(),
      dtiPct: this.dti.result(),
      dtiAboveRangeOrUnknown: this.dtiAbove,
      projectedCurrentUpbLoans: this.projected,
      projectedCurrentUpbCents: this.projectedCents,
    };
  }
}
