/**
 * The typed loan record every tape reader produces and everything downstream (eligibility,
 * stratification, commitment, projection) consumes. Format-independent; no borrower PII.
 *
 * Units: money in integer **cents** held in a JS number (exact: every value is checked to be a
 * safe integer, and 2^53 cents is ~$90 trillion); rates in **percent** as printed on the tape
 * (7.875 means 7.875 %, at most 3 decimals); ratios (LTV, CLTV, DTI, MI) in percent with at most
 * 2 decimals. Fields a tape does not carry, or carries as a "not available" sentinel (9999 FICO,
 * 999 LTV, "9" occupancy …), are `undefined`: missing is never a number. A sentinel that means
 * "out of range" is not missing (Freddie's DTI 999 = "above 65 % or not available":
 * `dtiAboveRangeOrUnknown`). Each layout's sentinels: docs/loan-tape-generic.md §Sentinels.
 */
export type TapeFormat = "generic" | "fannie-legacy" | "fannie" | "freddie";

export type Occupancy = "primary" | "second" | "investment";
export type Purpose = "purchase" | "cashout-refi" | "rate-term-refi" | "refi-unspecified";
export type PropertyType = "single-family" | "condo" | "coop" | "manufactured" | "pud";
export type Channel = "retail" | "broker" | "correspondent" | "tpo";
export type Product = "FRM" | "ARM";

export interface LoanRecord {
  /** Issuer's loan id, unique within a tape (join key to performance / remittance files). */
  loanId: string;
  /** 1-based line of the source file the record came from (for error messages and reports). */
  line: number;
  originalUpbCents: number;
  /** Current UPB at the tape's cut-off; equals the original UPB for a new-issue tape. */
  currentUpbCents: number;
  /**
   * True when the tape carries no current balance (Freddie origination, Fannie legacy
   * acquisition files) and `currentUpbCents` is the level-payment scheduled balance after
   * `loanAgeMonths` payments; a performance file, when given, overrides it.
   */
  currentUpbProjected?: boolean;
  /** Note rate, percent per year. */
  noteRatePct: number;
  /** Original term, months. */
  originalTermMonths: number;
  /** Loan age at cut-off, months (0 before the first payment). */
  loanAgeMonths: number;
  /** Remaining term at cut-off, months. */
  remainingTermMonths: number;
  /** First payment date as YYYY-MM. */
  firstPaymentDate: string;
  /** Origination date as YYYY-MM, when the tape carries it. */
  originationDate?: string;
  fico?: number;
  /** Co-borrower FICO, when the tape carries it. */
  coBorrowerFico?: number;
  ltvPct?: number;
  cltvPct?: number;
  dtiPct?: number;
  /**
   * The tape's DTI is a sentinel meaning "above the layout's range, or not available" (Freddie
   * 999: above 65 % or n/a). `dtiPct` is then undefined, and a DTI limit excludes the loan
   * whatever the missing-DTI policy says.
   */
  dtiAboveRangeOrUnknown?: boolean;
  miPct?: number;
  /** Two-letter USPS state code. */
  state?: string;
  /** First three digits of the ZIP code, as a 3-character string ("021"). */
  zip3?: string;
  propertyType?: PropertyType;
  occupancy?: Occupancy;
  purpose?: Purpose;
  channel?: Channel;
  units?: number;
  borrowers?: number;
  firstTimeBuyer?: boolean;
  product: Product;
  /** Interest-only period at origination (Freddie INTEREST_ONLY_INDICATOR, Fannie IO, generic interest_only). */
  interestOnly?: boolean;
  seller?: string;
  servicer?: string;
}
